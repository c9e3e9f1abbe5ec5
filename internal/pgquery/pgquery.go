// Package pgquery runs PostgreSQL's own parser, libpg_query compiled to
// WebAssembly, in wazero, and returns its parse trees as JSON.
//
// It is a fork of the wazero runner in github.com/wasilibs/go-pgquery's
// parser package (MIT; see LICENSE), cut down to parsing, for two things
// that package does not offer:
//
//   - The compiled module can be kept on disk (New's codeDir). Compiling
//     the 2.2 MB module takes about 1.6 s of CPU; loading it back takes
//     about 30 ms, so only the first process on a machine (for an
//     archvet build) pays for it, as the go command's build cache does for
//     compiled packages.
//   - A trap in the module or a failure to read its memory is an error,
//     not a panic, and the instance it broke is replaced.
//
// libpg_query.wasm is go-pgquery's internal/wasm/libpg_query.so at the
// version in the comment on wasmSHA256, copied unchanged; to update it,
// copy the file from a newer go-pgquery and run the tests (TestWasmSum
// names the sum to record).
package pgquery

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/wasilibs/wazero-helpers/allocator"
)

//go:embed libpg_query.wasm
var wasmCode []byte

// compileSettings names how New compiles the module. It is appended to
// the module as a custom section, which changes nothing in it but its
// identity, on which wazero keys the compiled code it keeps: code compiled
// with other settings, by an archvet before this one, is never loaded.
// Change it with the settings.
const compileSettings = "archvet: no debug info"

// moduleCode returns the module New compiles: libpg_query.wasm with a
// custom section of compileSettings at its end.
func moduleCode() []byte {
	const name = "archvet.settings"
	var body []byte
	body = binary.AppendUvarint(body, uint64(len(name)))
	body = append(body, name...)
	body = append(body, compileSettings...)
	code := slices.Clip(wasmCode)
	code = append(code, 0) // a custom section
	code = binary.AppendUvarint(code, uint64(len(body)))
	return append(code, body...)
}

// wasmSHA256 is the sum of libpg_query.wasm: go-pgquery
// v0.0.0-20260728010200-155ebad2880e (libpg_query 17).
const wasmSHA256 = "3fc045654ea91269c1487220a10f8b612e96eae9b96558ee8cbb004bc4befe77"

// A Parser parses PostgreSQL statements. Its methods are safe for
// concurrent use; parses are serialised on one instance of the module.
type Parser struct {
	rt   wazero.Runtime
	code wazero.CompiledModule

	mu   sync.Mutex
	inst *instance // nil until the first parse, and after a trap
}

// New compiles the parser, or loads it from codeDir if an earlier New with
// the same codeDir compiled it. codeDir "" keeps the compiled module in
// memory only. The directory is created if need be; it holds wazero's
// compilation cache, written atomically, so processes may share it.
func New(codeDir string) (*Parser, error) {
	ctx := context.Background()
	// Without debug information: the module carries DWARF line tables,
	// from which wazero would map every instruction back to its C source
	// for stack traces of traps. That map made the compiled module 13 MB
	// instead of 9, and wazero reads it back eight bytes per system call:
	// loading took 0.4 s of CPU instead of 0.03 s.
	cfg := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesThreads).
		WithDebugInfoEnabled(false)
	if codeDir != "" {
		cache, err := wazero.NewCompilationCacheWithDir(codeDir)
		if err != nil {
			return nil, fmt.Errorf("postgres parser: %w", err)
		}
		cfg = cfg.WithCompilationCache(cache)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		_ = rt.Close(ctx)
		return nil, fmt.Errorf("postgres parser: %w", err)
	}
	if _, err := instantiateWasix(ctx, rt); err != nil {
		_ = rt.Close(ctx)
		return nil, fmt.Errorf("postgres parser: %w", err)
	}
	code, err := rt.CompileModule(ctx, moduleCode())
	if err != nil {
		_ = rt.Close(ctx)
		return nil, fmt.Errorf("postgres parser: compiling libpg_query: %w", err)
	}
	return &Parser{rt: rt, code: code}, nil
}

// Close releases the parser's runtime.
func (p *Parser) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inst = nil
	return p.rt.Close(context.Background())
}

// An Error is a statement's parse error.
type Error struct {
	Message   string // the parser's message
	Cursorpos int    // the 1-based character offset it stopped at, or 0
}

func (e *Error) Error() string { return e.Message }

// ParseToJSON parses stmt and returns its parse tree in libpg_query's JSON
// form. A statement that does not parse gives an *Error; any other error
// is the module's own failure.
func (p *Parser) ParseToJSON(stmt string) (tree string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.inst == nil {
		inst, err := p.instantiate()
		if err != nil {
			return "", err
		}
		p.inst = inst
	}
	tree, err = p.inst.parse(stmt)
	var perr *Error
	if err != nil && !errors.As(err, &perr) {
		// A trap may leave the module's memory in any state.
		_ = p.inst.mod.Close(context.Background())
		p.inst = nil
	}
	return tree, err
}

// instance is one instantiation of the module.
type instance struct {
	mod                api.Module
	mem                api.Memory
	malloc, free       api.Function
	parseFn, freeParse api.Function
}

func (p *Parser) instantiate() (*instance, error) {
	// Memory that does not move when it grows, as the threads feature
	// (which the module is built with) requires.
	ctx := experimental.WithMemoryAllocator(context.Background(), allocator.NewNonMoving())
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize")
	mod, err := p.rt.InstantiateModule(ctx, p.code, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres parser: instantiating libpg_query: %w", err)
	}
	in := &instance{
		mod:       mod,
		mem:       mod.Memory(),
		malloc:    mod.ExportedFunction("malloc"),
		free:      mod.ExportedFunction("free"),
		parseFn:   mod.ExportedFunction("pg_query_parse"),
		freeParse: mod.ExportedFunction("pg_query_free_parse_result"),
	}
	initFn := mod.ExportedFunction("pg_query_init")
	if in.mem == nil || in.malloc == nil || in.free == nil || in.parseFn == nil || in.freeParse == nil || initFn == nil {
		_ = mod.Close(ctx)
		return nil, errors.New("postgres parser: libpg_query lacks an expected export")
	}
	if _, err := call(ctx, initFn); err != nil {
		_ = mod.Close(ctx)
		return nil, err
	}
	return in, nil
}

var errMemory = errors.New("postgres parser: read outside the module's memory")

// parse runs pg_query_parse on stmt.
func (in *instance) parse(stmt string) (string, error) {
	ctx := checkpointContext()
	input, err := in.cString(ctx, stmt)
	if err != nil {
		return "", err
	}
	defer func() { _, _ = call(ctx, in.free, uint64(input)) }()
	// PgQueryParseResult: char *parse_tree, char *stderr_buffer,
	// PgQueryError *error.
	res, err := call(ctx, in.malloc, 12)
	if err != nil {
		return "", err
	}
	defer func() { _, _ = call(ctx, in.free, res) }()
	if _, err := call(ctx, in.parseFn, res, uint64(input)); err != nil {
		return "", err
	}
	defer func() { _, _ = call(ctx, in.freeParse, res) }()
	buf, ok := in.mem.Read(uint32(res), 12)
	if !ok {
		return "", errMemory
	}
	if errPtr := binary.LittleEndian.Uint32(buf[8:]); errPtr != 0 {
		return "", in.parseError(errPtr)
	}
	tree, ok := in.cStringAt(binary.LittleEndian.Uint32(buf[0:]))
	if !ok {
		return "", errMemory
	}
	return tree, nil
}

// parseError reads a PgQueryError: char *message, char *funcname, char
// *filename, int lineno, int cursorpos, char *context.
func (in *instance) parseError(ptr uint32) error {
	buf, ok := in.mem.Read(ptr, 20)
	if !ok {
		return errMemory
	}
	msg, ok := in.cStringAt(binary.LittleEndian.Uint32(buf[0:]))
	if !ok {
		return errMemory
	}
	return &Error{Message: msg, Cursorpos: int(int32(binary.LittleEndian.Uint32(buf[16:])))}
}

// cString copies s into the module's memory as a C string.
func (in *instance) cString(ctx context.Context, s string) (uint32, error) {
	ptr, err := call(ctx, in.malloc, uint64(len(s))+1)
	if err != nil {
		return 0, err
	}
	if ptr == 0 || !in.mem.WriteString(uint32(ptr), s) || !in.mem.WriteByte(uint32(ptr)+uint32(len(s)), 0) {
		return 0, errors.New("postgres parser: statement does not fit in the module's memory")
	}
	return uint32(ptr), nil
}

// cStringAt returns the C string at ptr ("" for NULL).
func (in *instance) cStringAt(ptr uint32) (string, bool) {
	if ptr == 0 {
		return "", true
	}
	size := in.mem.Size()
	if ptr >= size {
		return "", false
	}
	view, ok := in.mem.Read(ptr, size-ptr)
	if !ok {
		return "", false
	}
	n := bytes.IndexByte(view, 0)
	if n < 0 {
		return "", false
	}
	return string(view[:n]), true
}

// call calls f, turning a trap, or a panic of a host function, into an
// error.
func call(ctx context.Context, f api.Function, args ...uint64) (res uint64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("postgres parser: %v", r)
		}
	}()
	stack := make([]uint64, max(len(args), 1))
	copy(stack, args)
	if err := f.CallWithStack(ctx, stack); err != nil {
		return 0, fmt.Errorf("postgres parser: %w", err)
	}
	return stack[0], nil
}
