package resolve_test

import (
	"go/types"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/fixturetest"
	"github.com/archvet/archvet/internal/resolve"
)

func TestUseInstead(t *testing.T) {
	t.Parallel()
	testdata, _ := filepath.Abs(filepath.Join("..", "..", "testdata"))
	// Dependencies come from export data: what the two packages import,
	// directly or not, is reached through their types.
	pkgs := fixturetest.Load(t, testdata, "example.com/fixapp/internal/localfs", "example.com/fixapp/internal/legacyfs")
	byPath := map[string]*types.Package{}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if byPath[p.Path()] == nil {
			byPath[p.Path()] = p
			for _, imp := range p.Imports() {
				visit(imp)
			}
		}
	}
	for _, p := range pkgs {
		visit(p.Types)
	}
	lookup := func(path string) *types.Package { return byPath[path] }

	const lfs = "example.com/fixapp/internal/localfs"
	for _, tc := range []struct {
		name, rule string
		want       []string
	}{
		{"identical", "ban: os.ReadFile\n    use_instead: " + lfs + ".ReadFile", nil},
		{"one of several matches", "ban: os.{ReadFile,WriteFile}\n    use_instead: " + lfs + ".ReadFile", nil},
		{"differs", "ban: os.WriteFile\n    use_instead: " + lfs + ".WriteFile", []string{
			`rules.yaml:4:10: rule "r": use_instead example.com/fixapp/internal/localfs.WriteFile has signature func(string, []byte) error, but os.WriteFile has func(string, []byte, os.FileMode) error; no fix will be offered`,
		}},
		{"none of several matches", "ban: [os.WriteFile, os.Chmod]\n    use_instead: " + lfs + ".ReadFile", []string{
			`rules.yaml:4:11: rule "r": use_instead example.com/fixapp/internal/localfs.ReadFile has signature func(string) ([]byte, error), but os.WriteFile has func(string, []byte, os.FileMode) error; no fix will be offered`,
			`rules.yaml:4:25: rule "r": use_instead example.com/fixapp/internal/localfs.ReadFile has signature func(string) ([]byte, error), but os.Chmod has func(string, os.FileMode) error; no fix will be offered`,
		}},
		{"a method ban", "ban: (*os.File).Write\n    use_instead: " + lfs + ".WriteFile", nil},
		{"prose", "ban: os.WriteFile\n    use_instead: the localfs package", nil},
		{"a type", "ban: os.WriteFile\n    use_instead: os.FileMode", nil},
		{"unknown package", "ban: os.WriteFile\n    use_instead: example.com/nowhere.WriteFile", nil},
		{"same package", "ban: example.com/fixapp/internal/legacyfs.Load\n    use_instead: example.com/fixapp/internal/legacyfs.Read", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rules := "version: 1\nrules:\n  - id: r\n    " + tc.rule + "\n    hint: h\n"
			cfg, err := config.Parse("rules.yaml", []byte(rules))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range resolve.UseInstead(cfg, cfg.Rules[0], lookup) {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestCheckUseInstead checks that Check loads the use_instead package and
// warns when its function can replace none of the banned functions.
func TestCheckUseInstead(t *testing.T) {
	t.Parallel()
	rules := `version: 1
rules:
  - id: bad
    ban: [os.WriteFile]
    hint: h
    use_instead: io/ioutil.ReadFile
  - id: good
    ban: ["os.{ReadFile,WriteFile}"]
    hint: h
    use_instead: io/ioutil.ReadFile
  - id: prose
    ban: [os.Create]
    hint: h
    use_instead: the storage gate
`
	errs, warnings := check(t, rules, fileMode, resolve.Options{})
	want(t, "errors", errs, nil)
	want(t, "warnings", warnings, []string{
		`rules.yaml:4:11: rule "bad": use_instead io/ioutil.ReadFile has signature func(string) ([]byte, error), but os.WriteFile has func(string, []byte, os.FileMode) error; no fix will be offered`,
	})
}

// TestReplacements checks the replacements CheckAll returns for the bans
// analyzer, whether the use_instead package is checked (from source,
// with the run's import graph) or loaded by the resolver (export data),
// and whether the run type-checked anything (fullMode) or not
// (fileMode, archvet check-config).
func TestReplacements(t *testing.T) {
	t.Parallel()
	rules := `version: 1
rules:
  - id: db
    ban: [example.com/app/storage.Open]
    hint: h
    use_instead: example.com/app/internal/db.Get
  - id: ioutil
    ban: [os.ReadFile]
    hint: h
    use_instead: io/ioutil.ReadFile
  - id: prose
    ban: [os.Create]
    hint: h
    use_instead: the storage gate
  - id: type
    ban: [os.Create]
    hint: h
    use_instead: example.com/app/scope.Scope
`
	cfg, err := config.Parse(filepath.Join(appDir, "rules.yaml"), []byte(rules))
	if err != nil {
		t.Fatal(err)
	}
	all, err := loadApp()
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []packages.LoadMode{fullMode, fileMode} {
		cfgs := map[*packages.Package]*config.Config{}
		for _, p := range all[mode] {
			cfgs[p] = cfg
		}
		checked, err := resolve.CheckAll(cfgs, resolve.Options{Dir: appDir, Tests: true})
		if err != nil {
			t.Fatal(err)
		}
		repls := checked.Replacements[cfg]
		if len(repls) != 2 {
			t.Errorf("mode %v: replacements for %v, want db.Get and ioutil.ReadFile", mode, slices.Collect(maps.Keys(repls)))
		}
		db := repls["example.com/app/internal/db.Get"]
		if db.PkgPath != "example.com/app/internal/db" || db.PkgName != "db" || db.Name != "Get" ||
			db.Signature != "func(example.com/app/scope.Scope, string) ([]uint8, error)" {
			t.Errorf("mode %v: db.Get: %+v", mode, db)
		}
		// db imports scope and storage, and storage imports os: a fix
		// to db.Get in any of them would be an import cycle.
		for _, dep := range []string{"example.com/app/scope", "example.com/app/storage", "os", "io"} {
			if !slices.Contains(db.Deps, dep) {
				t.Errorf("mode %v: db.Get's imports %q lack %s", mode, db.Deps, dep)
			}
		}
		for _, dep := range []string{"example.com/app/internal/db", "example.com/app/cmd/app"} {
			if slices.Contains(db.Deps, dep) {
				t.Errorf("mode %v: db.Get's imports %q hold %s", mode, db.Deps, dep)
			}
		}
		if !slices.IsSorted(db.Deps) {
			t.Errorf("mode %v: db.Get's imports are not sorted: %q", mode, db.Deps)
		}
		ioutil := repls["io/ioutil.ReadFile"]
		if ioutil.PkgName != "ioutil" || ioutil.Signature != "func(string) ([]uint8, error)" || !slices.Contains(ioutil.Deps, "os") {
			t.Errorf("mode %v: ioutil.ReadFile: %+v", mode, ioutil)
		}
	}
}
