package graphviz_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/archvet/archvet/internal/archgraph"
	"github.com/archvet/archvet/internal/archgraph/graphviz"
)

// layered is web over core over util, with util importing web against the
// layers (a finding) and core importing util.
func layered() *archgraph.Graph {
	imp := func(path, file string) archgraph.Import {
		return archgraph.Import{Path: path, Pos: archgraph.Position{File: file, Line: 3, Col: 8}}
	}
	return archgraph.Build(archgraph.Input{
		Packages: []archgraph.Package{
			{Path: "m/web", Dir: "web", Imports: []archgraph.Import{imp("m/core", "web/w.go")}},
			{Path: "m/core", Dir: "core", Imports: []archgraph.Import{imp("m/util", "core/c.go")}},
			{Path: "m/util", Dir: "util", Imports: []archgraph.Import{imp("m/web", "util/u.go")}},
		},
		Assign: func(_, dir string) string { return dir },
		Layers: [][]string{{"web"}, {"core"}, {"util"}},
		Findings: []archgraph.Finding{{
			Pos:     archgraph.Position{File: "util/u.go", Line: 3, Col: 8},
			Rule:    "layered",
			Message: `import of "m/web" <breaks> the layers`,
		}},
	})
}

func layout(t *testing.T, g *archgraph.Graph) []byte {
	t.Helper()
	var dot bytes.Buffer
	if err := archgraph.DOT(&dot, g); err != nil {
		t.Fatal(err)
	}
	svg, err := graphviz.SVG(context.Background(), dot.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return svg
}

func TestSVG(t *testing.T) {
	g := layered()
	svg := layout(t, g)
	if !bytes.Equal(svg, layout(t, g)) {
		t.Error("two layouts of one graph differ")
	}
	for i, c := range g.Components {
		if !regexp.MustCompile(fmt.Sprintf(`<g id="c%d" class="node component">\s*<title>%s</title>`, i, c.ID)).Match(svg) {
			t.Errorf("no node c%d for %s", i, c.ID)
		}
	}
	for i, e := range g.Edges {
		class := "dependency"
		if e.Violating() {
			class = "violating"
		}
		if !bytes.Contains(svg, fmt.Appendf(nil, `<g id="e%d" class="edge %s">`, i, class)) {
			t.Errorf("no %s edge e%d for %s -> %s", class, i, e.From, e.To)
		}
	}
	if n := bytes.Count(svg, []byte(`stroke="#d62728"`)); n < 2 { // the line and the arrow head
		t.Errorf("the violating edge is not red: %d red strokes", n)
	}
	y := func(id string) float64 { // a node's text's y: larger is lower
		m := regexp.MustCompile(`(?s)<g id="` + id + `" class="node.*?<text[^>]* y="(-?[0-9.]+)"`).FindSubmatch(svg)
		if m == nil {
			t.Fatalf("no text in node %s", id)
		}
		v, err := strconv.ParseFloat(string(m[1]), 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if !(y("c0") < y("c1") && y("c1") < y("c2")) {
		t.Errorf("layers not top to bottom: web %v, core %v, util %v", y("c0"), y("c1"), y("c2"))
	}
}

func TestSVGBadDOT(t *testing.T) {
	if _, err := graphviz.SVG(context.Background(), []byte("digraph {")); err == nil {
		t.Error("no error for truncated DOT")
	}
}

// TestHTML checks the page around a real layout: self-contained, with the
// SVG and the data the script shows on a click.
func TestHTML(t *testing.T) {
	g := layered()
	var b bytes.Buffer
	if err := archgraph.HTML(&b, g, "m: <architecture>", layout(t, g)); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{"<!DOCTYPE html>", "<title>m: &lt;architecture&gt;</title>", `<g id="c0" class="node component">`, `class="edge violating"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"<!DOCTYPE svg", "<?xml", "<link", " src=", "url(", "@import", "<breaks>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, u := range regexp.MustCompile(`https?://[^"'\s)]*`).FindAllString(page, -1) {
		if !strings.HasPrefix(u, "http://www.w3.org/") {
			t.Errorf("page names %s: it must load nothing", u)
		}
	}
	m := regexp.MustCompile(`(?s)<script id="archgraph-data" type="application/json">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no data script")
	}
	var data struct {
		Components map[string]struct{ ID string }
		Edges      map[string]struct {
			From, To string
			Findings []struct {
				Pos struct {
					File string
					Line int
				}
				Message string
				Rule    string
			}
		}
	}
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatal(err)
	}
	if data.Components["c2"].ID != "util" {
		t.Errorf("component c2 is %q, want util", data.Components["c2"].ID)
	}
	var found bool
	for id, e := range data.Edges {
		if len(e.Findings) == 1 {
			f := e.Findings[0]
			found = e.From == "util" && e.To == "web" && f.Pos.File == "util/u.go" && f.Pos.Line == 3 && f.Rule == "layered" && strings.Contains(f.Message, "<breaks>")
			if !strings.Contains(page, `<g id="`+id+`" class="edge violating">`) {
				t.Errorf("edge %s has findings but is not drawn as violating", id)
			}
		}
	}
	if !found {
		t.Errorf("the finding is not in the data: %+v", data.Edges)
	}
}
