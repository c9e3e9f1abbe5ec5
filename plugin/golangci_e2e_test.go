package plugin_test

// This end-to-end test runs a golangci-lint binary that includes the
// plugin (see golangci_build_test.go) on copies of the fixture modules in
// testdata/golangci, the way a user runs it, and checks the findings in its
// JSON report and its exit code. Building the binary takes minutes, so the
// test runs only when ARCHVET_GOLANGCI_E2E=1; .ci/golangci-e2e.sh sets it.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const e2eEnv = "ARCHVET_GOLANGCI_E2E"

// Exit codes of golangci-lint (pkg/exitcodes).
const (
	exitSuccess     = 0
	exitIssuesFound = 1
	exitFailure     = 3
)

func TestGolangciLint(t *testing.T) {
	if os.Getenv(e2eEnv) != "1" {
		t.Skipf("builds a custom golangci-lint, which takes minutes: set %s=1 or run .ci/golangci-e2e.sh", e2eEnv)
	}
	bin := customBinary(t)

	t.Run("rules file", func(t *testing.T) {
		gcl := newGolangci(t, bin, "app")
		gcl.expect(t, wantFindings(t, gcl.dir))
	})
	t.Run("inline rules", func(t *testing.T) {
		gcl := newGolangci(t, bin, "app")
		gcl.config = "golangci-inline.yml"
		gcl.expect(t, wantFindings(t, gcl.dir))
	})
	t.Run("contract finding as archvet prints it", func(t *testing.T) {
		testContractMessage(t, newGolangci(t, bin, "app"))
	})
	t.Run("clean module", func(t *testing.T) {
		newGolangci(t, bin, "clean").expect(t, nil)
	})
	t.Run("edited rules file is not answered from the cache", func(t *testing.T) {
		testCacheKeyedOnRules(t, newGolangci(t, bin, "app"), "rules.yaml")
	})
	t.Run("edited inline rules are not answered from the cache", func(t *testing.T) {
		gcl := newGolangci(t, bin, "app")
		gcl.config = "golangci-inline.yml"
		testCacheKeyedOnRules(t, gcl, gcl.config)
	})
	t.Run("unknown settings key", func(t *testing.T) {
		gcl := newGolangci(t, bin, "app")
		replaceInFile(t, filepath.Join(gcl.dir, ".golangci.yml"), "config: rules.yaml", "config: rules.yaml\n          rulez: true")
		gcl.expectError(t, `unknown field "rulez"`)
	})
	t.Run("bad rules file", func(t *testing.T) {
		gcl := newGolangci(t, bin, "app")
		replaceInFile(t, filepath.Join(gcl.dir, "rules.yaml"), "ban:", "bann:")
		gcl.expectError(t, "rules.yaml:4:5: ", `unknown key "bann"`)
	})
	t.Run("archvet's own repository with its .golangci.yml", func(t *testing.T) {
		testSelf(t, bin)
	})
	t.Run("the three ways in agree", func(t *testing.T) {
		testThreeWays(t, bin)
	})
}

// testThreeWays runs the module testdata/e2e/threeway, which has a
// baseline, an error and a warning rule, a suppressed finding, a
// suppression that suppresses nothing and a rules file of its own in
// tools/, through archvet ./..., go vet -vettool=archvet and the plugin,
// and checks that the three report the same findings, positions and
// messages, and exit the same way: 1, for the error findings. Then it
// edits the rules so that only warnings are left, and expects exit 0 from
// archvet and go vet with the same warnings. (golangci-lint has no
// severity for a plugin's findings: it fails on warnings too.)
func testThreeWays(t *testing.T, bin string) {
	dir := filepath.Join(t.TempDir(), "threeway")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(moduleRoot(t), "testdata", "e2e", "threeway"))); err != nil {
		t.Fatal(err)
	}
	archvet := filepath.Join(t.TempDir(), "archvet")
	goCmd(t, moduleRoot(t), nil, "build", "-o", archvet, "./cmd/archvet")

	standalone := runFindings(t, dir, archvet, "./...")
	vet := runFindings(t, dir, "go", "vet", "-vettool="+archvet, "./...")
	gcl := newGolangciIn(bin, dir, t.TempDir())
	root := gcl.run(t)
	gcl.dir = filepath.Join(dir, "tools") // tools/ is linted from there, with tools/.golangci.yml
	tools := gcl.run(t)
	var golangci []string
	for _, is := range append(root.issues, tools.issues...) {
		if is.FromLinter != "archvet" {
			t.Errorf("issue from %s: %+v", is.FromLinter, is)
			continue
		}
		golangci = append(golangci, fmt.Sprintf("%s:%d:%d: %s", is.Pos.Filename, is.Pos.Line, is.Pos.Column, is.Text))
	}
	for i, f := range golangci {
		if strings.HasPrefix(f, "tool.go:") {
			golangci[i] = "tools/" + f // reported relative to tools/
		}
	}
	slices.Sort(golangci)
	if len(standalone.findings) != 4 {
		t.Fatalf("archvet ./... found %d findings, want 4 (fixture changed?):\n%s", len(standalone.findings), strings.Join(standalone.findings, "\n"))
	}
	for _, other := range []struct {
		name     string
		findings []string
		code     int
	}{{"go vet", vet.findings, vet.code}, {"golangci-lint", golangci, max(root.code, tools.code)}} {
		if !slices.Equal(other.findings, standalone.findings) || other.code != standalone.code {
			t.Errorf("%s: exit %d, findings:\n%s\narchvet ./...: exit %d, findings:\n%s", other.name, other.code,
				strings.Join(other.findings, "\n"), standalone.code, strings.Join(standalone.findings, "\n"))
		}
	}
	if standalone.code != 1 {
		t.Errorf("archvet ./...: exit %d, want 1", standalone.code)
	}

	// Only warnings left: archvet and go vet print them and exit 0.
	replaceInFile(t, filepath.Join(dir, "rules.yaml"), "ban: os.{ReadFile,WriteFile}", "ban: os.Chdir")
	replaceInFile(t, filepath.Join(dir, "tools", "rules.yaml"), "ban: os.Getenv", "ban: os.Chdir")
	standalone = runFindings(t, dir, archvet, "./...")
	vet = runFindings(t, dir, "go", "vet", "-vettool="+archvet, "./...")
	if standalone.code != 0 || vet.code != 0 || len(standalone.findings) != 3 || !slices.Equal(vet.findings, standalone.findings) {
		t.Errorf("warnings only: archvet exit %d, findings:\n%s\ngo vet exit %d, findings:\n%s", standalone.code,
			strings.Join(standalone.findings, "\n"), vet.code, strings.Join(vet.findings, "\n"))
	}
}

// lineRE matches a finding as archvet and go vet print it.
var lineRE = regexp.MustCompile(`^(?:\./)?(\S+\.go:\d+:\d+: )(?:warning: )?(.*)$`)

type findingsRun struct {
	code     int
	findings []string // "file:line:col: message", sorted
}

// runFindings runs a command in dir and collects the findings it prints
// on stdout and stderr, without the "warning: " mark.
func runFindings(t *testing.T, dir, name string, args ...string) findingsRun {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	var r findingsRun
	if exit, ok := errors.AsType[*exec.ExitError](err); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if m := lineRE.FindStringSubmatch(line); m != nil {
			r.findings = append(r.findings, m[1]+m[2])
		}
	}
	slices.Sort(r.findings)
	t.Logf("%s %s: exit %d\n%s", name, strings.Join(args, " "), r.code, out)
	return r
}

// testSelf runs the custom golangci-lint on this repository with its own
// .golangci.yml, which enables archvet with the repository's rules.yaml
// among golangci-lint's standard linters: the dogfood run. It must be
// clean.
func testSelf(t *testing.T, bin string) {
	root := moduleRoot(t)
	cmd := exec.Command(bin, "run", "--allow-parallel-runners", "--output.text.path=stdout", "./...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		t.Errorf("golangci-lint run on archvet: exit %d\n%s", exit.ExitCode(), out)
	case err != nil:
		t.Fatal(err)
	}
}

// testContractMessage checks that golangci-lint reports the layers
// contract of the fixture with the message archvet and go vet print
// (cmd/archvet's e2e tests compare those two). Every finding comes from
// the one reporting analyzer named archvet, as the linter is, so
// golangci-lint adds no analyzer name before it.
func testContractMessage(t *testing.T, gcl *golangci) {
	const want = `import of "example.com/app/internal/report" makes archive depend on report (layered): dependencies point down the layers`
	res := gcl.run(t)
	for _, is := range res.issues {
		if is.Pos.Filename == "internal/archive/archive.go" && is.Pos.Line == 4 && is.Text == want {
			return
		}
	}
	t.Fatalf("golangci-lint did not report %q at internal/archive/archive.go:4; issues %+v\nlog:\n%s", want, res.issues, res.log)
}

// testCacheKeyedOnRules lints the package internal/report twice with the
// same rules, checking that the second run is answered from golangci-lint's
// cache. Then it removes the ban from the rules in the file edited (the
// rules file, or the golangci-lint config holding them inline) and expects
// no findings, and finally bans one of the two functions again and expects
// its findings alone. (The package has no //archvet:ignore directives,
// which would be reported unused once the ban is gone.)
func testCacheKeyedOnRules(t *testing.T, gcl *golangci, edited string) {
	gcl.patterns = []string{"./internal/report/..."}
	var want, writes []finding
	for _, f := range wantFindings(t, gcl.dir) {
		if strings.HasPrefix(f.file, "internal/report/") {
			want = append(want, f)
			if strings.Contains(f.code, "os.WriteFile") {
				writes = append(writes, f)
			}
		}
	}
	if len(writes) == 0 || len(writes) == len(want) {
		t.Fatalf("fixture changed: want findings in internal/report both of os.WriteFile and of other functions, have %v", want)
	}

	gcl.expect(t, want)
	cached := fmt.Sprintf("Loaded package example.com/app/internal/report issues (%d) from cache", len(want))
	if log := gcl.expect(t, want); !strings.Contains(log, cached) {
		t.Fatalf("the second run with the same rules did not use golangci-lint's cache, so this test proves nothing; its log:\n%s", log)
	}

	path := filepath.Join(gcl.dir, edited)
	replaceInFile(t, path, "ban: [os.ReadFile, os.WriteFile]", "ban: [os.Remove]")
	gcl.expect(t, nil)

	replaceInFile(t, path, "ban: [os.Remove]", "ban: [os.WriteFile]")
	gcl.expect(t, writes)
}

// A finding is what the tests compare: where, and which rule.
type finding struct {
	file string // slash-separated, relative to the fixture module
	line int
	rule string
	code string // the line of source; not compared
}

func (f finding) String() string { return fmt.Sprintf("%s:%d: %s", f.file, f.line, f.rule) }

// wantFindings collects the findings the fixture module in dir expects:
// every line that ends in a "// want: <rule-id>" comment.
func wantFindings(t *testing.T, dir string) []finding {
	t.Helper()
	var want []finding
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for line := 1; sc.Scan(); line++ {
			if _, rule, ok := strings.Cut(sc.Text(), "// want: "); ok {
				want = append(want, finding{filepath.ToSlash(rel), line, strings.TrimSpace(rule), sc.Text()})
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatalf("fixture %s expects no findings: its // want: comments are lost", dir)
	}
	return want
}

// golangci runs a golangci-lint binary on a copy of a fixture module, with
// a cache of its own, so that a run sees only what earlier runs of the same
// test cached.
type golangci struct {
	bin      string
	cache    string
	dir      string   // the module, and the working directory
	config   string   // the golangci-lint config; "" for .golangci.yml
	patterns []string // the packages to lint; none for golangci-lint's default
}

func newGolangci(t *testing.T, bin, fixtureName string) *golangci {
	return newGolangciIn(bin, fixture(t, fixtureName), t.TempDir())
}

// newGolangciIn runs golangci-lint in dir with its cache in cache.
func newGolangciIn(bin, dir, cache string) *golangci {
	return &golangci{bin: bin, cache: cache, dir: dir}
}

type result struct {
	code   int
	issues []issue
	log    string // stdout and stderr
}

// issue is the part of golangci-lint's JSON issue that the tests check.
type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
}

func (g *golangci) run(t *testing.T) result {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.json")
	args := []string{"run", "--allow-parallel-runners", "--output.json.path", report, "--output.text.path", "stdout"}
	if g.config != "" {
		args = append(args, "--config", g.config)
	}
	cmd := exec.Command(g.bin, append(args, g.patterns...)...)
	cmd.Dir = g.dir
	cmd.Env = append(os.Environ(),
		"GOLANGCI_LINT_CACHE="+g.cache,
		"GL_DEBUG=goanalysis/issues/cache", // logs what came from the cache
		"GOWORK=off",
	)
	out, err := cmd.CombinedOutput()
	res := result{log: string(out)}
	if exit, ok := errors.AsType[*exec.ExitError](err); ok {
		res.code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running golangci-lint: %v", err)
	}
	if data, err := os.ReadFile(report); err == nil {
		var r struct{ Issues []issue }
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatalf("golangci-lint's JSON report: %v\n%s", err, data)
		}
		res.issues = r.Issues
	}
	return res
}

// expect runs golangci-lint and checks that it finds exactly want, each
// from archvet with "(rule-id)" in the message, and exits accordingly. It
// returns golangci-lint's log.
func (g *golangci) expect(t *testing.T, want []finding) string {
	t.Helper()
	res := g.run(t)
	wantCode := exitSuccess
	if len(want) > 0 {
		wantCode = exitIssuesFound
	}
	var have []finding
	for _, is := range res.issues {
		f := finding{file: is.Pos.Filename, line: is.Pos.Line, rule: "unexpected: " + is.Text}
		for _, w := range want {
			if w.file == f.file && w.line == f.line && is.FromLinter == "archvet" && strings.Contains(is.Text, "("+w.rule+")") {
				f.rule = w.rule
			}
		}
		have = append(have, f)
	}
	sortFindings(have)
	want = slices.Clone(want)
	sortFindings(want)
	same := slices.EqualFunc(have, want, func(a, b finding) bool { return a.String() == b.String() })
	if !same || res.code != wantCode {
		t.Fatalf("golangci-lint in %s (config %q):\nhave exit %d, findings %v\nwant exit %d, findings %v\nlog:\n%s",
			filepath.Base(g.dir), g.config, res.code, have, wantCode, want, res.log)
	}
	return res.log
}

// expectError runs golangci-lint and checks that it fails before linting,
// with every one of msgs in its log.
func (g *golangci) expectError(t *testing.T, msgs ...string) {
	t.Helper()
	res := g.run(t)
	ok := res.code == exitFailure
	for _, msg := range msgs {
		ok = ok && strings.Contains(res.log, msg)
	}
	if !ok {
		t.Fatalf("golangci-lint in %s: want exit %d and %q in the log, have exit %d and log:\n%s",
			filepath.Base(g.dir), exitFailure, msgs, res.code, res.log)
	}
}

func sortFindings(fs []finding) {
	slices.SortFunc(fs, func(a, b finding) int { return strings.Compare(a.String(), b.String()) })
}

// fixture copies the fixture module testdata/golangci/name to a temporary
// directory, where the test may edit it.
func fixture(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(filepath.Join(moduleRoot(t), "testdata", "golangci", name))); err != nil {
		t.Fatal(err)
	}
	return dst
}

func replaceInFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	data = bytes.Replace(data, []byte(old), []byte(new), 1)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
