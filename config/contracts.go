package config

// Components and contracts: architecture rules one level above bans.
//
// A component is a named set of packages, given by directory globs
// relative to the root (in) and by import path patterns (packages):
// "github.com/aws/aws-sdk-go-v2/...", or "std" for the standard library.
// A contract says which components may depend on which: layers,
// forbidden, independent, only and acyclic. Dependencies are transitive
// unless a contract says direct: true.
//
// Design notes:
//   - Everything that can be checked from the rules file alone is checked
//     here: unknown components (with a did-you-mean), a component twice in
//     one layers list, a layers list of one entry, empty from/to lists,
//     the same pattern in two components, malformed ignore_imports edges.
//     What depends on loaded code (a component that matches no package,
//     an ignore_imports edge that matches no import, a package in two
//     components) is checked by internal/resolve.
//   - A package belongs to a component by its directory when it lies below
//     the root and not in a vendor directory, and by its import path
//     otherwise (vendored packages by the path they were vendored from).
//     The first matching component in file order wins; resolve reports a
//     package that two components claim.

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// StdPattern is the packages entry that stands for the standard library.
const StdPattern = "std"

// A Component is a named set of packages.
type Component struct {
	ID       string
	Pos      Pos
	In       []*Glob           // directories relative to the root
	Packages []*PackagePattern // import path patterns
}

// A PackagePattern is an import path, a path with "/..." (the path and
// every path below it), or "std".
type PackagePattern struct {
	Text      string
	Pos       Pos
	Path      string // without "/..."; "" for std
	Recursive bool
	Std       bool
}

// Match reports whether the import path p matches the pattern, on path
// element boundaries. A std pattern matches paths whose first element has
// no dot; the caller decides whether the package lies outside the module.
func (pp *PackagePattern) Match(p string) bool {
	if pp.Std {
		first, _, _ := strings.Cut(p, "/")
		return !strings.Contains(first, ".")
	}
	if pp.Recursive {
		return p == pp.Path || strings.HasPrefix(p, pp.Path+"/")
	}
	return p == pp.Path
}

// ContractKind says what a contract requires.
type ContractKind string

// Contract kinds.
const (
	ContractLayers      ContractKind = "layers"
	ContractForbidden   ContractKind = "forbidden"
	ContractIndependent ContractKind = "independent"
	ContractOnly        ContractKind = "only"
	ContractAcyclic     ContractKind = "acyclic"
)

var contractKinds = []ContractKind{ContractLayers, ContractForbidden, ContractIndependent, ContractOnly, ContractAcyclic}

// A Contract constrains the dependencies between components.
type Contract struct {
	ID       string
	Pos      Pos
	Kind     ContractKind
	Severity Severity
	// Layers, for a layers contract, holds the layers top first; each
	// layer holds one component or several siblings ("a | b").
	Layers [][]*Component
	// From and To are the components of forbidden and only (To is the
	// may_depend_on list of only).
	From, To []*Component
	// Components are the components of independent and acyclic.
	Components    []*Component
	Direct        bool    // only direct imports count
	Allow         []*Glob // files whose imports the contract ignores
	IgnoreImports []*ImportEdge
	Hint          string
	URL           string
}

// An ImportEdge is an ignore_imports entry, "from-pattern -> to-pattern":
// imports from a package matching From of a package matching To do not
// count for the contract.
type ImportEdge struct {
	Text     string
	Pos      Pos
	From, To *PackagePattern
}

// Match reports whether the import of to by from is the edge.
func (e *ImportEdge) Match(from, to string) bool {
	return e.From.Match(Canonical(from)) && e.To.Match(Canonical(to))
}

// Contract returns the contract with the given id, or nil.
func (c *Config) Contract(id string) *Contract {
	k, _ := c.byID[id].(*Contract)
	return k
}

// Component returns the component with the given id, or nil.
func (c *Config) Component(id string) *Component {
	for _, comp := range c.Components {
		if comp.ID == id {
			return comp
		}
	}
	return nil
}

// RelDir returns the directory dir (absolute) relative to the root,
// slash-separated ("." for the root itself), or "" if it is not below
// the root.
func (c *Config) RelDir(dir string) string {
	rel, ok := c.Rel(dir)
	if !ok {
		return ""
	}
	if rel == "" {
		return "."
	}
	return rel
}

// ComponentOf returns the component the package with import path pkgPath
// belongs to, or nil if it is unassigned. relDir is the package's
// directory relative to the root as RelDir returns it: "" for a package
// outside the root. A package below the root belongs to the first
// component whose in globs match its directory (or a file in it) and
// otherwise to the first whose packages patterns match its path; std
// patterns match only packages outside the root.
func (c *Config) ComponentOf(pkgPath, relDir string) *Component {
	inRoot := relDir != "" && !vendored(relDir)
	if inRoot {
		for _, comp := range c.Components {
			if comp.matchDir(relDir) {
				return comp
			}
		}
	}
	p := Canonical(pkgPath)
	for _, comp := range c.Components {
		if comp.matchPath(p, inRoot) {
			return comp
		}
	}
	return nil
}

// Claims returns every component that would take the package, in file
// order; more than one is a conflict that resolve reports.
func (c *Config) Claims(pkgPath, relDir string) []*Component {
	inRoot := relDir != "" && !vendored(relDir)
	p := Canonical(pkgPath)
	var out []*Component
	for _, comp := range c.Components {
		if (inRoot && comp.matchDir(relDir)) || comp.matchPath(p, inRoot) {
			out = append(out, comp)
		}
	}
	return out
}

func (comp *Component) matchDir(relDir string) bool {
	for _, g := range comp.In {
		if g.Match(relDir) || g.Match(path.Join(relDir, "_")) {
			return true
		}
	}
	return false
}

func (comp *Component) matchPath(p string, inRoot bool) bool {
	for _, pp := range comp.Packages {
		if pp.Std && inRoot {
			continue // the module's own packages are never the standard library
		}
		if pp.Match(p) {
			return true
		}
	}
	return false
}

// vendored reports whether a directory relative to the root lies in a
// vendor directory.
func vendored(relDir string) bool {
	return relDir == "vendor" || strings.HasPrefix(relDir, "vendor/") || strings.Contains(relDir, "/vendor/") || strings.HasSuffix(relDir, "/vendor")
}

// Canonical returns the import path a vendored package was vendored from
// ("example.com/app/vendor/github.com/x/y" in GOPATH mode is
// "github.com/x/y"), and other paths unchanged.
func Canonical(pkgPath string) string {
	if i := strings.LastIndex(pkgPath, "/vendor/"); i >= 0 {
		return pkgPath[i+len("/vendor/"):]
	}
	if p, ok := strings.CutPrefix(pkgPath, "vendor/"); ok {
		return p
	}
	return pkgPath
}

// Forbids reports whether the contract forbids a dependency of a package
// in component from on a package in component to. It is false for the
// acyclic contracts, which judge chains, not pairs, and for unassigned
// packages (nil).
func (k *Contract) Forbids(from, to *Component) bool {
	if from == nil || to == nil || from == to {
		return false
	}
	switch k.Kind {
	case ContractLayers:
		fi, ti := k.LayerOf(from), k.LayerOf(to)
		if fi < 0 || ti < 0 {
			return false // not in the layers
		}
		return ti < fi || ti == fi // above, or a sibling
	case ContractForbidden:
		return has(k.From, from) && has(k.To, to)
	case ContractIndependent:
		return has(k.Components, from) && has(k.Components, to)
	case ContractOnly:
		return has(k.From, from) && !has(k.To, to)
	}
	return false
}

// LayerOf returns the index of the layer comp is in, top first, or -1.
func (k *Contract) LayerOf(comp *Component) int {
	for i, l := range k.Layers {
		if has(l, comp) {
			return i
		}
	}
	return -1
}

// Ignores reports whether the import of to by package from does not count
// for the contract.
func (k *Contract) Ignores(from, to string) bool {
	for _, e := range k.IgnoreImports {
		if e.Match(from, to) {
			return true
		}
	}
	return false
}

// Exempt reports whether the imports of the file at rel (relative to the
// root; inRoot false for files outside it) are exempt from the contract.
func (k *Contract) Exempt(rel string, inRoot bool) bool {
	return inRoot && anyMatch(k.Allow, rel)
}

func has(list []*Component, c *Component) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// contracts decodes the components and contracts sections into cfg.
func (c *compiler) contracts(cfg *Config, comps, contracts field, ids map[string]Pos) {
	compIDs := map[string]Pos{} // components have a namespace of their own
	for _, n := range c.list(comps, "components") {
		if comp := c.component(n, compIDs); comp != nil {
			cfg.Components = append(cfg.Components, comp)
		}
	}
	c.overlappingPatterns(cfg.Components)
	for _, n := range c.list(contracts, "contracts") {
		if k := c.contract(n, ids, cfg.Components); k != nil {
			cfg.Contracts = append(cfg.Contracts, k)
			cfg.byID[k.ID] = k
		}
	}
	if contracts.key != nil && comps.key == nil {
		c.errorf(contracts.key, "contracts need components: define them under components")
	}
}

// emptyList reports whether a list key is absent or an empty list
// (in: []), which claims no package either.
func emptyList(f field) bool {
	return f.key == nil || f.val.Kind == yaml.SequenceNode && len(f.val.Content) == 0
}

// component decodes one components entry.
func (c *compiler) component(n *yaml.Node, ids map[string]Pos) *Component {
	c.kind, c.id = "component", peekID(n)
	defer func() { c.kind, c.id = "", "" }()
	m := c.mapping(n, "", "id", "in", "packages")
	ok := c.entryID(n, m["id"], ids)
	comp := &Component{ID: c.id, Pos: pos(n), In: c.globs(m["in"], "in")}
	for _, pn := range c.strings(m["packages"], "packages") {
		if pp := c.packagePattern(pn, "packages"); pp != nil {
			comp.Packages = append(comp.Packages, pp)
		}
	}
	if emptyList(m["in"]) && emptyList(m["packages"]) {
		c.errorf(n, "component has no packages: give it in (directories) or packages (import paths)")
	}
	if !ok {
		return nil
	}
	return comp
}

func (c *compiler) packagePattern(n *yaml.Node, what string) *PackagePattern {
	text := strings.TrimSpace(n.Value)
	pp := &PackagePattern{Text: text, Pos: pos(n)}
	if text == StdPattern {
		pp.Std = true
		return pp
	}
	p, rec := strings.CutSuffix(text, "/...")
	if !validPkgPath(p) {
		c.errorf(n, "%s: %q is not an import path, a path/... pattern or std", what, text)
		return nil
	}
	pp.Path, pp.Recursive = p, rec
	return pp
}

// contracts decodes the contracts list, once the components are known.
func (c *compiler) contract(n *yaml.Node, ids map[string]Pos, comps []*Component) *Contract {
	keys := []string{"id", "severity", "hint", "url", "allow", "ignore_imports", "direct"}
	for _, k := range contractKinds {
		keys = append(keys, string(k))
	}
	m, ok, done := c.entry(n, "contract", ids, keys...)
	defer done()
	k := &Contract{
		ID:       c.id,
		Pos:      pos(n),
		Severity: c.severity(m["severity"]),
		Hint:     strings.TrimSpace(c.str(m["hint"], "hint")),
		URL:      c.url(m["url"]),
		Allow:    c.globs(m["allow"], "allow"),
		Direct:   c.boolean(m["direct"], "direct"),
	}
	var kinds []ContractKind
	for _, kind := range contractKinds {
		if m[string(kind)].key != nil {
			kinds = append(kinds, kind)
		}
	}
	switch len(kinds) {
	case 0:
		c.errorf(n, "contract says nothing: give it one of layers, forbidden, independent, only or acyclic")
	case 1:
		k.Kind = kinds[0]
		c.contractBody(k, m[string(k.Kind)], comps)
	default:
		c.errorf(m[string(kinds[1])].key, "a contract has one kind; this one has both %s and %s: split it", kinds[0], kinds[1])
	}
	if k.Kind == ContractAcyclic && k.Direct {
		c.errorf(m["direct"].val, "direct does not apply to acyclic: cycles are judged along whole import chains")
	}
	for _, en := range c.strings(m["ignore_imports"], "ignore_imports") {
		if e := c.importEdge(en); e != nil {
			k.IgnoreImports = append(k.IgnoreImports, e)
		}
	}
	c.checkHint(n, m["hint"], k.Hint)
	if !ok {
		return nil
	}
	return k
}

func (c *compiler) importEdge(n *yaml.Node) *ImportEdge {
	from, to, found := strings.Cut(n.Value, "->")
	if !found || strings.Contains(to, "->") {
		c.errorf(n, "ignore_imports: %q must be one edge, from-pattern -> to-pattern", n.Value)
		return nil
	}
	fn, tn := *n, *n
	fn.Value, tn.Value = strings.TrimSpace(from), strings.TrimSpace(to)
	fp, tp := c.packagePattern(&fn, "ignore_imports"), c.packagePattern(&tn, "ignore_imports")
	if fp == nil || tp == nil {
		return nil
	}
	return &ImportEdge{Text: n.Value, Pos: pos(n), From: fp, To: tp}
}

// contractBody decodes the value of the contract's kind key.
func (c *compiler) contractBody(k *Contract, f field, comps []*Component) {
	what := string(k.Kind)
	switch k.Kind {
	case ContractLayers:
		nodes := c.strings(f, what)
		if len(nodes) < 2 {
			c.errorf(f.val, "layers needs at least two entries, top first; one layer constrains nothing")
		}
		seen := map[*Component]bool{}
		for _, ln := range nodes {
			var layer []*Component
			for _, name := range strings.Split(ln.Value, "|") {
				comp := c.componentRef(ln, strings.TrimSpace(name), what, comps)
				switch {
				case comp == nil:
				case seen[comp]:
					c.errorf(ln, "layers: component %q appears twice; a component is in one layer", comp.ID)
				default:
					seen[comp] = true
					layer = append(layer, comp)
				}
			}
			if len(layer) > 0 {
				k.Layers = append(k.Layers, layer)
			}
		}
	case ContractForbidden, ContractOnly:
		to := "to"
		keys := []string{"from", "to"}
		if k.Kind == ContractOnly {
			keys = append(keys, "may_depend_on")
		}
		m := c.mapping(f.val, what, keys...)
		if m["to"].key == nil && m["may_depend_on"].key != nil {
			to = "may_depend_on"
		} else if m["to"].key != nil && m["may_depend_on"].key != nil {
			c.errorf(m["may_depend_on"].key, "%s: to and may_depend_on are the same list; give one", what)
		}
		k.From = c.componentList(f.val, m["from"], what+".from", comps)
		k.To = c.componentList(f.val, m[to], what+"."+to, comps)
		if k.Kind == ContractForbidden {
			for _, comp := range k.To {
				if has(k.From, comp) {
					c.errorf(m[to].val, "%s: component %q is in both from and to; a component may always use itself", what, comp.ID)
				}
			}
		}
	case ContractIndependent, ContractAcyclic:
		k.Components = c.componentList(f.val, f, what, comps)
		if len(k.Components) == 1 && len(f.val.Content) <= 1 {
			c.errorf(f.val, "%s needs at least two components", what)
		}
	}
}

// componentList decodes a non-empty list of distinct component ids.
func (c *compiler) componentList(parent *yaml.Node, f field, what string, comps []*Component) []*Component {
	if f.key == nil && f.val == nil {
		c.errorf(parent, "missing %s: list component ids", what)
		return nil
	}
	nodes := c.strings(f, what)
	if len(nodes) == 0 {
		c.errorf(f.val, "%s is empty; list component ids", what)
	}
	var out []*Component
	for _, n := range nodes {
		comp := c.componentRef(n, strings.TrimSpace(n.Value), what, comps)
		switch {
		case comp == nil:
		case has(out, comp):
			c.errorf(n, "%s: component %q appears twice", what, comp.ID)
		default:
			out = append(out, comp)
		}
	}
	return out
}

// componentRef looks up a component by id.
func (c *compiler) componentRef(n *yaml.Node, id, what string, comps []*Component) *Component {
	names := make([]string, 0, len(comps))
	for _, comp := range comps {
		if comp.ID == id {
			return comp
		}
		names = append(names, comp.ID)
	}
	if id == "" {
		c.errorf(n, "%s: empty component id", what)
	} else {
		c.errorf(n, "%s: unknown component %q%s", what, id, didYouMean(suggest(id, names)))
	}
	return nil
}

// overlappingPatterns reports a pattern or glob written in two components:
// every package it matches would be in both.
func (c *compiler) overlappingPatterns(comps []*Component) {
	seen := map[string]*Component{}
	for _, comp := range comps {
		type text struct {
			t string
			p Pos
		}
		var texts []text
		for _, g := range comp.In {
			texts = append(texts, text{"in " + strings.TrimSuffix(strings.TrimSuffix(g.Text, "/**"), "/"), g.Pos})
		}
		for _, pp := range comp.Packages {
			texts = append(texts, text{"packages " + pp.Text, pp.Pos})
		}
		for _, t := range texts {
			if other := seen[t.t]; other != nil && other != comp {
				c.errs = append(c.errs, &Error{File: c.file, Line: t.p.Line, Col: t.p.Col, Kind: "component", ID: comp.ID,
					Msg: fmt.Sprintf("%s is also in component %q; a package belongs to one component", t.t, other.ID)})
				continue
			}
			seen[t.t] = comp
		}
	}
}
