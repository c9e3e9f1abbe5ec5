package resolve

import (
	"fmt"
	"go/types"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/archvet/archvet/config"
)

// An item is one target to resolve, with where it was written.
type item struct {
	kind, id string // "rule" or "scope", and its id
	what     string // the section, as config names it: "ban", "calls.require"
	target   *config.Target
	resolve  func(*config.Target) (msg string, wait bool)
}

// items lists every target of the rules file in file order.
func (r *resolver) items() []item {
	var out []item
	for _, rule := range r.cfg.Rules {
		for _, t := range rule.Ban {
			out = append(out, item{"rule", rule.ID, "ban", t, r.ban})
		}
		if t := useInsteadTarget(rule); t != nil {
			out = append(out, item{"rule", rule.ID, "use_instead", t, r.ban})
		}
	}
	for _, s := range r.cfg.Scopes {
		if s.Type != nil {
			out = append(out, item{"scope", s.ID, "type", s.Type, r.scopeType})
		}
		if s.Params != nil {
			for _, t := range s.Params.Interfaces {
				out = append(out, item{"scope", s.ID, "params.interfaces", t, r.interfaceType})
			}
		}
		if s.Calls != nil {
			for _, t := range s.Calls.Require {
				out = append(out, item{"scope", s.ID, "calls.require", t, r.callable})
			}
		}
		if s.Create != nil {
			for _, t := range s.Create.Constructors {
				out = append(out, item{"scope", s.ID, "create.constructors", t, r.callable})
			}
		}
	}
	return out
}

// run resolves every item, loading packages in rounds until each is
// settled: the first round uses only what the run loaded already.
func (r *resolver) run() (errs, warnings []*config.Error) {
	items := r.items()
	for len(items) > 0 {
		var waiting []item
		for _, it := range items {
			r.outside = false
			msg, wait := it.resolve(it.target)
			switch {
			case wait:
				waiting = append(waiting, it)
			case msg != "" && r.outside && !r.opts.Strict:
				warnings = append(warnings, &config.Error{File: r.cfg.File, Line: it.target.Pos.Line, Col: it.target.Pos.Col,
					Kind: it.kind, ID: it.id, Msg: it.what + ": " + msg})
			case msg != "":
				errs = append(errs, &config.Error{File: r.cfg.File, Line: it.target.Pos.Line, Col: it.target.Pos.Col,
					Kind: it.kind, ID: it.id, Msg: it.what + ": " + msg})
			}
		}
		if len(r.need) == 0 && len(waiting) > 0 {
			panic("internal error: resolve: a target waits for nothing") // lookup and declsOf record what they wait for
		}
		r.load()
		items = waiting
	}
	return errs, warnings
}

// useInsteadTarget returns the symbol a rule's use_instead names, if it
// names one by a full import path (example.com/app/storage.Read): such a
// replacement must exist. Prose and short names (storage.Storage,
// analysis.Pass.ReadFile) are hints for people and are not judged.
func useInsteadTarget(rule *config.Rule) *config.Target {
	t, err := config.ParseTarget(rule.UseInstead)
	if err != nil || t.Kind != config.TargetSymbol || !strings.Contains(t.Pkg, "/") {
		return nil
	}
	t.Pos = rule.UseInsteadPos
	return t
}

// ban resolves a ban target. An ambiguous target such as gopkg.in/yaml.v3
// is fine if either reading resolves.
func (r *resolver) ban(t *config.Target) (string, bool) {
	switch t.Kind {
	case config.TargetPackage:
		if t.Recursive {
			return r.recursive(t.Pkg)
		}
		return r.pkg(t.Pkg)
	case config.TargetMethod:
		return r.method(t)
	}
	return r.ambiguous(t, false)
}

// callable resolves a calls.require or create.constructors target, which
// must name functions or methods.
func (r *resolver) callable(t *config.Target) (string, bool) {
	if t.Kind == config.TargetMethod {
		return r.method(t)
	}
	return r.ambiguous(t, true)
}

// ambiguous resolves a symbol target, which may also read as a package
// path (gopkg.in/yaml.v3): only if the symbol reading fails is the
// package reading tried, and for a ban either will do.
func (r *resolver) ambiguous(t *config.Target, funcs bool) (string, bool) {
	msg, wait := r.symbol(t, funcs)
	if wait || msg == "" || !t.OrPackage {
		return msg, wait
	}
	symbolOutside := r.outside
	pmsg, wait := r.pkg(t.Text)
	packageOutside := r.outside
	r.outside = symbolOutside // the message returned below is the symbol reading's, but for one case
	if wait {
		return "", true
	}
	switch r.state(t.Text) {
	case found:
		if funcs {
			return fmt.Sprintf("%q names a package; name functions or methods", t.Text), false
		}
		return "", false
	case broken:
		if r.view && exported(t.Name.Text) {
			return msg, false // one package's view: an exported name reads as a symbol, and its package is in view
		}
		return "", false // the package reading cannot be judged
	}
	if r.state(t.Pkg) == missing && !exported(t.Name.Text) {
		r.outside = packageOutside
		return pmsg, false // "yaml.v4" reads as a package more than as a symbol
	}
	return msg, false
}

// state returns what is known of the package at path; broken if nothing.
func (r *resolver) state(path string) pkgState {
	if info := r.pkgs[path]; info != nil {
		return info.state
	}
	return broken
}

// pkg resolves a package path.
func (r *resolver) pkg(p string) (string, bool) {
	info, wait := r.lookup(p, false)
	if wait || info.state != missing {
		return "", wait
	}
	return r.noPackage(p, info), false
}

// recursive resolves "p/...": some package at or below p must exist.
func (r *resolver) recursive(p string) (string, bool) {
	pattern := p + "/..."
	switch {
	case r.anyFound(p):
		return "", false
	case r.loadErr != nil:
		return "", false // the go command failed: not judged
	case !r.asked[pattern]:
		r.need[pattern] = true
		return "", true
	}
	var dirs []string // every candidate and its parents
	for _, c := range r.candidates() {
		for d := c; d != "." && d != "/"; d = path.Dir(d) {
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs)
	s := config.Suggest(p, slices.Compact(dirs))
	if s != "" {
		s += "/..."
	}
	return fmt.Sprintf("no package matches %q%s", pattern, didYouMean(s)), false
}

// noPackage says that the package at p does not exist.
func (r *resolver) noPackage(p string, info *pkgInfo) string {
	msg := fmt.Sprintf("no package %q", p)
	notRequired := strings.Contains(info.reason, "no required module provides package") ||
		strings.Contains(info.reason, "import lookup disabled by -mod=readonly")
	if notRequired && !r.inMainModule(p) {
		msg += ": no required module provides it"
		r.outside = true
	}
	return msg + didYouMean(config.Suggest(p, r.candidates()))
}

// A member is a package-level name and what it declares.
type member struct {
	name, kind string // kind: "function", "variable", "constant" or "type"
}

// symbol resolves a pkg.Name target: each alternative of the name must
// match a package-level declaration, and a function if funcs is set.
func (r *resolver) symbol(t *config.Target, funcs bool) (string, bool) {
	info, wait := r.lookup(t.Pkg, true)
	if wait || info.state == broken {
		return "", wait
	}
	if info.state == missing {
		return r.noPackage(t.Pkg, info), false
	}
	for _, alt := range t.Name.Alternatives() {
		ms := info.match(alt)
		if len(ms) == 0 && r.view && info.typed && literal(alt) && exported(alt) {
			return noSymbol(info, alt, funcs), false // complete types hold every exported name
		}
		if len(ms) == 0 {
			d, wait, ok := r.declsOf(info)
			if wait || !ok {
				return "", wait // files not known: not judged
			}
			if ms = d.match(alt); len(ms) == 0 {
				return noSymbol(info, alt, funcs), false
			}
		}
		if funcs && !slices.ContainsFunc(ms, func(m member) bool { return m.kind == "function" }) {
			return fmt.Sprintf("%s in package %q is a %s, not a function", ms[0].name, t.Pkg, ms[0].kind), false
		}
	}
	return "", false
}

// noSymbol says that nothing in the package matches alt.
func noSymbol(info *pkgInfo, alt string, funcs bool) string {
	what, kinds := "function, variable, constant or type", []string{"function", "variable", "constant", "type"}
	if funcs {
		what, kinds = "function", []string{"function"}
	}
	if !literal(alt) {
		return fmt.Sprintf("no %s in package %q matches %s", what, info.path, alt)
	}
	return fmt.Sprintf("no %s %s in package %q%s", what, alt, info.path, didYouMean(config.Suggest(alt, info.names(kinds...))))
}

// method resolves a (pkg.T).Name target: T must be a type declared in
// the package, not an alias, and each alternative of the name must match
// a method of T or *T, promoted and interface methods included.
func (r *resolver) method(t *config.Target) (string, bool) {
	info, wait := r.lookup(t.Pkg, true)
	if wait || info.state == broken {
		return "", wait
	}
	if info.state == missing {
		return r.noPackage(t.Pkg, info), false
	}
	obj := info.object(t.Recv)
	if obj == nil {
		return r.undeclaredType(info, t.Recv, "type")
	}
	tn, ok := obj.(*types.TypeName)
	switch {
	case !ok:
		return fmt.Sprintf("%s in package %q is a %s, not a type", t.Recv, t.Pkg, kindOf(obj)), false
	case tn.IsAlias():
		return fmt.Sprintf("%s in package %q is an alias for %s; name the method by the type that declares it",
			t.Recv, t.Pkg, types.TypeString(types.Unalias(tn.Type()), nil)), false
	}
	names := methodNames(tn.Type())
	for _, alt := range t.Name.Alternatives() {
		if slices.ContainsFunc(names, matcher(alt)) {
			continue
		}
		d, wait, ok := r.declsOf(info)
		if wait || !ok {
			return "", wait // files not known: not judged
		}
		if slices.ContainsFunc(d.methods[t.Recv], matcher(alt)) {
			continue // declared for another platform, or unexported and absent from export data
		}
		recv := t.Pkg + "." + t.Recv
		if !literal(alt) {
			return fmt.Sprintf("no method of %s matches %s", recv, alt), false
		}
		if f, _, _ := types.LookupFieldOrMethod(tn.Type(), true, tn.Pkg(), alt); f != nil {
			return fmt.Sprintf("%s is a field of %s, not a method", alt, recv), false
		}
		return fmt.Sprintf("no method %s on %s%s", alt, recv, didYouMean(config.Suggest(alt, names))), false
	}
	return "", false
}

// scopeType resolves a scope's type, which must be a named type; an alias
// for one is accepted.
func (r *resolver) scopeType(t *config.Target) (string, bool) {
	info, wait := r.lookup(t.Pkg, true)
	if wait || info.state == broken {
		return "", wait
	}
	if info.state == missing {
		return r.noPackage(t.Pkg, info), false
	}
	name := t.Name.Text
	obj := info.object(name)
	if obj == nil {
		return r.undeclaredType(info, name, "named type")
	}
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return fmt.Sprintf("%s in package %q is a %s, not a named type", name, t.Pkg, kindOf(obj)), false
	}
	if _, ok := types.Unalias(tn.Type()).(*types.Named); !ok {
		return fmt.Sprintf("%s in package %q is an alias for %s, not a named type", name, t.Pkg, types.TypeString(types.Unalias(tn.Type()), nil)), false
	}
	return "", false
}

// interfaceType resolves a params.interfaces target: each name in it must
// be an interface type, or an alias for one.
func (r *resolver) interfaceType(t *config.Target) (string, bool) {
	info, wait := r.lookup(t.Pkg, true)
	if wait || info.state == broken {
		return "", wait
	}
	if info.state == missing {
		return r.noPackage(t.Pkg, info), false
	}
	for _, name := range t.Name.Alternatives() {
		obj := info.object(name)
		if obj == nil {
			if msg, wait := r.undeclaredType(info, name, "type"); msg != "" || wait {
				return msg, wait
			}
			continue // declared for another platform
		}
		tn, ok := obj.(*types.TypeName)
		switch {
		case !ok:
			return fmt.Sprintf("%s in package %q is a %s, not an interface type", name, t.Pkg, kindOf(obj)), false
		case !types.IsInterface(tn.Type()):
			return fmt.Sprintf("%s in package %q is not an interface type", name, t.Pkg), false
		}
	}
	return "", false
}

// undeclaredType handles a type name missing from the package's types:
// declared only for another platform (fine), declared as something else,
// or not at all. want is "type" or "named type".
func (r *resolver) undeclaredType(info *pkgInfo, name, want string) (string, bool) {
	d, wait, ok := r.declsOf(info)
	if wait || !ok {
		return "", wait // files not known: not judged
	}
	switch kind := d.kinds[name]; kind {
	case "type":
		return "", false // declared for another platform, or unexported and absent from export data
	case "":
		return fmt.Sprintf("no type %s in package %q%s", name, info.path, didYouMean(config.Suggest(name, info.names("type")))), false
	default:
		return fmt.Sprintf("%s in package %q is a %s, not a %s", name, info.path, kind, want), false
	}
}

// object returns the package-level object called name, or nil.
func (info *pkgInfo) object(name string) types.Object {
	for _, tp := range info.types {
		if obj := tp.Scope().Lookup(name); obj != nil {
			return obj
		}
	}
	return nil
}

// match returns the package-level objects that pattern matches.
func (info *pkgInfo) match(pattern string) []member {
	var out []member
	for _, tp := range info.types {
		for _, name := range tp.Scope().Names() {
			if ok, _ := path.Match(pattern, name); ok {
				out = append(out, member{name, kindOf(tp.Scope().Lookup(name))})
			}
		}
	}
	return out
}

// names returns the package-level names of the given kinds, from types
// and from declarations already parsed, for suggestions.
func (info *pkgInfo) names(kinds ...string) []string {
	var out []string
	for _, tp := range info.types {
		for _, name := range tp.Scope().Names() {
			if slices.Contains(kinds, kindOf(tp.Scope().Lookup(name))) {
				out = append(out, name)
			}
		}
	}
	if info.decls != nil {
		for name, kind := range info.decls.kinds {
			if slices.Contains(kinds, kind) {
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// kindOf names what a package-level object declares.
func kindOf(obj types.Object) string {
	switch obj.(type) {
	case *types.Func:
		return "function"
	case *types.Var:
		return "variable"
	case *types.Const:
		return "constant"
	case *types.TypeName:
		return "type"
	}
	return "name"
}

// methodNames returns the names of the methods of T and *T: declared,
// promoted through embedding, and of interfaces.
func methodNames(t types.Type) []string {
	var out []string
	add := func(ms *types.MethodSet) {
		for sel := range ms.Methods() {
			out = append(out, sel.Obj().Name())
		}
	}
	add(types.NewMethodSet(t))
	if !types.IsInterface(t) {
		add(types.NewMethodSet(types.NewPointer(t)))
	}
	if n, ok := t.(*types.Named); ok {
		for m := range n.Methods() {
			out = append(out, m.Name()) // generic types: declared methods, whatever NewMethodSet makes of them
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func matcher(pattern string) func(string) bool {
	return func(name string) bool {
		ok, _ := path.Match(pattern, name)
		return ok
	}
}

func literal(pattern string) bool { return !strings.ContainsAny(pattern, "*?") }

// exported reports whether name starts with an upper-case letter.
func exported(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", s)
}
