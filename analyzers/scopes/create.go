package scopes

// The create check: scopes are made only where create.allow says.
// Composite literals, new, conversions, zero-value variables, the
// configured constructors and nil all make one. Decisions:
//
//   - The package that declares the scope type gets no implicit
//     allowance; its constructors make scopes like any other code, so the
//     rules list it in create.allow.
//   - Untyped nil fabricates a scope when its context converts it to the
//     scope type: an argument, a result, an assigned or declared
//     variable, a field, an element or a sent value. Comparisons with nil
//     fabricate nothing, nor does return nil, err with a non-nil error,
//     whose caller must not use the scope.
//   - A zero-value declaration at package level is reported for T, not
//     *T, which is unusable until assigned. A local one is reported where
//     its zero value can reach a use (zero.go).

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/archvet/archvet/analyzers/internal/analysisutil"
)

// checkMake reports new(T) and conversions that make a scope.
func (fc *fileCheck) checkMake(call *ast.CallExpr) {
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

// checkConstructor reports fn, referred to at val, if it constructs a
// scope: called there, or used as a function or method value.
func (fc *fileCheck) checkConstructor(val inspector.Cursor, called bool, fn *types.Func) {
	for _, s := range fc.create {
		if !s.constructs(fn) {
			continue // not a constructor of this scope
		}
		how := fc.valueKind(val.Node()) + " " + analysisutil.ObjectName(fn)
		if called {
			how = "call to " + analysisutil.ObjectName(fn)
		}
		s.report(fc.rep, val.Node(), how+" fabricates "+s.Type.Text+" outside create.allow")
	}
}

// checkNil reports nil, at c, given where a scope is expected.
func (fc *fileCheck) checkNil(c inspector.Cursor, id *ast.Ident) {
	for _, s := range fc.create {
		if t := fc.expectedType(c); t != nil && s.is(t) {
			s.report(fc.rep, id, "nil fabricates "+types.TypeString(t, nil)+" outside create.allow")
		}
	}
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

// checkVar reports a package-level variable of the scope type declared
// without a value, and has local ones followed (zero.go).
func (fc *fileCheck) checkVar(c inspector.Cursor, vs *ast.ValueSpec) {
	if len(vs.Values) > 0 {
		return // initialised: its values are checked where they are made
	}
	for _, name := range vs.Names {
		v, ok := fc.info.Defs[name].(*types.Var)
		if !ok || name.Name == "_" || v.Parent() == nil {
			continue // a constant, a blank or a declaration that did not type-check
		}
		if v.Parent() != fc.pass.Pkg.Scope() {
			fc.followZero(c, v, name)
			continue // local: reported where its zero value is used
		}
		for _, s := range fc.create {
			if s.isValue(v.Type()) {
				s.report(fc.rep, name, "zero-value declaration of "+name.Name+" fabricates "+s.Type.Text+" outside create.allow")
			}
		}
	}
}
