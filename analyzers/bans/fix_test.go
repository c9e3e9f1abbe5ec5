package bans_test

import (
	"bytes"
	"fmt"
	"go/ast"
	goformat "go/format"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers/bans"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/fixturetest"
)

// fixRules are the rules of the example.com/fixapp fixture, whose
// use_instead targets name functions. Globs are relative to
// testdata/src/example.com/fixapp. The fixture's rules.yaml, which the
// driver and command tests use, holds the same rules (TestFixRulesInStep).
const fixRules = `
version: 1
rules:
  - id: read-through-localfs
    ban: [os.ReadFile, io/ioutil.ReadFile]
    allow: [internal/localfs]
    hint: file reads go through localfs, which confines paths to the data root
    use_instead: example.com/fixapp/internal/localfs.ReadFile
  - id: write-through-localfs
    ban: os.WriteFile
    allow: [internal/localfs]
    hint: file writes go through localfs
    use_instead: example.com/fixapp/internal/localfs.WriteFile
  - id: legacy-load
    ban: example.com/fixapp/internal/legacyfs.Load
    allow: [internal/legacyfs]
    hint: Load is deprecated
    use_instead: example.com/fixapp/internal/legacyfs.Read
  - id: no-open
    ban: os.Open
    hint: open files through localfs
    use_instead: a localfs.Open that does not exist yet
  - id: chmod-through-localfs
    ban: os.Chmod
    allow: [internal/localfs]
    hint: permissions are set through localfs
    use_instead: example.com/fixapp/internal/localfs.Chmod
`

// fixPackages are the fixture's packages with findings whose fixes, if
// any, need no replacements from the driver.
var fixPackages = []string{"migrate", "renamed", "dot", "clash", "samepkg", "nofix", "root"}

// localfs is the import path of the fixture's replacement package.
const localfs = "example.com/fixapp/internal/localfs"

// fixReplacements are, written by hand, the replacements that archvet's
// driver passes for fixRules (TestNewReplacement checks the signatures);
// deps are the imports of localfs, directly or not, that the tests
// need.
func fixReplacements(deps ...string) bans.Option {
	lfs := func(name, sig string) bans.Replacement {
		return bans.Replacement{PkgPath: localfs, PkgName: "localfs", Name: name, Signature: sig, Deps: deps}
	}
	return bans.WithReplacements(map[string]bans.Replacement{
		localfs + ".ReadFile":  lfs("ReadFile", "func(string) ([]uint8, error)"),
		localfs + ".WriteFile": lfs("WriteFile", "func(string, []uint8) error"),
		localfs + ".Chmod":     lfs("Chmod", "func(string, io/fs.FileMode) error"),
		"example.com/fixapp/internal/legacyfs.Read": {
			PkgPath: "example.com/fixapp/internal/legacyfs", PkgName: "legacyfs", Name: "Read",
			Signature: "func(string) ([]uint8, error)",
		},
	})
}

// localfsDeps are the imports of localfs that matter to the tests: root,
// which would make a fix in root an import cycle.
var localfsDeps = []string{"example.com/fixapp/internal/root", "io/fs", "os"}

func fixConfig(t *testing.T) *config.Config {
	return fixtureConfig(t, "fixapp", fixRules)
}

// TestFixRulesInStep checks that the fixture's rules.yaml holds fixRules.
func TestFixRulesInStep(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(testdata, "src", "example.com", "fixapp", "rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, rules, _ := strings.Cut(string(data), "\n\n"); "\n"+rules != fixRules {
		t.Errorf("testdata/src/example.com/fixapp/rules.yaml differs from fixRules:\n%s", rules)
	}
}

// fixPaths returns the import paths of the fixture packages pkgs.
func fixPaths(pkgs ...string) []string {
	var out []string
	for _, pkg := range pkgs {
		out = append(out, "example.com/fixapp/internal/"+pkg)
	}
	return out
}

// runWithSuggestedFixes calls analysistest.RunWithSuggestedFixes on the
// fixapp packages pkgs as a heavy section (one at a time): each call
// loads every dependency from source, standard library included, which
// is most of the memory of this package's tests.
func runWithSuggestedFixes(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	defer fixturetest.Heavy(t)()
	return analysistest.RunWithSuggestedFixes(t, testdata, a, fixPaths(pkgs...)...)
}

// TestBansFixes checks the fixed files against their .golden files, and
// that exactly the findings after a "// nofix:" comment line have no fix.
func TestBansFixes(t *testing.T) {
	t.Parallel()
	a := newBans(fixConfig(t))
	checkFixCounts(t, runWithSuggestedFixes(t, a, fixPackages...))
}

// TestBansFixesReplacements checks that the replacements a driver
// passes give fixes in packages that do not import the replacement
// (core), that they change nothing where the replacement is visible
// (the other packages, against the same .golden files), and that without
// them, as under go vet, core gets no fix.
func TestBansFixesReplacements(t *testing.T) {
	t.Parallel()
	t.Run("with replacements", func(t *testing.T) {
		t.Parallel()
		a := newBans(fixConfig(t), fixReplacements(localfsDeps...))
		checkFixCounts(t, runWithSuggestedFixes(t, a, append([]string{"core"}, fixPackages...)...))
	})
	t.Run("core without replacements", func(t *testing.T) {
		t.Parallel()
		a := newBans(fixConfig(t))
		for _, act := range fixturetest.Run(t, fixtures(t, "example.com/fixapp/internal/core"), a) {
			for _, d := range act.Diagnostics {
				if len(d.SuggestedFixes) != 0 {
					t.Errorf("%s: %s: a fix without replacements", act.Package.Fset.Position(d.Pos), d.Message)
				}
			}
		}
	})
}

// TestReplacementCycle checks that it is the replacement's imports that
// keep root, which localfs imports, from a fix: with imports that leave
// root out, the same finding gets one.
func TestReplacementCycle(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		deps []string
		want int
	}{
		{localfsDeps, 0},
		{[]string{"io/fs", "os"}, 1},
	} {
		a := newBans(fixConfig(t), fixReplacements(tc.deps...))
		n := 0
		for _, act := range fixturetest.Run(t, fixtures(t, "example.com/fixapp/internal/root"), a) {
			for _, d := range act.Diagnostics {
				n += len(d.SuggestedFixes)
			}
		}
		if n != tc.want {
			t.Errorf("replacement importing %q: %d fixes in root, want %d", tc.deps, n, tc.want)
		}
	}
}

// nofix reports whether the line before pos is a "// nofix:" comment.
func nofix(t *testing.T, pos token.Position) bool {
	t.Helper()
	data, err := os.ReadFile(pos.Filename)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	return pos.Line >= 2 && strings.HasPrefix(strings.TrimSpace(lines[pos.Line-2]), "// nofix:")
}

// TestFixesAlone applies each fix on its own, with no import clean-up by
// the applier, and type-checks the result: editors apply one fix at a
// time, so each must leave a package that compiles, unused imports
// included.
func TestFixesAlone(t *testing.T) {
	t.Parallel()
	a := newBans(fixConfig(t))
	for _, act := range fixturetest.Run(t, fixtures(t, fixPaths(fixPackages...)...), a) {
		for _, d := range act.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				pos := act.Package.Fset.Position(d.Pos)
				t.Run(fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line), func(t *testing.T) {
					t.Parallel()
					checkAlone(t, act.Package, pos.Filename, fix)
				})
			}
		}
	}
}

// checkAlone applies fix to filename and type-checks pkg, the package
// the fix is for, with the result in place of the file.
func checkAlone(t *testing.T, pkg *packages.Package, filename string, fix analysis.SuggestedFix) {
	t.Helper()
	src, err := os.ReadFile(filename)
	if err != nil {
		t.Fatal(err)
	}
	edits := slices.Clone(fix.TextEdits)
	slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		start, end := pkg.Fset.Position(e.Pos).Offset, pkg.Fset.Position(e.End).Offset
		if e.End == token.NoPos {
			end = start
		}
		out.Write(src[last:start])
		out.Write(e.NewText)
		last = end
	}
	out.Write(src[last:])
	fixed, err := goformat.Source(out.Bytes())
	if err != nil {
		t.Fatalf("fix %q: result does not parse: %v\n%s", fix.Message, err, out.Bytes())
	}

	// Type-check the package again, importing what it imported before.
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range pkg.Syntax {
		name := pkg.Fset.File(f.FileStart).Name()
		var data any // nil: read from disk
		if name == filename {
			data = fixed
		}
		file, err := parser.ParseFile(fset, name, data, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	deps := map[string]*types.Package{}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		for _, imp := range p.Imports() {
			if deps[imp.Path()] == nil {
				deps[imp.Path()] = imp
				visit(imp)
			}
		}
	}
	visit(pkg.Types)
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if p := deps[path]; p != nil {
				return p, nil
			}
			return nil, fmt.Errorf("%s is not among the package's imports", path)
		}),
		Error: func(err error) { t.Errorf("fix %q alone: %v\n%s", fix.Message, err, fixed) },
	}
	_, _ = conf.Check(pkg.Types.Path(), fset, files, nil) // errors go to conf.Error
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func TestUseInsteadFunc(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in        string
		pkg, name string
		ok        bool
	}{
		{"example.com/app/internal/localfs.ReadFile", "example.com/app/internal/localfs", "ReadFile", true},
		{"gopkg.in/yaml.v3.Marshal", "gopkg.in/yaml.v3", "Marshal", true},
		{"os.ReadFile", "os", "ReadFile", true},
		{"storage.Storage", "storage", "Storage", true}, // a type; the analyzer finds no function
		{"use io and os", "", "", false},
		{"os.{ReadFile,WriteFile}", "", "", false},
		{"os.Read*", "", "", false},
		{"(*os.File).Write", "", "", false},
		{"io/ioutil", "", "", false},
		{"", "", "", false},
	} {
		pkg, name, ok := bans.UseInsteadFunc(tc.in)
		if pkg != tc.pkg || name != tc.name || ok != tc.ok {
			t.Errorf("UseInsteadFunc(%q) = %q, %q, %v; want %q, %q, %v", tc.in, pkg, name, ok, tc.pkg, tc.name, tc.ok)
		}
	}
}

func TestCheckUseInstead(t *testing.T) {
	t.Parallel()
	pkgs := fixtures(t, localfs)
	if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("loading localfs: %v", pkgs)
	}
	localfs := pkgs[0].Types
	i := slices.IndexFunc(localfs.Imports(), func(p *types.Package) bool { return p.Path() == "os" })
	if i < 0 {
		t.Fatal("localfs does not import os")
	}
	osPkg := localfs.Imports()[i]
	fn := func(p *types.Package, name string) *types.Func { return p.Scope().Lookup(name).(*types.Func) }
	file, _ := osPkg.Scope().Lookup("File").Type().(*types.Named)
	var write *types.Func
	for m := range file.Methods() {
		if m.Name() == "Write" {
			write = m
		}
	}
	unexported := types.NewFunc(token.NoPos, localfs, "readFile", fn(localfs, "ReadFile").Signature())
	for _, tc := range []struct {
		banned, repl *types.Func
		want         string
	}{
		{fn(osPkg, "ReadFile"), fn(localfs, "ReadFile"), ""},
		{fn(osPkg, "WriteFile"), fn(localfs, "ReadFile"),
			"use_instead example.com/fixapp/internal/localfs.ReadFile has signature func(string) ([]byte, error), but os.WriteFile has func(string, []byte, os.FileMode) error; no fix will be offered"},
		{fn(osPkg, "WriteFile"), fn(localfs, "WriteFile"),
			"use_instead example.com/fixapp/internal/localfs.WriteFile has signature func(string, []byte) error, but os.WriteFile has func(string, []byte, os.FileMode) error; no fix will be offered"},
		{write, fn(localfs, "WriteFile"),
			"use_instead example.com/fixapp/internal/localfs.WriteFile can replace only package-level functions, but (*os.File).Write is a method; no fix will be offered"},
		{fn(osPkg, "ReadFile"), write,
			"use_instead (*os.File).Write is a method; only a package-level function can replace os.ReadFile; no fix will be offered"},
		{fn(osPkg, "ReadFile"), unexported,
			"use_instead example.com/fixapp/internal/localfs.readFile is not exported; no fix will be offered"},
		{fn(osPkg, "Chown"), fn(osPkg, "Chmod"),
			"use_instead os.Chmod has signature func(string, os.FileMode) error, but os.Chown has func(string, int, int) error; no fix will be offered"},
	} {
		got := ""
		if err := bans.CheckUseInstead(tc.banned, tc.repl); err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("CheckUseInstead(%s, %s):\ngot  %s\nwant %s", tc.banned.FullName(), tc.repl.FullName(), got, tc.want)
		}
	}
}

// TestNewReplacement checks the signatures that fixReplacements writes
// by hand against NewReplacement, and that CheckUseInstead accepts a
// banned function and a replacement from different loads, where
// types.Identical says that the same named type differs from itself.
func TestNewReplacement(t *testing.T) {
	t.Parallel()
	load := func(path string) *types.Package {
		t.Helper()
		pcfg := &packages.Config{
			Mode: packages.NeedName | packages.NeedTypes,
			Dir:  filepath.Join(testdata, "src"),
			Env:  append(os.Environ(), "GOPATH="+testdata, "GO111MODULE=off", "GOPROXY=off"),
		}
		pkgs, err := packages.Load(pcfg, path)
		if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
			t.Fatalf("loading %s: %v %v", path, err, pkgs)
		}
		return pkgs[0].Types
	}
	lfs, osPkg := load(localfs), load("os")
	fn := func(p *types.Package, name string) *types.Func { return p.Scope().Lookup(name).(*types.Func) }
	for name, want := range map[string]string{
		"ReadFile":  "func(string) ([]uint8, error)",
		"WriteFile": "func(string, []uint8) error",
		"Chmod":     "func(string, io/fs.FileMode) error",
	} {
		r := bans.NewReplacement(fn(lfs, name), []string{"os", "io/fs"})
		if r.Signature != want || r.PkgPath != localfs || r.PkgName != "localfs" || r.Name != name || !slices.Equal(r.Deps, []string{"io/fs", "os"}) {
			t.Errorf("NewReplacement(localfs.%s) = %+v; want signature %q", name, r, want)
		}
	}
	banned, repl := fn(osPkg, "Chmod"), fn(lfs, "Chmod")
	if types.Identical(banned.Signature(), repl.Signature()) {
		t.Errorf("os.Chmod and localfs.Chmod are identical across loads: this test no longer shows why signature keys exist")
	}
	if err := bans.CheckUseInstead(banned, repl); err != nil {
		t.Errorf("CheckUseInstead across loads: %v", err)
	}
}

// checkFixCounts checks that each finding has one fix, or none where the
// fixture marks the line with a nofix comment.
func checkFixCounts(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	for _, r := range results {
		for _, d := range r.Diagnostics {
			pos := r.Pass.Fset.Position(d.Pos)
			want := 1
			if nofix(t, pos) {
				want = 0
			}
			if len(d.SuggestedFixes) != want {
				t.Errorf("%s: %s: %d fixes, want %d", pos, d.Message, len(d.SuggestedFixes), want)
			}
		}
	}
}
