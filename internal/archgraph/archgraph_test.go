package archgraph_test

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archvet/archvet/internal/archgraph"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// byDirectory makes each directory below internal/ a component, as a
// rules file's components would: internal/web/render belongs to web.
func byDirectory(_, dir string) string {
	rest, ok := strings.CutPrefix(dir, "internal/")
	if !ok {
		return "" // cmd/, or a package outside the module
	}
	id, _, _ := strings.Cut(rest, "/")
	return id
}

func pos(file string, line int) archgraph.Position {
	return archgraph.Position{File: file, Line: line, Col: 2}
}

func pkg(p string, imports ...string) archgraph.Package {
	dir := strings.TrimPrefix(p, "example.com/app/")
	out := archgraph.Package{Path: p, Dir: dir}
	for i, im := range imports {
		out.Imports = append(out.Imports, archgraph.Import{Path: im, Pos: pos(path.Join(dir, "a.go"), 4+i)})
	}
	return out
}

// shop is a layered module: web over "core | jobs" over util, with core
// importing web (against the layers), jobs importing core (siblings, a
// baselined finding), an unassigned cmd, and standard library imports.
func shop() archgraph.Input {
	return archgraph.Input{
		Packages: []archgraph.Package{
			pkg("example.com/app/internal/web", "example.com/app/internal/core", "net/http"),
			pkg("example.com/app/internal/web/render", "example.com/app/internal/util", "example.com/app/internal/web"),
			pkg("example.com/app/internal/core", "example.com/app/internal/util", "example.com/app/internal/web/render"),
			pkg("example.com/app/internal/jobs", "example.com/app/internal/core", "example.com/app/internal/util"),
			pkg("example.com/app/internal/util", "strings"),
			pkg("example.com/app/cmd/app", "example.com/app/internal/web"),
		},
		Assign:     byDirectory,
		Components: []string{"web", "core", "jobs", "util", "billing"},
		Layers:     [][]string{{"web"}, {"jobs", "core"}, {"util"}, {"nosuch"}},
		Findings: []archgraph.Finding{
			{Pos: pos("internal/core/a.go", 5), Rule: "layered", Message: `import of "example.com/app/internal/web/render" breaks the layers`},
			{Pos: pos("internal/jobs/a.go", 4), Rule: "layered", Message: `import of "example.com/app/internal/core": core and jobs are siblings`, Baselined: true},
			{Pos: pos("internal/core/a.go", 5), Rule: "no-render", Message: "second finding on the same import"},
			{Pos: pos("internal/util/a.go", 4), Rule: "no-strings", Message: "on an import of no component: not drawn"},
			{Pos: pos("internal/web/a.go", 30), Rule: "elsewhere", Message: "on no import"},
		},
	}
}

func TestBuild(t *testing.T) {
	g := archgraph.Build(shop())
	var ids []string
	for _, c := range g.Components {
		ids = append(ids, c.ID)
	}
	if want := []string{"web", "core", "jobs", "util", "billing"}; !slices.Equal(ids, want) {
		t.Errorf("components %q, want %q (layers top down, then the rest by id)", ids, want)
	}
	if want := [][]string{{"web"}, {"core", "jobs"}, {"util"}}; !equalLayers(g.Layers, want) {
		t.Errorf("layers %q, want %q", g.Layers, want)
	}
	if web := g.Component("web"); !slices.Equal(web.Packages, []string{"example.com/app/internal/web", "example.com/app/internal/web/render"}) {
		t.Errorf("web's packages %q", web.Packages)
	}
	if g.Component("billing") == nil || len(g.Component("billing").Packages) != 0 {
		t.Error("a declared component without packages must be a node with none")
	}
	got := map[string]string{}
	for _, e := range g.Edges {
		got[e.From+"->"+e.To] = e.Label()
	}
	want := map[string]string{
		"web->core":  "1 import",
		"web->util":  "1 import",
		"core->util": "1 import",
		"core->web":  "1 import, 2 findings",
		"jobs->core": "1 import, 1 baselined",
		"jobs->util": "1 import",
	}
	if !maps.Equal(got, want) {
		t.Errorf("edges %v, want %v (no self-edge web->web, none to std or the unassigned cmd)", got, want)
	}
	violating, baselined := g.Violations()
	if violating != 1 || baselined != 1 {
		t.Errorf("Violations() = %d, %d; want 1, 1", violating, baselined)
	}
}

func TestGroupUnassigned(t *testing.T) {
	in := shop()
	in.GroupUnassigned = true
	g := archgraph.Build(in)
	c := g.Component(archgraph.UnassignedID)
	if c == nil || !slices.Equal(c.Packages, []string{"example.com/app/cmd/app"}) {
		t.Fatalf("unassigned node %+v; want the cmd package alone (std packages are not in the graph)", c)
	}
	if !slices.ContainsFunc(g.Edges, func(e *archgraph.Edge) bool { return e.From == archgraph.UnassignedID && e.To == "web" }) {
		t.Error("no edge from the unassigned node to web")
	}
}

// TestFindingColumn checks that of two import specs on one line, a
// finding marks the one it points into.
func TestFindingColumn(t *testing.T) {
	p := archgraph.Package{Path: "example.com/app/internal/core", Dir: "internal/core", Imports: []archgraph.Import{
		{Path: "example.com/app/internal/web", Pos: archgraph.Position{File: "c.go", Line: 3, Col: 9}},
		{Path: "example.com/app/internal/util", Pos: archgraph.Position{File: "c.go", Line: 3, Col: 40}},
	}}
	g := archgraph.Build(archgraph.Input{
		Packages: []archgraph.Package{p},
		Assign:   byDirectory,
		Findings: []archgraph.Finding{{Pos: archgraph.Position{File: "c.go", Line: 3, Col: 41}, Rule: "r", Message: "m"}},
	})
	for _, e := range g.Edges {
		if want := e.To == "util"; e.Violating() != want {
			t.Errorf("edge %s->%s violating = %v, want %v", e.From, e.To, e.Violating(), want)
		}
	}
}

// TestDeterministic checks that the order of the input does not change
// the output.
func TestDeterministic(t *testing.T) {
	a, b := shop(), shop()
	slices.Reverse(b.Packages)
	slices.Reverse(b.Findings)
	for _, render := range []func(*bytes.Buffer, *archgraph.Graph) error{
		func(w *bytes.Buffer, g *archgraph.Graph) error { return archgraph.Mermaid(w, g) },
		func(w *bytes.Buffer, g *archgraph.Graph) error { return archgraph.DOT(w, g) },
	} {
		var x, y bytes.Buffer
		if err := render(&x, archgraph.Build(a)); err != nil {
			t.Fatal(err)
		}
		if err := render(&y, archgraph.Build(b)); err != nil {
			t.Fatal(err)
		}
		if x.String() != y.String() {
			t.Errorf("output depends on the input's order:\n%s\n---\n%s", x.String(), y.String())
		}
	}
}

func TestGolden(t *testing.T) {
	g := archgraph.Build(shop())
	for _, tc := range []struct {
		file   string
		render func(*bytes.Buffer, *archgraph.Graph) error
	}{
		{"shop.mmd", func(w *bytes.Buffer, g *archgraph.Graph) error { return archgraph.Mermaid(w, g) }},
		{"shop.dot", func(w *bytes.Buffer, g *archgraph.Graph) error { return archgraph.DOT(w, g) }},
	} {
		var b bytes.Buffer
		if err := tc.render(&b, g); err != nil {
			t.Fatal(err)
		}
		golden(t, tc.file, b.Bytes())
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", file, got)
	}
}

func equalLayers(a, b [][]string) bool {
	return slices.EqualFunc(a, b, func(x, y []string) bool { return slices.Equal(x, y) })
}

func TestHTMLNeedsSVG(t *testing.T) {
	var b bytes.Buffer
	if err := archgraph.HTML(&b, archgraph.Build(shop()), "t", []byte("dot: syntax error")); err == nil || b.Len() > 0 {
		t.Errorf("HTML of a layout that is no SVG: err %v, wrote %d bytes; want an error and nothing", err, b.Len())
	}
}
