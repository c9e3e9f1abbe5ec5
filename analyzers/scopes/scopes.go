// Package scopes defines archvet's scopes analyzer, which checks that
// scope values are threaded through the code that needs them, not
// fabricated. See New.
package scopes

// The analyzer, its run, and the resolution of the configured scopes:
// which of them apply to a package, which types are the scope, and which
// sections govern a file. A scope is a value of a configured named type,
// such as Scope{UserID, Role, TenantID} or context.Context, that code
// reaching tenant data must receive from its caller rather than make up.
// Each check has a file of its own with the decisions it embodies at the
// top: params.go, calls.go (with method values) and create.go; types.go
// holds the type helpers they share. Decisions here:
//
//   - The scope is recognised by type: T or *T, looking through aliases.
//     A type defined from T (type Mine scope.Scope), a type parameter, and
//     a struct that carries a T in a field are not the scope. If the rules
//     name an alias, the type it denotes is the scope.

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/archvet/archvet/analyzers/directives"
	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/sqltables"
)

// New returns an analyzer that checks that the scope values of cfg's
// scopes are taken first by governed functions, passed to required calls
// and created only where allowed.
//
// dirs is the directives analyzer built from the same cfg
// (directives.New), which it requires.
func New(cfg *config.Config, dirs *analysis.Analyzer, opts ...Option) *analysis.Analyzer {
	sc := &scopes{cfg: cfg, dirs: dirs}
	for _, opt := range opts {
		opt(sc)
	}
	return &analysis.Analyzer{
		Name: "scopes",
		Doc: `check that scope values are threaded, not fabricated

A scope is a value of a configured type, such as a tenant's Scope, that
every function reaching tenant data takes from its caller. Exported
functions in governed files must take the scope as their first parameter
(or right after a leading context.Context), calls to required functions
and methods must pass a value derived from a scope, and scopes may be
made (composite literals, new, zero-value variables, constructors, nil)
only where the rules allow.`,
		URL:              analysisutil.DocURL + "#scopes",
		Requires:         []*analysis.Analyzer{inspect.Analyzer, dirs},
		RunDespiteErrors: true,
		Run:              sc.run,
	}
}

// An Option adjusts the analyzer New returns.
type Option func(*scopes)

// WithStatementStore makes the table register keep what each SQL
// statement parsed to in s between runs (sqltables.Store).
func WithStatementStore(s sqltables.Store) Option {
	return func(sc *scopes) { sc.store = s }
}

// scopes holds the compiled rules; it is never written after construction.
type scopes struct {
	cfg   *config.Config
	dirs  *analysis.Analyzer
	store sqltables.Store // nil for none
}

// A scopeCheck is one configured scope as seen from one package. It is
// local to a pass.
type scopeCheck struct {
	*config.Scope
	typePkg, typeName string            // the scope's named type, aliases followed
	calls, create     bool              // whether the package can see a target of calls, create
	sql               *sqltables.Parser // the register's parser, made on first need (tables.go)
	store             sqltables.Store   // where the parser keeps its results between runs; nil for none
	// The interfaces of params.interfaces that the package can reach.
	listed []*types.TypeName
}

func (sc *scopes) run(pass *analysis.Pass) (any, error) {
	if len(sc.cfg.Scopes) == 0 {
		return nil, nil // no scopes configured
	}
	if pass.Pkg == nil || pass.TypesInfo == nil || pass.TypesInfo.Uses == nil {
		return nil, nil // no type information: scopes are recognised by type alone
	}
	files := pass.ResultOf[sc.dirs].(*directives.Result)
	rep := directives.NewReporter(pass, files, func(id string) bool { return sc.cfg.Scope(id) != nil })
	checks := sc.resolve(pass.Pkg)
	var fcs []*fileCheck
	if len(checks) > 0 {
		for _, f := range files.Files {
			if fc := newFileCheck(pass, rep, f, checks); fc != nil {
				fcs = append(fcs, fc) // nil: generated, or no scope governs anything in the file
			}
		}
	}
	if len(fcs) == 0 {
		rep.Finish()    // a stale directive is reported even where nothing is checked
		return nil, nil // fast path: no scope applies to this package
	}
	if pass.TypesInfo.Types == nil {
		// Scopes need the types of expressions. A driver leaves them out
		// only where NeedsTypes said no scope applies, which the test
		// above would have found too.
		return nil, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for _, c := range checks {
		if c.calls && c.Tables != nil && c.Tables.Dialect != "" {
			if p, err := c.parser(); err == nil {
				p.Prepare(statements(pass, insp, pass.Files, c)) // parsed together: cheaper than one by one
			}
		}
	}
	ifaces := &interfaces{pkg: pass.Pkg}
	for _, fc := range fcs {
		fc.ifaces = ifaces
		fc.run(insp)
	}
	rep.Finish()
	return nil, nil
}

// NeedsTypes reports whether a scope of cfg may apply to a package whose
// files (Go files, as written and as compiled) are files and which
// imports, directly or not, the packages for which imports returns true
// (itself included): whether its analysis needs types.Info.Types, which
// only this analyzer reads, and which on a large package is a large part
// of the memory its check takes. It answers before the package is
// type-checked, from the import graph, and errs towards true: resolve and
// newFileCheck decide the same from the type checker's imports, which are
// a subset of the graph's, and from each file's name.
func NeedsTypes(cfg *config.Config, files []string, imports func(pkgPath string) bool) bool {
	for _, s := range cfg.Scopes {
		if s.Type == nil {
			continue // as resolve
		}
		calls, create := sees(s, s.Type.Pkg, imports)
		for _, name := range files {
			rel, inRoot := cfg.Rel(name)
			if p, c, m := governs(s, calls, create, rel, inRoot, strings.HasSuffix(name, "_test.go")); p || c || m {
				return true
			}
		}
	}
	return false
}

// sees reports whether a package that reaches (imports, directly or not,
// or is) the packages for which reaches is true can meet a target of the
// scope's calls section, and the scope type, declared in typePkg, or a
// constructor: without them the calls and create checks find nothing
// there.
func sees(s *config.Scope, typePkg string, reaches func(pkgPath string) bool) (calls, create bool) {
	anyOf := func(ts []*config.Target) bool {
		for _, t := range ts {
			if reaches(t.Pkg) || t.OrPackage && reaches(t.Text) {
				return true
			}
		}
		return false
	}
	return s.Calls != nil && anyOf(s.Calls.Require), s.Create != nil && (reaches(typePkg) || anyOf(s.Create.Constructors))
}

// governs reports which sections of s govern a file, at rel from the
// rules' root: params (never in a test file), and calls and create where
// the package sees them (sees).
func governs(s *config.Scope, calls, create bool, rel string, inRoot, test bool) (params, callsHere, createHere bool) {
	return s.Params != nil && !test && s.Params.Governs(rel, inRoot),
		calls && s.Calls.Governs(rel, inRoot),
		create && s.Create.Governs(rel, inRoot)
}

// resolve returns the scopes that may find something in pkg.
//
// The params check looks at declarations alone, so it applies wherever its
// globs say. The calls and create checks need a required target, the scope
// type or a constructor to appear in the package, and an object can appear
// only if the package that declares it is reachable through imports: the
// type checker meets other packages' objects only by importing, and a
// package loaded from export data lists among its Imports every package
// that provides an object it refers to. So a value of the scope type that
// arrives through b.Get() is seen, because b imports the scope's package
// and pkg imports b.
func (sc *scopes) resolve(pkg *types.Package) []*scopeCheck {
	reach := reachable(pkg)
	var out []*scopeCheck
	for _, s := range sc.cfg.Scopes {
		if s.Type == nil {
			continue // unreachable: the compiler rejects a scope without a type
		}
		c := &scopeCheck{Scope: s, typePkg: s.Type.Pkg, typeName: s.Type.Name.String(), store: sc.store}
		if p := reach[c.typePkg]; p != nil {
			c.followAlias(p)
		}
		if s.Params != nil && !s.Params.StrictInterfaces {
			c.listed = listedInterfaces(reach, s.Params.Interfaces)
		}
		c.calls, c.create = sees(s, c.typePkg, func(path string) bool { return reach[path] != nil })
		if s.Params == nil && !c.calls && !c.create {
			continue // nothing in this package can take, need or make this scope
		}
		out = append(out, c)
	}
	return out
}

// reachable returns pkg and every package it imports, directly or not, by path.
func reachable(pkg *types.Package) map[string]*types.Package {
	seen := map[string]*types.Package{pkg.Path(): pkg}
	stack := []*types.Package{pkg}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, imp := range p.Imports() {
			if seen[imp.Path()] == nil {
				seen[imp.Path()] = imp
				stack = append(stack, imp)
			}
		}
	}
	return seen
}

// followAlias makes the scope the type the configured name denotes, if it
// names an alias.
func (c *scopeCheck) followAlias(p *types.Package) {
	tn, ok := p.Scope().Lookup(c.typeName).(*types.TypeName)
	if !ok || !tn.IsAlias() {
		return // a defined type, or no such type: matched by name
	}
	if n, ok := types.Unalias(tn.Type()).(*types.Named); ok && n.Obj().Pkg() != nil {
		c.typePkg, c.typeName = n.Obj().Pkg().Path(), n.Obj().Name()
	}
}

// is reports whether t is the scope type or a pointer to it.
func (c *scopeCheck) is(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return c.isValue(t)
}

// isValue reports whether t is the scope type itself.
func (c *scopeCheck) isValue(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false // basic, literal, type parameter or invalid
	}
	obj := n.Origin().Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == c.typePkg && obj.Name() == c.typeName
}

// requires reports whether calls to fn must pass the scope.
func (c *scopeCheck) requires(fn *types.Func) bool {
	return matchAny(c.Calls.Require, fn)
}

// constructs reports whether fn is one of the scope's constructors.
func (c *scopeCheck) constructs(fn *types.Func) bool {
	return matchAny(c.Create.Constructors, fn)
}

func matchAny(ts []*config.Target, obj types.Object) bool {
	for _, t := range ts {
		if t.MatchObject(obj) {
			return true
		}
	}
	return false
}

// report reports a finding of scope c.
func (c *scopeCheck) report(rep *directives.Reporter, n ast.Node, msg string, related ...analysis.RelatedInformation) {
	d := analysisutil.Finding(c.Meta(), "scopes", n, fmt.Sprintf("%s (%s)", msg, c.ID))
	d.Related = related
	rep.Report(d)
}

// A fileCheck checks one file against the scopes that govern it.
type fileCheck struct {
	pass *analysis.Pass
	info *types.Info
	rep  *directives.Reporter
	file *analysisutil.FileState
	root inspector.Cursor // the file
	// assigned holds the file's variables changed after their
	// declaration, computed on first need (tables.go).
	assigned map[*types.Var]bool
	// The scopes whose params, calls and create sections govern the file.
	params, calls, create []*scopeCheck
	zeroFuncs             []zeroFunc  // functions declaring variables to follow (zero.go)
	ifaces                *interfaces // of the package and its imports, shared by the pass's files (ifaces.go)
}

// newFileCheck returns the checks that apply to f, or nil if none does.
func newFileCheck(pass *analysis.Pass, rep *directives.Reporter, f *analysisutil.FileState, checks []*scopeCheck) *fileCheck {
	if f.Skip {
		return nil // generated, and the rules skip generated files
	}
	fc := &fileCheck{pass: pass, info: pass.TypesInfo, rep: rep, file: f}
	test := strings.HasSuffix(f.Tok.Name(), "_test.go")
	for _, c := range checks {
		params, calls, create := governs(c.Scope, c.calls, c.create, f.Rel, f.InRoot, test)
		if params {
			fc.params = append(fc.params, c)
		}
		if calls {
			fc.calls = append(fc.calls, c)
		}
		if create {
			fc.create = append(fc.create, c)
		}
	}
	if len(fc.params)+len(fc.calls)+len(fc.create) == 0 {
		return nil // no section of any scope governs this file
	}
	return fc
}

func (fc *fileCheck) run(insp *inspector.Inspector) {
	cur, ok := insp.Root().FindNode(fc.file.File)
	if !ok {
		return // file not in the inspector: cannot happen for pass.Files
	}
	fc.root = cur
	filter := []ast.Node{(*ast.FuncDecl)(nil)} // declarations only: bodies are skipped
	if len(fc.calls)+len(fc.create) > 0 {
		filter = append(filter, (*ast.CallExpr)(nil), (*ast.Ident)(nil), (*ast.CompositeLit)(nil), (*ast.ValueSpec)(nil))
	}
	for c := range cur.Preorder(filter...) {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			for _, s := range fc.params {
				fc.checkParams(n, s)
			}
		case *ast.CallExpr:
			fc.checkCall(n)
			fc.checkMake(n)
		case *ast.Ident:
			fc.checkIdent(c, n)
		case *ast.CompositeLit:
			fc.checkLiteral(c, n)
		case *ast.ValueSpec:
			fc.checkVar(c, n)
		}
	}
	for _, f := range fc.zeroFuncs {
		fc.checkZeroValues(f.fn, f.vars, f.decls)
	}
}

// checkIdent checks a reference to a function or method, as a value of a
// required target (calls.go) or a use of a constructor (create.go), and
// nil given where a scope is expected (create.go).
func (fc *fileCheck) checkIdent(c inspector.Cursor, id *ast.Ident) {
	switch obj := fc.info.Uses[id].(type) {
	case *types.Func:
		fn := obj.Origin()
		val, called := valueOf(c)
		if !called { // called in place: checkCall checks the call
			fc.checkFuncValues(val, fn)
		}
		fc.checkConstructor(val, called, fn)
	case *types.Nil:
		fc.checkNil(c, id)
	}
}
