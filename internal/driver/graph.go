package driver

import (
	"path/filepath"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers/contracts"
	"github.com/archvet/archvet/config"
)

// importGraph returns the import graph of pkgs and everything they import,
// for the contracts analyzer, or nil if no rules file has contracts.
// go/packages materializes the whole graph with NeedImports even without
// NeedDeps, so this costs no extra load; each package's entry lists the
// imports of its non-test files, taken from its non-test variant.
func importGraph(pkgs []*packages.Package, cfgs []*config.Config) *contracts.Graph {
	need := false
	for _, c := range cfgs {
		need = need || len(c.Contracts) > 0
	}
	if !need {
		return nil
	}
	g := contracts.NewGraph()
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.ID != p.PkgPath && !isPlainID(p) {
			return // a test variant or a test main: test imports are no dependency of the package
		}
		imports := make([]string, 0, len(p.Imports))
		for _, q := range p.Imports {
			imports = append(imports, q.PkgPath)
		}
		dir := ""
		if len(p.GoFiles) > 0 {
			dir = filepath.Dir(p.GoFiles[0])
		}
		g.Add(p.PkgPath, dir, imports)
	})
	return g
}

// isPlainID reports whether p's ID names no test variant: in module mode
// IDs are import paths, but some build systems use other IDs.
func isPlainID(p *packages.Package) bool {
	for _, r := range p.ID {
		if r == ' ' || r == '[' {
			return false
		}
	}
	return !isTestMain(p)
}
