// Package contracts defines the analyzer that checks architecture
// contracts: which components may depend on which, directly or through
// any chain of imports.
//
// Design notes:
//   - Reachability is computed bottom-up: for each package, the shortest
//     import chain to each component it reaches (and, for acyclic
//     contracts, to each component it reaches again after passing through
//     another). Ties between chains of equal length go to the one whose
//     import paths compare first, so the chain in a finding is the same
//     whichever way it was computed.
//   - Under go vet and golangci-lint the analyzer sees one package at a
//     time, so the chains travel as a package fact (Fact), small: bounded
//     by components × chain length per distinct ignore_imports set. An
//     analyzer with facts makes the standalone checker analyse every
//     dependency from source, so a driver that already has the import
//     graph (go/packages gives it for free) passes it with WithGraph, and
//     the analyzer is then built without facts and computes the same
//     chains from the graph once.
//   - Only the imports of non-test files make a package's chains: a test
//     file's import is a finding on that test file, never a dependency of
//     the package for its importers.
//   - Findings are at the import spec where a chain leaves the package's
//     component, one per (file, import spec, contract): an import of a
//     package of the same component is never reported, because whatever
//     that package brings in is reported at its own imports.
package contracts

import (
	"fmt"
	"go/ast"
	"go/types"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers/directives"
	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/config"
)

// A Graph is the import graph a driver has loaded: for each package path,
// its directory and the paths its non-test files import. Build it once
// with Add before passing it to WithGraph; it is read-only afterwards.
type Graph struct {
	nodes map[string]graphNode
}

type graphNode struct {
	dir     string
	imports []string
}

// NewGraph returns an empty graph.
func NewGraph() *Graph { return &Graph{nodes: map[string]graphNode{}} }

// Add records a package: its import path, its absolute directory ("" if
// unknown) and the import paths of its non-test files.
func (g *Graph) Add(pkgPath, dir string, imports []string) {
	g.nodes[pkgPath] = graphNode{dir, imports}
}

// An Option adjusts the analyzer New returns.
type Option func(*options)

type options struct {
	graph *Graph
}

// WithGraph makes the analyzer take dependencies from g instead of from
// facts about every imported package. g must hold every package the
// analysed packages import, directly or not.
func WithGraph(g *Graph) Option { return func(o *options) { o.graph = g } }

// Fact records what the non-test imports of a package bring in, under the
// contracts of one rules file.
type Fact struct {
	Rules string  // the hash of the rules the fact was made under (config.Config.Hash)
	Comp  int     // index of the package's component in the rules' components; -1 if unassigned
	Views []Reach // one per distinct ignore_imports list, in the analyzer's order
}

// Reach is what a package reaches under one ignore_imports list.
type Reach struct {
	Comps []Chain // the shortest chain to each component reached, by component
	Back  []Chain // for acyclic contracts: the shortest chain reaching Comp after Via
}

// A Chain is a chain of imports: the package itself first, the last in
// component Comp.
type Chain struct {
	Comp  int
	Via   int // Back chains only: the component the chain passes first
	Paths []string
}

// AFact marks Fact as an analysis fact.
func (*Fact) AFact() {}

func (f *Fact) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "comp %d", f.Comp)
	for i, v := range f.Views {
		fmt.Fprintf(&b, "; view %d:", i)
		for _, c := range v.Comps {
			fmt.Fprintf(&b, " %d=%s", c.Comp, strings.Join(c.Paths, ">"))
		}
	}
	return b.String()
}

// New returns an analyzer that reports imports that break the contracts
// of cfg. dirs is the directives analyzer built from the same cfg
// (directives.New), which it requires. Of opts, it heeds WithGraph.
func New(cfg *config.Config, dirs *analysis.Analyzer, opts ...Option) *analysis.Analyzer {
	o := &options{}
	for _, opt := range opts {
		opt(o)
	}
	c := newChecker(cfg, o.graph)
	c.dirs = dirs
	a := &analysis.Analyzer{
		Name: "contracts",
		Doc: `check that imports keep the architecture contracts

Components are named sets of packages; contracts say which may depend on
which (layers, forbidden, independent, only, acyclic). Dependencies are
transitive unless a contract is direct: each finding is at the import
that starts a forbidden chain and names the shortest such chain.`,
		URL:              analysisutil.DocURL + "#contracts",
		Requires:         []*analysis.Analyzer{dirs},
		RunDespiteErrors: true,
		Run:              c.run,
	}
	if o.graph == nil {
		a.FactTypes = []analysis.Fact{new(Fact)}
	}
	return a
}

// checker holds the compiled contracts; it is never written after
// construction, except for the graph's chains, which are computed in
// newChecker.
type checker struct {
	cfg   *config.Config
	comps map[*config.Component]int
	views [][]*config.ImportEdge // view 0 ignores nothing
	view  map[*config.Contract]int
	pairs [][2]int         // (via, comp) pairs acyclic contracts ask about
	graph map[string]*Fact // with WithGraph: the chains of every package in it
	dirs  *analysis.Analyzer
}

func newChecker(cfg *config.Config, g *Graph) *checker {
	c := &checker{cfg: cfg, comps: map[*config.Component]int{}, views: [][]*config.ImportEdge{nil}, view: map[*config.Contract]int{}}
	for i, comp := range cfg.Components {
		c.comps[comp] = i
	}
	keys := map[string]int{"": 0}
	for _, k := range cfg.Contracts {
		var texts []string
		for _, e := range k.IgnoreImports {
			texts = append(texts, e.From.Text+" -> "+e.To.Text)
		}
		key := strings.Join(texts, "\n")
		v, ok := keys[key]
		if !ok {
			v = len(c.views)
			keys[key] = v
			c.views = append(c.views, k.IgnoreImports)
		}
		c.view[k] = v
		if k.Kind == config.ContractAcyclic {
			for _, via := range k.Components {
				for _, back := range k.Components {
					if p := [2]int{c.comps[via], c.comps[back]}; via != back && !slices.Contains(c.pairs, p) {
						c.pairs = append(c.pairs, p)
					}
				}
			}
		}
	}
	if g != nil {
		c.graph = make(map[string]*Fact, len(g.nodes))
		for p := range g.nodes {
			c.graphFact(g, p)
		}
	}
	return c
}

// graphFact computes the chains of the package at p from the graph.
func (c *checker) graphFact(g *Graph, p string) *Fact {
	if f, ok := c.graph[p]; ok {
		return f
	}
	n, ok := g.nodes[p]
	if !ok {
		return c.leaf(p) // not loaded: known by its path only
	}
	c.graph[p] = nil // Go forbids import cycles; this only guards recursion
	f := c.compute(p, c.compOf(p, c.cfg.RelDir(n.dir), n.dir != ""), n.imports, func(q string) *Fact { return c.graphFact(g, q) })
	c.graph[p] = f
	return f
}

// compOf returns the index of the component of a package, or -1.
func (c *checker) compOf(pkgPath, relDir string, known bool) int {
	if !known {
		relDir = ""
	}
	if comp := c.cfg.ComponentOf(pkgPath, relDir); comp != nil {
		return c.comps[comp]
	}
	return -1
}

// leaf is the fact of a package with no files or no fact: it reaches
// only its own component.
func (c *checker) leaf(p string) *Fact {
	return c.compute(p, c.compOf(p, "", false), nil, nil)
}

// compute returns the chains of package self in component comp that
// imports the given paths, whose facts get returns.
func (c *checker) compute(self string, comp int, imports []string, get func(string) *Fact) *Fact {
	imports = slices.Compact(slices.Sorted(slices.Values(imports)))
	deps := make([]*Fact, len(imports))
	for i, q := range imports {
		if deps[i] = get(q); deps[i] == nil {
			deps[i] = c.leaf(q)
		}
	}
	f := &Fact{Rules: c.cfg.Hash(), Comp: comp, Views: make([]Reach, len(c.views))}
	for v, ignore := range c.views {
		reach := map[int][]string{}
		back := map[[2]int][]string{}
		if comp >= 0 {
			reach[comp] = []string{self}
		}
		for i, q := range imports {
			if ignored(ignore, self, q) {
				continue // an ignored edge
			}
			dv := deps[i].Views[v]
			for _, ch := range dv.Comps {
				keep(reach, ch.Comp, prepend(self, ch.Paths))
				for _, p := range c.pairs {
					if p[0] == comp && p[1] == ch.Comp {
						keep(back, p, prepend(self, ch.Paths)) // self is in via: any chain on to comp counts
					}
				}
			}
			for _, ch := range dv.Back {
				if p := [2]int{ch.Via, ch.Comp}; p[0] != comp {
					keep(back, p, prepend(self, ch.Paths))
				}
			}
		}
		f.Views[v] = Reach{Comps: chains(reach), Back: backChains(back)}
	}
	return f
}

func ignored(edges []*config.ImportEdge, from, to string) bool {
	for _, e := range edges {
		if e.Match(from, to) {
			return true
		}
	}
	return false
}

func prepend(p string, chain []string) []string {
	return append([]string{p}, chain...)
}

// keep stores chain under k unless a shorter chain, or one of the same
// length that sorts first, is there.
func keep[K comparable](m map[K][]string, k K, chain []string) {
	if old, ok := m[k]; !ok || shorter(chain, old) {
		m[k] = chain
	}
}

// shorter orders chains by length, then by their paths.
func shorter(a, b []string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return slices.Compare(a, b) < 0
}

func chains(m map[int][]string) []Chain {
	out := make([]Chain, 0, len(m))
	for k, ch := range m {
		out = append(out, Chain{Comp: k, Paths: ch})
	}
	slices.SortFunc(out, func(a, b Chain) int { return a.Comp - b.Comp })
	return out
}

func backChains(m map[[2]int][]string) []Chain {
	out := make([]Chain, 0, len(m))
	for k, ch := range m {
		out = append(out, Chain{Via: k[0], Comp: k[1], Paths: ch})
	}
	slices.SortFunc(out, func(a, b Chain) int {
		if a.Via != b.Via {
			return a.Via - b.Via
		}
		return a.Comp - b.Comp
	})
	return out
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	if pass.Pkg == nil {
		return nil, nil // syntax-only load: no import paths
	}
	files := pass.ResultOf[c.dirs].(*directives.Result)
	fs := files.Files
	self := pass.Pkg.Path()
	comp := -1
	if len(fs) > 0 {
		comp = c.compOf(self, relDir(fs[0]), true)
	}
	get := c.factOf(pass)
	if c.graph == nil {
		// Facts carry the chains to importers; they are made from the
		// imports of non-test files only.
		pass.ExportPackageFact(c.compute(self, comp, nonTestImports(pass), get))
	}
	rep := directives.NewReporter(pass, files, func(id string) bool { return c.cfg.Contract(id) != nil })
	for _, f := range fs {
		if f.Skip || comp < 0 {
			continue // generated (its imports count for importers, but are not reported), or an unassigned package
		}
		for _, spec := range f.File.Imports {
			if f.IsCgoImport(spec) {
				continue // written by cmd/cgo in place of import "C"
			}
			c.checkImport(pass, rep, f, spec, self, comp, get)
		}
	}
	rep.Finish()
	return nil, nil
}

// relDir returns the directory of the file relative to the root, "" if
// it lies outside the root.
func relDir(f *analysisutil.FileState) string {
	if !f.InRoot {
		return ""
	}
	return path.Dir(f.Rel)
}

// factOf returns how the pass looks up the chains of an imported package.
func (c *checker) factOf(pass *analysis.Pass) func(string) *Fact {
	if c.graph != nil {
		return func(p string) *Fact { return c.graph[p] }
	}
	byPath := map[string]*types.Package{}
	for _, p := range pass.Pkg.Imports() {
		byPath[p.Path()] = p
	}
	return func(p string) *Fact {
		var f Fact
		if pkg := byPath[p]; pkg != nil && pass.ImportPackageFact(pkg, &f) && f.Rules == c.cfg.Hash() {
			return &f
		}
		// No fact: unsafe, an import that failed, or a dependency that
		// go vet analysed under other rules (one outside the module when
		// no -config names the rules): judged by its path alone.
		return nil
	}
}

// nonTestImports returns the paths the package's non-test files import,
// those cmd/cgo wrote included, as go list lists them for the driver's
// graph.
func nonTestImports(pass *analysis.Pass) []string {
	var out []string
	for _, f := range pass.Files {
		if tok := pass.Fset.File(f.FileStart); tok != nil && strings.HasSuffix(tok.Name(), "_test.go") {
			continue // a test file's imports are not the package's
		}
		for _, spec := range f.Imports {
			if p := importPath(pass.TypesInfo, spec); p != "" && p != "C" {
				out = append(out, p)
			}
		}
	}
	return out
}

// importPath returns the path of the package an import spec imports.
func importPath(info *types.Info, spec *ast.ImportSpec) string {
	if pn := info.PkgNameOf(spec); pn != nil {
		return pn.Imported().Path() // resolves vendoring and import maps
	}
	p, _ := strconv.Unquote(spec.Path.Value)
	return p // the import failed to type-check
}

// checkImport reports each contract the import breaks, once.
func (c *checker) checkImport(pass *analysis.Pass, rep *directives.Reporter, f *analysisutil.FileState, spec *ast.ImportSpec, self string, comp int, get func(string) *Fact) {
	q := importPath(pass.TypesInfo, spec)
	fact := get(q)
	if fact == nil {
		fact = c.leaf(q)
	}
	if fact.Comp == comp {
		return // within the component: a chain on from q is reported where it leaves the component
	}
	for _, k := range c.cfg.Contracts {
		if k.Exempt(f.Rel, f.InRoot) || k.Ignores(self, q) {
			continue // an allowed file, or an ignored edge
		}
		var msg string
		if k.Kind == config.ContractAcyclic {
			msg = c.cycle(k, fact, comp, q)
		} else {
			msg = c.violation(k, fact, comp, q)
		}
		if msg == "" {
			continue // the import keeps the contract
		}
		rep.Report(analysisutil.Finding(k.Meta(), "contracts", spec.Path, msg+" ("+k.ID+")"))
	}
}

// violation returns the message for an import that makes the package's
// component depend on one the contract forbids, or "".
func (c *checker) violation(k *config.Contract, fact *Fact, comp int, q string) string {
	from := c.cfg.Components[comp]
	if k.Direct {
		if fact.Comp < 0 || !k.Forbids(from, c.cfg.Components[fact.Comp]) {
			return ""
		}
		return fmt.Sprintf("import of %q makes %s depend on %s", q, from.ID, c.cfg.Components[fact.Comp].ID)
	}
	var best *Chain
	for i, ch := range c.viewOf(k, fact).Comps {
		if k.Forbids(from, c.cfg.Components[ch.Comp]) && (best == nil || shorter(ch.Paths, best.Paths)) {
			best = &c.viewOf(k, fact).Comps[i]
		}
	}
	if best == nil {
		return ""
	}
	msg := fmt.Sprintf("import of %q makes %s depend on %s", q, from.ID, c.cfg.Components[best.Comp].ID)
	if len(best.Paths) > 1 {
		msg += " through " + strings.Join(best.Paths, " -> ")
	}
	return msg
}

// cycle returns the message for an import that leaves the package's
// component and comes back to it through another component of an
// acyclic contract, or "".
func (c *checker) cycle(k *config.Contract, fact *Fact, comp int, q string) string {
	self := c.cfg.Components[comp]
	if fact.Comp == comp || !slices.Contains(k.Components, self) {
		return "" // an import within the component, or a component the contract does not list
	}
	var best *Chain
	for i, ch := range c.viewOf(k, fact).Back {
		if ch.Comp == comp && slices.Contains(k.Components, c.cfg.Components[ch.Via]) && (best == nil || shorter(ch.Paths, best.Paths)) {
			best = &c.viewOf(k, fact).Back[i]
		}
	}
	if best == nil {
		return ""
	}
	return fmt.Sprintf("import of %q closes a cycle %s -> %s -> %s through %s", q, self.ID, c.cfg.Components[best.Via].ID, self.ID, strings.Join(best.Paths, " -> "))
}

func (c *checker) viewOf(k *config.Contract, fact *Fact) Reach {
	return fact.Views[c.view[k]]
}
