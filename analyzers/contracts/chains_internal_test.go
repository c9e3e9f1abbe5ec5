package contracts

import (
	"strings"
	"testing"

	"github.com/archvet/archvet/config"
)

// TestShortestChain checks the chain a fact records: the shortest, and of
// equal lengths the one whose paths sort first, whatever the order in
// which imports are listed; and that ignore_imports edges break chains.
func TestShortestChain(t *testing.T) {
	cfg, err := config.Parse("/m/rules.yaml", []byte(`version: 1
components:
  - {id: web, in: [web/**]}
  - {id: core, in: [core/**]}
contracts:
  - id: k
    forbidden: {from: [core], to: [web]}
    hint: h
  - id: ignoring
    forbidden: {from: [core], to: [web]}
    ignore_imports: ["m/h/b -> m/web/...", "m/h/short -> m/web/x"]
    hint: h
`))
	if err != nil {
		t.Fatal(err)
	}
	g := NewGraph()
	g.Add("m/core", "/m/core", []string{"m/h/c", "m/h/b", "m/h/long", "m/h/short"})
	g.Add("m/h/c", "/m/h/c", []string{"m/web/z"})
	g.Add("m/h/b", "/m/h/b", []string{"m/web/y"})
	g.Add("m/h/long", "/m/h/long", []string{"m/h/c"})
	g.Add("m/h/short", "/m/h/short", []string{"m/web/x"})
	g.Add("m/web/x", "/m/web/x", nil)
	g.Add("m/web/y", "/m/web/y", nil)
	g.Add("m/web/z", "/m/web/z", nil)
	c := newChecker(cfg, g)
	web := c.comps[cfg.Component("web")]
	chainTo := func(pkg string, view int) string {
		for _, ch := range c.graph[pkg].Views[view].Comps {
			if ch.Comp == web {
				return strings.Join(ch.Paths, " ")
			}
		}
		return ""
	}
	for _, tc := range []struct {
		pkg  string
		view int
		want string
	}{
		{"m/core", 0, "m/core m/h/b m/web/y"}, // three chains of length 3: b sorts before c and short
		{"m/h/long", 0, "m/h/long m/h/c m/web/z"},
		{"m/core", c.view[cfg.Contract("ignoring")], "m/core m/h/c m/web/z"}, // b and short are cut off
		{"m/h/b", c.view[cfg.Contract("ignoring")], ""},
	} {
		if got := chainTo(tc.pkg, tc.view); got != tc.want {
			t.Errorf("chain from %s to web in view %d = %q, want %q", tc.pkg, tc.view, got, tc.want)
		}
	}
}
