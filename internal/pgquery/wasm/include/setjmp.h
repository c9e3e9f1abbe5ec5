/*
 * setjmp and longjmp for libpg_query as WebAssembly, which has no way to
 * unwind its own stack: both are host functions (internal/pgquery,
 * jump.go). setjmp snapshots the WebAssembly call stack and the C stack
 * pointer; longjmp restores both, as a native longjmp restores the
 * registers, and setjmp returns again with longjmp's value. PostgreSQL
 * reaches them through PG_TRY (sigsetjmp) and ereport (siglongjmp).
 */
#ifndef ARCHVET_SETJMP_H
#define ARCHVET_SETJMP_H

typedef struct
{
	unsigned long long id;		/* the host's snapshot */
}			jmp_buf[1];
typedef jmp_buf sigjmp_buf;

__attribute__((import_module("archvet"), import_name("setjmp"), returns_twice))
int			archvet_setjmp(void *env);
__attribute__((import_module("archvet"), import_name("longjmp"), noreturn))
void		archvet_longjmp(void *env, int val);

#define setjmp(env) archvet_setjmp(env)
#define sigsetjmp(env, savemask) archvet_setjmp(env)
#define longjmp(env, val) archvet_longjmp((env), (val))
#define siglongjmp(env, val) archvet_longjmp((env), (val))

#endif
