package pgquery

// The archvet host module libpg_query imports: setjmp and longjmp, which
// PostgreSQL reaches through PG_TRY (sigsetjmp) and ereport (siglongjmp).
// See wasm/include/setjmp.h.

import (
	"context"
	"errors"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

func instantiateJumps(ctx context.Context, rt wazero.Runtime) (api.Module, error) {
	const i32 = api.ValueTypeI32
	b := rt.NewHostModuleBuilder("archvet")
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(setjmp), []api.ValueType{i32}, []api.ValueType{i32}).Export("setjmp")
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(longjmp), []api.ValueType{i32, i32}, nil).Export("longjmp")
	return b.Instantiate(ctx)
}

// jumps holds the setjmp points of a call into the module, in its
// context. A point is valid while the function that called setjmp runs,
// which is within the call.
type jumps struct{ list []jump }

type jump struct {
	snapshot     experimental.Snapshot
	stackPointer uint64 // the C stack pointer, __stack_pointer
}

type jumpsKey struct{}

// jumpContext returns the context for a call into the module.
func jumpContext() context.Context {
	ctx := experimental.WithSnapshotter(context.Background())
	return context.WithValue(ctx, jumpsKey{}, &jumps{})
}

var errHost = errors.New("the module's memory or globals are not as libpg_query leaves them")

// setjmp(jmp_buf env) records the point and writes its index to env.
func setjmp(ctx context.Context, mod api.Module, stack []uint64) {
	j, ok := ctx.Value(jumpsKey{}).(*jumps)
	sp := mod.ExportedGlobal("__stack_pointer")
	if !ok || sp == nil {
		panic(errHost)
	}
	j.list = append(j.list, jump{experimental.GetSnapshotter(ctx).Snapshot(), sp.Get()})
	if !mod.Memory().WriteUint64Le(uint32(stack[0]), uint64(len(j.list)-1)) {
		panic(errHost)
	}
	stack[0] = 0
}

// longjmp(jmp_buf env, int val) returns from env's setjmp again, with val
// (1 if val is 0). Like a native longjmp it restores the stack pointer
// and leaves memory, C stack frames included, as it is.
func longjmp(ctx context.Context, mod api.Module, stack []uint64) {
	j, ok := ctx.Value(jumpsKey{}).(*jumps)
	idx, ok2 := mod.Memory().ReadUint64Le(uint32(stack[0]))
	sp, ok3 := mod.ExportedGlobal("__stack_pointer").(api.MutableGlobal)
	if !ok || !ok2 || !ok3 || idx >= uint64(len(j.list)) {
		panic(errHost)
	}
	val := uint64(uint32(stack[1]))
	if val == 0 {
		val = 1
	}
	sp.Set(j.list[idx].stackPointer)
	j.list[idx].snapshot.Restore([]uint64{val})
}
