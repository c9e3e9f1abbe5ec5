package main_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

var (
	graphvizOnce sync.Once
	graphvizErr  error
)

// graphBin builds archvet and, next to it, archvet-graphviz, which
// archvet graph runs for svg and html.
func graphBin(t *testing.T) string {
	t.Helper()
	bin := archvetBin(t)
	graphvizOnce.Do(func() {
		out, err := exec.Command("go", "build", "-o", filepath.Join(filepath.Dir(bin), "archvet-graphviz"), "../archvet-graphviz").CombinedOutput()
		if err != nil {
			graphvizErr = errors.New(string(out))
		}
	})
	if graphvizErr != nil {
		t.Fatalf("building archvet-graphviz: %v", graphvizErr)
	}
	return bin
}

// TestGraph draws testdata/graph/shop: core's import of clients has a
// finding, jobs' import of web a baselined one.
func TestGraph(t *testing.T) {
	bin := graphBin(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "graph", "shop"))); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, dir, bin, "graph")
	for _, want := range []string{
		`c2["internal/core<br/>1 package"]`,
		`c2 -->|"1 import, 1 finding"| c1`,
		`c3 -.->|"1 import, 1 baselined"| c5`,
		`linkStyle 2 stroke:#d62728`,
	} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("archvet graph: exit %d, stdout lacks %q:\n%s\nstderr:\n%s", r.code, want, r.stdout, r.stderr)
		}
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "graph.md"))
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile("(?s)```mermaid\n(.*?)```").FindSubmatch(doc); m == nil || string(m[1]) != r.stdout {
		t.Errorf("docs/graph.md's example is not archvet graph's output on testdata/graph/shop:\n%s", r.stdout)
	}
	if r := runIn(t, dir, bin, "graph", "-format", "dot", "-baseline", "off"); r.code != 0 || strings.Count(r.stdout, "class=violating") != 2 {
		t.Errorf("dot without the baseline: exit %d, want 2 violating edges:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, dir, bin, "graph", "-format", "html", "-o", "graph.html"); r.code != 0 {
		t.Fatalf("html: exit %d: %s", r.code, r.stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "graph.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`<g id="c\d+" class="node component">`).FindAll(page, -1)); n != 6 {
		t.Errorf("html: %d component nodes, want 6", n)
	}
	for _, want := range []string{`class="edge violating"`, `class="edge baselined"`, `"file":"internal/core/core.go","line":5`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("html lacks %q", want)
		}
	}
}

func TestGraphUsage(t *testing.T) {
	bin := archvetBin(t)
	if r := runIn(t, ".", bin, "graph", "-format", "png"); r.code != 2 || !strings.Contains(r.stderr, `unknown -format "png"`) {
		t.Errorf("-format png: exit %d, stderr %q; want 2 and the formats", r.code, r.stderr)
	}
}

// TestNoGraphvizInArchvet checks that archvet does not link go-graphviz,
// even through another package: its init compiles WebAssembly at every
// start, go vet's one per package included (docs/graph.md). wazero itself
// is linked: the postgres dialect's parser (internal/pgquery) runs on it,
// and compiles or loads its module at the first statement it parses, not
// at start.
func TestNoGraphvizInArchvet(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/goccy/go-graphviz") {
			t.Errorf("archvet links %s", p)
		}
	}
	if !strings.Contains(string(out), "github.com/archvet/archvet/internal/archgraph\n") {
		t.Error("archvet does not link internal/archgraph: go list's output is not what this test expects")
	}
}
