package config

import (
	"fmt"
	"go/types"
	"path"
	"regexp"
	"strings"
)

// TargetKind says what a Target names.
type TargetKind int

const (
	// TargetPackage names a package, or with Recursive a package and all
	// packages below it: "io/ioutil", "example.com/app/internal/clients/...".
	TargetPackage TargetKind = iota
	// TargetSymbol names package-level functions, variables, constants or
	// types: "os.ReadFile", "os.{Create,Open}", "net/http.Get*".
	TargetSymbol
	// TargetMethod names methods, as (*types.Func).FullName prints them:
	// "(*net/http.Client).Do", "(example.com/app/repo.Repo).{Get,Put}".
	TargetMethod
)

// A Target is one compiled entry of a rule's ban list, or a scope's
// require or constructor list. It is matched against go/types objects and
// package paths, never against source text.
type Target struct {
	Text      string     // as written in the rules file
	Pos       Pos        // where it was written
	Kind      TargetKind // what it names
	Pkg       string     // the package path
	Recursive bool       // TargetPackage only: also every package below Pkg
	Recv      string     // TargetMethod only: the receiver's type name
	Name      *NamePattern
	// OrPackage is set on a TargetSymbol whose text is also a valid
	// package path, such as "gopkg.in/yaml.v3": until the target is
	// resolved against loaded packages both readings are in force.
	OrPackage bool
}

// A NamePattern matches identifiers: a name, a brace list of names
// ("{Open,Create}"), and "*" wildcards in any of them.
type NamePattern struct {
	Text string
	alts []string // brace-expanded alternatives, each a path.Match pattern
}

// Match reports whether name matches p.
func (p *NamePattern) Match(name string) bool {
	for _, a := range p.alts {
		if ok, _ := path.Match(a, name); ok {
			return true
		}
	}
	return false
}

// Literal returns the names p matches if it has no wildcards.
func (p *NamePattern) Literal() ([]string, bool) {
	for _, a := range p.alts {
		if strings.ContainsAny(a, "*?") {
			return nil, false
		}
	}
	return p.alts, true
}

// Alternatives returns the brace-expanded alternatives of p, each a name
// that may hold * and ? wildcards, in the order written.
func (p *NamePattern) Alternatives() []string { return append([]string(nil), p.alts...) }

// String returns the pattern as written.
func (p *NamePattern) String() string { return p.Text }

var (
	pkgPathRE  = regexp.MustCompile(`^[A-Za-z0-9_~+.-]+(/[A-Za-z0-9_~+.-]+)*$`)
	namePatRE  = regexp.MustCompile(`^[\p{L}_*?][\p{L}\p{Nd}_*?]*$`)
	typeNameRE = regexp.MustCompile(`^[\p{L}_][\p{L}\p{Nd}_]*$`)
)

// ParseTarget compiles one target. It is exported for tests and tools that
// accept targets on the command line.
func ParseTarget(text string) (*Target, error) {
	t := &Target{Text: text}
	s := strings.TrimSpace(text)
	if s != text || s == "" {
		return nil, fmt.Errorf("target %q: empty or has surrounding spaces", text)
	}
	if strings.HasPrefix(s, "(") {
		if err := t.parseMethod(s); err != nil {
			return nil, err // not a half-filled target: callers may keep what has no error
		}
		return t, nil
	}
	if rest, ok := strings.CutSuffix(s, "/..."); ok {
		if !validPkgPath(rest) {
			return nil, fmt.Errorf("target %q: %q is not a package path", text, rest)
		}
		t.Kind, t.Pkg, t.Recursive = TargetPackage, rest, true
		return t, nil
	}
	lastSlash := strings.LastIndexByte(s, '/')
	dot := strings.LastIndexByte(s, '.')
	if dot <= lastSlash {
		// No dot in the last element: a package such as "os" or "io/ioutil".
		if !validPkgPath(s) {
			return nil, fmt.Errorf("target %q is not a package path, a pkg.Name symbol or a (pkg.Type).Method method", text)
		}
		t.Kind, t.Pkg = TargetPackage, s
		return t, nil
	}
	// Cut at the last dot before a brace list, so "os.{A,B}" is not split
	// inside the braces.
	if brace := strings.IndexByte(s, '{'); brace >= 0 && brace > lastSlash {
		dot = strings.LastIndexByte(s[:brace], '.')
		if dot <= lastSlash {
			return nil, fmt.Errorf("target %q: a brace list is allowed only in the name after the package path", text)
		}
	}
	pkg, name := s[:dot], s[dot+1:]
	if !validPkgPath(pkg) {
		return nil, fmt.Errorf("target %q: %q is not a package path", text, pkg)
	}
	np, err := parseNamePattern(name)
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", text, err)
	}
	t.Kind, t.Pkg, t.Name = TargetSymbol, pkg, np
	t.OrPackage = validPkgPath(s) && typeNameRE.MatchString(name)
	return t, nil
}

// parseMethod parses "(*pkg.Type).Name" or "(pkg.Type).Name".
func (t *Target) parseMethod(s string) error {
	closeParen := strings.IndexByte(s, ')')
	if closeParen < 0 || len(s) <= closeParen+2 || s[closeParen+1] != '.' {
		return fmt.Errorf("target %q: a method is written (*pkg/path.Type).Name or (pkg/path.Type).Name", t.Text)
	}
	recv, name := s[1:closeParen], s[closeParen+2:]
	recv = strings.TrimPrefix(recv, "*")
	if i := strings.IndexByte(recv, '['); i >= 0 && strings.HasSuffix(recv, "]") {
		recv = recv[:i] // (*pkg.List[T]).Push: type parameters are not part of the identity
	}
	dot := strings.LastIndexByte(recv, '.')
	if dot <= strings.LastIndexByte(recv, '/') {
		return fmt.Errorf("target %q: receiver %q is not pkg/path.Type", t.Text, recv)
	}
	pkg, typ := recv[:dot], recv[dot+1:]
	if !validPkgPath(pkg) {
		return fmt.Errorf("target %q: %q is not a package path", t.Text, pkg)
	}
	if !typeNameRE.MatchString(typ) {
		return fmt.Errorf("target %q: %q is not a type name", t.Text, typ)
	}
	np, err := parseNamePattern(name)
	if err != nil {
		return fmt.Errorf("target %q: %w", t.Text, err)
	}
	t.Kind, t.Pkg, t.Recv, t.Name = TargetMethod, pkg, typ, np
	return nil
}

func validPkgPath(p string) bool {
	return pkgPathRE.MatchString(p) && !strings.Contains(p, "..") && !strings.HasPrefix(p, ".")
}

func parseNamePattern(s string) (*NamePattern, error) {
	alts, err := expandBraces(s)
	if err != nil {
		return nil, err
	}
	for _, a := range alts {
		if !namePatRE.MatchString(a) {
			return nil, fmt.Errorf("%q is not an identifier (wildcards * and ? and one {a,b} list are allowed)", a)
		}
	}
	return &NamePattern{Text: s, alts: alts}, nil
}

// expandBraces expands one level of {a,b,c} alternatives.
func expandBraces(s string) ([]string, error) {
	open := strings.IndexByte(s, '{')
	if open < 0 {
		if strings.ContainsAny(s, "},") {
			return nil, fmt.Errorf("unbalanced braces in %q", s)
		}
		return []string{s}, nil
	}
	closing := strings.IndexByte(s[open:], '}')
	if closing < 0 {
		return nil, fmt.Errorf("unbalanced braces in %q", s)
	}
	closing += open
	prefix, body, suffix := s[:open], s[open+1:closing], s[closing+1:]
	if strings.ContainsAny(body, "{") || strings.ContainsAny(suffix, "{}") || strings.ContainsAny(prefix, "},") {
		return nil, fmt.Errorf("only one brace list, not nested, is allowed in %q", s)
	}
	var out []string
	seen := map[string]bool{}
	for _, alt := range strings.Split(body, ",") {
		alt = strings.TrimSpace(alt)
		if alt == "" {
			return nil, fmt.Errorf("empty alternative in %q", s)
		}
		if full := prefix + alt + suffix; !seen[full] {
			seen[full] = true
			out = append(out, full)
		}
	}
	return out, nil
}

// MatchPackage reports whether t names the package with import path p.
func (t *Target) MatchPackage(p string) bool {
	switch {
	case t.Kind == TargetPackage:
		return p == t.Pkg || t.Recursive && strings.HasPrefix(p, t.Pkg+"/")
	case t.OrPackage:
		return p == t.Text
	}
	return false
}

// MatchObject reports whether obj is one of the objects t names. For a
// TargetPackage every object declared in the package matches. Generic
// instances match through their origin.
func (t *Target) MatchObject(obj types.Object) bool {
	pkg := obj.Pkg()
	if pkg == nil {
		return false // universe scope: builtins, error, nil
	}
	switch t.Kind {
	case TargetPackage:
		return t.MatchPackage(pkg.Path())
	case TargetSymbol:
		if pkg.Path() == t.Pkg && !isPackageLevel(obj) {
			return false // a method, field or local of the package
		}
		return t.MatchPackageLevel(pkg.Path(), obj.Name())
	case TargetMethod:
		fn, ok := obj.(*types.Func)
		if !ok {
			return false
		}
		named := RecvNamed(fn)
		return named != nil && named.Obj().Pkg() != nil &&
			named.Obj().Pkg().Path() == t.Pkg && named.Obj().Name() == t.Recv &&
			t.Name.Match(fn.Name())
	}
	return false
}

// MatchPackageLevel reports whether t names the package-level object
// called name of the package at import path pkgPath, as MatchObject does
// for a declared object, without its types.
func (t *Target) MatchPackageLevel(pkgPath, name string) bool {
	switch t.Kind {
	case TargetPackage:
		return t.MatchPackage(pkgPath)
	case TargetSymbol:
		if t.OrPackage && pkgPath == t.Text {
			return true // the package reading of an ambiguous target
		}
		return pkgPath == t.Pkg && t.Name.Match(name)
	}
	return false
}

// MatchSelection reports whether t is a method target naming method name
// as selected on a value or type whose type is recv: "(T).M" matches
// x.M for x of type T or *T even when M is promoted to T from an embedded
// field, since the rule names M as reached through T.
func (t *Target) MatchSelection(recv types.Type, name string) bool {
	if t.Kind != TargetMethod || !t.Name.Match(name) {
		return false
	}
	recv = types.Unalias(recv)
	if p, ok := recv.(*types.Pointer); ok {
		recv = types.Unalias(p.Elem())
	}
	n, ok := recv.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	return n.Origin().Obj().Pkg().Path() == t.Pkg && n.Origin().Obj().Name() == t.Recv
}

// RecvNamed returns the named type that declares method fn (for a pointer
// receiver, the type pointed to), or nil if fn is not a method of a named
// type. Methods of generic types resolve to the generic type.
func RecvNamed(fn *types.Func) *types.Named {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := types.Unalias(sig.Recv().Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		return n.Origin()
	}
	return nil
}

// isPackageLevel reports whether obj is declared at package level (not a
// method, field, local or parameter).
func isPackageLevel(obj types.Object) bool {
	switch o := obj.(type) {
	case *types.Func:
		obj = o.Origin()
		if sig, ok := o.Type().(*types.Signature); ok && sig.Recv() != nil {
			return false
		}
	case *types.Var:
		obj = o.Origin()
		if o.IsField() {
			return false
		}
	case *types.PkgName, *types.Label:
		return false
	}
	return obj.Pkg() != nil && obj.Pkg().Scope().Lookup(obj.Name()) == obj
}

// describe is used in messages: "function", "method", "package".
func (k TargetKind) String() string {
	switch k {
	case TargetPackage:
		return "package"
	case TargetSymbol:
		return "symbol"
	case TargetMethod:
		return "method"
	}
	return fmt.Sprintf("TargetKind(%d)", int(k))
}
