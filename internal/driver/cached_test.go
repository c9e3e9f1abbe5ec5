package driver

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/archvet/archvet/internal/cache"
	"github.com/archvet/archvet/internal/fixturetest"
)

// TestCacheNeverStale runs a module twice with a result cache, checking
// that the second run is answered from it, and then edits, one at a time,
// a file, a dependency's exported API, the rules file, a rules file in a
// subdirectory and the build tags: after each edit the findings must be
// those of a run without the cache.
func TestCacheNeverStale(t *testing.T) {
	dir := t.TempDir()
	write := fixturetest.Writer(t, dir)
	write("go.mod", "module example.com/c\n\ngo 1.22\n")
	write("rules.yaml", "version: 1\nrules:\n  - id: no-file\n    ban: [os.File, os.ReadFile]\n    in: [core/**]\n    hint: h\n")
	write("store/store.go", "package store\n\n// Handle is what core keeps.\ntype Handle = int\n")
	write("core/core.go", "package core\n\nimport \"example.com/c/store\"\n\n// Keep keeps a handle.\nfunc Keep(h *store.Handle) {}\n")
	write("core/tagged.go", "//go:build special\n\npackage core\n\nimport \"os\"\n\nvar _, _ = os.ReadFile(\"x\")\n")
	write("tools/rules.yaml", "version: 1\nrules:\n  - id: no-env\n    ban: os.Getenv\n    hint: h\n")
	write("tools/tools.go", "package tools\n\nimport \"os\"\n\nvar _ = os.Getenv(\"HOME\")\n")

	c, err := cache.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	run := func(step string, cached bool, wantCached int) []string {
		t.Helper()
		opts := Options{Dir: dir, Tests: true, Env: env}
		if cached {
			opts.Cache = c
		}
		res, err := Run(opts)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if cached && wantCached >= 0 && res.Cached != wantCached {
			t.Errorf("%s: %d packages from the cache, want %d", step, res.Cached, wantCached)
		}
		var out []string
		for _, f := range res.Findings {
			out = append(out, f.File+": "+f.Rule)
		}
		return out
	}
	check := func(step string, want ...string) {
		t.Helper()
		got := run(step, true, -1)
		if fresh := run(step+" (no cache)", false, 0); !slices.Equal(got, fresh) || !slices.Equal(got, want) {
			t.Errorf("%s: with the cache %q, without %q, want %q", step, got, fresh, want)
		}
	}

	check("first run", "tools/tools.go: no-env")
	run("second run", true, 3) // core, store and tools, all answered from the cache

	write("core/core.go", "package core\n\nimport (\n\t\"os\"\n\n\t\"example.com/c/store\"\n)\n\n// Keep keeps a handle.\nfunc Keep(h *store.Handle) { _, _ = os.ReadFile(\"y\") }\n")
	check("a file edited", "core/core.go: no-file", "tools/tools.go: no-env")

	write("store/store.go", "package store\n\nimport \"os\"\n\n// Handle is what core keeps.\ntype Handle = os.File\n")
	check("a dependency's API edited", "core/core.go: no-file", "core/core.go: no-file", "tools/tools.go: no-env")

	write("rules.yaml", "version: 1\nrules:\n  - id: no-file\n    ban: [os.ReadFile]\n    in: [core/**]\n    hint: h\n")
	check("the rules edited", "core/core.go: no-file", "tools/tools.go: no-env")

	write("tools/rules.yaml", "version: 1\nrules:\n  - id: no-env\n    ban: os.Setenv\n    hint: h\n")
	check("a nested rules file edited", "core/core.go: no-file")

	env = append(env, "GOFLAGS=-mod=mod -tags=special")
	check("build tags", "core/core.go: no-file", "core/tagged.go: no-file")

	// A contract: core may not depend on web, directly or not. lib gains
	// an import of web inside a function body, which leaves lib's export
	// data as it was; core's findings change all the same.
	write("rules.yaml", "version: 1\nrules:\n  - id: no-file\n    ban: [os.ReadFile]\n    in: [core/**]\n    hint: h\ncomponents:\n  - {id: core, in: [core/**]}\n  - {id: web, in: [web/**]}\ncontracts:\n  - id: core-below-web\n    forbidden: {from: core, to: web}\n    hint: h\n")
	write("web/web.go", "package web\n\n// X is the web layer.\nvar X = 1\n")
	write("lib/lib.go", "package lib\n\n// L is a helper.\nfunc L() int { return 1 }\n")
	write("core/lib.go", "package core\n\nimport \"example.com/c/lib\"\n\nvar _ = lib.L\n")
	check("contracts", "core/core.go: no-file", "core/tagged.go: no-file")
	write("lib/lib.go", "package lib\n\nimport \"example.com/c/web\"\n\n// L is a helper.\nfunc L() int { return web.X }\n")
	check("an import below a package", "core/core.go: no-file", "core/lib.go: core-below-web", "core/tagged.go: no-file")

	if entries, _ := os.ReadDir(c.Dir()); len(entries) == 0 || !strings.HasPrefix(c.Dir(), os.TempDir()) {
		t.Errorf("cache directory %s: %d entries", c.Dir(), len(entries))
	}
}
