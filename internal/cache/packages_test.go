package cache

import (
	"os"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/internal/fixturetest"
)

// TestPackageInputs loads a two-package module with go/packages and checks
// that the key of the importing package follows edits of its own files and
// of its dependency's exported API, and stays put otherwise.
func TestPackageInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list; skipped with -short")
	}
	dir := t.TempDir()
	write := fixturetest.Writer(t, dir)
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	write("a/a.go", "package a\n\nimport \"example.com/m/b\"\n\nfunc A() int { return b.B() }\n")
	write("b/b.go", "package b\n\nimport \"example.com/m/c\"\n\nfunc B() int { return c.C }\n")
	write("c/c.go", "package c\n\nconst C = 1\n")
	base := Inputs{Tool: "t", GoVersion: "go", GOOS: "linux", GOARCH: "amd64"}
	keyOfA := func() Key {
		t.Helper()
		cfg := &packages.Config{Mode: PackageMode, Dir: dir, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=")}
		pkgs, err := packages.Load(cfg, "./a")
		if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
			t.Fatalf("loading ./a: %v %v", err, pkgs)
		}
		in, err := PackageInputs(base, pkgs[0], nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Deps) != 1 || in.Deps[0].Path != "example.com/m/b" || len(in.Files) != 1 {
			t.Fatalf("inputs of a: files %v, deps %v; want a.go and example.com/m/b", in.Files, in.Deps)
		}
		return mustKey(t, in)
	}

	k0 := keyOfA()
	if k := keyOfA(); k != k0 {
		t.Fatal("the key changed with nothing edited")
	}
	write("b/b.go", "package b\n\nimport \"example.com/m/c\"\n\nfunc B() int { return c.C }\n\nfunc C() string { return \"\" }\n")
	k1 := keyOfA()
	if k1 == k0 {
		t.Error("adding a function to the dependency did not change the key")
	}
	// An indirect dependency: c's new function changes c's export data,
	// not b's, and must change a's key through b's digest.
	write("c/c.go", "package c\n\nconst C = 1\n\nfunc D() {}\n")
	k2 := keyOfA()
	if k2 == k1 {
		t.Error("adding a function to an indirect dependency did not change the key")
	}
	k1 = k2
	write("a/a.go", "package a\n\nimport \"example.com/m/b\"\n\nfunc A() int { return b.B() + 1 }\n")
	if k := keyOfA(); k == k1 {
		t.Error("editing the package did not change the key")
	}
}

// TestDigests checks, on a graph built by hand, that a package's inputs
// follow the export data and the imports of packages below its direct
// imports, whose own export files the go command happens to rename too:
// the key does not rely on that.
func TestDigests(t *testing.T) {
	c := &packages.Package{ID: "c", PkgPath: "c", ExportFile: "c1"}
	b := &packages.Package{ID: "b", PkgPath: "b", ExportFile: "b1", Imports: map[string]*packages.Package{"c": c}}
	a := &packages.Package{ID: "a", PkgPath: "a", Imports: map[string]*packages.Package{"b": b}}
	base := Inputs{Tool: "t"}
	key := func() Key {
		t.Helper()
		in, err := PackageInputs(base, a, Digests([]*packages.Package{a}))
		if err != nil {
			t.Fatal(err)
		}
		return mustKey(t, in)
	}
	k0 := key()
	c.ExportFile = "c2"
	k1 := key()
	if k1 == k0 {
		t.Error("an indirect dependency's export data changed, the key did not")
	}
	b.Imports["unsafe"] = &packages.Package{ID: "unsafe", PkgPath: "unsafe"}
	k2 := key()
	if k2 == k1 {
		t.Error("a dependency gained an import of unsafe, the key did not change")
	}
	b.Imports["d"] = &packages.Package{ID: "d", PkgPath: "d"}
	if _, err := PackageInputs(base, a, Digests([]*packages.Package{a})); err == nil {
		t.Error("a dependency below without export data gave inputs")
	}
}
