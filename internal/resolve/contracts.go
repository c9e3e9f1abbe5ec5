package resolve

import (
	"fmt"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
)

// contractProblems judges the components and contracts of cfg against the
// packages of the run and everything they import: a package that two
// components claim is an error; a component that matches no package and
// an ignore_imports edge that matches no import are stale, errors when the
// run covers the whole rules root with its tests (every package and
// import is known) and warnings otherwise.
func contractProblems(cfg *config.Config, checked []*packages.Package) (errs, stale []*config.Error) {
	if len(cfg.Components) == 0 {
		return nil, nil
	}
	used := map[*config.Component]bool{}
	edgeUsed := map[*config.ImportEdge]bool{}
	var edges []*config.ImportEdge
	for _, k := range cfg.Contracts {
		edges = append(edges, k.IgnoreImports...)
	}
	claimed := map[*config.Component]map[*config.Component]string{} // second -> first -> a package both claim
	packages.Visit(checked, nil, func(p *packages.Package) {
		dir := ""
		if len(p.GoFiles) > 0 {
			dir = cfg.RelDir(filepath.Dir(p.GoFiles[0]))
		}
		comps := cfg.Claims(p.PkgPath, dir)
		for _, c := range comps {
			used[c] = true
		}
		for _, c := range comps[min(1, len(comps)):] {
			if claimed[c] == nil {
				claimed[c] = map[*config.Component]string{}
			}
			if old, ok := claimed[c][comps[0]]; !ok || p.PkgPath < old {
				claimed[c][comps[0]] = p.PkgPath // the first in path order, for a deterministic message
			}
		}
		for _, q := range p.Imports {
			for _, e := range edges {
				if !edgeUsed[e] && e.Match(p.PkgPath, q.PkgPath) {
					edgeUsed[e] = true
				}
			}
		}
	})
	graph := false // whether the load has imports at all: without them only overlaps can be judged
	for _, p := range checked {
		graph = graph || len(p.Imports) > 0
	}
	for _, c := range cfg.Components {
		firsts := make([]*config.Component, 0, len(claimed[c]))
		for first := range claimed[c] {
			firsts = append(firsts, first)
		}
		slices.SortFunc(firsts, func(a, b *config.Component) int { return a.Pos.Line - b.Pos.Line })
		for _, first := range firsts {
			errs = append(errs, &config.Error{File: cfg.File, Line: c.Pos.Line, Col: c.Pos.Col, Kind: "component", ID: c.ID,
				Msg: fmt.Sprintf("package %q is also in component %q; a package belongs to one component", claimed[c][first], first.ID)})
		}
		if !used[c] && graph {
			hint := ""
			if len(c.In) > 0 {
				files, dirs := relFiles(cfg, checked)
				hint = didYouMean(suggestGlob(c.In[0].Text, dirs, files))
			}
			stale = append(stale, &config.Error{File: cfg.File, Line: c.Pos.Line, Col: c.Pos.Col, Kind: "component", ID: c.ID,
				Msg: "component matches no package of the checked packages or their dependencies" + hint})
		}
	}
	for _, k := range cfg.Contracts {
		for _, e := range k.IgnoreImports {
			if !edgeUsed[e] && graph {
				stale = append(stale, &config.Error{File: cfg.File, Line: e.Pos.Line, Col: e.Pos.Col, Kind: "contract", ID: k.ID,
					Msg: fmt.Sprintf("ignore_imports: %q matches no import of the checked packages or their dependencies", e.Text)})
			}
		}
	}
	return errs, stale
}
