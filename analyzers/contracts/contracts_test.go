package contracts_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers/contracts"
	"github.com/archvet/archvet/analyzers/directives"
	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/fixturetest"
)

// archRules are the rules of the example.com/arch fixture module; globs
// are relative to testdata/src/example.com/arch.
const archRules = `version: 1
components:
  - {id: web, in: [internal/web/**]}
  - {id: core, in: [internal/core/**]}
  - {id: jobs, in: [internal/jobs]}
  - {id: util, in: [internal/util]}
  - {id: api, in: [internal/api]}
  - {id: billing, in: [internal/billing]}
  - {id: projects, in: [internal/projects]}
  - {id: domain, in: [internal/domain]}
  - {id: alpha, in: [internal/alpha/**]}
  - {id: beta, in: [internal/beta/**]}
  - {id: cloud, packages: [thirdparty.com/cloud/...]}
  - {id: vend, packages: [thirdparty.com/vend]}
  - {id: stdlib, packages: [std]}
contracts:
  - id: layered
    layers: [web, "core | jobs", util]
    ignore_imports: ["example.com/arch/internal/jobs -> example.com/arch/internal/web"]
    hint: dependencies point down the layers
  - id: core-without-cloud
    forbidden: {from: [core], to: [cloud, vend]}
    allow: [internal/core/allowed.go]
    hint: core gets its clients injected
  - id: api-without-web
    forbidden: {from: [api], to: [web]}
    hint: api serves data, not pages
  - id: features-apart
    independent: [billing, projects]
    direct: true
    hint: features talk through core
  - id: domain-pure
    only: {from: [domain], may_depend_on: [stdlib]}
    hint: domain depends on the standard library only
  - id: no-cycles
    acyclic: [alpha, beta]
    hint: components form a hierarchy
`

// testdata is the repository's top-level testdata directory (GOPATH
// layout): example.com/arch and the fake third-party thirdparty.com.
var testdata = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		panic(err) // unreachable: Abs fails only without a working directory
	}
	return dir
}()

func archConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Parse(filepath.Join(testdata, "src", "example.com", "arch", "rules.yaml"), []byte(archRules))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// load loads the fixtures with their dependencies from source, as a
// driver with facts needs them.
func load(t *testing.T) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   testdata,
		Env:   append(os.Environ(), "GO111MODULE=off", "GOPATH="+testdata),
		Tests: true,
	}
	pkgs, err := packages.Load(cfg, "example.com/arch/...")
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// graphOf returns the import graph of pkgs the way the standalone driver
// has it: the non-test imports of every package.
func graphOf(pkgs []*packages.Package) *contracts.Graph {
	g := contracts.NewGraph()
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.ID != p.PkgPath {
			return // a test variant: its tests' imports are not the package's
		}
		var imports []string
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

// TestContracts checks the want comments of the fixtures with the
// analyzer as the standalone driver runs it, given the import graph; and
// that with facts, as under go vet and golangci-lint, it reports the
// same findings.
func TestContracts(t *testing.T) {
	t.Parallel()
	cfg := archConfig(t)
	// Dependencies from source, for facts: a heavy section.
	defer fixturetest.Heavy(t)()
	pkgs := load(t)
	withFacts := contracts.New(cfg, directives.New(cfg))
	withGraph := contracts.New(cfg, directives.New(cfg), contracts.WithGraph(graphOf(pkgs)))
	if len(withFacts.FactTypes) == 0 || len(withGraph.FactTypes) != 0 {
		t.Fatalf("fact types: %d with facts, %d with a graph; want facts only without a graph", len(withFacts.FactTypes), len(withGraph.FactTypes))
	}
	var byGraph []string
	// The packages loaded for facts serve the want comments too: a
	// second load from source would double the memory of the test.
	for _, r := range fixturetest.Run(t, pkgs, withGraph) {
		for _, d := range r.Diagnostics {
			if cfg.Contract(d.Category) == nil || d.URL != analysisutil.DocURL+"#contracts" || d.End <= d.Pos {
				t.Errorf("%s: diagnostic %q has category %q, url %q; want a contract id, the contracts anchor and a range",
					r.Package.Fset.Position(d.Pos), d.Message, d.Category, d.URL)
			}
			byGraph = append(byGraph, fmt.Sprintf("%s: %s", r.Package.Fset.Position(d.Pos), d.Message))
		}
	}
	res, err := checker.Analyze([]*analysis.Analyzer{withFacts}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var byFacts []string
	for _, act := range res.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act.Package.ID, act.Err)
		}
		for _, d := range act.Diagnostics {
			byFacts = append(byFacts, fmt.Sprintf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message))
		}
	}
	byGraph, byFacts = dedup(byGraph), dedup(byFacts)
	if len(byGraph) == 0 {
		t.Fatal("no findings")
	}
	if !slices.Equal(byGraph, byFacts) {
		t.Errorf("findings differ:\nwith the graph:\n%s\nwith facts:\n%s", strings.Join(byGraph, "\n"), strings.Join(byFacts, "\n"))
	}
}

// dedup sorts findings and drops those of a file shared by a package and
// its test variant.
func dedup(list []string) []string {
	slices.Sort(list)
	return slices.Compact(list)
}
