package bans

// Replacements a driver loaded (WithReplacements).
//
// An analyzer sees the types of the package under analysis and of its
// imports, nothing else (see fix.go), so alone it can offer a
// use_instead fix only in a package that already depends on the
// replacement. That misses the packages that need the fix most: core
// code that calls os.ReadFile and has never imported localfs. A driver
// that loads packages itself knows more. archvet's does: it resolves the
// rules before analysing (internal/resolve), which loads the use_instead
// package with its types. It hands the analyzer what a fix needs to know
// of each use_instead function, as plain data, through WithReplacements.
//
// Plain data, because type-checker objects must not cross loads: the
// same named type loaded twice is two *types.Named, and types.Identical
// says they differ. So the signature travels as a key (signatureKey)
// that names types by package path with aliases resolved, and the
// analyzer compares it with the banned function's key, computed the
// same way from the pass's types.
//
// Import cycles. A package that already depends on the replacement's
// package can import it. One that does not might be among that
// package's own imports: core may not import localfs if localfs imports
// core. So a Replacement carries the import paths of every package its
// package imports, directly or not, from the go command's import graph
// (not from export data, whose imports list only what its API refers
// to), and no fix is offered in any of them.
//
// go vet and golangci-lint pass no replacements: under them a fix needs
// the replacement among the package's imports (fix.go).

import (
	"fmt"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// An Option adjusts the analyzers that Suite and NewBans return.
type Option func(*options)

// options are read-only once the analyzers are built.
type options struct {
	replacements map[string]Replacement // by use_instead text
	lookup       func(useInstead string) (Replacement, bool)
}

func newOptions(opts []Option) *options {
	o := &options{}
	for _, opt := range opts {
		opt(o)
	}
	return o
}

// WithReplacements gives the bans analyzer the functions that rules'
// use_instead entries name, keyed by the use_instead text, so that it
// can offer fixes in packages that do not import them yet. It copies m.
func WithReplacements(m map[string]Replacement) Option {
	m = maps.Clone(m)
	for k, r := range m {
		r.Deps = slices.Sorted(slices.Values(r.Deps))
		m[k] = r
	}
	return func(o *options) { o.replacements = m }
}

// WithReplacementLookup gives the bans analyzer a function that loads,
// on first need, the function a use_instead entry names: for drivers that
// see one package at a time (go vet), where loading every replacement for
// every package up front would cost more than the fixes are worth. lookup
// is called from any number of passes at once, and must be safe for that.
func WithReplacementLookup(lookup func(useInstead string) (Replacement, bool)) Option {
	return func(o *options) { o.lookup = lookup }
}

// A Replacement describes an exported package-level function that a
// rule's use_instead names, as a driver that loaded it sees it.
type Replacement struct {
	PkgPath   string   // import path of the function's package
	PkgName   string   // that package's name, which a new import uses
	Name      string   // the function's name
	Signature string   // the function's signature key; see NewReplacement
	Deps      []string // import paths of what its package imports, directly or not
}

// NewReplacement describes fn, an exported package-level function, whose
// package imports the packages at deps, directly or not. Its Signature
// is fn's signature without parameter names, with types named by package
// path and aliases resolved: func(string, []uint8, io/fs.FileMode) error
// for os.WriteFile.
func NewReplacement(fn *types.Func, deps []string) Replacement {
	return Replacement{
		PkgPath:   fn.Pkg().Path(),
		PkgName:   fn.Pkg().Name(),
		Name:      fn.Name(),
		Signature: signatureKey(fn.Origin().Signature()),
		Deps:      slices.Sorted(slices.Values(deps)),
	}
}

// signatureKey prints sig, ignoring its receiver, so that signatures
// from different loads have equal keys if and only if they would be
// identical in one load (types.Identical), but for interfaces and unions
// written differently, whose keys differ: a missed fix, never a wrong
// one. It returns "" if sig holds an invalid type.
func signatureKey(sig *types.Signature) string {
	var k keyWriter
	k.signature(sig)
	if k.invalid {
		return ""
	}
	return k.String()
}

// keyWriter prints types for signatureKey.
type keyWriter struct {
	strings.Builder
	invalid bool
}

func (k *keyWriter) typ(t types.Type) {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.Invalid:
			k.invalid = true
		case types.UnsafePointer:
			k.WriteString("unsafe.Pointer")
		default:
			k.WriteString(types.Typ[t.Kind()].Name()) // byte and rune as uint8 and int32
		}
	case *types.Named:
		if pkg := t.Obj().Pkg(); pkg != nil {
			k.WriteString(pkg.Path() + ".") // else error or comparable
		}
		k.WriteString(t.Obj().Name())
		if args := t.TypeArgs(); args.Len() > 0 {
			k.list("[", "]", args.Len(), func(i int) { k.typ(args.At(i)) })
		}
	case *types.TypeParam:
		fmt.Fprintf(k, "$%d", t.Index()) // by position: names do not matter to types.Identical
	case *types.Pointer:
		k.WriteString("*")
		k.typ(t.Elem())
	case *types.Slice:
		k.WriteString("[]")
		k.typ(t.Elem())
	case *types.Array:
		fmt.Fprintf(k, "[%d]", t.Len())
		k.typ(t.Elem())
	case *types.Map:
		k.WriteString("map[")
		k.typ(t.Key())
		k.WriteString("]")
		k.typ(t.Elem())
	case *types.Chan:
		k.WriteString([...]string{types.SendRecv: "chan(", types.SendOnly: "chan<-(", types.RecvOnly: "<-chan("}[t.Dir()])
		k.typ(t.Elem())
		k.WriteString(")")
	case *types.Signature:
		k.signature(t)
	case *types.Struct:
		k.list("struct{", "}", t.NumFields(), func(i int) { k.field(t.Field(i), t.Tag(i)) })
	case *types.Interface:
		k.iface(t)
	case *types.Union:
		for i := range t.Len() {
			if i > 0 {
				k.WriteString(" | ")
			}
			if t.Term(i).Tilde() {
				k.WriteString("~")
			}
			k.typ(t.Term(i).Type())
		}
	default:
		k.invalid = true // a kind of type this printer does not know: no key, no fix
	}
}

// signature prints func[type parameters](parameters) results.
func (k *keyWriter) signature(sig *types.Signature) {
	k.WriteString("func")
	if tps := sig.TypeParams(); tps.Len() > 0 {
		k.list("[", "]", tps.Len(), func(i int) { k.typ(tps.At(i).Constraint()) })
	}
	params := sig.Params()
	k.list("(", ")", params.Len(), func(i int) {
		t := params.At(i).Type()
		if sig.Variadic() && i == params.Len()-1 {
			k.WriteString("...")
			if s, ok := t.(*types.Slice); ok {
				t = s.Elem() // always, but for append's string special case
			}
		}
		k.typ(t)
	})
	switch res := sig.Results(); res.Len() {
	case 0:
	case 1:
		k.WriteString(" ")
		k.typ(res.At(0).Type())
	default:
		k.WriteString(" ")
		k.list("(", ")", res.Len(), func(i int) { k.typ(res.At(i).Type()) })
	}
}

// field prints a struct field: unexported names are qualified by their
// package, as types.Identical tells them apart.
func (k *keyWriter) field(f *types.Var, tag string) {
	if !f.Embedded() {
		k.WriteString(qualifiedName(f) + " ")
	}
	k.typ(f.Type())
	if tag != "" {
		k.WriteString(" " + strconv.Quote(tag))
	}
}

// iface prints an interface's method set, which types.Interface sorts,
// then its embedded types as written, which tell type sets apart:
// comparable, unions, ~int.
func (k *keyWriter) iface(t *types.Interface) {
	k.list("interface{", "", t.NumMethods(), func(i int) {
		k.WriteString(qualifiedName(t.Method(i)) + " ")
		k.signature(t.Method(i).Signature())
	})
	if t.NumEmbeddeds() > 0 {
		k.list("; ", "", t.NumEmbeddeds(), func(i int) { k.typ(t.EmbeddedType(i)) })
	}
	k.WriteString("}")
}

// qualifiedName returns obj's name, prefixed by its package path if it
// is not exported.
func qualifiedName(obj types.Object) string {
	if obj.Exported() || obj.Pkg() == nil {
		return obj.Name()
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

// list prints n elements between open and close, separated by commas.
func (k *keyWriter) list(open, close string, n int, elem func(i int)) {
	k.WriteString(open)
	for i := range n {
		if i > 0 {
			k.WriteString(", ")
		}
		elem(i)
	}
	k.WriteString(close)
}
