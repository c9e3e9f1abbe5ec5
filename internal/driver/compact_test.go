package driver

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestCompactCopiesGraph checks that compact returns an equal graph made
// of new packages: every field the same, imports pointing into the copy,
// and one Module for all packages of a module.
func TestCompactCopiesGraph(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "e2e", "threeway")
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	pkgs, err := load(Options{Dir: dir, Tests: true, Env: env}, metaMode)
	if err != nil {
		t.Fatal(err)
	}
	out := compact(pkgs)
	if len(out) != len(pkgs) {
		t.Fatalf("compact returned %d packages for %d", len(out), len(pkgs))
	}
	old := map[*packages.Package]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) { old[p] = true })
	copies := map[*packages.Package]bool{}
	packages.Visit(out, nil, func(p *packages.Package) { copies[p] = true })
	if len(copies) != len(old) {
		t.Errorf("the copy has %d packages, the load %d", len(copies), len(old))
	}
	mods := map[string]*packages.Module{}
	for i := range pkgs {
		var walk func(p, q *packages.Package)
		walk = func(p, q *packages.Package) {
			if old[q] {
				t.Fatalf("%s: the copy shares the loaded package", q.ID)
			}
			a, b := *p, *q
			a.Imports, b.Imports, a.Module, b.Module = nil, nil, nil, nil
			if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(p.Module, q.Module) || len(p.Imports) != len(q.Imports) {
				t.Fatalf("%s: the copy differs:\n%+v\n%+v", p.ID, p, q)
			}
			if m := q.Module; m != nil {
				if mods[m.Path] != nil && mods[m.Path] != m {
					t.Errorf("%s: module %s is copied more than once", q.ID, m.Path)
				}
				mods[m.Path] = m
			}
			for path, imp := range p.Imports {
				if q.Imports[path] == nil || q.Imports[path].ID != imp.ID {
					t.Fatalf("%s: import %q is %v in the copy", p.ID, path, q.Imports[path])
				}
				walk(imp, q.Imports[path])
			}
		}
		walk(pkgs[i], out[i])
	}
	if len(mods) == 0 {
		t.Error("no package has a module")
	}
}
