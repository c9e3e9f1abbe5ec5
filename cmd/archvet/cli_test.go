package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestFirstUse checks what a new user meets first: help and version on
// stdout with exit 0, a suggestion for a misspelled subcommand, and flags
// after the package patterns.
func TestFirstUse(t *testing.T) {
	dir := fixture(t, "baseline")
	for _, tt := range []struct {
		args       []string
		code       int
		stdout     string // a substring; "" for empty
		stderr     string // a substring; "" for any
		stdoutNone bool
	}{
		{args: []string{"help"}, stdout: "Usage:"},
		{args: []string{"-h"}, stdout: "Usage:"},
		{args: []string{"--help"}, stdout: "-format"},
		{args: []string{"version"}, stdout: "archvet " + version},
		{args: []string{"--version"}, stdout: "archvet " + version},
		{args: []string{"check-confg"}, code: exitError, stderr: `unknown command "check-confg"; did you mean "check-config"?`, stdoutNone: true},
		{args: []string{"-C", dir, "./...", "-format", "json"}, code: exitFindings, stdout: `"rule": "storage-gate"`},
		{args: []string{"-C", dir, "./...", "-fix", "-diff"}, code: exitError, stderr: "-fix and -diff exclude each other", stdoutNone: true},
		{args: []string{"-C", dir, "-diff", "-format", "json"}, code: exitError, stderr: "-diff prints a diff and cannot be combined with -format json", stdoutNone: true},
		{args: []string{"-C", filepath.Join(dir, "nonexistent")}, code: exitError, stderr: "archvet: directory " + filepath.Join(dir, "nonexistent") + " does not exist", stdoutNone: true},
		{args: []string{"-C", dir, "example.com/app/nothing/..."}, code: exitError, stderr: "archvet: no packages match example.com/app/nothing/...", stdoutNone: true},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := archvet(t, tt.args...)
			if code != tt.code || tt.stdout != "" && !strings.Contains(stdout, tt.stdout) || tt.stdoutNone && stdout != "" ||
				tt.stderr != "" && !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout with %q, stderr with %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
			for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if line != "" && !strings.HasPrefix(line, "archvet: ") && !strings.Contains(strings.Join(tt.args, " "), "-h") && tt.args[0] != "--help" {
					t.Errorf("stderr line without archvet: prefix: %q", line)
				}
				if strings.HasPrefix(line, "archvet: -:") {
					t.Errorf("stderr line with no position: %q", line)
				}
			}
		})
	}
}

// TestBadInputs checks that each mistake a user makes gets a message that
// says what to do, and exit code 2 (or a warning where the run can go on).
func TestBadInputs(t *testing.T) {
	t.Run("rules file is a directory", func(t *testing.T) {
		dir := fixture(t, "baseline")
		if err := os.Mkdir(filepath.Join(dir, "rulesdir"), 0o755); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := archvet(t, "-C", dir, "-config", "rulesdir", "./...")
		if want := "is a directory; name the rules file itself"; code != exitError || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
		}
	})
	t.Run("corrupt baseline", func(t *testing.T) {
		dir := fixture(t, "baseline")
		writeFile(t, filepath.Join(dir, ".archvet-baseline.json"), "{garbage")
		code, _, stderr := archvet(t, "-C", dir, "./...")
		if want := "rewrite it from the current findings with `archvet baseline write -force`"; code != exitError ||
			!strings.Contains(stderr, ".archvet-baseline.json") || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr %q; want 2, the file and %q", code, stderr, want)
		}
		if code, _, stderr := archvet(t, "baseline", "write", "-C", dir); code != exitError || !strings.Contains(stderr, "-force") {
			t.Errorf("baseline write over a corrupt baseline: exit %d, stderr %q", code, stderr)
		}
		if code, _, stderr := archvet(t, "baseline", "write", "-C", dir, "-force"); code != exitClean || !strings.Contains(stderr, "wrote .archvet-baseline.json: 2 findings") {
			t.Errorf("baseline write -force: exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("use_instead names nothing", func(t *testing.T) {
		dir := fixture(t, "baseline")
		edit(t, filepath.Join(dir, "rules.yaml"), "    hint: all file access", "    use_instead: net/http.Gett\n    hint: all file access")
		code, _, stderr := archvet(t, "-C", dir, "./...")
		if want := `rules.yaml:7:18: rule "storage-gate": use_instead: no function, variable, constant or type Gett in package "net/http"; did you mean "Get"?`; code != exitError || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
		}
	})
	t.Run("no rules file: once per directory", func(t *testing.T) {
		dir := fixture(t, "baseline")
		if err := os.Remove(filepath.Join(dir, "rules.yaml")); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := archvet(t, "-C", dir, "./...") // core has a test variant too: still once
		if n := strings.Count(stderr, "no rules.yaml found in "); code != exitError || n != 2 || !strings.Contains(stderr, "archvet init") {
			t.Errorf("exit %d, %d messages (want one per directory, 2):\n%s", code, n, stderr)
		}
	})
	t.Run("load errors: once, relative to -C", func(t *testing.T) {
		dir := fixture(t, "baseline")
		writeFile(t, filepath.Join(dir, "internal", "core", "broken.go"), "package core\n\nvar X int = \"x\"\n")
		writeFile(t, filepath.Join(dir, "internal", "core", "core_test.go"), "package core\n")
		code, _, stderr := archvet(t, "-C", dir, "-cache", "off", "./...")
		const want = "archvet: internal/core/broken.go:3:13: cannot use \"x\" (untyped string constant) as int value in variable declaration"
		if code != exitError || strings.Count(stderr, want) != 1 {
			t.Errorf("exit %d; want exit 2 and, once, %q; stderr:\n%s", code, want, stderr)
		}
	})
	t.Run("root outside the module", func(t *testing.T) {
		dir := fixture(t, "baseline")
		edit(t, filepath.Join(dir, "rules.yaml"), "version: 1\n", "version: 1\nroot: ../elsewhere\n")
		code, stdout, stderr := archvet(t, "-C", dir, "-format", "json", "./...")
		var doc struct{ Warnings []string }
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil || code != exitFindings || len(doc.Warnings) != 1 ||
			!strings.Contains(doc.Warnings[0], "holds none of the checked packages' files") || !strings.Contains(stderr, "archvet: warning: ") {
			t.Errorf("exit %d, warnings %q (%v), stderr %q", code, doc.Warnings, err, stderr)
		}
	})
}

// TestInit checks that archvet init writes rules that archvet accepts and
// that hold for the module as it is: every use it found is allowed where
// it is.
func TestInit(t *testing.T) {
	dir := fixture(t, "baseline")
	if code, _, stderr := archvet(t, "init", "-C", dir); code != exitError || !strings.Contains(stderr, "exists; keep it, or replace it with archvet init -force") {
		t.Fatalf("init over an existing rules file: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := archvet(t, "init", "-C", dir, "-force"); code != exitClean {
		t.Fatalf("init -force: exit %d", code)
	}
	rules := readFile(t, filepath.Join(dir, "rules.yaml"))
	for _, want := range []string{"- id: file-access", "- os.ReadFile", "- os.WriteFile", `- "internal/core/*.go"`, `- "internal/storage/*.go"`, "# scopes:"} {
		if !strings.Contains(rules, want) {
			t.Errorf("starter rules lack %q:\n%s", want, rules)
		}
	}
	if code, _, stderr := archvet(t, "check-config", "-C", dir, "-strict"); code != exitClean {
		t.Errorf("check-config -strict of the starter rules: exit %d\n%s", code, stderr)
	}
	if code, stdout, _ := archvet(t, "-C", dir, "-baseline", "off"); code != exitClean || stdout != "" {
		t.Errorf("the starter rules do not hold for the module as it is: exit %d\n%s", code, stdout)
	}
	edit(t, filepath.Join(dir, "rules.yaml"), `      - "internal/core/*.go"`+"\n", "")
	if code, stdout, _ := archvet(t, "-C", dir, "-baseline", "off"); code != exitFindings || !strings.Contains(stdout, "(file-access)") {
		t.Errorf("narrowing the allow list finds nothing: exit %d\n%s", code, stdout)
	}
}

// TestRulesAndExplain checks archvet rules and archvet explain.
func TestRulesAndExplain(t *testing.T) {
	dir := fixture(t, "baseline")
	code, stdout, _ := archvet(t, "rules", "-C", dir)
	if code != exitClean || !strings.Contains(stdout, "storage-gate") || !strings.Contains(stdout, "all file access goes through storage.Storage") {
		t.Errorf("rules: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = archvet(t, "explain", "-C", dir, "storage-gate")
	for _, want := range []string{"rule:        storage-gate (", "rules.yaml:3:5)", "bans:        os.{Open,Create,ReadFile,WriteFile}", "allow:       internal/storage/**", "url:         https://github.com/archvet/archvet#bans"} {
		if code != exitClean || !strings.Contains(stdout, want) {
			t.Errorf("explain: exit %d, lacks %q:\n%s", code, want, stdout)
		}
	}
	if code, _, stderr := archvet(t, "explain", "-C", dir, "storage-gat"); code != exitError || !strings.Contains(stderr, `did you mean "storage-gate"?`) {
		t.Errorf("explain of a misspelled id: exit %d, stderr %q", code, stderr)
	}
}

// TestSummaryAndVerbose checks the summary line on stderr after text
// output, and what -v adds.
func TestSummaryAndVerbose(t *testing.T) {
	dir := fixture(t, "baseline")
	code, _, stderr := archvet(t, "-C", dir, "-v", "-baseline", "off", "-cache", "off", "./...")
	for _, want := range []string{
		"archvet: rules.yaml governs example.com/app/internal/core example.com/app/internal/storage\n",
		"archvet: loading took ",
		"archvet: 2 findings (2 storage-gate) in 1 file\n",
	} {
		if code != exitFindings || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, stderr)
		}
	}
	if runtime.GOOS == "linux" && !regexp.MustCompile(`; peak RSS [0-9]+\.[0-9] MiB\n`).MatchString(stderr) {
		t.Errorf("-v does not say the peak RSS:\n%s", stderr)
	}
	if _, _, stderr := archvet(t, "-C", dir, "-format", "json", "./..."); strings.Contains(stderr, "findings (") {
		t.Errorf("a summary with -format json, whose reader is a program:\n%s", stderr)
	}
}
