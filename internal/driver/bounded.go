package driver

// Bounded memory. go/packages with syntax and types keeps every checked
// package's syntax trees and types.Info until the run ends, so a run's
// peak memory grows with the tree: hundreds of megabytes for the
// standard library, gigabytes for a large module. The driver instead
// loads only the import graph (files, imports and export data of every
// package, which go list computes anyway), then parses and type-checks
// each checked package against its dependencies' export data, runs the
// analyzers on it, turns its diagnostics into findings and lets it go,
// GOMAXPROCS packages at a time. Peak memory then depends on the largest
// packages and the number of workers, not on the size of the tree. The
// findings are sorted at the end, as before, so the output does not
// depend on the order the workers finish in.

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"

	"golang.org/x/sync/semaphore"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// metaMode is what the driver asks go/packages for: the import graph,
// each package's files and export data, no syntax and no types.
// TypesSizes is filled from the run's go env (loadMeta), which the result
// cache runs anyway, instead of the go list go/packages would run for it.
const metaMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedExportFile |
	packages.NeedModule | packages.NeedEmbedFiles

// typeCheck parses and type-checks the package p of a metaMode load
// against its dependencies' export data, and returns a copy of p with
// Fset, Syntax, Types, TypesInfo and the type errors filled in.
//
// exprTypes says whether to record the types of expressions
// (types.Info.Types), given the paths p imports, directly or not, or is;
// only the scopes analyzer reads them (scopes.NeedsTypes), and on the
// runtime package they are 17 of the 76 MB its check holds.
func typeCheck(p *packages.Package, exprTypes func(p *packages.Package, imported func(path string) bool) bool) *packages.Package {
	out := *p
	out.Fset = token.NewFileSet()
	out.Errors = append([]packages.Error(nil), p.Errors...)
	addErr := func(pos token.Position, msg string, kind packages.ErrorKind) {
		out.Errors = append(out.Errors, packages.Error{Pos: pos.String(), Msg: msg, Kind: kind})
		out.IllTyped = true
	}
	for _, name := range p.CompiledGoFiles {
		f, err := parser.ParseFile(out.Fset, name, nil, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
		if list, ok := errors.AsType[scanner.ErrorList](err); ok {
			for _, e := range list {
				addErr(e.Pos, e.Msg, packages.ParseError)
			}
		} else if err != nil {
			addErr(token.Position{Filename: name}, err.Error(), packages.ParseError)
		}
		if f != nil {
			out.Syntax = append(out.Syntax, f)
		}
	}
	imp := newExportImporter(out.Fset, p)
	var exprs map[ast.Expr]types.TypeAndValue
	if exprTypes(p, func(path string) bool { return path == p.PkgPath || imp.byPath[path] != nil }) {
		exprs = map[ast.Expr]types.TypeAndValue{}
	}
	out.TypesInfo = &types.Info{
		Types:        exprs,
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	conf := &types.Config{
		Importer: imp,
		Sizes:    p.TypesSizes,
		Error: func(err error) {
			if te, ok := errors.AsType[types.Error](err); ok {
				addErr(te.Fset.Position(te.Pos), te.Msg, packages.TypeError)
				return
			}
			addErr(token.Position{}, err.Error(), packages.TypeError)
		},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + p.Module.GoVersion // language version: loop variables, generics, ...
	}
	out.Types, _ = conf.Check(p.PkgPath, out.Fset, out.Syntax, out.TypesInfo) // errors are in out.Errors
	return &out
}

// exportImporter imports the dependencies of one package from export
// data: the variants that package imports (a test's variant of a package
// under test, not the plain one), by the paths its source uses.
type exportImporter struct {
	root   *packages.Package
	byPath map[string]*packages.Package // the root's transitive imports, by package path
	gc     types.Importer
}

func newExportImporter(fset *token.FileSet, root *packages.Package) *exportImporter {
	e := &exportImporter{root: root, byPath: map[string]*packages.Package{}}
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		for _, imp := range p.Imports {
			if e.byPath[imp.PkgPath] == nil {
				e.byPath[imp.PkgPath] = imp
				visit(imp)
			}
		}
	}
	visit(root)
	e.gc = importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		p := e.byPath[path]
		if p == nil || p.ExportFile == "" {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(p.ExportFile)
	})
	return e
}

func (e *exportImporter) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	p := e.root.Imports[path] // the path as the source writes it: vendoring and import maps resolved
	if p == nil {
		return nil, fmt.Errorf("%s does not import %q", e.root.PkgPath, path)
	}
	return e.gc.Import(p.PkgPath)
}

// analyseEach type-checks each of pkgs, runs suite on it, and hands the
// result to visit, at most GOMAXPROCS packages at a time; visit calls are
// serialised. A package is dropped once visit returns, unless visit keeps
// parts of it.
//
// Besides the number of workers, what runs at once is bounded by the size
// of the source being checked (memoryBudget): the memory a package takes
// while it is checked grows with its source, and in a tree with one very
// large package (the runtime: 2.7 MB of source, 100 MB to check) two
// large ones checked together would set the peak. The budget lets the
// largest package run next to small ones only, and leaves a tree of
// packages of one size running on every worker.
func analyseEach(pkgs []*packages.Package, suite []*analysis.Analyzer, exprTypes func(*packages.Package, func(string) bool) bool, visit func(p *packages.Package, roots []*checker.Action)) error {
	workers := runtime.GOMAXPROCS(0)
	sizes := make([]int64, len(pkgs))
	for i, p := range pkgs {
		sizes[i] = sourceSize(p)
	}
	budget := memoryBudget(sizes, workers)
	var (
		gc    gcTarget
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
		sem   = make(chan struct{}, workers)
		room  = semaphore.NewWeighted(budget)
	)
	for i, p := range pkgs {
		wg.Add(1)
		sem <- struct{}{}
		size := min(sizes[i], budget)
		_ = room.Acquire(context.Background(), size) // cannot fail: the context is never done
		go func() {
			defer func() { room.Release(size); <-sem; wg.Done() }()
			large := sizes[i] >= largeSource
			if large {
				debug.FreeOSMemory() // see largeSource
				gc.lower()
				defer gc.restore()
			}
			full := typeCheck(p, exprTypes)
			graph, err := checker.Analyze(suite, []*packages.Package{full}, nil)
			mu.Lock()
			if err != nil {
				if first == nil {
					first = err
				}
			} else {
				visit(full, graph.Roots)
			}
			mu.Unlock()
			if large {
				debug.FreeOSMemory() // full and graph are dead by now
			}
		}()
	}
	wg.Wait()
	return first
}

// largeSource is the size of source above which a package's check is
// preceded and followed by a garbage collection that returns freed memory
// to the system (debug.FreeOSMemory). Such a package sets the run's peak,
// and leaves behind a heap whose collector goal is twice its live data:
// without the collection after it, the packages checked next grew the
// heap to that goal on top of its garbage (on the standard library the
// peak came right after the runtime's check, 2.7 MB of source, at 145 MiB
// in most runs instead of 113). A collection costs a few milliseconds; few
// packages are this large.
const largeSource = 1 << 20

// largeGCPercent is the collector's target while a package of over
// largeSource is checked: its heap is mostly live data that grows through
// the check, and the default target (100) lets the heap reach twice it.
// On the standard library the runtime's check then peaks at about 105
// instead of 113 MiB, for a few percent more CPU.
const largeGCPercent = 25

// A gcTarget lowers the collector's target to largeGCPercent while at
// least one large package is checked, and puts the previous one back
// after the last. A lower target set by the user (GOGC) or GC turned off
// is left as it is.
type gcTarget struct {
	mu     sync.Mutex
	active int
	prev   int
}

func (g *gcTarget) lower() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.active++; g.active == 1 {
		g.prev = debug.SetGCPercent(largeGCPercent)
		if g.prev < largeGCPercent {
			debug.SetGCPercent(g.prev) // off (negative) or already lower
		}
	}
}

func (g *gcTarget) restore() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.active--; g.active == 0 {
		debug.SetGCPercent(g.prev)
	}
}

// sourceSize returns the size of p's compiled Go files in bytes, at least
// 1; a file it cannot stat counts as empty (the type check reports it).
func sourceSize(p *packages.Package) int64 {
	var n int64 = 1
	for _, name := range p.CompiledGoFiles {
		if fi, err := os.Stat(name); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// memoryBudget returns how much source, in bytes, may be checked at once
// by the given number of workers: the largest package's and, for the
// other workers, the median package's each.
func memoryBudget(sizes []int64, workers int) int64 {
	if len(sizes) == 0 {
		return 1
	}
	sorted := slices.Sorted(slices.Values(sizes))
	return sorted[len(sorted)-1] + int64(workers-1)*sorted[len(sorted)/2]
}
