package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// fixture copies the module in testdata/name.txtar to a new directory and
// returns the directory.
func fixture(t *testing.T, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(f.Name)), string(f.Data))
	}
	t.Setenv("GOWORK", "off") // the fixture is a module of its own
	return dir
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// edit replaces old, which must occur in the file, by new.
func edit(t *testing.T, path, old, new string) {
	t.Helper()
	s := readFile(t, path)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	writeFile(t, path, strings.Replace(s, old, new, 1))
}

// archvet runs the command as a user would, and returns its exit code
// and output.
func archvet(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	t.Logf("archvet %s: exit %d\n%s%s", strings.Join(args, " "), code, out.String(), errOut.String())
	return code, out.String(), errOut.String()
}

// expect checks a run's exit code and output; a stderr of "" means any.
func expect(t *testing.T, step string, code int, stdout, stderr string, wantCode int, wantStdout, wantStderr string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("%s: exit %d, want %d", step, code, wantCode)
	}
	if stdout != wantStdout {
		t.Errorf("%s: stdout:\n%s\nwant:\n%s", step, stdout, wantStdout)
	}
	if wantStderr != "" && stderr != wantStderr {
		t.Errorf("%s: stderr:\n%s\nwant:\n%s", step, stderr, wantStderr)
	}
}

const (
	hint     = ": all file access goes through storage.Storage"
	readMsg  = "os.ReadFile is banned here (storage-gate)" + hint
	writeMsg = "os.WriteFile is banned here (storage-gate)" + hint
)

// TestBaselineLifecycle takes a module through adoption: record the
// findings, move code, add a finding, refuse it, grow, fix one, shrink.
func TestBaselineLifecycle(t *testing.T) {
	dir := fixture(t, "baseline")
	core := filepath.Join(dir, "internal", "core", "core.go")
	basefile := filepath.Join(dir, ".archvet-baseline.json")
	check := []string{"-C", dir}
	write := []string{"baseline", "write", "-C", dir}

	code, out, errOut := archvet(t, check...)
	expect(t, "before the baseline", code, out, errOut, exitFindings,
		"internal/core/core.go:8:9: "+readMsg+"\ninternal/core/core.go:13:9: "+writeMsg+"\n", "")

	code, out, errOut = archvet(t, write...)
	expect(t, "first write", code, out, errOut, exitClean, "", "archvet: wrote .archvet-baseline.json: 2 findings\n")
	const recorded = `{
  "version": 1,
  "findings": [
    {
      "rule": "storage-gate",
      "file": "internal/core/core.go",
      "decl": "Load",
      "message": "os.ReadFile is banned here (storage-gate)",
      "count": 1
    },
    {
      "rule": "storage-gate",
      "file": "internal/core/core.go",
      "decl": "Save",
      "message": "os.WriteFile is banned here (storage-gate)",
      "count": 1
    }
  ]
}
`
	if got := readFile(t, basefile); got != recorded {
		t.Fatalf("baseline file:\n%s\nwant:\n%s", got, recorded)
	}

	code, out, errOut = archvet(t, check...)
	expect(t, "with the baseline", code, out, errOut, exitClean, "", "")

	// Code added above the findings moves them down but leaves them in
	// their declarations: they stay baselined.
	edit(t, core, "// Load reads", "// Exists reports whether a document exists.\nfunc Exists(name string) bool {\n\treturn name != \"\"\n}\n\n// Load reads")
	code, out, errOut = archvet(t, check...)
	expect(t, "lines added above", code, out, errOut, exitClean, "", "")

	// A second ReadFile in Load: the baseline has one, so the later one is new.
	edit(t, core, "\treturn os.ReadFile(name)", "\tif name == \"\" {\n\t\treturn os.ReadFile(\"default\")\n\t}\n\treturn os.ReadFile(name)")
	code, out, errOut = archvet(t, check...)
	expect(t, "one more in Load", code, out, errOut, exitFindings, "internal/core/core.go:16:9: "+readMsg+"\n", "")

	code, out, errOut = archvet(t, write...)
	expect(t, "write refuses to grow", code, out, errOut, exitClean, "",
		"archvet: wrote .archvet-baseline.json: 2 findings\narchvet: refused to add 1 new finding to .archvet-baseline.json; fix it, or record it with `archvet baseline write -grow`\n")
	if got := readFile(t, basefile); got != recorded {
		t.Errorf("write without -grow changed the baseline:\n%s", got)
	}
	code, _, _ = archvet(t, check...)
	if code != exitFindings {
		t.Errorf("after a refused write: exit %d, want %d", code, exitFindings)
	}

	code, out, errOut = archvet(t, append(write, "-grow")...)
	expect(t, "write -grow", code, out, errOut, exitClean, "", "archvet: wrote .archvet-baseline.json: 3 findings (1 new finding added)\n")
	if got, want := readFile(t, basefile), strings.Replace(recorded, `"count": 1`, `"count": 2`, 1); got != want {
		t.Errorf("baseline after -grow:\n%s\nwant:\n%s", got, want)
	}

	// Fixing Save's finding is reported, and the tasks show the progress.
	edit(t, core, "\treturn os.WriteFile(name, data, 0o644)", "\treturn nil")
	code, out, errOut = archvet(t, check...)
	expect(t, "one fixed", code, out, errOut, exitClean, "",
		"archvet: 1 baselined finding is fixed; run `archvet baseline write` to shrink the baseline\n")
	code, out, _ = archvet(t, append(check, "-format", "tasks")...)
	expect(t, "tasks", code, out, "", exitClean, `# archvet tasks: 2 findings

baseline: 1 of 3 done

## storage-gate (2) — all file access goes through storage.Storage

### internal/core/core.go (2)

- [ ] internal/core/core.go:14:10 `+readMsg+`
- [ ] internal/core/core.go:16:9 `+readMsg+`
`, "")

	code, out, errOut = archvet(t, write...)
	expect(t, "write shrinks", code, out, errOut, exitClean, "", "archvet: wrote .archvet-baseline.json: 2 findings (1 fixed finding removed)\n")
	if got := readFile(t, basefile); strings.Contains(got, `"Save"`) {
		t.Errorf("the fixed finding is still in the baseline:\n%s", got)
	}

	// A new finding in Save fails the run again; -baseline=off shows all.
	edit(t, core, "\treturn nil", "\t_, err := os.Create(name)\n\treturn err")
	code, out, _ = archvet(t, check...)
	expect(t, "new in Save", code, out, "", exitFindings,
		"internal/core/core.go:21:12: os.Create is banned here (storage-gate): all file access goes through storage.Storage\n", "")
	code, out, _ = archvet(t, append(check, "-baseline=off")...)
	if code != exitFindings || strings.Count(out, "\n") != 3 {
		t.Errorf("-baseline=off: exit %d, want %d and 3 findings:\n%s", code, exitFindings, out)
	}
}

// TestBaselineElsewhere checks that a baseline works from another
// working directory, and that its files are relative to the baseline.
func TestBaselineElsewhere(t *testing.T) {
	dir := fixture(t, "baseline")
	edit(t, filepath.Join(dir, "rules.yaml"), "version: 1\n", "version: 1\nbaseline: ci/archvet-baseline.json\n")
	basefile := filepath.Join(dir, "ci", "archvet-baseline.json")
	if err := os.Mkdir(filepath.Dir(basefile), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, _ := archvet(t, "baseline", "write", "-C", filepath.Join(dir, "internal"), "./core")
	if code != exitClean {
		t.Fatalf("write from internal: exit %d", code)
	}
	if got := readFile(t, basefile); !strings.Contains(got, `"file": "../internal/core/core.go"`) {
		t.Errorf("want files relative to the baseline's directory:\n%s", got)
	}
	code, out, errOut := archvet(t, "-C", filepath.Join(dir, "internal", "core"))
	expect(t, "check from internal/core", code, out, errOut, exitClean, "", "")
	// A run of another package says nothing about core's entries.
	code, out, errOut = archvet(t, "-C", dir, "./internal/storage")
	expect(t, "check storage only", code, out, errOut, exitClean, "", "")
	code, _, _ = archvet(t, "baseline", "write", "-C", dir, "./internal/storage")
	if got := readFile(t, basefile); code != exitClean || strings.Count(got, `"count": 1`) != 2 {
		t.Errorf("writing storage's findings dropped core's entries (exit %d):\n%s", code, got)
	}
	// Rewording the hint changes every message, but not the baseline's keys.
	edit(t, filepath.Join(dir, "rules.yaml"), "hint: all file access goes through storage.Storage",
		"hint: read and write files with storage.Storage\n    use_instead: example.com/app/internal/storage.Read")
	code, out, errOut = archvet(t, "-C", dir)
	expect(t, "hint reworded", code, out, errOut, exitClean, "", "")
}

func TestBaselineFlag(t *testing.T) {
	dir := fixture(t, "baseline")
	other := filepath.Join(t.TempDir(), "b.json")
	code, _, errOut := archvet(t, "-C", dir, "-baseline", other)
	if want := "; write it with `archvet baseline write -baseline " + other + "`\n"; code != exitError || !strings.HasSuffix(errOut, want) {
		t.Errorf("missing -baseline file: exit %d, stderr %q; want %d and a message ending %q", code, errOut, exitError, want)
	}
	if code, _, _ := archvet(t, "baseline", "write", "-C", dir, "-baseline", other); code != exitClean {
		t.Fatalf("write -baseline: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, ".archvet-baseline.json")); err == nil {
		t.Errorf("write -baseline also wrote the default baseline")
	}
	code, out, errOut := archvet(t, "-C", dir, "-baseline", other)
	expect(t, "check -baseline", code, out, errOut, exitClean, "", "")
	// Without the flag the default, absent baseline applies: all findings are new.
	if code, _, _ := archvet(t, "-C", dir); code != exitFindings {
		t.Errorf("without -baseline: exit %d, want %d", code, exitFindings)
	}
}

func TestBaselineUsage(t *testing.T) {
	for _, args := range [][]string{{"baseline"}, {"baseline", "read"}, {"baseline", "write", "-baseline=off"}, {"baseline", "write", "-bogus"}} {
		if code, _, errOut := archvet(t, args...); code != exitError || errOut == "" {
			t.Errorf("archvet %s: exit %d, stderr %q; want %d and a message", strings.Join(args, " "), code, errOut, exitError)
		}
	}
}

// TestBaselinePerRulesFile checks that each rules file keeps its own
// baseline when one run covers several.
func TestBaselinePerRulesFile(t *testing.T) {
	dir := fixture(t, "baseline")
	writeFile(t, filepath.Join(dir, "internal", "legacy", "rules.yaml"), `version: 1
rules:
  - id: legacy-reads
    ban: [os.ReadFile]
    hint: legacy code reads through its loader
`)
	writeFile(t, filepath.Join(dir, "internal", "legacy", "legacy.go"), "package legacy\n\nimport \"os\"\n\nvar data, _ = os.ReadFile(\"legacy\")\n")
	writeFile(t, filepath.Join(dir, "tools", "tools.go"), "package tools\n\nimport \"os\"\n\nvar f, _ = os.Open(\"tools\")\n")
	if code, _, _ := archvet(t, "baseline", "write", "-C", dir); code != exitClean {
		t.Fatalf("write: exit %d", code)
	}
	root, legacy := readFile(t, filepath.Join(dir, ".archvet-baseline.json")), readFile(t, filepath.Join(dir, "internal", "legacy", ".archvet-baseline.json"))
	if strings.Count(root, `"count"`) != 3 || strings.Contains(root, "legacy") {
		t.Errorf("root baseline should hold core's and tools' findings:\n%s", root)
	}
	if strings.Count(legacy, `"count"`) != 1 || !strings.Contains(legacy, `"file": "legacy.go"`) {
		t.Errorf("legacy baseline should hold legacy.go's finding:\n%s", legacy)
	}
	code, out, errOut := archvet(t, "-C", dir)
	expect(t, "with both baselines", code, out, errOut, exitClean, "", "")

	// A new finding in each part is reported; the baselined ones are not.
	edit(t, filepath.Join(dir, "tools", "tools.go"), "var f, _", "var g, _ = os.Create(\"tools\")\nvar f, _")
	edit(t, filepath.Join(dir, "internal", "legacy", "legacy.go"), "var data, _", "var more, _ = os.ReadFile(\"more\")\nvar data, _")
	code, out, _ = archvet(t, "-C", dir)
	expect(t, "new in both", code, out, "", exitFindings,
		"internal/legacy/legacy.go:5:15: os.ReadFile is banned here (legacy-reads): legacy code reads through its loader\n"+
			"tools/tools.go:5:12: os.Create is banned here (storage-gate): all file access goes through storage.Storage\n", "")
}

// TestBaselineWithoutTests checks that a run without test files neither
// reports the baselined findings in them as fixed nor drops them.
func TestBaselineWithoutTests(t *testing.T) {
	dir := fixture(t, "baseline")
	writeFile(t, filepath.Join(dir, "internal", "core", "core_test.go"), `package core

import (
	"os"
	"testing"
)

func TestLoad(t *testing.T) {
	if err := os.WriteFile("doc", nil, 0o644); err != nil {
		t.Fatal(err)
	}
}
`)
	basefile := filepath.Join(dir, ".archvet-baseline.json")
	code, _, errOut := archvet(t, "baseline", "write", "-C", dir)
	expect(t, "write with tests", code, "", errOut, exitClean, "", "archvet: wrote .archvet-baseline.json: 3 findings\n")
	recorded := readFile(t, basefile)
	if !strings.Contains(recorded, `"file": "internal/core/core_test.go"`) {
		t.Fatalf("the test file's finding is not in the baseline:\n%s", recorded)
	}
	code, out, errOut := archvet(t, "-C", dir, "-tests=false")
	expect(t, "check without tests", code, out, errOut, exitClean, "", "")
	code, _, errOut = archvet(t, "baseline", "write", "-C", dir, "-tests=false")
	expect(t, "write without tests", code, "", errOut, exitClean, "", "archvet: wrote .archvet-baseline.json: 3 findings\n")
	if got := readFile(t, basefile); got != recorded {
		t.Errorf("writing without tests changed the baseline:\n%s\nwant:\n%s", got, recorded)
	}
}
