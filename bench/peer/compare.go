package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/archvet/archvet/config"
)

// A site is what compare matches findings on: file, line and rule. Columns
// differ between the tools (forbidigo reports the selector, archvet the
// name), and one line may hold several uses.
type site struct {
	file string // slash-separated, relative to the module
	line int
	rule string
}

func (s site) String() string { return fmt.Sprintf("%s:%d: %s", s.file, s.line, s.rule) }

var tagRE = regexp.MustCompile(`\[archvet:([a-z0-9-]+)\]`)

// compare reads archvet's JSON report and golangci-lint's, and summarises
// on one line how many sites of cfg's ban rules both report and each alone,
// followed by up to ten sites of each kind of difference.
func compare(cfg *config.Config, moduleDir, archvetJSON, golangciJSON string) (string, error) {
	module, err := filepath.Abs(moduleDir)
	if err != nil {
		return "", err
	}
	bans := map[string]bool{}
	for _, r := range cfg.Rules {
		bans[r.ID] = true
	}
	var av struct {
		Findings []struct {
			Rule, File string
			Line       int
		}
	}
	if err := readJSON(archvetJSON, &av); err != nil {
		return "", err
	}
	var gl struct {
		Issues []struct {
			Text string
			Pos  struct {
				Filename string
				Line     int
			}
		}
	}
	if err := readJSON(golangciJSON, &gl); err != nil {
		return "", err
	}
	a, g := map[site]bool{}, map[site]bool{}
	for _, f := range av.Findings {
		if bans[f.Rule] {
			a[site{rel(module, f.File), f.Line, f.Rule}] = true
		}
	}
	for _, is := range gl.Issues {
		if m := tagRE.FindStringSubmatch(is.Text); m != nil {
			g[site{rel(module, is.Pos.Filename), is.Pos.Line, m[1]}] = true
		}
	}
	onlyA, onlyG := minus(a, g), minus(g, a)
	var b strings.Builder
	fmt.Fprintf(&b, "sites: %d from archvet, %d from golangci-lint, %d from both, %d from archvet alone, %d from golangci-lint alone\n",
		len(a), len(g), len(a)-len(onlyA), len(onlyA), len(onlyG))
	list(&b, "archvet alone", onlyA)
	list(&b, "golangci-lint alone", onlyG)
	return b.String(), nil
}

func readJSON(name string, v any) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// rel returns name relative to the module, slash-separated.
func rel(module, name string) string {
	if filepath.IsAbs(name) {
		if r, err := filepath.Rel(module, name); err == nil {
			name = r
		}
	}
	return filepath.ToSlash(name)
}

func minus(x, y map[site]bool) []site {
	var out []site
	for s := range x {
		if !y[s] {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(p, q site) int { return strings.Compare(p.String(), q.String()) })
	return out
}

func list(b *strings.Builder, what string, sites []site) {
	for i, s := range sites {
		if i == 10 {
			fmt.Fprintf(b, "  %s: ... and %d more\n", what, len(sites)-i)
			break
		}
		fmt.Fprintf(b, "  %s: %s\n", what, s)
	}
}
