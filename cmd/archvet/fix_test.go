package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixModule copies the fixapp fixture (testdata/src/example.com/fixapp,
// with its rules.yaml) to a fresh directory and makes it a module.
func fixModule(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("..", "..", "testdata", "src", "example.com", "fixapp"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "go.mod"), []byte("module example.com/fixapp\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// unfixable are the fixapp findings that have no fix.
const unfixable = `internal/nofix/nofix.go:9:9: os.WriteFile is banned here (write-through-localfs): file writes go through localfs; use example.com/fixapp/internal/localfs.WriteFile
internal/nofix/nofix.go:15:9: os.Open is banned here (no-open): open files through localfs; use a localfs.Open that does not exist yet
internal/renamed/renamed.go:22:9: os.ReadFile is banned here (read-through-localfs): file reads go through localfs, which confines paths to the data root; use example.com/fixapp/internal/localfs.ReadFile
internal/root/root.go:13:15: os.ReadFile is banned here (read-through-localfs): file reads go through localfs, which confines paths to the data root; use example.com/fixapp/internal/localfs.ReadFile
`

// signatureWarning is what the rules validation says of fixapp's rule
// whose use_instead cannot replace the banned function.
const signatureWarning = `archvet: warning: rules.yaml:13:10: rule "write-through-localfs": use_instead example.com/fixapp/internal/localfs.WriteFile has signature func(string, []byte) error, but os.WriteFile has func(string, []byte, os.FileMode) error; no fix will be offered
`

// TestStandaloneFix runs archvet -fix on the fixture module: the fixed
// findings no longer count, what is left is printed, and the module
// still builds.
func TestStandaloneFix(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixModule(t)
	r := runIn(t, dir, bin, "-fix", "./...")
	if r.code != 1 || r.stdout != unfixable || r.stderr != signatureWarning+"archvet: 14 fixes; changed 13 files\n" {
		t.Errorf("archvet -fix: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 1 and stdout:\n%s", r.code, r.stdout, r.stderr, unfixable)
	}
	if r := runIn(t, dir, "go", "build", "./..."); r.code != 0 {
		t.Fatalf("go build after archvet -fix: %s", r.stderr)
	}
	if r := runIn(t, dir, bin, "./..."); r.code != 1 || r.stdout != unfixable {
		t.Errorf("archvet after -fix: exit %d, stdout:\n%s", r.code, r.stdout)
	}
	if r := runIn(t, dir, bin, "-fix", "./internal/clash"); r.code != 0 || r.stdout != "" {
		t.Errorf("archvet -fix on a fixed package: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestStandaloneFixAllFixed checks that -fix exits 0 when every finding
// was fixed.
func TestStandaloneFixAllFixed(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixModule(t)
	if r := runIn(t, dir, bin, "-fix", "./internal/migrate", "./internal/dot"); r.code != 0 || r.stdout != "" {
		t.Errorf("archvet -fix: exit %d, stdout %q, stderr %q; want exit 0", r.code, r.stdout, r.stderr)
	}
}

// TestStandaloneFixNotImported runs archvet -fix on core alone, which
// does not import localfs, the replacement, and is not imported by it:
// the fixes add the import, and the module still builds. The rules
// validation loaded localfs for them; it warns about nothing but the
// rule whose signatures differ.
func TestStandaloneFixNotImported(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixModule(t)
	r := runIn(t, dir, bin, "-fix", "./internal/core")
	if r.code != 0 || r.stdout != "" || r.stderr != signatureWarning+"archvet: 2 fixes; changed 2 files\n" {
		t.Errorf("archvet -fix ./internal/core: exit %d, stdout %q, stderr %q; want exit 0", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, dir, "go", "build", "./..."); r.code != 0 {
		t.Fatalf("go build after archvet -fix: %s", r.stderr)
	}
	for _, f := range []string{"load.go", "mode.go"} {
		got, _ := os.ReadFile(filepath.Join(dir, "internal", "core", f))
		if want, _ := os.ReadFile(filepath.Join(dir, "internal", "core", f+".golden")); string(got) != string(want) {
			t.Errorf("internal/core/%s after -fix:\n%s\nwant:\n%s", f, got, want)
		}
	}
}

// TestStandaloneDiff checks that -diff prints the diff on stdout alone,
// the findings and a summary on stderr, writes nothing, and exits as a
// run without it would.
func TestStandaloneDiff(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixModule(t)
	before, _ := os.ReadFile(filepath.Join(dir, "internal", "clash", "clash.go"))
	r := runIn(t, dir, bin, "-diff", "./internal/clash", "./internal/nofix")
	wantDiff := `--- a/internal/clash/clash.go
+++ b/internal/clash/clash.go
@@ -1,8 +1,10 @@
 package clash
 
-import "os"
+import (
+	localfs2 "example.com/fixapp/internal/localfs"
+)
 
`
	if r.code != 1 || !strings.HasPrefix(r.stdout, wantDiff) || strings.Contains(r.stdout, "nofix") {
		t.Errorf("archvet -diff: exit %d, stdout:\n%s", r.code, r.stdout)
	}
	if !strings.Contains(r.stderr, "internal/nofix/nofix.go:9:9: os.WriteFile is banned here") || !strings.HasSuffix(r.stderr, "archvet: 1 fix; would change 1 file\n") {
		t.Errorf("archvet -diff: stderr:\n%s", r.stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "internal", "clash", "clash.go")); string(after) != string(before) {
		t.Errorf("archvet -diff wrote the file")
	}
}

// TestGoVetFix checks that go vet -fix applies archvet's fixes through
// unitchecker, whose own import pruning removes the imports they leave
// unused, and that the module still builds. It fixes core too, which does
// not import the replacement: the unit loads it (driver.ReplacementLoader),
// so go vet -fix leaves what archvet -fix leaves.
func TestGoVetFix(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixModule(t)
	if r := runIn(t, dir, "go", "vet", "-vettool="+bin, "-fix", "./..."); r.code != 0 {
		t.Fatalf("go vet -fix: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r := runIn(t, dir, "go", "build", "./..."); r.code != 0 {
		t.Fatalf("go build after go vet -fix: %s", r.stderr)
	}
	if r := runIn(t, dir, bin, "./..."); r.stdout != unfixable {
		t.Errorf("archvet after go vet -fix: stdout:\n%s\nwant:\n%s", r.stdout, unfixable)
	}
}

// TestStandaloneFixBaseline checks that -fix fixes only the findings a
// run reports: those a baseline covers stay, unless -baseline=off.
func TestStandaloneFixBaseline(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixModule(t)
	if r := runIn(t, dir, bin, "baseline", "write", "./internal/clash"); r.code != 0 {
		t.Fatalf("archvet baseline write: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r := runIn(t, dir, bin, "-fix", "./internal/clash"); r.code != 0 || r.stderr != signatureWarning+"archvet: 0 fixes; changed 0 files\n" {
		t.Errorf("archvet -fix with a baseline: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, dir, bin, "-fix", "-baseline=off", "./internal/clash"); r.code != 0 || r.stderr != signatureWarning+"archvet: 1 fix; changed 1 file\n" {
		t.Errorf("archvet -fix -baseline=off: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
