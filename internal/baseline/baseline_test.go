package baseline_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/baseline"
	"github.com/archvet/archvet/report"
)

// finding returns a finding of rule in file (relative to the run's
// working directory) at line, inside decl.
func finding(rule, file string, line int, decl, msg string) report.Finding {
	return report.Finding{Rule: rule, Severity: "error", Message: msg, File: file, Line: line, Column: 2, EndLine: line, EndColumn: 9, Decl: decl}
}

const (
	readMsg  = "os.ReadFile is banned here (storage-gate): all file access goes through storage.Storage"
	writeMsg = "os.WriteFile is banned here (storage-gate): all file access goes through storage.Storage"
	dbMsg    = "example.com/app/internal/db.Open is banned here (db-gate): core talks to the database through repo"
)

// project makes a directory holding the files a test's findings are in,
// so that the baseline sees them as existing.
func project(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("package x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run returns a run in wd that checked files (relative to wd).
func run(wd string, fs []report.Finding, files ...string) baseline.Run {
	checked := map[string]bool{}
	for _, f := range files {
		checked[filepath.Join(wd, filepath.FromSlash(f))] = true
	}
	return baseline.Run{WD: wd, Findings: fs, Checked: checked}
}

// record returns a new baseline in dir holding every finding of r.
func record(t *testing.T, dir string, r baseline.Run) *baseline.Baseline {
	t.Helper()
	b, err := baseline.New(filepath.Join(dir, baseline.DefaultFile))
	if err != nil {
		t.Fatal(err)
	}
	nb, ch := b.Update(r, true)
	if ch.Added != len(r.Findings) || ch.Refused != 0 || ch.Removed != 0 {
		t.Fatalf("recording %d findings in an empty baseline: change %+v", len(r.Findings), ch)
	}
	return nb
}

func TestMarshalIsSortedAndStable(t *testing.T) {
	dir := project(t, "internal/core/load.go", "internal/core/save.go", "cmd/tool/main.go")
	fs := []report.Finding{
		finding("storage-gate", "cmd/tool/main.go", 3, "main", readMsg),
		finding("storage-gate", "internal/core/load.go", 10, "Load", readMsg),
		finding("db-gate", "internal/core/load.go", 12, "Load", dbMsg),
		finding("storage-gate", "internal/core/load.go", 14, "Load", readMsg),
		finding("storage-gate", "internal/core/save.go", 5, "(*Store).Save", writeMsg),
		finding("archvet-unused-directive", "internal/core/save.go", 1, "", "directive suppresses nothing"),
	}
	files := []string{"internal/core/load.go", "internal/core/save.go", "cmd/tool/main.go"}
	want := `{
  "version": 1,
  "findings": [
    {
      "rule": "storage-gate",
      "file": "cmd/tool/main.go",
      "decl": "main",
      "message": "os.ReadFile is banned here (storage-gate): all file access goes through storage.Storage",
      "count": 1
    },
    {
      "rule": "db-gate",
      "file": "internal/core/load.go",
      "decl": "Load",
      "message": "example.com/app/internal/db.Open is banned here (db-gate): core talks to the database through repo",
      "count": 1
    },
    {
      "rule": "storage-gate",
      "file": "internal/core/load.go",
      "decl": "Load",
      "message": "os.ReadFile is banned here (storage-gate): all file access goes through storage.Storage",
      "count": 2
    },
    {
      "rule": "archvet-unused-directive",
      "file": "internal/core/save.go",
      "decl": "",
      "message": "directive suppresses nothing",
      "count": 1
    },
    {
      "rule": "storage-gate",
      "file": "internal/core/save.go",
      "decl": "(*Store).Save",
      "message": "os.WriteFile is banned here (storage-gate): all file access goes through storage.Storage",
      "count": 1
    }
  ]
}
`
	got := string(record(t, dir, run(dir, fs, files...)).Marshal())
	if got != want {
		t.Errorf("Marshal:\n%s\nwant:\n%s", got, want)
	}
	// The same findings in another order give the same bytes.
	rev := slices.Clone(fs)
	slices.Reverse(rev)
	if again := string(record(t, dir, run(dir, rev, files...)).Marshal()); again != got {
		t.Errorf("Marshal depends on the order of findings:\n%s", again)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	dir := project(t, "a/a.go")
	fs := []report.Finding{
		finding("storage-gate", "a/a.go", 3, "F", readMsg),
		finding("storage-gate", "a/a.go", 4, "F", readMsg),
		finding("x", "a/a.go", 5, "<-chan T", "a <b> & c"),
	}
	b := record(t, dir, run(dir, fs, "a/a.go"))
	if err := b.Write(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, baseline.DefaultFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(b.Marshal()) {
		t.Errorf("file holds\n%s\nwant\n%s", data, b.Marshal())
	}
	if !strings.Contains(string(data), `"a <b> & c"`) || !strings.HasSuffix(string(data), "}\n") {
		t.Errorf("want unescaped HTML characters and a trailing newline:\n%s", data)
	}
	back, err := baseline.Read(filepath.Join(dir, baseline.DefaultFile))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Entries(), b.Entries()) || back.Len() != 3 {
		t.Errorf("read back %+v, want %+v", back.Entries(), b.Entries())
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".archvet-baseline-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestReadMissing(t *testing.T) {
	_, err := baseline.Read(filepath.Join(t.TempDir(), baseline.DefaultFile))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestApply(t *testing.T) {
	dir := project(t, "core/load.go", "core/save.go")
	files := []string{"core/load.go", "core/save.go"}
	old := []report.Finding{
		finding("storage-gate", "core/load.go", 10, "Load", readMsg),
		finding("storage-gate", "core/load.go", 11, "Load", readMsg),
		finding("db-gate", "core/load.go", 20, "Load", dbMsg),
		finding("storage-gate", "core/save.go", 5, "Save", writeMsg),
	}
	b := record(t, dir, run(dir, old, files...))

	tests := []struct {
		name     string
		findings []report.Finding
		want     []bool // Baselined
		fixed    int
	}{
		{"unchanged", old, []bool{true, true, true, true}, 0},
		{
			"lines added above: same declaration, still matched",
			[]report.Finding{
				finding("storage-gate", "core/load.go", 30, "Load", readMsg),
				finding("storage-gate", "core/load.go", 31, "Load", readMsg),
				finding("db-gate", "core/load.go", 40, "Load", dbMsg),
				finding("storage-gate", "core/save.go", 9, "Save", writeMsg),
			},
			[]bool{true, true, true, true}, 0,
		},
		{
			"one more of a key: the last in source order is new",
			[]report.Finding{
				finding("storage-gate", "core/load.go", 10, "Load", readMsg),
				finding("storage-gate", "core/load.go", 11, "Load", readMsg),
				finding("storage-gate", "core/load.go", 12, "Load", readMsg),
				finding("db-gate", "core/load.go", 20, "Load", dbMsg),
				finding("storage-gate", "core/save.go", 5, "Save", writeMsg),
			},
			[]bool{true, true, false, true, true}, 0,
		},
		{
			"moved to another declaration: new, and the old one fixed",
			[]report.Finding{
				finding("storage-gate", "core/load.go", 10, "Load", readMsg),
				finding("storage-gate", "core/load.go", 11, "Load", readMsg),
				finding("db-gate", "core/load.go", 20, "Load", dbMsg),
				finding("storage-gate", "core/save.go", 5, "init", writeMsg),
			},
			[]bool{true, true, true, false}, 1,
		},
		{
			"some fixed",
			[]report.Finding{
				finding("storage-gate", "core/load.go", 10, "Load", readMsg),
			},
			[]bool{true}, 3,
		},
		{"all fixed", nil, []bool{}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := b.Apply(run(dir, tt.findings, files...))
			if !slices.Equal(o.Baselined, tt.want) {
				t.Errorf("Baselined = %v, want %v", o.Baselined, tt.want)
			}
			wantNew := 0
			for _, in := range tt.want {
				if !in {
					wantNew++
				}
			}
			if o.New != wantNew || o.Fixed != tt.fixed || o.Recorded != 4 {
				t.Errorf("New, Fixed, Recorded = %d, %d, %d; want %d, %d, 4", o.New, o.Fixed, o.Recorded, wantNew, tt.fixed)
			}
		})
	}
}

func TestApplyFromAnotherDirectory(t *testing.T) {
	dir := project(t, "internal/core/load.go")
	b := record(t, dir, run(dir, []report.Finding{finding("storage-gate", "internal/core/load.go", 3, "Load", readMsg)}, "internal/core/load.go"))
	abs := filepath.Join(dir, "internal", "core", "load.go")
	for _, tt := range []struct{ wd, file string }{
		{filepath.Join(dir, "internal"), "core/load.go"},
		{filepath.Join(dir, "internal", "core"), "load.go"},
		{t.TempDir(), filepath.ToSlash(abs)}, // outside the working directory: Finding.File is absolute
	} {
		o := b.Apply(baseline.Run{WD: tt.wd, Findings: []report.Finding{finding("storage-gate", tt.file, 3, "Load", readMsg)}, Checked: map[string]bool{abs: true}})
		if !o.Baselined[0] || o.Fixed != 0 {
			t.Errorf("from %s, %s: Baselined %v, Fixed %d; want matched", tt.wd, tt.file, o.Baselined, o.Fixed)
		}
	}
}

func TestScope(t *testing.T) {
	dir := project(t, "a/a.go", "b/b.go", "c/c.go")
	all := []string{"a/a.go", "b/b.go", "c/c.go"}
	fs := []report.Finding{
		finding("storage-gate", "a/a.go", 3, "A", readMsg),
		finding("storage-gate", "b/b.go", 3, "B", readMsg),
		finding("storage-gate", "c/c.go", 3, "C", readMsg),
	}
	b := record(t, dir, run(dir, fs, all...))
	if err := os.Remove(filepath.Join(dir, "c", "c.go")); err != nil {
		t.Fatal(err)
	}
	// A run of package a only: b.go was not checked, so its entry says
	// nothing; c.go is gone, so its finding is fixed.
	r := run(dir, fs[:1], "a/a.go")
	if o := b.Apply(r); o.Fixed != 1 || o.Recorded != 2 || o.New != 0 {
		t.Errorf("Apply: Fixed %d, Recorded %d, New %d; want 1, 2, 0", o.Fixed, o.Recorded, o.New)
	}
	nb, ch := b.Update(r, false)
	if ch != (baseline.Change{Removed: 1}) {
		t.Errorf("Update: %+v, want Removed 1", ch)
	}
	var got []string
	for _, e := range nb.Entries() {
		got = append(got, e.File)
	}
	if want := []string{"a/a.go", "b/b.go"}; !slices.Equal(got, want) {
		t.Errorf("after Update the baseline holds %v, want %v", got, want)
	}
}

func TestUpdate(t *testing.T) {
	dir := project(t, "core/load.go")
	f := func(line int, decl string) report.Finding {
		return finding("storage-gate", "core/load.go", line, decl, readMsg)
	}
	b := record(t, dir, run(dir, []report.Finding{f(1, "A"), f(2, "A"), f(3, "A"), f(4, "B")}, "core/load.go"))
	counts := func(b *baseline.Baseline) map[string]int {
		m := map[string]int{}
		for _, e := range b.Entries() {
			m[e.Decl] = e.Count
		}
		return m
	}
	tests := []struct {
		name     string
		findings []report.Finding
		grow     bool
		want     map[string]int
		change   baseline.Change
	}{
		{"shrinks as findings are fixed", []report.Finding{f(1, "A")}, false, map[string]int{"A": 1}, baseline.Change{Removed: 3}},
		{"refuses to grow", []report.Finding{f(1, "A"), f(2, "A"), f(3, "A"), f(4, "A"), f(5, "B"), f(6, "C")}, false,
			map[string]int{"A": 3, "B": 1}, baseline.Change{Refused: 2}},
		{"refuses and shrinks at once", []report.Finding{f(1, "A"), f(6, "C")}, false, map[string]int{"A": 1}, baseline.Change{Removed: 3, Refused: 1}},
		{"grows when asked", []report.Finding{f(1, "A"), f(6, "C"), f(7, "C")}, true,
			map[string]int{"A": 1, "C": 2}, baseline.Change{Removed: 3, Added: 2}},
		{"unchanged", []report.Finding{f(1, "A"), f(2, "A"), f(3, "A"), f(4, "B")}, false, map[string]int{"A": 3, "B": 1}, baseline.Change{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb, ch := b.Update(run(dir, tt.findings, "core/load.go"), tt.grow)
			if got := counts(nb); !equalMaps(got, tt.want) {
				t.Errorf("counts %v, want %v", got, tt.want)
			}
			if ch != tt.change {
				t.Errorf("change %+v, want %+v", ch, tt.change)
			}
			if nb.Path() != b.Path() {
				t.Errorf("Update moved the baseline from %s to %s", b.Path(), nb.Path())
			}
		})
	}
	if got := counts(b); !equalMaps(got, map[string]int{"A": 3, "B": 1}) {
		t.Errorf("Update changed the original baseline: %v", got)
	}
}

func equalMaps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestParseErrors(t *testing.T) {
	const entry = `{"rule":"r","file":"a.go","decl":"F","message":"m","count":1}`
	tests := []struct{ data, want string }{
		{`{"version":1,"findings":[` + entry + `,` + entry + `]}`, "b.json: findings[1]: the same rule, file, decl and message appear twice; add the counts"},
		{`{"version":2,"findings":[]}`, "b.json: unsupported baseline version 2; this archvet reads version 1"},
		{`{"findings":[]}`, "b.json: unsupported baseline version 0; this archvet reads version 1"},
		{`{"version":1,"findings":[{"rule":"r","file":"a.go","count":0}]}`, "b.json: findings[0]: count is 0; it must be at least 1"},
		{`{"version":1,"findings":[{"file":"a.go","count":1}]}`, "b.json: findings[0]: rule and file must not be empty"},
		{`{"version":1,"findings":[],"extra":true}`, `b.json: invalid baseline: unknown field "extra"`},
		{"{\n\"version\": 1,\n\"findings\": [}", "b.json:3: invalid baseline: invalid character '}' looking for beginning of value"},
		{`{"version":"1"}`, "b.json:1: invalid baseline: cannot unmarshal string into Go struct field fileFormat.version of type int"},
		{`{"version":1,"findings":[]} {}`, "b.json: invalid baseline: data after the JSON document"},
		// A baseline that lost its list is not an empty baseline: every
		// accepted finding would fail the run, or worse, be rewritten away.
		{`{"version":1}`, "b.json: invalid baseline: no findings list (an empty baseline has \"findings\": []); delete the file and run `archvet baseline write` to record the current findings"},
		{`{"version":1,"findings":null}`, "b.json: invalid baseline: findings is null, not a list (an empty baseline has \"findings\": []); delete the file and run `archvet baseline write` to record the current findings"},
	}
	for _, tt := range tests {
		_, err := baseline.Parse("b.json", []byte(tt.data))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%s):\n got %v\nwant %s", tt.data, err, tt.want)
		}
	}
}

func TestPath(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.yaml")
	const base = "version: 1\nrules:\n  - id: r\n    ban: [os.ReadFile]\n    hint: h\n"
	for _, tt := range []struct{ yaml, want string }{
		{base, filepath.Join(dir, baseline.DefaultFile)},
		{base + "baseline: ci/archvet.json\n", filepath.Join(dir, "ci", "archvet.json")},
	} {
		cfg, err := config.Parse(rules, []byte(tt.yaml))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := baseline.Path(cfg); err != nil || got != tt.want {
			t.Errorf("Path = %q, %v; want %q", got, err, tt.want)
		}
	}
}

func TestKeyLeavesOutTheHint(t *testing.T) {
	b, err := baseline.New(filepath.Join(t.TempDir(), baseline.DefaultFile))
	if err != nil {
		t.Fatal(err)
	}
	const bare = "os.Open is banned here (storage-gate)"
	want := b.Key(report.Finding{Rule: "r", File: "a.go", Message: bare}, b.Path())
	for _, f := range []report.Finding{
		{Rule: "r", File: "a.go", Message: bare, Hint: "use storage"},
		{Rule: "r", File: "a.go", Message: bare, Hint: "use storage", UseInstead: "example.com/app/storage.Open"},
		{Rule: "r", File: "a.go", Message: bare, Hint: "reworded", UseInstead: "example.com/app/storage.Read"},
	} {
		if got := b.Key(f, b.Path()); got != want {
			t.Errorf("Key(%+v) = %+v, want %+v: hint and replacement are not part of the key", f, got, want)
		}
	}
	if got := b.Key(report.Finding{Rule: "r", File: "a.go", Message: bare + " again"}, b.Path()); got == want {
		t.Errorf("Key ignores the bare message: %+v", got)
	}
}
