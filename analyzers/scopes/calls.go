package scopes

// The calls check: a call of a required function or method passes a
// value derived from the scope. Decisions:
//
//   - A call passes a scope if an argument, or the receiver of a method
//     call, is derived from one: a value of the scope type, a call (or
//     conversion) given a derived value, a composite literal holding one,
//     its address, or a local variable whose initializer is derived. A
//     field such as s.TenantID is not the scope.
//   - Method values: a required function or method used as a value
//     (f := r.Query, a method expression, a function passed as an
//     argument) hides the arguments of its eventual calls. If the value is
//     bound to a local variable whose every use is a call, those calls are
//     checked as calls of the target; any other value is reported where it
//     is made.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/archvet/archvet/analyzers/internal/analysisutil"
)

// checkCall reports a call of a required target that passes no scope.
func (fc *fileCheck) checkCall(call *ast.CallExpr) {
	fn, ok := typeutil.Callee(fc.info, call).(*types.Func)
	if !ok {
		return // a builtin, a conversion, or a call through a function value: checkFuncValue checks those where they are made
	}
	for _, s := range fc.calls {
		if !s.requires(fn) {
			continue // not this scope's target
		}
		if v := fc.register(call, fn, s); v.needs && !fc.scoped(call, nil, s, 0) { // register: tables.go
			s.report(fc.rep, call.Fun, v.message(s, fmt.Sprintf("call to %s passes no %s", analysisutil.ObjectName(fn), s.Type.Text)))
		}
	}
}

// checkFuncValues checks fn, used as a value at val, for each scope whose
// calls require it.
func (fc *fileCheck) checkFuncValues(val inspector.Cursor, fn *types.Func) {
	for _, s := range fc.calls {
		if s.requires(fn) {
			fc.checkFuncValue(val, fn, s)
		}
	}
}

// checkFuncValue checks a function or method value of a required target
// made at val: the calls through a local variable it is bound to, or else
// the value itself.
func (fc *fileCheck) checkFuncValue(val inspector.Cursor, fn *types.Func, s *scopeCheck) {
	if v := fc.boundLocal(val); v != nil {
		if calls, ok := fc.callsOf(val.Parent(), v); ok {
			recv := fc.receiver(val.Node().(ast.Expr))
			for _, call := range calls {
				if r := fc.register(call, fn, s); r.needs && !fc.scoped(call, recv, s, 0) {
					s.report(fc.rep, call.Fun, r.message(s, fmt.Sprintf("call to %s through %s passes no %s", analysisutil.ObjectName(fn), v.Name(), s.Type.Text)))
				}
			}
			return // every use of the variable is a call, checked above
		}
	}
	s.report(fc.rep, val.Node(), fmt.Sprintf("%s %s hides the arguments of its calls; call it directly and pass %s",
		fc.valueKind(val.Node()), analysisutil.ObjectName(fn), s.Type.Text))
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
