package archgraph

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Colours of the picture, shared by every format.
const (
	colorViolating = "#d62728" // an edge with findings that count
	colorBaselined = "#e08a00" // an edge with baselined findings only
	colorEdge      = "#6b7280"
	colorNode      = "#eef3fb"
	colorNodeLine  = "#4a6fa5"
)

// nodeID is a component's id in the output formats: short and safe in
// every syntax, stable for the same graph. The HTML page finds the SVG's
// elements by these ids.
func nodeID(i int) string { return fmt.Sprintf("c%d", i) }

// edgeID is an edge's id, like nodeID.
func edgeID(i int) string { return fmt.Sprintf("e%d", i) }

func (g *Graph) index() map[string]int {
	m := make(map[string]int, len(g.Components))
	for i, c := range g.Components {
		m[c.ID] = i
	}
	return m
}

// Mermaid writes the graph as a Mermaid flowchart, which GitHub renders in
// Markdown files, comments and job summaries. Layers become subgraphs
// stacked top to bottom.
func Mermaid(w io.Writer, g *Graph) error {
	var b bytes.Buffer
	idx := g.index()
	b.WriteString("flowchart TB\n")
	node := func(indent string, c *Component) {
		fmt.Fprintf(&b, "%s%s[\"%s<br/>%s\"]\n", indent, nodeID(idx[c.ID]), mermaidText(c.ID), c.countLabel())
	}
	for i, layer := range g.Layers {
		fmt.Fprintf(&b, "  subgraph layer%d [\"layer %d: %s\"]\n    direction LR\n", i, i+1, mermaidText(strings.Join(layer, " | ")))
		for _, id := range layer {
			node("    ", g.Components[idx[id]])
		}
		b.WriteString("  end\n")
	}
	for _, c := range g.Components {
		if c.Layer < 0 {
			node("  ", c)
		}
	}
	links := 0
	for i := 1; i < len(g.Layers); i++ {
		fmt.Fprintf(&b, "  layer%d ~~~ layer%d\n", i-1, i) // invisible: keeps the layers in order
		links++
	}
	var styles []string
	for _, e := range g.Edges {
		arrow := "-->"
		if !e.Violating() && len(e.Baselined) > 0 {
			arrow = "-.->"
		}
		fmt.Fprintf(&b, "  %s %s|\"%s\"| %s\n", nodeID(idx[e.From]), arrow, e.Label(), nodeID(idx[e.To]))
		switch {
		case e.Violating():
			styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:%s,stroke-width:3px,color:%s\n", links, colorViolating, colorViolating))
		case len(e.Baselined) > 0:
			styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:%s,stroke-width:2px,color:%s\n", links, colorBaselined, colorBaselined))
		}
		links++
	}
	for _, s := range styles {
		b.WriteString(s)
	}
	fmt.Fprintf(&b, "  classDef component fill:%s,stroke:%s\n", colorNode, colorNodeLine)
	if len(g.Components) > 0 {
		ids := make([]string, len(g.Components))
		for i := range g.Components {
			ids[i] = nodeID(i)
		}
		fmt.Fprintf(&b, "  class %s component\n", strings.Join(ids, ","))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// mermaidText escapes text for a quoted Mermaid label.
var mermaidText = strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "#", "#35;").Replace

// DOT writes the graph in Graphviz's DOT language. Layers become ranks,
// tied top to bottom by invisible edges; an edge against the layering does
// not constrain the ranks, so it is drawn pointing up. Nodes and edges
// carry the ids the HTML page uses.
func DOT(w io.Writer, g *Graph) error {
	var b bytes.Buffer
	b.WriteString("digraph architecture {\n")
	b.WriteString("  graph [rankdir=TB, newrank=true, nodesep=0.5, ranksep=0.8, fontname=Helvetica];\n")
	// Helvetica is a font Graphviz has metrics for without fontconfig (it
	// falls back to Times for any other); the margin leaves room for a
	// browser's sans-serif, which may be wider than Helvetica.
	fmt.Fprintf(&b, "  node [shape=box, style=\"rounded,filled\", fillcolor=%q, color=%q, fontname=Helvetica, fontsize=12, margin=\"0.15,0.05\"];\n", colorNode, colorNodeLine)
	fmt.Fprintf(&b, "  edge [color=%q, fontcolor=%q, fontname=Helvetica, fontsize=10];\n", colorEdge, colorEdge)
	for i, c := range g.Components {
		fmt.Fprintf(&b, "  %s [id=%s, class=component, label=%s, tooltip=%s];\n",
			dotQuote(c.ID), dotQuote(nodeID(i)), dotQuote(c.ID+"\n"+c.countLabel()), dotQuote(c.ID))
	}
	for i, layer := range g.Layers {
		fmt.Fprintf(&b, "  { rank=same; ")
		for _, id := range layer {
			fmt.Fprintf(&b, "%s; ", dotQuote(id))
		}
		fmt.Fprintf(&b, "} // layer %d\n", i+1)
	}
	for i := 1; i < len(g.Layers); i++ {
		fmt.Fprintf(&b, "  %s -> %s [style=invis, weight=10];\n", dotQuote(g.Layers[i-1][0]), dotQuote(g.Layers[i][0]))
	}
	for i, e := range g.Edges {
		attrs := []string{"id=" + dotQuote(edgeID(i)), "label=" + dotQuote(e.Label()), "tooltip=" + dotQuote(e.From+" -> "+e.To)}
		switch {
		case e.Violating():
			attrs = append(attrs, "class=violating", "color="+dotQuote(colorViolating), "fontcolor="+dotQuote(colorViolating), "penwidth=2.5")
		case len(e.Baselined) > 0:
			attrs = append(attrs, "class=baselined", "color="+dotQuote(colorBaselined), "fontcolor="+dotQuote(colorBaselined), "style=dashed", "penwidth=1.5")
		default:
			attrs = append(attrs, "class=dependency")
		}
		if g.upward(e) {
			attrs = append(attrs, "constraint=false")
		}
		fmt.Fprintf(&b, "  %s -> %s [%s];\n", dotQuote(e.From), dotQuote(e.To), strings.Join(attrs, ", "))
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// dotQuote quotes s as a DOT string; a newline becomes a centred line
// break.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
