package scopes

// The params check: an exported function or method in a governed file
// takes the scope as its first parameter, or right after a leading
// context.Context if the scope's params set after_context. Decisions:
//
//   - Checked are exported functions, and exported methods of exported
//     types, declared in governed files. Methods of unexported types are
//     reachable from other packages only through interfaces, whose shape
//     the implementing package rarely chooses, so they are not checked.
//     Nor are methods whose name and signature a standard interface fixes
//     (Error, String, MarshalJSON, Unwrap, Scan...), nor _test.go files,
//     whose exported functions are Test, Benchmark and Example functions.
//   - Nor, unless params.interfaces is strict, methods whose signature an
//     interface fixes: one that the receiver type (or a pointer to it)
//     satisfies, declared in the package, in a package it imports, or
//     named in params.interfaces, with a method of the same name. Methods
//     of embedded interfaces count; a generic interface counts if type
//     arguments inferred from the receiver's methods instantiate it into
//     one the type satisfies. Only named interfaces in a package's scope
//     are considered, and a listed one only where its package is reachable
//     through imports: a type cannot satisfy an interface of a package it
//     cannot see without a conversion the checker would need to load.
//     The standard methods above stay unchecked even when strict: they
//     never reach tenant data.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/archvet/archvet/config"
)

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
	if sig.Recv() != nil && fc.fixedByInterface(fn, s) {
		return // its signature is fixed by an interface its type satisfies
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
