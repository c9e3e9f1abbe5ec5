package scopes

// Helpers on types shared by the checks: predicates (context.Context,
// error, a builtin, a type that did not type-check) and expectedType, the
// type a value's context converts it to, by which the create check tells
// where an untyped nil becomes a scope.

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

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

// typeUnder returns t's underlying type, or nil.
func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// isError reports whether t is the error interface.
func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
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

// isBuiltin reports whether e denotes the builtin function name.
func isBuiltin(info *types.Info, e ast.Expr, name string) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
