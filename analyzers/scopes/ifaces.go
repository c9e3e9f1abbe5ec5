package scopes

// Interfaces that fix method signatures, for the params check (see the
// notes at the top of params.go): the named interfaces of the package and
// of the packages it imports, indexed by method name once per pass and
// only if a method needs them, and those params.interfaces lists.

import (
	"go/types"

	"github.com/archvet/archvet/config"
)

// interfaces indexes the named interfaces of a package and its imports by
// the names of their methods. It is local to a pass.
type interfaces struct {
	pkg      *types.Package
	byMethod map[string][]*types.TypeName // nil until first asked
}

// with returns the interfaces that have a method called name.
func (x *interfaces) with(name string) []*types.TypeName {
	if x.byMethod == nil {
		x.byMethod = map[string][]*types.TypeName{}
		x.add(x.pkg)
		for _, imp := range x.pkg.Imports() {
			x.add(imp)
		}
	}
	return x.byMethod[name]
}

// add indexes the named interfaces declared in p.
func (x *interfaces) add(p *types.Package) {
	for _, name := range p.Scope().Names() {
		tn, ok := p.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			continue // not a type
		}
		if it, ok := tn.Type().Underlying().(*types.Interface); ok {
			x.addMethods(tn, it, 0)
		}
	}
}

// addMethods indexes tn under the names of the explicit methods of it and
// of the interfaces it embeds. It reads declarations only: computing the
// method sets of every interface of every import costs more than the
// rest of the check.
func (x *interfaces) addMethods(tn *types.TypeName, it *types.Interface, depth int) {
	if depth > maxDerivation {
		return // embedding this deep is a cycle, a type error
	}
	for i := range it.NumExplicitMethods() {
		name := it.ExplicitMethod(i).Name()
		if list := x.byMethod[name]; len(list) == 0 || list[len(list)-1] != tn {
			x.byMethod[name] = append(list, tn)
		}
	}
	for i := range it.NumEmbeddeds() {
		if e, ok := it.EmbeddedType(i).Underlying().(*types.Interface); ok {
			x.addMethods(tn, e, depth+1)
		}
	}
}

// listedInterfaces returns the interfaces that ts name in the packages of
// reach; names that are not interfaces there are left to internal/resolve.
func listedInterfaces(reach map[string]*types.Package, ts []*config.Target) []*types.TypeName {
	var out []*types.TypeName
	for _, t := range ts {
		p := reach[t.Pkg]
		if p == nil {
			continue // not reachable: no type of this package can satisfy it knowingly
		}
		for _, name := range t.Name.Alternatives() {
			if tn, ok := p.Scope().Lookup(name).(*types.TypeName); ok && types.IsInterface(tn.Type()) {
				out = append(out, tn)
			}
		}
	}
	return out
}

// fixedByInterface reports whether the signature of the method fn is fixed
// by an interface its receiver type satisfies, for scope s.
func (fc *fileCheck) fixedByInterface(fn *types.Func, s *scopeCheck) bool {
	if s.Params.StrictInterfaces {
		return false // every method is checked
	}
	recv := fn.Signature().Recv().Type()
	if _, ok := types.Unalias(recv).(*types.Pointer); !ok {
		recv = types.NewPointer(recv) // *T's method set holds T's
	}
	for _, tn := range fc.ifaces.with(fn.Name()) {
		if satisfies(recv, tn) {
			return true
		}
	}
	for _, tn := range s.listed {
		if hasMethod(tn, fn.Name()) && satisfies(recv, tn) {
			return true
		}
	}
	return false
}

// hasMethod reports whether the interface tn has a method called name.
func hasMethod(tn *types.TypeName, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(tn.Type(), false, tn.Pkg(), name)
	_, ok := obj.(*types.Func)
	return ok
}

// satisfies reports whether t implements the interface tn, instantiated
// with type arguments inferred from t's methods if it is generic.
func satisfies(t types.Type, tn *types.TypeName) bool {
	iface := tn.Type()
	if n, ok := types.Unalias(iface).(*types.Named); ok && n.TypeParams().Len() > 0 {
		inst, ok := instantiateFor(t, n)
		if !ok {
			return false // no type arguments make t fit
		}
		iface = inst
	}
	it, ok := iface.Underlying().(*types.Interface)
	return ok && types.Implements(t, it)
}

// instantiateFor instantiates the generic interface n with the type
// arguments that make its methods' signatures those of t's methods.
func instantiateFor(t types.Type, n *types.Named) (types.Type, bool) {
	it, ok := n.Underlying().(*types.Interface)
	if !ok {
		return nil, false // a generic type that is not an interface: not indexed
	}
	tparams := map[*types.TypeParam]bool{}
	for tp := range n.TypeParams().TypeParams() {
		tparams[tp] = true
	}
	bind := map[*types.TypeParam]types.Type{}
	for m := range it.Methods() {
		obj, _, _ := types.LookupFieldOrMethod(t, false, m.Pkg(), m.Name())
		got, ok := obj.(*types.Func)
		if !ok || !unify(m.Signature(), got.Signature(), tparams, bind) {
			return nil, false // t lacks the method, or its signature cannot match
		}
	}
	targs := make([]types.Type, 0, n.TypeParams().Len())
	for tp := range n.TypeParams().TypeParams() {
		b, ok := bind[tp]
		if !ok {
			return nil, false // a type parameter no method mentions
		}
		targs = append(targs, b)
	}
	inst, err := types.Instantiate(nil, n, targs, true)
	return inst, err == nil
}

// unify reports whether x, whose type parameters in tparams may be bound
// (consistently with bind, which it extends), can be identical to y.
// Receivers are ignored. It follows the type constructors that signatures
// are made of and compares anything else with types.Identical.
func unify(x, y types.Type, tparams map[*types.TypeParam]bool, bind map[*types.TypeParam]types.Type) bool {
	x, y = types.Unalias(x), types.Unalias(y)
	if tp, ok := x.(*types.TypeParam); ok && tparams[tp] {
		if b, ok := bind[tp]; ok {
			return types.Identical(b, y)
		}
		bind[tp] = y
		return true
	}
	switch x := x.(type) {
	case *types.Pointer:
		y, ok := y.(*types.Pointer)
		return ok && unify(x.Elem(), y.Elem(), tparams, bind)
	case *types.Slice:
		y, ok := y.(*types.Slice)
		return ok && unify(x.Elem(), y.Elem(), tparams, bind)
	case *types.Array:
		y, ok := y.(*types.Array)
		return ok && x.Len() == y.Len() && unify(x.Elem(), y.Elem(), tparams, bind)
	case *types.Map:
		y, ok := y.(*types.Map)
		return ok && unify(x.Key(), y.Key(), tparams, bind) && unify(x.Elem(), y.Elem(), tparams, bind)
	case *types.Chan:
		y, ok := y.(*types.Chan)
		return ok && x.Dir() == y.Dir() && unify(x.Elem(), y.Elem(), tparams, bind)
	case *types.Signature:
		y, ok := y.(*types.Signature)
		return ok && x.Variadic() == y.Variadic() &&
			unifyTuple(x.Params(), y.Params(), tparams, bind) && unifyTuple(x.Results(), y.Results(), tparams, bind)
	case *types.Named:
		y, ok := y.(*types.Named)
		if !ok || x.Origin() != y.Origin() || x.TypeArgs().Len() != y.TypeArgs().Len() {
			return false
		}
		for i := range x.TypeArgs().Len() {
			if !unify(x.TypeArgs().At(i), y.TypeArgs().At(i), tparams, bind) {
				return false
			}
		}
		return true
	}
	return types.Identical(x, y)
}

func unifyTuple(x, y *types.Tuple, tparams map[*types.TypeParam]bool, bind map[*types.TypeParam]types.Type) bool {
	if x.Len() != y.Len() {
		return false
	}
	for i := range x.Len() {
		if !unify(x.At(i).Type(), y.At(i).Type(), tparams, bind) {
			return false
		}
	}
	return true
}
