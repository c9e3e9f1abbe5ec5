package analyzers

// The scopes analyzer. A scope is a value of a configured named type, such
// as Scope{UserID, Role, TenantID} or context.Context, that code reaching
// tenant data must receive from its caller rather than make up. Decisions:
//
//   - The scope is recognised by type: T or *T, looking through aliases.
//     A type defined from T (type Mine scope.Scope), a type parameter, and
//     a struct that carries a T in a field are not the scope. If the rules
//     name an alias, the type it denotes is the scope.
//   - params: exported functions, and exported methods of exported types,
//     declared in governed files. Methods of unexported types are reachable
//     from other packages only through interfaces, whose shape the
//     implementing package rarely chooses, so they are not checked. Nor are
//     methods whose name and signature a standard interface fixes (Error,
//     String, MarshalJSON, Unwrap, Scan...), nor _test.go files, whose
//     exported functions are Test, Benchmark and Example functions.
//   - calls: a call passes a scope if an argument, or the receiver of a
//     method call, is derived from one: a value of the scope type, a call
//     (or conversion) given a derived value, a composite literal holding
//     one, its address, or a local variable whose initializer is derived.
//     A field such as s.TenantID is not the scope.
//   - method values: a required function or method used as a value
//     (f := r.Query, a method expression, a function passed as an argument)
//     hides the arguments of its eventual calls. If the value is bound to a
//     local variable whose every use is a call, those calls are checked as
//     calls of the target; any other value is reported where it is made.
//   - create: the package that declares the scope type gets no implicit
//     allowance; its constructors make scopes like any other code, so the
//     rules list it in create.allow. Untyped nil fabricates a scope when its
//     context converts it to the scope type: an argument, a result, an
//     assigned or declared variable, a field, an element or a sent value.
//     Comparisons with nil fabricate nothing, nor does return nil, err
//     with a non-nil error, whose caller must not use the scope. A
//     zero-value declaration is reported for T, not *T, which is unusable
//     until assigned.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/archvet/archvet/config"
)

// NewScopes returns an analyzer that checks that the scope values of cfg's
// scopes are taken first by governed functions, passed to required calls
// and created only where allowed.
func NewScopes(cfg *config.Config) *analysis.Analyzer {
	sc := &scopes{cfg: cfg}
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
		URL:              docURL + "#scopes",
		Requires:         []*analysis.Analyzer{inspect.Analyzer},
		RunDespiteErrors: true,
		Run:              sc.run,
	}
}

// scopes holds the compiled rules; it is never written after construction.
type scopes struct {
	cfg *config.Config
}

// A scopeCheck is one configured scope as seen from one package. It is
// local to a pass.
type scopeCheck struct {
	*config.Scope
	typePkg, typeName string // the scope's named type, aliases followed
	calls, create     bool   // whether the package can see a target of calls, create
}

func (sc *scopes) run(pass *analysis.Pass) (any, error) {
	if len(sc.cfg.Scopes) == 0 {
		return nil, nil // no scopes configured
	}
	if pass.Pkg == nil || pass.TypesInfo == nil || pass.TypesInfo.Types == nil || pass.TypesInfo.Uses == nil {
		return nil, nil // no type information: scopes are recognised by type alone
	}
	fs := files(pass, sc.cfg)
	rep := newReporter(pass, fs, func(id string) bool { return sc.cfg.Scope(id) != nil })
	checks := sc.resolve(pass.Pkg)
	if len(checks) == 0 {
		rep.finish()    // a stale directive is reported even where nothing is checked
		return nil, nil // fast path: no scope applies to this package
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for _, f := range fs {
		fc := newFileCheck(pass, rep, f, checks)
		if fc == nil {
			continue // generated, or no scope governs anything in this file
		}
		fc.run(insp)
	}
	rep.finish()
	return nil, nil
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
		c := &scopeCheck{Scope: s, typePkg: s.Type.Pkg, typeName: s.Type.Name.String()}
		if p := reach[c.typePkg]; p != nil {
			c.followAlias(p)
		}
		c.calls = s.Calls != nil && anyReachable(reach, s.Calls.Require)
		c.create = s.Create != nil && (reach[c.typePkg] != nil || anyReachable(reach, s.Create.Constructors))
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

func anyReachable(reach map[string]*types.Package, ts []*config.Target) bool {
	for _, t := range ts {
		if reach[t.Pkg] != nil || t.OrPackage && reach[t.Text] != nil {
			return true
		}
	}
	return false
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
func (c *scopeCheck) report(rep *reporter, n ast.Node, msg string) {
	rep.report(analysis.Diagnostic{
		Pos: n.Pos(), End: n.End(),
		Category: c.ID,
		URL:      ruleURL(c.URL, "scopes"),
		Message:  withHint(fmt.Sprintf("%s (%s)", msg, c.ID), c.Hint, ""),
	})
}

// A fileCheck checks one file against the scopes that govern it.
type fileCheck struct {
	pass *analysis.Pass
	info *types.Info
	rep  *reporter
	file *fileState
	root inspector.Cursor // the file
	// The scopes whose params, calls and create sections govern the file.
	params, calls, create []*scopeCheck
}

// newFileCheck returns the checks that apply to f, or nil if none does.
func newFileCheck(pass *analysis.Pass, rep *reporter, f *fileState, checks []*scopeCheck) *fileCheck {
	if f.skip {
		return nil // generated, and the rules skip generated files
	}
	fc := &fileCheck{pass: pass, info: pass.TypesInfo, rep: rep, file: f}
	test := strings.HasSuffix(f.tok.Name(), "_test.go")
	for _, c := range checks {
		if c.Params != nil && !test && c.Params.Governs(f.rel, f.inRoot) {
			fc.params = append(fc.params, c)
		}
		if c.calls && c.Calls.Governs(f.rel, f.inRoot) {
			fc.calls = append(fc.calls, c)
		}
		if c.create && c.Create.Governs(f.rel, f.inRoot) {
			fc.create = append(fc.create, c)
		}
	}
	if len(fc.params)+len(fc.calls)+len(fc.create) == 0 {
		return nil // no section of any scope governs this file
	}
	return fc
}

func (fc *fileCheck) run(insp *inspector.Inspector) {
	cur, ok := insp.Root().FindNode(fc.file.file)
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
		case *ast.Ident:
			fc.checkIdent(c, n)
		case *ast.CompositeLit:
			fc.checkLiteral(c, n)
		case *ast.ValueSpec:
			fc.checkVar(n)
		}
	}
}

// ---- params ----

// checkParams reports an exported function or method whose first
// parameter, or first after a leading context, is not the scope.
func (fc *fileCheck) checkParams(decl *ast.FuncDecl, s *scopeCheck) {
	if !decl.Name.IsExported() {
		return // unexported: not the package's API
	}
	fn, ok := fc.info.Defs[decl.Name].(*types.Func)
	if !ok {
		return // did not type-check
	}
	sig := fn.Signature()
	what := "exported function " + fn.Name()
	if sig.Recv() != nil {
		named := config.RecvNamed(fn)
		if named == nil || !named.Obj().Exported() {
			return // method of an unexported or invalid type: see the notes at the top
		}
		if fixed := fixedMethods[fn.Name()]; fixed != nil && types.Identical(sig, fixed) {
			return // its signature is fixed by a standard interface
		}
		what = "exported method " + fc.methodName(sig.Recv().Type(), fn.Name())
	}
	params := sig.Params()
	i := 0
	if s.Params.AfterContext && params.Len() > 0 && isContext(params.At(0).Type()) && !s.is(params.At(0).Type()) {
		i = 1
	}
	var got string
	switch {
	case i < params.Len() && (s.is(params.At(i).Type()) || broken(params.At(i).Type())):
		return // takes the scope, or its parameter did not type-check
	case i < params.Len():
		got = "not " + types.TypeString(params.At(i).Type(), types.RelativeTo(fc.pass.Pkg))
	case i == 0:
		got = "but has no parameters"
	default:
		got = "but takes only a context.Context"
	}
	where := "as its first parameter"
	if s.Params.AfterContext {
		where = "as its first parameter or right after a leading context.Context"
	}
	s.report(fc.rep, decl.Name, fmt.Sprintf("%s must take %s %s, %s", what, s.Type.Text, where, got))
}

// methodName names a method the way a reader of its package would:
// (*Service).Load, Cache.Get.
func (fc *fileCheck) methodName(recv types.Type, name string) string {
	qual := types.RelativeTo(fc.pass.Pkg)
	recv = types.Unalias(recv)
	if p, ok := recv.(*types.Pointer); ok {
		return "(*" + types.TypeString(types.Unalias(p.Elem()), qual) + ")." + name
	}
	return types.TypeString(recv, qual) + "." + name
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// broken reports whether t is or is built from a type that did not
// type-check.
func broken(t types.Type) bool {
	switch t := types.Unalias(t).(type) {
	case nil:
		return true
	case *types.Basic:
		return t.Kind() == types.Invalid
	case *types.Pointer:
		return broken(t.Elem())
	case *types.Slice:
		return broken(t.Elem())
	case *types.Array:
		return broken(t.Elem())
	case *types.Chan:
		return broken(t.Elem())
	case *types.Map:
		return broken(t.Key()) || broken(t.Elem())
	}
	return false
}

// fixedMethods are methods whose signatures standard interfaces fix:
// error, fmt.Stringer and GoStringer, the JSON, text and binary marshalers
// and unmarshalers, the errors package's Unwrap, Is and As, and
// sql.Scanner. It is never written after initialisation.
var fixedMethods = func() map[string]*types.Signature {
	tuple := func(ts ...types.Type) *types.Tuple {
		vs := make([]*types.Var, len(ts))
		for i, t := range ts {
			vs[i] = types.NewParam(token.NoPos, nil, "", t)
		}
		return types.NewTuple(vs...)
	}
	sig := func(params, results *types.Tuple) *types.Signature {
		return types.NewSignatureType(nil, nil, nil, params, results, false)
	}
	str, boolean := types.Typ[types.String], types.Typ[types.Bool]
	errT, anyT := types.Universe.Lookup("error").Type(), types.Universe.Lookup("any").Type()
	bytes := types.NewSlice(types.Typ[types.Byte])
	marshal, unmarshal := sig(tuple(), tuple(bytes, errT)), sig(tuple(bytes), tuple(errT))
	return map[string]*types.Signature{
		"Error": sig(tuple(), tuple(str)), "String": sig(tuple(), tuple(str)), "GoString": sig(tuple(), tuple(str)),
		"MarshalJSON": marshal, "MarshalText": marshal, "MarshalBinary": marshal,
		"UnmarshalJSON": unmarshal, "UnmarshalText": unmarshal, "UnmarshalBinary": unmarshal,
		"Unwrap": sig(tuple(), tuple(errT)), "Is": sig(tuple(errT), tuple(boolean)), "As": sig(tuple(anyT), tuple(boolean)),
		"Scan": sig(tuple(anyT), tuple(errT)),
	}
}()

// ---- calls and creation ----

// checkCall checks a call of a required target, and new(T) and
// conversions that make a scope.
func (fc *fileCheck) checkCall(call *ast.CallExpr) {
	if fn, ok := typeutil.Callee(fc.info, call).(*types.Func); ok {
		for _, s := range fc.calls {
			if s.requires(fn) && !fc.scoped(call, nil, s, 0) {
				s.report(fc.rep, call.Fun, fmt.Sprintf("call to %s passes no %s", objectName(fn), s.Type.Text))
			}
		}
	}
	if len(call.Args) != 1 {
		return // neither new(T) nor a conversion
	}
	fun, arg := fc.info.Types[ast.Unparen(call.Fun)], fc.info.Types[call.Args[0]]
	for _, s := range fc.create {
		switch {
		case fun.IsBuiltin() && isBuiltin(fc.info, call.Fun, "new") && arg.IsType() && s.is(arg.Type):
			s.report(fc.rep, call, "new fabricates "+s.Type.Text+" outside create.allow")
		case fun.IsType() && s.is(fun.Type) && !arg.IsNil() && (arg.Type == nil || !s.is(arg.Type)):
			s.report(fc.rep, call, "conversion fabricates "+s.Type.Text+" outside create.allow")
		}
	}
}

// isBuiltin reports whether e denotes the builtin function name.
func isBuiltin(info *types.Info, e ast.Expr, name string) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// checkIdent checks function and method values of required targets, uses
// of constructors, and nil given where a scope is expected.
func (fc *fileCheck) checkIdent(c inspector.Cursor, id *ast.Ident) {
	switch obj := fc.info.Uses[id].(type) {
	case *types.Func:
		fn := obj.Origin()
		val, called := valueOf(c)
		for _, s := range fc.calls {
			if !called && s.requires(fn) {
				fc.checkFuncValue(val, fn, s)
			}
		}
		for _, s := range fc.create {
			if !s.constructs(fn) {
				continue // not a constructor of this scope
			}
			how := fc.valueKind(val.Node()) + " " + objectName(fn)
			if called {
				how = "call to " + objectName(fn)
			}
			s.report(fc.rep, val.Node(), how+" fabricates "+s.Type.Text+" outside create.allow")
		}
	case *types.Nil:
		for _, s := range fc.create {
			if t := fc.expectedType(c); t != nil && s.is(t) {
				s.report(fc.rep, id, "nil fabricates "+types.TypeString(t, nil)+" outside create.allow")
			}
		}
	}
}

// valueOf returns the expression that the reference id at c forms: the
// selector pkg.F or x.M, with any parentheses and type arguments around it,
// and whether that expression is called in place.
func valueOf(c inspector.Cursor) (inspector.Cursor, bool) {
	if c.ParentEdgeKind() == edge.SelectorExpr_Sel {
		c = c.Parent()
	}
	for {
		switch c.ParentEdgeKind() {
		case edge.ParenExpr_X, edge.IndexExpr_X, edge.IndexListExpr_X:
			c = c.Parent()
		case edge.CallExpr_Fun:
			return c, true
		default:
			return c, false
		}
	}
}

// funcSelector returns the selector inside a function expression such as
// (r.Query) or repo.Get[int], or nil.
func funcSelector(e ast.Expr) *ast.SelectorExpr {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	sel, _ := ast.Unparen(e).(*ast.SelectorExpr)
	return sel
}

// valueKind says what kind of function value e is.
func (fc *fileCheck) valueKind(n ast.Node) string {
	if e, ok := n.(ast.Expr); ok {
		if sel := funcSelector(e); sel != nil && fc.info.Selections[sel] != nil {
			if fc.info.Selections[sel].Kind() == types.MethodExpr {
				return "method expression"
			}
			return "method value"
		}
	}
	return "function value"
}

// receiver returns the receiver expression of a call's function, if it
// is a method value x.M.
func (fc *fileCheck) receiver(fun ast.Expr) ast.Expr {
	sel := funcSelector(fun)
	if sel == nil {
		return nil // a function, a variable or a literal
	}
	if s := fc.info.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
		return nil // pkg.F, a field, or a method expression T.M
	}
	return sel.X
}

// checkFuncValue checks a function or method value of a required target
// made at val: the calls through a local variable it is bound to, or else
// the value itself.
func (fc *fileCheck) checkFuncValue(val inspector.Cursor, fn *types.Func, s *scopeCheck) {
	if v := fc.boundLocal(val); v != nil {
		if calls, ok := fc.callsOf(val.Parent(), v); ok {
			recv := fc.receiver(val.Node().(ast.Expr))
			for _, call := range calls {
				if !fc.scoped(call, recv, s, 0) {
					s.report(fc.rep, call.Fun, fmt.Sprintf("call to %s through %s passes no %s", objectName(fn), v.Name(), s.Type.Text))
				}
			}
			return // every use of the variable is a call, checked above
		}
	}
	s.report(fc.rep, val.Node(), fmt.Sprintf("%s %s hides the arguments of its calls; call it directly and pass %s",
		fc.valueKind(val.Node()), objectName(fn), s.Type.Text))
}

// boundLocal returns the local variable that the value at val initialises
// (f := r.Query, var f = r.Query), or nil.
func (fc *fileCheck) boundLocal(val inspector.Cursor) *types.Var {
	var name ast.Expr
	switch kind, i := val.ParentEdge(); kind {
	case edge.AssignStmt_Rhs:
		if a := val.Parent().Node().(*ast.AssignStmt); a.Tok == token.DEFINE && len(a.Lhs) == len(a.Rhs) {
			name = a.Lhs[i]
		}
	case edge.ValueSpec_Values:
		if vs := val.Parent().Node().(*ast.ValueSpec); len(vs.Names) == len(vs.Values) {
			name = vs.Names[i]
		}
	}
	id, ok := name.(*ast.Ident)
	if !ok {
		return nil // not bound to a single new variable
	}
	v, ok := fc.info.Defs[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == fc.pass.Pkg.Scope() {
		return nil // blank, redeclared, or package-level: its uses may be anywhere
	}
	return v
}

// callsOf returns the calls of v within the function that declares it at
// decl, and false if v is used other than by calling it.
func (fc *fileCheck) callsOf(decl inspector.Cursor, v *types.Var) ([]*ast.CallExpr, bool) {
	for fn := range decl.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var calls []*ast.CallExpr
		for c := range fn.Preorder((*ast.Ident)(nil)) {
			if fc.info.Uses[c.Node().(*ast.Ident)] != v {
				continue // another name
			}
			use, called := valueOf(c)
			if !called {
				return nil, false // passed on, assigned or compared: its calls are out of sight
			}
			calls = append(calls, use.Parent().Node().(*ast.CallExpr))
		}
		return calls, true
	}
	return nil, false // not in a function: cannot happen for a local variable
}

// maxDerivation bounds how deep scoped and derived look into an argument.
const maxDerivation = 8

// scoped reports whether call passes a value derived from the scope: an
// argument, the receiver of a method call, or recv, the receiver bound by
// the method value the call goes through.
func (fc *fileCheck) scoped(call *ast.CallExpr, recv ast.Expr, s *scopeCheck, depth int) bool {
	if recv == nil {
		recv = fc.receiver(call.Fun)
	}
	if recv != nil && fc.derived(recv, s, depth) {
		return true
	}
	for _, a := range call.Args {
		if fc.derived(a, s, depth) {
			return true
		}
	}
	return false
}

// derived reports whether e is derived from the scope (see the notes at
// the top).
func (fc *fileCheck) derived(e ast.Expr, s *scopeCheck, depth int) bool {
	if depth > maxDerivation {
		return false // deeper than any real argument: give up
	}
	e = ast.Unparen(e)
	if t := fc.info.TypeOf(e); t != nil && s.is(t) {
		return true
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		return fc.scoped(e, nil, s, depth+1)
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			if fc.derived(elt, s, depth+1) {
				return true
			}
		}
	case *ast.UnaryExpr:
		return e.Op == token.AND && fc.derived(e.X, s, depth+1)
	case *ast.Ident:
		if init := fc.initializer(e); init != nil {
			return fc.derived(init, s, depth+1)
		}
	}
	return false
}

// initializer returns the expression that initialises the local variable
// id refers to, if it is declared in this file with one.
func (fc *fileCheck) initializer(id *ast.Ident) ast.Expr {
	v, ok := fc.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == fc.pass.Pkg.Scope() {
		return nil // not a local variable
	}
	c, ok := fc.root.FindByPos(v.Pos(), v.Pos()+token.Pos(len(v.Name())))
	if !ok {
		return nil // declared in another file
	}
	def, ok := c.Node().(*ast.Ident)
	if !ok || fc.info.Defs[def] != v {
		return nil // not at a declaring identifier: cannot happen
	}
	switch kind, i := c.ParentEdge(); kind {
	case edge.AssignStmt_Lhs:
		if a := c.Parent().Node().(*ast.AssignStmt); a.Tok == token.DEFINE && len(a.Lhs) == len(a.Rhs) {
			return a.Rhs[i]
		}
	case edge.ValueSpec_Names:
		if vs := c.Parent().Node().(*ast.ValueSpec); len(vs.Names) == len(vs.Values) {
			return vs.Values[i]
		}
	}
	return nil // a parameter, a range variable, or one of several results
}

// checkLiteral reports a composite literal of the scope type.
func (fc *fileCheck) checkLiteral(c inspector.Cursor, lit *ast.CompositeLit) {
	t := fc.info.TypeOf(lit)
	if t == nil {
		return // did not type-check
	}
	node := ast.Node(lit)
	if u, ok := c.Parent().Node().(*ast.UnaryExpr); ok && u.Op == token.AND {
		node = u // underline &scope.Scope{...}
	}
	for _, s := range fc.create {
		if s.is(t) {
			s.report(fc.rep, node, "composite literal fabricates "+s.Type.Text+" outside create.allow")
		}
	}
}

// checkVar reports a variable of the scope type declared without a value.
func (fc *fileCheck) checkVar(vs *ast.ValueSpec) {
	if len(vs.Values) > 0 {
		return // initialised: its values are checked where they are made
	}
	for _, name := range vs.Names {
		v, ok := fc.info.Defs[name].(*types.Var)
		if !ok || name.Name == "_" {
			continue // a constant, a blank or a declaration that did not type-check
		}
		for _, s := range fc.create {
			if s.isValue(v.Type()) {
				s.report(fc.rep, name, "zero-value declaration of "+name.Name+" fabricates "+s.Type.Text+" outside create.allow")
			}
		}
	}
}

// expectedType returns the type the value at c is converted to by its
// context: the parameter, result, variable, field, element or channel it
// is given to; nil for other contexts, such as comparisons.
func (fc *fileCheck) expectedType(c inspector.Cursor) types.Type {
	for c.ParentEdgeKind() == edge.ParenExpr_X {
		c = c.Parent()
	}
	kind, i := c.ParentEdge()
	switch parent := c.Parent().Node().(type) {
	case *ast.CallExpr:
		if kind == edge.CallExpr_Args {
			return fc.argType(parent, i)
		}
	case *ast.ReturnStmt:
		return fc.resultType(c, parent, i)
	case *ast.AssignStmt:
		if kind == edge.AssignStmt_Rhs && len(parent.Lhs) == len(parent.Rhs) {
			return fc.info.TypeOf(parent.Lhs[i])
		}
	case *ast.ValueSpec:
		if kind == edge.ValueSpec_Values && len(parent.Names) == len(parent.Values) {
			if obj := fc.info.Defs[parent.Names[i]]; obj != nil {
				return obj.Type()
			}
		}
	case *ast.KeyValueExpr:
		if lit, ok := c.Parent().Parent().Node().(*ast.CompositeLit); ok && kind == edge.KeyValueExpr_Value {
			return fc.elemType(lit, parent.Key, -1)
		}
	case *ast.CompositeLit:
		return fc.elemType(parent, nil, i)
	case *ast.SendStmt:
		if ch, ok := typeUnder(fc.info.TypeOf(parent.Chan)).(*types.Chan); ok && kind == edge.SendStmt_Value {
			return ch.Elem()
		}
	}
	return nil
}

// typeUnder returns t's underlying type, or nil.
func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// argType returns the type of the i'th argument's parameter in call.
func (fc *fileCheck) argType(call *ast.CallExpr, i int) types.Type {
	if tv := fc.info.Types[ast.Unparen(call.Fun)]; tv.IsType() {
		return tv.Type // a conversion
	}
	sig, ok := typeUnder(fc.info.TypeOf(call.Fun)).(*types.Signature)
	if !ok {
		return nil // did not type-check, or a generic function value
	}
	n := sig.Params().Len()
	switch {
	case sig.Variadic() && i >= n-1 && !call.Ellipsis.IsValid():
		if s, ok := sig.Params().At(n - 1).Type().(*types.Slice); ok {
			return s.Elem()
		}
		return nil // cannot happen: a variadic parameter is a slice
	case i < n:
		return sig.Params().At(i).Type()
	}
	return nil // too many arguments
}

// resultType returns the type of the i'th result of the function that ret
// at c returns from.
func (fc *fileCheck) resultType(c inspector.Cursor, ret *ast.ReturnStmt, i int) types.Type {
	for fn := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var t types.Type
		switch fn := fn.Node().(type) {
		case *ast.FuncDecl:
			if obj := fc.info.Defs[fn.Name]; obj != nil {
				t = obj.Type()
			}
		case *ast.FuncLit:
			t = fc.info.TypeOf(fn)
		}
		sig, ok := t.(*types.Signature)
		if !ok || sig.Results().Len() != len(ret.Results) {
			return nil // did not type-check, or returns a call's results
		}
		if last := len(ret.Results) - 1; i < last && isError(sig.Results().At(last).Type()) && !fc.info.Types[ret.Results[last]].IsNil() {
			return nil // return nil, err: the error path hands out no scope
		}
		return sig.Results().At(i).Type()
	}
	return nil // not in a function: cannot happen for a return
}

// isError reports whether t is the error interface.
func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// elemType returns the type of an element of lit: the field named by key,
// or else the i'th field, or the element type of a slice, array or map.
func (fc *fileCheck) elemType(lit *ast.CompositeLit, key ast.Expr, i int) types.Type {
	t := typeUnder(fc.info.TypeOf(lit))
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying() // &T elided in []*T{{...}}
	}
	switch t := t.(type) {
	case *types.Struct:
		if id, ok := key.(*ast.Ident); ok {
			if f, ok := fc.info.Uses[id].(*types.Var); ok {
				return f.Type()
			}
			return nil // did not type-check
		}
		if key == nil && i >= 0 && i < t.NumFields() {
			return t.Field(i).Type()
		}
	case *types.Slice:
		return t.Elem()
	case *types.Array:
		return t.Elem()
	case *types.Map:
		if key != nil {
			return t.Elem()
		}
	}
	return nil
}
