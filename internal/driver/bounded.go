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
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// metaMode is what the driver asks go/packages for: the import graph,
// each package's files and export data, no syntax and no types.
const metaMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedExportFile |
	packages.NeedModule | packages.NeedTypesSizes | packages.NeedEmbedFiles

// typeCheck parses and type-checks the package p of a metaMode load
// against its dependencies' export data, and returns a copy of p with
// Fset, Syntax, Types, TypesInfo and the type errors filled in.
func typeCheck(p *packages.Package) *packages.Package {
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
	out.TypesInfo = &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	conf := &types.Config{
		Importer: newExportImporter(out.Fset, p),
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
func analyseEach(pkgs []*packages.Package, suite []*analysis.Analyzer, visit func(p *packages.Package, roots []*checker.Action)) error {
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
		sem   = make(chan struct{}, runtime.GOMAXPROCS(0))
	)
	for _, p := range pkgs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			full := typeCheck(p)
			graph, err := checker.Analyze(suite, []*packages.Package{full}, nil)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if first == nil {
					first = err
				}
				return
			}
			visit(full, graph.Roots)
		}()
	}
	wg.Wait()
	return first
}
