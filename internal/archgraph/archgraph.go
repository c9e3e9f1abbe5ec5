// Package archgraph draws a module's architecture: its components as
// nodes, the imports between them as edges, the layers of a layers
// contract as ranks from top to bottom, and the imports that break a rule
// in red, with baselined ones marked apart.
//
// Design: Build turns an import graph, a component assignment and the
// run's findings into a Graph, a plain value in one fixed order, so every
// renderer is a function of it and the same input gives byte-identical
// output. The renderers here write text (Mermaid, DOT, and HTML around an
// SVG the caller lays out). Layout is Graphviz's job (package
// internal/archgraph/graphviz, Graphviz built to WebAssembly); this package
// does not import it, so a program that writes only Mermaid or DOT does not
// carry the WebAssembly engine.
//
// A finding marks an edge when it sits on a cross-component import spec:
// same file and line. That is where archvet reports a banned import and a
// broken contract, so a transitive contract violation colours the import
// that brings the forbidden package in, the place a developer has to edit.
package archgraph

import (
	"cmp"
	"fmt"
	"slices"
)

// UnassignedID is the id of the node that holds the packages no component
// claims, when Input.GroupUnassigned is set.
const UnassignedID = "(unassigned)"

// Position is a place in a source file.
type Position struct {
	File      string // as the caller wants it shown, usually relative to the module
	Line, Col int
}

func (p Position) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

func (p Position) compare(q Position) int {
	return cmp.Or(cmp.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// Package is one package of the import graph.
type Package struct {
	Path    string   // import path
	Dir     string   // directory; passed to Input.Assign
	Imports []Import // its import specs, test files' included if the caller wants them
}

// Import is one import spec.
type Import struct {
	Path string   // the imported package's path
	Pos  Position // of the import spec
}

// Finding is a finding of the run, in the few fields the picture shows.
type Finding struct {
	Pos       Position
	Rule      string // rule or contract id
	Message   string
	Baselined bool // recorded in the baseline: shown apart, does not fail the run
}

// Input is what Build draws.
type Input struct {
	Packages []Package
	// Assign returns the id of the component that holds the package with
	// the given import path and directory ("" for a package outside the
	// import graph, such as a standard library package it imports), or ""
	// if no component does. Nil assigns no package.
	Assign func(path, dir string) string
	// Components are the declared component ids. Each gets a node even if
	// it holds no package of the graph. Optional.
	Components []string
	// Layers are the ranks of a layers contract, top first; each holds the
	// ids of sibling components. Optional.
	Layers [][]string
	// Findings are the run's findings. Those on a cross-component import
	// spec mark its edge; the rest are not part of the picture.
	Findings []Finding
	// GroupUnassigned puts the packages of Packages that no component
	// claims into one node, UnassignedID. Otherwise they are left out,
	// with their imports. Imported packages outside Packages are always
	// left out unless a component claims them.
	GroupUnassigned bool
}

// Graph is the picture's content. Build sorts every list, so renderers
// need not.
type Graph struct {
	Components []*Component // layered ones first, top to bottom, then by id
	Edges      []*Edge      // by From, then To, in the order of Components
	Layers     [][]string   // as in Input, less ids of no component
}

// Component is a node.
type Component struct {
	ID       string
	Packages []string // import paths, sorted
	Layer    int      // index in Graph.Layers; -1 if in none
}

// Edge is the set of imports from one component's packages to another's.
type Edge struct {
	From, To  string       // component ids
	Imports   []EdgeImport // by position
	Findings  []Finding    // findings on these imports that count, by position
	Baselined []Finding    // baselined findings on these imports, by position
}

// EdgeImport is one import spec behind an edge.
type EdgeImport struct {
	From, To string // package import paths
	Pos      Position
}

// Violating reports whether findings that count sit on the edge's imports.
func (e *Edge) Violating() bool { return len(e.Findings) > 0 }

// Component returns the component with the given id, or nil.
func (g *Graph) Component(id string) *Component {
	for _, c := range g.Components {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// Build draws the input. It calls in.Assign once per package path.
func Build(in Input) *Graph {
	comps := map[string]*Component{}
	node := func(id string) *Component {
		c := comps[id]
		if c == nil {
			c = &Component{ID: id, Layer: -1}
			comps[id] = c
		}
		return c
	}
	for _, id := range in.Components {
		node(id)
	}
	dirs := map[string]string{}
	for _, p := range in.Packages {
		dirs[p.Path] = p.Dir
	}
	assigned := map[string]string{}
	componentOf := func(path string) string {
		id, ok := assigned[path]
		if !ok {
			dir, inGraph := dirs[path]
			if in.Assign != nil {
				id = in.Assign(path, dir)
			}
			if id == "" && inGraph && in.GroupUnassigned {
				id = UnassignedID
			}
			assigned[path] = id
			if id != "" {
				c := node(id)
				c.Packages = append(c.Packages, path)
			}
		}
		return id
	}
	edges := map[[2]string]*Edge{}
	byLine := map[lineKey][]*imp{}
	for _, p := range in.Packages {
		from := componentOf(p.Path)
		for _, im := range p.Imports {
			to := componentOf(im.Path)
			if from == "" || to == "" || from == to {
				continue // not between two components of the picture
			}
			e := edges[[2]string{from, to}]
			if e == nil {
				e = &Edge{From: from, To: to}
				edges[[2]string{from, to}] = e
			}
			e.Imports = append(e.Imports, EdgeImport{From: p.Path, To: im.Path, Pos: im.Pos})
			k := lineKey{im.Pos.File, im.Pos.Line}
			byLine[k] = append(byLine[k], &imp{im.Pos.Col, e})
		}
	}
	for _, f := range in.Findings {
		e := edgeAt(byLine[lineKey{f.Pos.File, f.Pos.Line}], f.Pos.Col)
		switch {
		case e == nil:
			continue // not on a cross-component import
		case f.Baselined:
			e.Baselined = append(e.Baselined, f)
		default:
			e.Findings = append(e.Findings, f)
		}
	}
	return assemble(comps, edges, in.Layers)
}

type lineKey struct {
	file string
	line int
}

type imp struct {
	col  int
	edge *Edge
}

// edgeAt returns the edge of the import spec a finding at column col of
// the line sits on: the last spec on the line that starts at or before
// col, or the only spec of the line.
func edgeAt(imps []*imp, col int) *Edge {
	if len(imps) == 1 {
		return imps[0].edge
	}
	var best *imp
	for _, im := range imps {
		if im.col <= col && (best == nil || im.col > best.col) {
			best = im
		}
	}
	if best == nil {
		return nil
	}
	return best.edge
}

// assemble sorts everything and places the components on their layers.
func assemble(comps map[string]*Component, edges map[[2]string]*Edge, layers [][]string) *Graph {
	g := &Graph{}
	for _, layer := range layers {
		var rank []string
		for _, id := range layer {
			if c := comps[id]; c != nil && c.Layer < 0 {
				c.Layer = len(g.Layers)
				rank = append(rank, id)
			}
		}
		if len(rank) > 0 {
			slices.Sort(rank)
			g.Layers = append(g.Layers, rank)
		}
	}
	for _, c := range comps {
		slices.Sort(c.Packages)
		c.Packages = slices.Compact(c.Packages)
		g.Components = append(g.Components, c)
	}
	slices.SortFunc(g.Components, func(a, b *Component) int {
		return cmp.Or(cmp.Compare(uint(a.Layer), uint(b.Layer)), cmp.Compare(a.ID, b.ID)) // -1 as uint: last
	})
	for _, e := range edges {
		slices.SortFunc(e.Imports, func(a, b EdgeImport) int {
			return cmp.Or(a.Pos.compare(b.Pos), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
		})
		sortFindings(e.Findings)
		sortFindings(e.Baselined)
		g.Edges = append(g.Edges, e)
	}
	order := g.index()
	slices.SortFunc(g.Edges, func(a, b *Edge) int {
		return cmp.Or(cmp.Compare(order[a.From], order[b.From]), cmp.Compare(order[a.To], order[b.To]))
	})
	return g
}

func sortFindings(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(a.Pos.compare(b.Pos), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message))
	})
}

// Violations returns how many edges carry findings that count, and how
// many carry only baselined ones.
func (g *Graph) Violations() (violating, baselined int) {
	for _, e := range g.Edges {
		switch {
		case e.Violating():
			violating++
		case len(e.Baselined) > 0:
			baselined++
		}
	}
	return violating, baselined
}

// label texts shared by the renderers.

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (c *Component) countLabel() string { return plural(len(c.Packages), "package", "packages") }

// Label is the text on the edge: its import count, and its findings' counts if any.
func (e *Edge) Label() string {
	s := plural(len(e.Imports), "import", "imports")
	if n := len(e.Findings); n > 0 {
		s += ", " + plural(n, "finding", "findings")
	}
	if n := len(e.Baselined); n > 0 {
		s += ", " + fmt.Sprintf("%d baselined", n)
	}
	return s
}

// upward reports whether the edge points from a lower layer to a higher
// one or between siblings: against the layering.
func (g *Graph) upward(e *Edge) bool {
	from, to := g.Component(e.From), g.Component(e.To)
	return from != nil && to != nil && from.Layer >= 0 && to.Layer >= 0 && from.Layer >= to.Layer
}
