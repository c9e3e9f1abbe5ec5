package driver

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/report"
)

// TestBoundedSameFindings checks that analysing package by package
// against export data (bounded.go) finds exactly what analysing a whole
// go/packages load with syntax and types finds, test variants, a cgo-free
// fixture with a baseline and nested rules included.
func TestBoundedSameFindings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "threeway")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "e2e", "threeway"))); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	opts := Options{Dir: dir, Tests: true, Env: env, Baseline: BaselineOff}
	res, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}

	full, err := packages.Load(&packages.Config{Mode: LoadMode, Dir: dir, Tests: true, Env: env}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	cfgs, err := Configs(opts, full)
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]*packages.Package{}
	cfgOf := map[string]*config.Config{}
	for p, c := range cfgs {
		byFile[c.File] = append(byFile[c.File], p)
		cfgOf[c.File] = c
	}
	var want []report.Finding
	for file, group := range byFile {
		graph, err := checker.Analyze(analyzers.Suite(cfgOf[file]), group, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, act := range graph.Roots {
			for _, d := range act.Diagnostics {
				f := NewFinding(res.Dir, cfgOf[file], act.Package.Fset, act.Package.Syntax, act.Package.PkgPath, d)
				if !slices.Contains(want, f) {
					want = append(want, f)
				}
			}
		}
	}
	report.Sort(want)
	if len(want) == 0 || !slices.Equal(res.Findings, want) {
		t.Errorf("bounded analysis found\n%v\na whole load finds\n%v", res.Findings, want)
	}
}

// TestGCTarget checks that the collector's target is lowered while large
// packages are checked, put back after the last, and never raised.
func TestGCTarget(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	current := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }

	var g gcTarget
	g.lower()
	g.lower() // two large packages at once
	if got := current(); got != largeGCPercent {
		t.Fatalf("while checking: GC percent %d, want %d", got, largeGCPercent)
	}
	g.restore()
	if got := current(); got != largeGCPercent {
		t.Errorf("one of two done: GC percent %d, want %d", got, largeGCPercent)
	}
	g.restore()
	if got := current(); got != 100 {
		t.Errorf("after: GC percent %d, want 100", got)
	}

	debug.SetGCPercent(10) // the user's GOGC, lower already
	g.lower()
	if got := current(); got != 10 {
		t.Errorf("with GOGC=10: GC percent %d while checking, want 10", got)
	}
	g.restore()
	if got := current(); got != 10 {
		t.Errorf("with GOGC=10: GC percent %d after, want 10", got)
	}
}
