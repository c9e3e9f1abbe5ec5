package resolve_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/resolve"
)

// TestStaleGlobsAboveModule checks a rules file above the module root, as
// in a repository with several modules and one rules file: a run over the
// module's ./... judges the globs that can only match inside the module,
// and leaves alone those that may match elsewhere, in another module or
// in a module nested in this one.
func TestStaleGlobsAboveModule(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for name, content := range map[string]string{
		"svc/go.mod":                      "module example.com/svc\n\ngo 1.22\n",
		"svc/internal/a/a.go":             "package a\n\nimport \"os\"\n\nvar _ = os.Getpid\n",
		"svc/internal/a/a_test.go":        "package a\n",
		"svc/tools/go.mod":                "module example.com/svc/tools\n\ngo 1.22\n",
		"svc/tools/gen/gen.go":            "package gen\n",
		"other/go.mod":                    "module example.com/other\n\ngo 1.22\n",
		"other/internal/b/b.go":           "package b\n",
		"svc/internal/a/testdata/skip.go": "package skip\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const rules = `version: 1
rules:
  - id: r
    ban: [os]
    in: [svc/internal/**, svc/internl/**, other/**, svc/tools/gen, "**/*.pb.go", "svc/*/a"]
    allow: ["svc/internal/a/*_test.go", "svc/internal/*/b.go", "sv?/x"]
    hint: h
`
	cfg, err := config.Parse(filepath.Join(root, "rules.yaml"), []byte(rules))
	if err != nil {
		t.Fatal(err)
	}
	svc := filepath.Join(root, "svc")
	pkgs, err := packages.Load(&packages.Config{Mode: fileMode, Dir: svc, Tests: true, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("fixture does not load")
	}
	errs, _ := resolve.Check(cfg, pkgs, resolve.Options{Dir: svc, Tests: true, Strict: true})
	var got []string
	for _, e := range errs {
		got = append(got, e.Error()[len(root)+1:])
	}
	want(t, "errors", got, []string{
		`rules.yaml:5:27: rule "r": in: "svc/internl/**" matches no file of the checked packages; did you mean "svc/internal/**"?`,
		`rules.yaml:6:41: rule "r": allow: "svc/internal/*/b.go" matches no file of the checked packages`,
	})
}
