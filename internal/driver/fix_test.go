package driver_test

import (
	"bytes"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/archvet/archvet/internal/driver"
)

// fixModule copies testdata/src/example.com/fixapp, rules.yaml included,
// to a fresh directory and makes it a module.
func fixModule(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "src", "example.com", "fixapp")
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dst, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/fixapp\n\ngo 1.26\n")
	return dst
}

// env keeps the go command offline and out of any enclosing workspace.
var env = append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOFLAGS=-mod=mod")

// remaining are the findings that have no fix: see the "// nofix:"
// comments in the fixture. Those of internal/core, which does not import
// the replacement, are fixed through the replacements the driver loads.
var remaining = []string{
	"internal/nofix/nofix.go:9: os.WriteFile",
	"internal/nofix/nofix.go:15: os.Open",
	"internal/renamed/renamed.go:22: os.ReadFile",
	"internal/root/root.go:13: os.ReadFile",
}

// TestFix applies every fix to a copy of the fixture module, checks each
// fixed file against its .golden file, and builds and vets the result.
func TestFix(t *testing.T) {
	t.Parallel()
	dir := fixModule(t)
	fx := runFix(t, dir)
	if len(fx.Skipped) > 0 {
		t.Errorf("skipped fixes:\n%s", strings.Join(fx.Skipped, "\n"))
	}
	if got := findings(fx); !slices.Equal(got, remaining) {
		t.Errorf("remaining findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(remaining, "\n"))
	}
	if fx.Applied != 14 {
		t.Errorf("%d fixes applied, want 14", fx.Applied)
	}
	goldens, _ := filepath.Glob(filepath.Join(dir, "internal", "*", "*.golden"))
	var changed []string
	for _, f := range fx.Files {
		changed = append(changed, f.Path+".golden")
		want, err := os.ReadFile(f.Path + ".golden")
		if err != nil {
			t.Errorf("%s changed, but has no golden file: %v", f.Name, err)
			continue
		}
		if want, _ = format.Source(want); !bytes.Equal(f.New, want) {
			t.Errorf("%s fixed:\n%s\nwant:\n%s", f.Name, f.New, want)
		}
	}
	slices.Sort(changed)
	if !slices.Equal(changed, goldens) {
		t.Errorf("changed files %q, want those with golden files %q", changed, goldens)
	}
	if err := fx.Write(); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s after -fix: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	// A second run finds only what has no fix.
	again := runFix(t, dir)
	if got := findings(again); again.Applied != 0 || len(again.Files) != 0 || !slices.Equal(got, remaining) {
		t.Errorf("second run: %d fixes to %d files, findings:\n%s", again.Applied, len(again.Files), strings.Join(got, "\n"))
	}
}

func runFix(t *testing.T, dir string) *driver.Fixes {
	t.Helper()
	res, err := driver.Run(driver.Options{Dir: dir, Tests: true, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems:\n%s", strings.Join(res.Problems, "\n"))
	}
	fx, err := res.Fix()
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// findings returns "file:line: object" for each remaining finding.
func findings(fx *driver.Fixes) []string {
	var out []string
	for _, f := range fx.Remaining {
		obj, _, _ := strings.Cut(f.Message, " ")
		out = append(out, f.File+":"+strconv.Itoa(f.Line)+": "+obj)
	}
	return out
}

// TestFixDiff checks -diff output for one package, and that git apply
// takes the diff of all fixes and gives the files -fix writes.
func TestFixDiff(t *testing.T) {
	t.Parallel()
	dir := fixModule(t)
	res, err := driver.Run(driver.Options{Dir: dir, Patterns: []string{"./internal/clash"}, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	fx, err := res.Fix()
	if err != nil {
		t.Fatal(err)
	}
	var diff strings.Builder
	if err := fx.Diff(&diff); err != nil {
		t.Fatal(err)
	}
	want := `--- a/internal/clash/clash.go
+++ b/internal/clash/clash.go
@@ -1,8 +1,10 @@
 package clash
 
-import "os"
+import (
+	localfs2 "example.com/fixapp/internal/localfs"
+)
 
 // Read has a parameter named localfs: the import is added as localfs2.
 func Read(localfs string) ([]byte, error) {
-	return os.ReadFile(localfs) // want ` + "`os.ReadFile is banned here \\(read-through-localfs\\)`" + `
+	return localfs2.ReadFile(localfs) // want ` + "`os.ReadFile is banned here \\(read-through-localfs\\)`" + `
 }
`
	if diff.String() != want {
		t.Errorf("diff:\n%s\nwant:\n%s", diff.String(), want)
	}
	if got := fx.Summary(false); got != "1 fix; would change 1 file" {
		t.Errorf("summary %q", got)
	}
}

// TestFixDiffApplies checks that git apply takes the diff of every fix
// and yields what -fix writes.
func TestFixDiffApplies(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := fixModule(t)
	fx := runFix(t, dir)
	var diff bytes.Buffer
	if err := fx.Diff(&diff); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "apply", "--unsafe-paths", "-")
	cmd.Dir, cmd.Stdin = dir, &diff
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\n%s", err, out, diff.String())
	}
	for _, f := range fx.Files {
		got, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.New) {
			t.Errorf("%s after git apply:\n%s\nwant:\n%s", f.Name, got, f.New)
		}
	}
}

// TestFixNotImported runs the driver on packages that do not import the
// replacement, without the replacement's package among those checked:
// the rules validation loads it, and the bans analyzer gets its fixes
// from there. core's are applied and the module builds; root's would be
// an import cycle, since localfs imports root, and are not offered.
func TestFixNotImported(t *testing.T) {
	t.Parallel()
	dir := fixModule(t)
	res, err := driver.Run(driver.Options{Dir: dir, Patterns: []string{"./internal/core", "./internal/root"}, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	// os.Chmod comes from this run's load, localfs.Chmod from the rules
	// validation's: their signatures are identical all the same.
	for _, w := range res.Warnings {
		if !strings.Contains(w, `rule "write-through-localfs"`) {
			t.Errorf("warning: %s", w)
		}
	}
	fx, err := res.Fix()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := findings(fx), []string{"internal/root/root.go:13: os.ReadFile"}; fx.Applied != 2 || !slices.Equal(got, want) {
		t.Errorf("%d fixes applied, want 2; remaining findings:\n%s\nwant:\n%s", fx.Applied, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := fx.Write(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build after -fix: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "internal", "core", "mode.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "localfs.Chmod(os.ExpandEnv(name), 0o600)") {
		t.Errorf("core/mode.go after -fix:\n%s", got)
	}
}
