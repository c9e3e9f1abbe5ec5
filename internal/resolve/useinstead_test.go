package resolve_test

import (
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/resolve"
)

func TestUseInstead(t *testing.T) {
	t.Parallel()
	testdata, _ := filepath.Abs(filepath.Join("..", "..", "testdata"))
	pcfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps,
		Dir:  filepath.Join(testdata, "src"),
		Env:  append(os.Environ(), "GOPATH="+testdata, "GO111MODULE=off", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(pcfg, "example.com/fixapp/internal/localfs", "example.com/fixapp/internal/legacyfs")
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) { byPath[p.PkgPath] = p.Types })
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
