package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNogo writes the nogo package for a fixture module's rules, builds a
// vet tool from its per-analyzer subpackages the way nogo links them, and
// runs it under go vet -vettool on the fixture.
func TestNogo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a vet tool; skipped with -short")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	app := filepath.Join(tmp, "app")
	writeFiles(t, app, map[string]string{
		"go.mod": "module example.com/app\n\ngo 1.22\n",
		"rules.yaml": `version: 1
rules:
  - id: storage-gate
    ban: [os.ReadFile]
    allow: [store/**]
    hint: read files through store
`,
		"store/store.go": "package store\n\nimport \"os\"\n\nfunc Load(name string) ([]byte, error) {\n\treturn os.ReadFile(name) // ok: allowed in store\n}\n",
		"app/app.go":     "package app\n\nimport \"os\"\n\nfunc Run() {\n\t_, _ = os.ReadFile(\"x\")\n}\n",
	})

	// The tool module: archvet's requirements, and archvet from this
	// checkout, so the build needs only the module cache.
	tool := filepath.Join(tmp, "tool")
	gomod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gomod = regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(gomod, []byte("module example.com/tool"))
	gomod = append(gomod, "\nrequire github.com/archvet/archvet v0.0.0\n\nreplace github.com/archvet/archvet => "+repo+"\n"...)
	gosum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, tool, map[string]string{"go.mod": string(gomod), "go.sum": string(gosum)})

	var stderr bytes.Buffer
	out := filepath.Join(tool, "archvetrules")
	if code := run([]string{"nogo", "-o", out, "-config", filepath.Join(app, "rules.yaml")}, os.Stdout, &stderr); code != exitClean {
		t.Fatalf("archvet nogo: exit %d: %s", code, stderr.String())
	}
	rules, err := os.ReadFile(filepath.Join(out, "rules.yaml"))
	if err != nil || !strings.Contains(string(rules), "storage-gate") {
		t.Fatalf("the rules file was not copied for go:embed: %v", err)
	}

	// One subpackage per analyzer, each exporting Analyzer: nogo's deps.
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var imports, names []string
	for _, e := range entries {
		if e.IsDir() {
			imports = append(imports, "\t\""+"example.com/tool/archvetrules/"+e.Name()+"\"\n")
			names = append(names, e.Name()+".Analyzer")
		}
	}
	if len(names) < 2 {
		t.Fatalf("archvet nogo wrote %d analyzer packages, want one per analyzer of the suite", len(names))
	}
	main := "package main\n\nimport (\n\t\"golang.org/x/tools/go/analysis/unitchecker\"\n" + strings.Join(imports, "") +
		")\n\nfunc main() { unitchecker.Main(" + strings.Join(names, ", ") + ") }\n"
	writeFiles(t, tool, map[string]string{"vettool/main.go": main})
	bin := filepath.Join(tmp, "vettool")
	build := exec.Command("go", "build", "-o", bin, "./vettool")
	build.Dir = tool
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the vet tool from the generated packages: %v\n%s", err, b)
	}

	vet := exec.Command("go", "vet", "-vettool="+bin, "./...")
	vet.Dir = app
	vet.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "ARCHVET_NOGO_ROOT="+app)
	b, err := vet.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("go vet -vettool: %v, want exit 1 for the finding\n%s", err, b)
	}
	got := string(b)
	if !regexp.MustCompile(`app/app\.go:6:\d+: .*os\.ReadFile.*storage-gate`).MatchString(got) {
		t.Errorf("go vet output lacks the finding in app/app.go:6:\n%s", got)
	}
	if strings.Contains(got, "store.go") {
		t.Errorf("go vet reported the allowed use in store:\n%s", got)
	}
}

func TestNogoErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"go.mod": "module example.com/m\n", "rules.yaml": "version: 1\nrules:\n  - id: x\n    bann: [os]\n"})
	for _, args := range [][]string{
		{"nogo"}, // no -o
		{"nogo", "-o", filepath.Join(dir, "out"), "-config", filepath.Join(dir, "rules.yaml")},
		{"nogo", "-o", filepath.Join(dir, "out"), "-config", filepath.Join(dir, "missing.yaml")},
	} {
		var stderr bytes.Buffer
		if code := run(args, os.Stdout, &stderr); code != exitError || stderr.Len() == 0 {
			t.Errorf("archvet %s: exit %d, stderr %q; want 2 and a message", strings.Join(args, " "), code, stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("archvet nogo wrote a package for rules that do not compile")
	}
}

func TestPackageName(t *testing.T) {
	for in, want := range map[string]string{
		"archvetrules": "archvetrules", "nogo-rules": "nogorules", "Rules_2": "rules_2",
		"2x": "x", "type": "archvetnogo", "---": "archvetnogo",
	} {
		if got := packageName(in); got != want {
			t.Errorf("packageName(%q) = %q, want %q", in, got, want)
		}
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}
