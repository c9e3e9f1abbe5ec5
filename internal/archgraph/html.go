package archgraph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"
)

// HTML writes one self-contained page: the SVG that Graphviz laid out
// from DOT's output, inline, the graph's data as JSON, and a script that
// lists a component's packages when it is clicked and an edge's imports
// and findings (file:line, message, rule) when the edge is clicked. The
// page loads nothing: no CDN, no font, no request of any kind, so it
// works offline and as a CI artifact.
//
// svg must be the output of laying out DOT(g): the script finds nodes and
// edges by the ids DOT gives them.
func HTML(w io.Writer, g *Graph, title string, svg []byte) error {
	i := bytes.Index(svg, []byte("<svg"))
	if i < 0 {
		return errors.New("archgraph: the layout is not an SVG document")
	}
	svg = svg[i:]                                 // drop the XML prolog and the DOCTYPE, which name the W3C's DTD
	data, err := json.Marshal(pageData(g, title)) // escapes <, > and &: safe inside <script>
	if err != nil {
		return fmt.Errorf("archgraph: encoding the page data: %w", err)
	}
	violating, baselined := g.Violations()
	var b bytes.Buffer
	r := strings.NewReplacer(
		"{{title}}", html.EscapeString(title),
		"{{summary}}", html.EscapeString(fmt.Sprintf("%s, %s: %d violating, %d with baselined findings only",
			plural(len(g.Components), "component", "components"),
			plural(len(g.Edges), "dependency", "dependencies"), violating, baselined)),
		"{{colorViolating}}", colorViolating,
		"{{colorBaselined}}", colorBaselined,
		"{{colorEdge}}", colorEdge,
	)
	head, tail, _ := strings.Cut(page, "{{svg}}")
	b.WriteString(r.Replace(head))
	b.Write(bytes.TrimSpace(svg))
	before, after, _ := strings.Cut(tail, "{{data}}")
	b.WriteString(r.Replace(before))
	b.Write(data)
	b.WriteString(r.Replace(after))
	_, err = w.Write(b.Bytes())
	return err
}

type jsonPos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

type jsonFinding struct {
	Pos     jsonPos `json:"pos"`
	Rule    string  `json:"rule"`
	Message string  `json:"message"`
}

type jsonImport struct {
	From string  `json:"from"`
	To   string  `json:"to"`
	Pos  jsonPos `json:"pos"`
}

type jsonComponent struct {
	ID       string   `json:"id"`
	Packages []string `json:"packages"`
	Layer    int      `json:"layer"` // 1-based; 0 if in none
}

type jsonEdge struct {
	From      string        `json:"from"`
	To        string        `json:"to"`
	Imports   []jsonImport  `json:"imports"`
	Findings  []jsonFinding `json:"findings"`
	Baselined []jsonFinding `json:"baselined"`
}

type jsonPage struct {
	Title      string                   `json:"title"`
	Layers     [][]string               `json:"layers"`
	Components map[string]jsonComponent `json:"components"` // by node id
	Edges      map[string]jsonEdge      `json:"edges"`      // by edge id
}

func pageData(g *Graph, title string) jsonPage {
	p := jsonPage{Title: title, Layers: g.Layers, Components: map[string]jsonComponent{}, Edges: map[string]jsonEdge{}}
	if p.Layers == nil {
		p.Layers = [][]string{}
	}
	for i, c := range g.Components {
		p.Components[nodeID(i)] = jsonComponent{ID: c.ID, Packages: append([]string{}, c.Packages...), Layer: c.Layer + 1}
	}
	for i, e := range g.Edges {
		je := jsonEdge{From: e.From, To: e.To, Imports: []jsonImport{}, Findings: findingsJSON(e.Findings), Baselined: findingsJSON(e.Baselined)}
		for _, im := range e.Imports {
			je.Imports = append(je.Imports, jsonImport{From: im.From, To: im.To, Pos: posJSON(im.Pos)})
		}
		p.Edges[edgeID(i)] = je
	}
	return p
}

func posJSON(p Position) jsonPos { return jsonPos(p) }

func findingsJSON(fs []Finding) []jsonFinding {
	out := []jsonFinding{}
	for _, f := range fs {
		out = append(out, jsonFinding{Pos: posJSON(f.Pos), Rule: f.Rule, Message: f.Message})
	}
	return out
}

// page is the HTML page. Its script builds every element with textContent,
// never innerHTML: package paths and messages are data, not markup.
const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2937; background: #fff; }
header { padding: 10px 16px; border-bottom: 1px solid #e5e7eb; }
header h1 { font-size: 18px; margin: 0 0 2px; }
header p { margin: 0; color: #4b5563; }
.legend span { margin-right: 14px; white-space: nowrap; }
.swatch { display: inline-block; width: 22px; height: 0; vertical-align: middle; margin-right: 4px; border-top: 3px solid {{colorEdge}}; }
.swatch.violating { border-top-color: {{colorViolating}}; }
.swatch.baselined { border-top: 2px dashed {{colorBaselined}}; }
main { display: flex; align-items: flex-start; }
#graph { flex: 1 1 auto; padding: 12px; overflow: auto; }
#graph svg { max-width: 100%; height: auto; }
#graph svg text { font-family: Helvetica, Arial, "Liberation Sans", "Nimbus Sans", sans-serif; } /* the metrics Graphviz sized the boxes with */
#graph g.node, #graph g.edge { cursor: pointer; }
#graph g.edge path { stroke-linecap: round; }
#graph g.selected polygon, #graph g.selected path { stroke-width: 4; }
#graph g.node.selected polygon { fill: #fff7c2; }
aside { flex: 0 0 380px; max-height: calc(100vh - 80px); overflow: auto; padding: 12px 16px; border-left: 1px solid #e5e7eb; }
aside h2 { font-size: 16px; margin: 0 0 8px; word-break: break-all; }
aside h3 { font-size: 14px; margin: 12px 0 4px; }
aside ul { margin: 0; padding-left: 18px; }
aside li { margin: 2px 0; overflow-wrap: anywhere; }
aside code { font: 12px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
aside .finding { color: {{colorViolating}}; }
aside .baselined { color: {{colorBaselined}}; }
aside button { font: inherit; color: {{colorViolating}}; background: none; border: none; padding: 0; cursor: pointer; text-decoration: underline; text-align: left; }
</style>
</head>
<body>
<header>
<h1>{{title}}</h1>
<p>{{summary}}</p>
<p class="legend"><span><i class="swatch"></i>imports</span><span><i class="swatch violating"></i>imports with findings</span><span><i class="swatch baselined"></i>baselined findings only</span><span>click a component or an edge for details</span></p>
</header>
<main>
<div id="graph">
{{svg}}
</div>
<aside id="details"></aside>
</main>
<script id="archgraph-data" type="application/json">{{data}}</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("archgraph-data").textContent);
  var panel = document.getElementById("details");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function count(n, what) { return n + " " + what + (n === 1 ? "" : "s"); }
  function pos(p) { return p.file + ":" + p.line + ":" + p.col; }
  function list(title, items, render) {
    if (items.length === 0) return;
    panel.appendChild(el("h3", title));
    var ul = el("ul");
    items.forEach(function (it) { var li = el("li"); render(li, it); ul.appendChild(li); });
    panel.appendChild(ul);
  }
  function findings(title, fs, cls) {
    list(title, fs, function (li, f) {
      li.className = cls;
      li.appendChild(el("code", pos(f.pos)));
      li.appendChild(document.createTextNode(": " + f.message + " "));
      li.appendChild(el("code", "[" + f.rule + "]"));
    });
  }
  function summary() {
    panel.textContent = "";
    panel.appendChild(el("h2", "Violating dependencies"));
    var ids = Object.keys(data.edges).filter(function (id) {
      var e = data.edges[id];
      return e.findings.length > 0 || e.baselined.length > 0;
    }).sort(function (a, b) { return Number(a.slice(1)) - Number(b.slice(1)); });
    if (ids.length === 0) { panel.appendChild(el("p", "none: every import between components is clean")); return; }
    var ul = el("ul");
    ids.forEach(function (id) {
      var e = data.edges[id], li = el("li"), b = el("button", e.from + " \u2192 " + e.to);
      if (e.findings.length === 0) b.className = "baselined";
      b.addEventListener("click", function () { select(id); });
      li.appendChild(b);
      li.appendChild(document.createTextNode(" (" + count(e.findings.length, "finding") + ", " + e.baselined.length + " baselined)"));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  function showComponent(c) {
    panel.appendChild(el("h2", c.id));
    if (data.layers.length > 0) panel.appendChild(el("p", c.layer > 0 ? "layer " + c.layer + " of " + data.layers.length : "in no layer"));
    list(count(c.packages.length, "package"), c.packages, function (li, p) { li.appendChild(el("code", p)); });
  }
  function showEdge(e) {
    panel.appendChild(el("h2", e.from + " \u2192 " + e.to));
    findings(count(e.findings.length, "finding"), e.findings, "finding");
    findings(e.baselined.length + " baselined", e.baselined, "baselined");
    list(count(e.imports.length, "import"), e.imports, function (li, im) {
      li.appendChild(el("code", pos(im.pos)));
      li.appendChild(document.createTextNode(" " + im.from + " \u2192 " + im.to));
    });
  }
  function select(id) {
    document.querySelectorAll("#graph g.selected").forEach(function (g) { g.classList.remove("selected"); });
    var g = document.getElementById(id);
    if (g) g.classList.add("selected");
    panel.textContent = "";
    if (data.components[id]) showComponent(data.components[id]);
    else if (data.edges[id]) showEdge(data.edges[id]);
    else summary();
    panel.dataset.selected = id;
  }
  document.querySelectorAll("#graph g.node, #graph g.edge").forEach(function (g) {
    g.addEventListener("click", function (ev) { ev.preventDefault(); select(g.id); });
  });
  var m = /^#select=(\w+)$/.exec(location.hash);
  if (m) select(m[1]); else summary();
  document.documentElement.dataset.ready = "true";
})();
</script>
</body>
</html>
`
