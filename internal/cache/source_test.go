package cache

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/internal/fixturetest"
)

// TestSourceInputs checks that a package's source key is the same whether
// its graph was loaded without building (SourceMode) or with export data
// and compiled files, as a driver loads it for analysis, and that it
// follows an edit anywhere below, a function body's included, which the
// export key does not see.
func TestSourceInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list; skipped with -short")
	}
	dir := t.TempDir()
	write := fixturetest.Writer(t, dir)
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	// net: a standard library package that is a cgo package where cgo
	// is on, whose import list then differs between the two loads.
	write("a/a.go", "package a\n\nimport (\n\t\"net\"\n\n\t\"example.com/m/b\"\n)\n\nvar _ net.IP\n\nfunc A() int { return b.B() }\n")
	write("b/b.go", "package b\n\nimport \"example.com/m/c\"\n\nfunc B() int { return c.C() }\n")
	write("c/c.go", "package c\n\nfunc C() int { return 1 }\n")
	base := Inputs{Tool: "t", GoVersion: "go", GOOS: "linux", GOARCH: "amd64"}
	goroot := gorootOf(t, dir)
	keyOfA := func(mode packages.LoadMode) Key {
		t.Helper()
		cfg := &packages.Config{Mode: mode, Dir: dir, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=")}
		pkgs, err := packages.Load(cfg, "./a")
		if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
			t.Fatalf("loading ./a: %v %v", err, pkgs)
		}
		d := SourceDigestsOf(pkgs, nil, goroot)
		in, err := SourceInputs(base, pkgs[0], d)
		if err != nil {
			t.Fatal(err)
		}
		return mustKey(t, in)
	}
	full := PackageMode | packages.NeedCompiledGoFiles | packages.NeedExportFile
	k0 := keyOfA(SourceMode)
	if k := keyOfA(full); k != k0 {
		t.Fatal("the source key differs between a load without building and one with export data")
	}
	write("c/c.go", "package c\n\nfunc C() int { return 2 }\n")
	if k := keyOfA(SourceMode); k == k0 {
		t.Error("editing a function body two packages below did not change the source key")
	}
}

// TestCgoBelow checks that a cgo package outside GOROOT below a package
// keeps its source key from being written, and one in GOROOT does not.
func TestCgoBelow(t *testing.T) {
	a := &packages.Package{ID: "a", GoFiles: []string{"/src/a/a.go"}, CompiledGoFiles: []string{"/src/a/a.go"}, Imports: map[string]*packages.Package{}}
	netp := &packages.Package{ID: "net", GoFiles: []string{"/goroot/src/net/net.go"}, CompiledGoFiles: []string{"/cache/net-cgo.go"}}
	a.Imports["net"] = netp
	if CgoBelow(a, "/goroot", map[*packages.Package]bool{}) {
		t.Error("a standard library cgo package below counted")
	}
	c := &packages.Package{ID: "c", GoFiles: []string{"/src/c/c.go"}, CompiledGoFiles: []string{"/cache/c-cgo.go"}}
	a.Imports["c"] = c
	if !CgoBelow(a, "/goroot", map[*packages.Package]bool{}) {
		t.Error("a cgo package outside GOROOT below did not count")
	}
	if !CgoBelow(c, "/goroot", map[*packages.Package]bool{}) {
		t.Error("a cgo package outside GOROOT itself did not count")
	}
}

// gorootOf returns the GOROOT of the go command run in dir.
func gorootOf(t *testing.T, dir string) string {
	t.Helper()
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedFiles, Dir: dir}
	pkgs, err := packages.Load(cfg, "unsafe")
	if err != nil || len(pkgs) != 1 {
		t.Fatalf("loading unsafe: %v", err)
	}
	// unsafe's files are in GOROOT/src/unsafe.
	return filepath.Dir(filepath.Dir(filepath.Dir(pkgs[0].GoFiles[0])))
}
