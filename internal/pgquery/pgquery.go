// Package pgquery runs PostgreSQL's own parser, libpg_query compiled to
// WebAssembly, in wazero, and returns what archvet reads of a statement:
// the tables and CTE names it names.
//
// libpg_query.wasm is built from source by wasm/build.sh: libpg_query as
// github.com/pganalyze/pg_query_go/v6 vendors it (PostgreSQL 17's parser),
// and wasm/archvet_tables.c, which parses with PostgreSQL's raw parser and
// walks the tree with the walk libpg_query generates for its JSON output,
// writing only the records Parse decodes. libpg_query's own output, the
// whole tree as JSON, cost more than the parse, and archvet read a few
// fields of it: go-pgquery's module, which returned that JSON, took 11 to
// 16 µs a statement in a batch and 2 to 2.5 more to read the tree, this
// one 6 to 8 for parse and walk. .ci/run rebuilds the module and checks
// that it is the same file.
//
// The runner started as a fork of github.com/wasilibs/go-pgquery's
// (MIT; see LICENSE), whose module archvet used before. What it adds:
//
//   - The compiled module can be kept on disk (New's codeDir). Compiling
//     the module takes about 0.4 s of CPU; loading it back about 20 ms,
//     so only the first process on a machine (for an archvet build) pays
//     for it, as the go command's build cache does for compiled packages.
//   - A trap in the module or a failure to read its memory is an error,
//     not a panic, and the instance it broke is replaced.
//   - setjmp and longjmp are host functions that restore the WebAssembly
//     stack and the C stack pointer (jump.go), with no copy of the C stack.
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
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
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

// wasmSHA256 is the sum of libpg_query.wasm as wasm/build.sh builds it.
const wasmSHA256 = "135b422f6fa1360dd08cfa3137c8f07b6b19ba8d255e8b663b7f1fc85f15a228"

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
	// Without debug information: wazero would map every instruction back
	// to the module's source for stack traces of traps, which it reads
	// back eight bytes per system call when it loads the compiled module.
	cfg := wazero.NewRuntimeConfig().WithDebugInfoEnabled(false)
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
	if _, err := instantiateJumps(ctx, rt); err != nil {
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

// A Stmt is one statement of a parsed text and what it names.
type Stmt struct {
	// Where it lies in the text: from Loc, Len bytes (0: to the end).
	Loc, Len int
	// Tables are its table names (RangeVar: FROM, JOIN, INTO, UPDATE,
	// DELETE and USING, MERGE, COPY, TRUNCATE, LOCK, DDL; and the objects
	// of a DROP of tables, views or foreign tables), in the order of the
	// tree, as the parser spells them (quoted names keep their case).
	Tables []Name
	// CTEs are the names of its common table expressions.
	CTEs []string
}

// A Name is a table name; Schema is "" if it names none.
type Name struct{ Schema, Name string }

// Parse parses text, one statement or several separated by semicolons. A
// text that does not parse gives an *Error; any other error is the
// module's own failure.
func (p *Parser) Parse(text string) ([]Stmt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.inst == nil {
		inst, err := p.instantiate()
		if err != nil {
			return nil, err
		}
		p.inst = inst
	}
	stmts, err := p.inst.parse(text)
	var perr *Error
	if err != nil && !errors.As(err, &perr) {
		// A trap may leave the module's memory in any state.
		_ = p.inst.mod.Close(context.Background())
		p.inst = nil
	}
	return stmts, err
}

// instance is one instantiation of the module.
type instance struct {
	mod                  api.Module
	mem                  api.Memory
	malloc, free         api.Function
	tablesFn, freeTables api.Function
}

func (p *Parser) instantiate() (*instance, error) {
	ctx := context.Background()
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize")
	mod, err := p.rt.InstantiateModule(ctx, p.code, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres parser: instantiating libpg_query: %w", err)
	}
	in := &instance{
		mod:        mod,
		mem:        mod.Memory(),
		malloc:     mod.ExportedFunction("malloc"),
		free:       mod.ExportedFunction("free"),
		tablesFn:   mod.ExportedFunction("archvet_tables"),
		freeTables: mod.ExportedFunction("archvet_free_tables"),
	}
	initFn := mod.ExportedFunction("pg_query_init")
	if in.mem == nil || in.malloc == nil || in.free == nil || in.tablesFn == nil || in.freeTables == nil || initFn == nil {
		_ = mod.Close(ctx)
		return nil, errors.New("postgres parser: libpg_query lacks an expected export")
	}
	if _, err := call(jumpContext(), initFn); err != nil {
		_ = mod.Close(ctx)
		return nil, err
	}
	return in, nil
}

var errMemory = errors.New("postgres parser: read outside the module's memory")

// parse runs archvet_tables on text.
func (in *instance) parse(text string) ([]Stmt, error) {
	ctx := jumpContext()
	input, err := in.cString(ctx, text)
	if err != nil {
		return nil, err
	}
	defer func() { _, _ = call(ctx, in.free, uint64(input)) }()
	// ArchvetTablesResult: char *data, int len, PgQueryError *error.
	res, err := call(ctx, in.tablesFn, uint64(input))
	if err != nil {
		return nil, err
	}
	defer func() { _, _ = call(ctx, in.freeTables, res) }()
	buf, ok := in.mem.Read(uint32(res), 12)
	if !ok {
		return nil, errMemory
	}
	if errPtr := binary.LittleEndian.Uint32(buf[8:]); errPtr != 0 {
		return nil, in.parseError(errPtr)
	}
	records, ok := in.mem.Read(binary.LittleEndian.Uint32(buf[0:]), binary.LittleEndian.Uint32(buf[4:]))
	if !ok {
		return nil, errMemory
	}
	return decode(records)
}

// decode reads archvet_tables's records (see wasm/archvet_tables.c). It
// copies every string out of the module's memory.
func decode(b []byte) ([]Stmt, error) {
	d := decoder{b: b}
	var stmts []Stmt
	for d.err == nil && len(d.b) > 0 {
		kind := d.b[0]
		d.b = d.b[1:]
		if kind != 'S' && len(stmts) == 0 {
			return nil, fmt.Errorf("postgres parser: record %q before a statement", kind)
		}
		switch kind {
		case 'S':
			loc, n := d.int(), d.int()
			stmts = append(stmts, Stmt{Loc: loc, Len: n})
		case 'T':
			schema, name := d.str(), d.str()
			s := &stmts[len(stmts)-1]
			s.Tables = append(s.Tables, Name{schema, name})
		case 'C':
			s := &stmts[len(stmts)-1]
			s.CTEs = append(s.CTEs, d.str())
		case 'D':
			n := d.int()
			if n < 0 || n > len(d.b)/4 {
				return nil, errShort
			}
			parts := make([]string, n)
			for i := range parts {
				if d.err == nil {
					parts[i] = d.str()
				}
			}
			// catalog.schema.name, schema.name or name.
			s := &stmts[len(stmts)-1]
			switch len(parts) {
			case 1:
				s.Tables = append(s.Tables, Name{"", parts[0]})
			case 2, 3:
				s.Tables = append(s.Tables, Name{parts[len(parts)-2], parts[len(parts)-1]})
			}
		default:
			return nil, fmt.Errorf("postgres parser: unknown record %q", kind)
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	return stmts, nil
}

type decoder struct {
	b   []byte
	err error
}

var errShort = errors.New("postgres parser: records end early")

func (d *decoder) int() int {
	if len(d.b) < 4 {
		d.err, d.b = errShort, nil
		return 0
	}
	n := binary.LittleEndian.Uint32(d.b)
	d.b = d.b[4:]
	return int(int32(n))
}

func (d *decoder) str() string {
	n := d.int()
	if n < 0 || n > len(d.b) {
		d.err, d.b = errShort, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
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
