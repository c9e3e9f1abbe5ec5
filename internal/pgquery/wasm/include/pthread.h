/*
 * libpg_query registers a destructor of its memory context for the exit
 * of a thread; the module runs on one thread, which never exits.
 */
#ifndef ARCHVET_PTHREAD_H
#define ARCHVET_PTHREAD_H

#include <sys/types.h>

static inline int
pthread_key_create(pthread_key_t *key, void (*destructor) (void *))
{
	(void) destructor;
	*key = 0;
	return 0;
}

static inline int
pthread_setspecific(pthread_key_t key, const void *value)
{
	(void) key;
	(void) value;
	return 0;
}

#endif
