package driver

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/archvet/archvet/internal/cache"
	"github.com/archvet/archvet/internal/fixturetest"
)

// TestRerun checks that an unchanged re-run is answered without building
// (rerun.go), with the findings a run without the cache gives, and that
// every kind of change the stat check before it cannot see (a file added,
// a rules file edited) still reaches the findings. The file-hash memo
// remembers only files unchanged for 2 s, so the test waits that long
// where a run must find its files settled.
func TestRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for files to settle")
	}
	dir := t.TempDir()
	write := fixturetest.Writer(t, dir)
	settle := func() { time.Sleep(2100 * time.Millisecond) }
	write("go.mod", "module example.com/r\n\ngo 1.22\n")
	write("rules.yaml", "version: 1\nrules:\n  - id: no-file\n    ban: [os.File, os.ReadFile]\n    in: [core/**]\n    hint: h\n")
	write("store/store.go", "package store\n\n// Handle is what core keeps.\ntype Handle = int\n")
	write("core/core.go", "package core\n\nimport \"example.com/r/store\"\n\n// Keep keeps a handle.\nfunc Keep(h store.Handle) {}\n")
	c, err := cache.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	run := func(step string, wantRerun bool, want ...string) {
		t.Helper()
		var got [2][]string
		for i, c := range []*cache.Cache{c, nil} {
			res, err := Run(Options{Dir: dir, Tests: true, Env: env, Cache: c})
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			if i == 0 && res.Unbuilt() != wantRerun {
				t.Errorf("%s: answered without building: %t, want %t", step, res.rerun, wantRerun)
			}
			for _, f := range res.Findings {
				got[i] = append(got[i], f.File+": "+f.Rule)
			}
		}
		if !slices.Equal(got[0], want) || !slices.Equal(got[1], want) {
			t.Errorf("%s: with the cache %q, without %q, want %q", step, got[0], got[1], want)
		}
	}

	settle()
	run("first run", false)
	run("unchanged", true)

	write("core/core.go", "package core\n\nimport (\n\t\"os\"\n\n\t\"example.com/r/store\"\n)\n\n// Keep keeps a handle.\nfunc Keep(h store.Handle) { _, _ = os.ReadFile(\"x\") }\n")
	run("a file edited", false, "core/core.go: no-file")
	settle()
	run("settled after the edit", true, "core/core.go: no-file")

	// A file added below core changes core's findings through store's
	// API; no file the last run read changed, so the run tries the
	// cache without building, and must miss.
	write("store/file.go", "package store\n\nimport \"os\"\n\n// File is a file.\ntype File = os.File\n")
	write("core/use.go", "package core\n\nimport \"example.com/r/store\"\n\nvar _ *store.File\n")
	run("files added", false, "core/core.go: no-file", "core/use.go: no-file")
	settle()
	run("settled after the addition", true, "core/core.go: no-file", "core/use.go: no-file")

	write("rules.yaml", "version: 1\nrules:\n  - id: no-file\n    ban: [os.ReadFile]\n    in: [core/**]\n    hint: h\n")
	run("the rules edited", false, "core/core.go: no-file")
}
