package pgquery

// The wasix_32v1 host module libpg_query imports: setjmp and longjmp
// (PostgreSQL's PG_TRY and ereport) as stack checkpoints, and thread
// functions a parse never calls. From go-pgquery's internal/wasix32v1.

import (
	"context"
	"errors"
	"slices"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

func instantiateWasix(ctx context.Context, rt wazero.Runtime) (api.Module, error) {
	const i32, i64 = api.ValueTypeI32, api.ValueTypeI64
	b := rt.NewHostModuleBuilder("wasix_32v1")
	fn := func(name string, f api.GoModuleFunc, params, results []api.ValueType) {
		b.NewFunctionBuilder().WithGoModuleFunction(f, params, results).Export(name)
	}
	// Only called by a module run on several threads, which a parse is not.
	never := func(name string) api.GoModuleFunc {
		return func(context.Context, api.Module, []uint64) { panic(name + " called by a single-threaded parse") }
	}
	fn("callback_signal", never("callback_signal"), []api.ValueType{i32, i32}, nil)
	fn("futex_wait", never("futex_wait"), []api.ValueType{i32, i32, i32, i32}, []api.ValueType{i32})
	fn("futex_wake", never("futex_wake"), []api.ValueType{i32, i32}, []api.ValueType{i32})
	fn("futex_wake_all", never("futex_wake_all"), []api.ValueType{i32, i32}, []api.ValueType{i32})
	fn("thread_exit", never("thread_exit"), []api.ValueType{i32}, nil)
	fn("thread_signal", never("thread_signal"), []api.ValueType{i32, i32}, []api.ValueType{i32})
	fn("stack_checkpoint", stackCheckpoint, []api.ValueType{i32, i32}, []api.ValueType{i32})
	fn("stack_restore", stackRestore, []api.ValueType{i32, i64}, nil)
	fn("proc_id", procID, []api.ValueType{i32}, []api.ValueType{i32})
	return b.Instantiate(ctx)
}

// checkpoints holds a call's stack checkpoints, in its context.
type checkpoints struct{ list []checkpoint }

type checkpoint struct {
	snapshot      experimental.Snapshot
	retValPtr     uint32
	cstackPointer uint32
	cstack        []byte
}

type checkpointsKey struct{}

// checkpointContext returns the context for a call into the module.
func checkpointContext() context.Context {
	ctx := experimental.WithSnapshotter(context.Background())
	return context.WithValue(ctx, checkpointsKey{}, &checkpoints{})
}

var errHost = errors.New("the module's memory or globals are not as libpg_query leaves them")

func procID(_ context.Context, mod api.Module, stack []uint64) {
	mod.Memory().WriteUint32Le(uint32(stack[0]), 1)
	stack[0] = 0
}

// stackCheckpoint is setjmp: it saves the C stack, which lives in linear
// memory from __stack_pointer up to __heap_base, and wazero's own stack.
func stackCheckpoint(ctx context.Context, mod api.Module, stack []uint64) {
	snapshotPtr, retValPtr := uint32(stack[0]), uint32(stack[1])
	d, ok := ctx.Value(checkpointsKey{}).(*checkpoints)
	sp, base := mod.ExportedGlobal("__stack_pointer"), mod.ExportedGlobal("__heap_base")
	if !ok || sp == nil || base == nil {
		panic(errHost)
	}
	cstackPointer, cstackTop := uint32(sp.Get()), uint32(base.Get())
	view, ok := mod.Memory().Read(cstackPointer, cstackTop-cstackPointer)
	if !ok {
		panic(errHost)
	}
	idx := len(d.list)
	d.list = append(d.list, checkpoint{
		snapshot:      experimental.GetSnapshotter(ctx).Snapshot(),
		retValPtr:     retValPtr,
		cstackPointer: cstackPointer,
		cstack:        slices.Clone(view),
	})
	// struct StackSnapshot { u64 user; u128 hash; }: user is the index.
	if !mod.Memory().WriteUint64Le(snapshotPtr, uint64(idx)) || !mod.Memory().WriteUint64Le(retValPtr, 0) {
		panic(errHost)
	}
	stack[0] = 0
}

// stackRestore is longjmp to a checkpoint of this call.
func stackRestore(ctx context.Context, mod api.Module, stack []uint64) {
	snapshotPtr, ret := uint32(stack[0]), stack[1]
	d, ok := ctx.Value(checkpointsKey{}).(*checkpoints)
	idx, ok2 := mod.Memory().ReadUint64Le(snapshotPtr)
	sp, ok3 := mod.ExportedGlobal("__stack_pointer").(api.MutableGlobal)
	if !ok || !ok2 || !ok3 || idx >= uint64(len(d.list)) {
		panic(errHost)
	}
	c := d.list[idx]
	sp.Set(uint64(c.cstackPointer))
	if !mod.Memory().Write(c.cstackPointer, c.cstack) || !mod.Memory().WriteUint64Le(c.retValPtr, ret) {
		panic(errHost)
	}
	stack[0] = 0
	c.snapshot.Restore(stack[:1])
}
