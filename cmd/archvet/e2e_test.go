package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// These tests build the archvet binary and run it the ways users do:
// standalone and under go vet, on a copy of testdata/e2e/app.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// archvetBin builds the command once per test binary.
func archvetBin(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the archvet binary; skipped with -short")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "archvet-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "archvet")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("building archvet: %v", buildErr)
	}
	return binPath
}

// fixture copies testdata/e2e/<name> to a fresh directory.
func fixture(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "e2e", name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

type result struct {
	stdout, stderr string
	code           int
}

func runIn(t *testing.T, dir string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{stdout.String(), stderr.String(), code}
}

const (
	wantLoad   = `internal/core/core.go:13:9: os.ReadFile is banned here (storage-gate): all file access goes through storage.Storage; use example.com/app/internal/storage.Read`
	wantDrain  = `internal/core/core.go:5:2: warning: import of "io/ioutil" is banned here (no-ioutil): use io and os`
	wantParam  = `internal/core/core.go:20:6: exported function Count must take example.com/app/internal/scope.Scope as its first parameter, not string (tenant-scope): thread the caller's scope`
	wantCreate = `internal/core/core.go:21:6: call to example.com/app/internal/scope.New fabricates example.com/app/internal/scope.Scope outside create.allow (tenant-scope): thread the caller's scope`
	// wantBilling are the table register's findings (docs/tables.md),
	// which come first: internal/billing sorts before internal/core.
	wantBilling = `internal/billing/billing.go:25:9: query on tenant table "invoices" passes no example.com/app/internal/scope.Scope (tenant-scope): thread the caller's scope
internal/billing/billing.go:30:12: query on tenant table "invoices" passes no example.com/app/internal/scope.Scope (tenant-scope): thread the caller's scope
internal/billing/billing.go:36:9: call to (*example.com/app/internal/repo.DB).Query passes no example.com/app/internal/scope.Scope (tenant-scope): thread the caller's scope
internal/billing/billing.go:41:21: table "audit_log" is in neither tables.tenant nor tables.global (tenant-scope): add it to one of them in the rules file`
)

func TestStandaloneText(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "app")
	r := runIn(t, dir, bin, "./...")
	want := wantBilling + "\n" + wantDrain + "\n" + wantLoad + "\n" + wantParam + "\n" + wantCreate + "\n"
	if r.code != 1 || r.stdout != want {
		t.Errorf("archvet ./...: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 1, stdout:\n%s", r.code, r.stdout, r.stderr, want)
	}
	again := runIn(t, dir, bin, "./...") // answered from the result cache
	if again.stdout != r.stdout || again.stderr != r.stderr || !strings.Contains(r.stderr, "fixable with -fix") {
		t.Errorf("output differs between two runs, or no fixable count:\n%s%s\n---\n%s%s", r.stdout, r.stderr, again.stdout, again.stderr)
	}
}

// warned returns the line of an error finding as it reads once the rule
// is a warning: "warning: " after the position.
func warned(line string) string {
	i := strings.Index(line, ".go:")
	j := i + strings.Index(line[i:], ": ")
	return line[:j+2] + "warning: " + line[j+2:]
}

// TestStandaloneWarningsOnly checks that warning-severity findings are
// printed but do not fail the run.
func TestStandaloneWarningsOnly(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "app")
	if r := runIn(t, dir, bin, "./internal/storage"); r.code != 0 || r.stdout != "" {
		t.Errorf("clean package: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	edit(t, filepath.Join(dir, "rules.yaml"), "os.{Open,Create,ReadFile,WriteFile}", "os.Chdir")
	edit(t, filepath.Join(dir, "rules.yaml"), "    hint: thread the caller's scope", "    severity: warning\n    hint: thread the caller's scope")
	r := runIn(t, dir, bin, "./...")
	billing := strings.Split(wantBilling, "\n")
	for i, l := range billing {
		billing[i] = warned(l)
	}
	if want := strings.Join(billing, "\n") + "\n" + wantDrain + "\n" + warned(wantParam) + "\n" + warned(wantCreate) + "\n"; r.code != 0 || r.stdout != want {
		t.Errorf("warnings only: exit %d, stdout %q, stderr %q; want exit 0 and the warning", r.code, r.stdout, r.stderr)
	}
}

func TestStandaloneJSON(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "app")
	r := runIn(t, dir, bin, "-format", "json", "./...")
	if r.code != 1 {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	var doc struct {
		Findings []struct {
			Rule, Severity, File, Message, Decl string
			Line, Column, EndLine, EndColumn    int `json:"-"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if len(doc.Findings) != 8 {
		t.Fatalf("want 8 findings, got %+v", doc.Findings)
	}
	if tf := doc.Findings[0]; tf.Rule != "tenant-scope" || tf.Decl != "Overdue" {
		t.Errorf("finding = %+v; want the table register's, in Overdue", tf)
	}
	f := doc.Findings[5]
	if f.Rule != "storage-gate" || f.Severity != "error" || f.File != "internal/core/core.go" || f.Decl != "Load" {
		t.Errorf("finding = %+v", f)
	}
	if w := doc.Findings[4]; w.Rule != "no-ioutil" || w.Severity != "warning" {
		t.Errorf("finding = %+v", w)
	}
}

// TestStandaloneSARIFFromElsewhere runs -format sarif with -C from
// another directory: columns are converted reading the files, which must
// be found relative to -C.
func TestStandaloneSARIFFromElsewhere(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "app")
	r := runIn(t, t.TempDir(), bin, "-C", dir, "-format", "sarif", "./...")
	if r.code != 1 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	var doc struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn, EndColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != 8 {
		t.Fatalf("unexpected SARIF: %s", r.stdout)
	}
	loc := doc.Runs[0].Results[5].Locations[0].PhysicalLocation
	if doc.Runs[0].Results[5].RuleID != "storage-gate" || loc.ArtifactLocation.URI != "internal/core/core.go" ||
		loc.Region.StartLine != 13 || loc.Region.StartColumn != 9 || loc.Region.EndColumn != 20 {
		t.Errorf("storage-gate result: %+v", doc.Runs[0].Results[5])
	}
}

func TestConfigErrorExits2(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "app")
	rules := filepath.Join(dir, "rules.yaml")
	edit(t, rules, "    hint: use io and os\n", "    hint: use io and os\n    alow: [x]\n")
	edit(t, rules, "  - id: no-ioutil", "  - id: No_Ioutil")
	r := runIn(t, dir, bin, "./...")
	if r.code != 2 || r.stdout != "" {
		t.Errorf("bad config: exit %d, stdout %q; want exit 2 and no findings", r.code, r.stdout)
	}
	for _, want := range []string{
		`rules.yaml:9:9: rule "No_Ioutil": id "No_Ioutil" must be lowercase-kebab, like storage-gate`,
		`rules.yaml:13:5: rule "No_Ioutil": unknown key "alow"; did you mean "allow"?`,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r := runIn(t, dir, "go", "vet", "-vettool="+bin, "./..."); r.code == 0 || !strings.Contains(r.stderr, "lowercase-kebab") {
		t.Errorf("go vet with a bad config: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "app")
	for _, args := range [][]string{{"-format", "yaml"}, {"-nosuchflag"}} {
		if r := runIn(t, dir, bin, args...); r.code != 2 {
			t.Errorf("archvet %v: exit %d, want 2", args, r.code)
		}
	}
	if r := runIn(t, t.TempDir(), bin, "-C", dir, "-config", "missing.yaml", "./..."); r.code != 2 || !strings.Contains(r.stderr, "missing.yaml") {
		t.Errorf("missing rules file: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestGoVet runs archvet under go vet, and checks that editing the rules
// file changes the very next result although go vet caches results.
func TestGoVet(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "app")
	vet := func() result { return runIn(t, dir, "go", "vet", "-vettool="+bin, "./...") }

	r := vet()
	for _, want := range append(strings.Split(wantBilling, "\n"), wantLoad, wantDrain, wantParam, wantCreate) {
		if r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Fatalf("go vet: exit %d, stderr lacks %q:\n%s", r.code, want, r.stderr)
		}
	}
	if r2 := vet(); r2.code == 0 || !strings.Contains(r2.stderr, wantLoad) {
		t.Fatalf("second go vet (cached): exit %d, stderr:\n%s", r2.code, r2.stderr)
	}
	rules := filepath.Join(dir, "rules.yaml")
	edit(t, rules, "os.{Open,Create,ReadFile,WriteFile}", "os.Chdir")
	edit(t, rules, "ban: io/ioutil", "ban: io/fs")
	edit(t, rules, "      in: [internal/core/**]", "      in: [internal/nothing/**]")
	edit(t, rules, "      allow: [internal/scope/**]", "      allow: [internal/scope/**, internal/core/**]")
	edit(t, rules, "      sql: 0\n", "      sql: 0\n      allow: [internal/billing/**]\n")
	if r := vet(); r.code != 0 {
		t.Fatalf("go vet after removing the bans: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	edit(t, rules, "os.Chdir", "os.ReadFile")
	if r := vet(); r.code == 0 || !strings.Contains(r.stderr, wantLoad) {
		t.Fatalf("go vet after restoring the ban: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The findings of testdata/e2e/threeway: its baseline covers the finding
// in Save, a directive suppresses the one in Legacy, tools/ has a rules
// file of its own, and core reaches the web layer through an unassigned
// package.
const (
	threeIoutil = `internal/core/core.go:6:2: warning: import of "io/ioutil" is banned here (no-ioutil): use io and os`
	threeLib    = `internal/core/core.go:9:2: import of "example.com/three/internal/lib" makes core depend on web through example.com/three/internal/lib -> example.com/three/internal/web (core-below-web): the core never reaches up to the web layer`
	threeLoad   = `internal/core/core.go:14:9: os.ReadFile is banned here (storage-gate): all file access goes through storage; use example.com/three/internal/storage.Read`
	threeStale  = `internal/core/core.go:30:2: warning: //archvet directive for storage-gate suppresses nothing; remove it (archvet-unused-directive)`
	threeEnv    = `tools/tool.go:7:29: os.Getenv is banned here (no-env): tools take flags, not environment variables`
)

// TestGoVetAsStandalone checks that go vet -vettool=archvet behaves as
// archvet ./... does: the baseline applies, warnings are printed but do
// not fail the run, a rules file in a subdirectory governs its packages
// and an edit to it is not answered from go vet's cache, and a target
// that names nothing is an error.
func TestGoVetAsStandalone(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "threeway")
	want := []string{threeIoutil, threeLib, threeLoad, threeStale, threeEnv}
	standalone := runIn(t, dir, bin, "./...")
	if got := strings.Split(strings.TrimSpace(standalone.stdout), "\n"); standalone.code != 1 || !slices.Equal(got, want) {
		t.Fatalf("archvet ./...: exit %d, stdout:\n%s\nwant exit 1 and:\n%s", standalone.code, standalone.stdout, strings.Join(want, "\n"))
	}
	vet := func() result { return runIn(t, dir, "go", "vet", "-vettool="+bin, "./...") }
	r := vet()
	for _, w := range want {
		if r.code != 1 || !strings.Contains(r.stderr, w) {
			t.Errorf("go vet: exit %d, stderr lacks %q:\n%s", r.code, w, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "os.WriteFile") || strings.Contains(r.stderr, ":24:") {
		t.Errorf("go vet reports a baselined or suppressed finding:\n%s", r.stderr)
	}

	// A rules file in a subdirectory: editing it changes the next result.
	edit(t, filepath.Join(dir, "tools", "rules.yaml"), "ban: os.Getenv", "ban: os.Chdir")
	edit(t, filepath.Join(dir, "rules.yaml"), "ban: os.{ReadFile,WriteFile}", "ban: os.Chdir")
	edit(t, filepath.Join(dir, "rules.yaml"), "layers: [web, core]", "layers: [core, web]")
	r = vet()
	if r.code != 0 || strings.Contains(r.stderr, "os.Getenv") || !strings.Contains(r.stderr, threeIoutil) || !strings.Contains(r.stderr, threeStale) {
		t.Errorf("go vet with only warnings left: exit %d, stderr:\n%s\nwant exit 0 and the warnings", r.code, r.stderr)
	}

	// A target that names nothing the package can see.
	edit(t, filepath.Join(dir, "rules.yaml"), "ban: os.Chdir", "ban: os.ReadFiel")
	r = vet()
	if wantErr := `rule "storage-gate": ban: no function, variable, constant or type ReadFiel in package "os"; did you mean "ReadFile"?`; r.code == 0 || !strings.Contains(r.stderr, wantErr) {
		t.Errorf("go vet with a misspelled target: exit %d, stderr:\n%s\nwant it to fail with %s", r.code, r.stderr, wantErr)
	}
}

// TestRelativePathsFollowC checks that -C applies to every relative path
// on the command line, that $ARCHVET_CONFIG names the rules as -config
// does, and that warnings about the rules travel in the CI formats.
func TestRelativePathsFollowC(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "threeway")
	elsewhere := t.TempDir()
	if err := os.Rename(filepath.Join(dir, ".archvet-baseline.json"), filepath.Join(dir, "base.json")); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, elsewhere, bin, "-C", dir, "-config", "rules.yaml", "-baseline", "base.json", "./internal/...")
	if r.code != 1 || !strings.Contains(r.stdout, threeLoad) || strings.Contains(r.stdout, "os.WriteFile") {
		t.Errorf("-C with relative -config and -baseline: exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	cmd := exec.Command(bin, "-C", dir, "-baseline", "off", "./tools/...")
	cmd.Dir = elsewhere
	cmd.Env = append(os.Environ(), "ARCHVET_CONFIG="+filepath.Join(dir, "rules.yaml"), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, _ := cmd.Output()
	if strings.Contains(string(out), "os.Getenv") || !strings.Contains(string(out), "tools/tool.go:10:49: os.ReadFile is banned here (storage-gate)") {
		t.Errorf("$ARCHVET_CONFIG does not replace tools/rules.yaml:\n%s", out)
	}
}

// TestCIFormatsNeverEmpty checks that JSON, SARIF and the GitHub format
// carry warnings about the rules, and that a run that fails before
// analysing still writes a valid document with the error.
func TestCIFormatsNeverEmpty(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "threeway")
	edit(t, filepath.Join(dir, "rules.yaml"), "allow: [internal/storage/**]", "allow: [internal/storag/**]")
	const stale = `rule "storage-gate": allow: "internal/storag/**" matches no file`
	var doc struct{ Warnings, Errors []string }
	r := runIn(t, dir, bin, "-format", "json", "./...")
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0], stale) {
		t.Errorf("json warnings: %v, %+v\n%s", err, doc, r.stdout)
	}
	if r := runIn(t, dir, bin, "-format", "github", "./..."); !strings.Contains(r.stdout, "::warning title=archvet::") || !strings.Contains(r.stdout, stale) {
		t.Errorf("github output lacks the warning:\n%s", r.stdout)
	}
	if inv := sarifInvocation(t, runIn(t, dir, bin, "-format", "sarif", "./...")); !inv.ExecutionSuccessful ||
		len(inv.ToolExecutionNotifications) != 1 || !strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, stale) {
		t.Errorf("sarif invocation lacks the warning: %+v", inv)
	}

	edit(t, filepath.Join(dir, "rules.yaml"), "    hint: use io and os", "    hint: use io and os\n    bann: x")
	const bad = `unknown key "bann"`
	r = runIn(t, dir, bin, "-format", "json", "./...")
	doc.Errors = nil
	if err := json.Unmarshal([]byte(r.stdout), &doc); r.code != 2 || err != nil || len(doc.Errors) == 0 || !strings.Contains(strings.Join(doc.Errors, "\n"), bad) {
		t.Errorf("json after a config error: exit %d, %v, %+v\n%s", r.code, err, doc, r.stdout)
	}
	r = runIn(t, dir, bin, "-format", "sarif", "./...")
	if inv := sarifInvocation(t, r); r.code != 2 || inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) == 0 ||
		inv.ToolExecutionNotifications[0].Level != "error" || !strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, bad) {
		t.Errorf("sarif after a config error: exit %d, invocation %+v", r.code, inv)
	}
	if r := runIn(t, dir, bin, "-format", "github", "./..."); r.code != 2 || !strings.Contains(r.stdout, "::error title=archvet::") {
		t.Errorf("github after a config error: exit %d\n%s", r.code, r.stdout)
	}
}

type invocation struct {
	ExecutionSuccessful        bool
	ToolExecutionNotifications []struct {
		Level   string
		Message struct{ Text string }
	}
}

// sarifInvocation decodes the one invocation of a SARIF log.
func sarifInvocation(t *testing.T, r result) invocation {
	t.Helper()
	var log struct {
		Runs []struct{ Invocations []invocation }
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Invocations) != 1 {
		t.Fatalf("not a SARIF log with one run and one invocation (%v):\n%s", err, r.stdout)
	}
	return log.Runs[0].Invocations[0]
}

// TestTestVariantAsGoVet checks that a package with in-package tests is
// judged as its test variant, as go vet judges it: here only the test
// file imports sort, whose sort.Interface fixes the signatures of Len,
// Less and Swap, so neither archvet nor go vet reports them.
func TestTestVariantAsGoVet(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), t.TempDir()
	for name, data := range map[string]string{
		"go.mod":      "module example.com/srt\n\ngo 1.22\n",
		"rules.yaml":  "version: 1\nscopes:\n  - id: context-first\n    type: context.Context\n    params: {in: [p/**]}\n    hint: thread the caller's context\n",
		"p/p.go":      "package p\n\n// Ts is a sortable list.\ntype Ts []int\n\nfunc (ts Ts) Len() int           { return len(ts) }\nfunc (ts Ts) Less(i, j int) bool { return ts[i] < ts[j] }\nfunc (ts Ts) Swap(i, j int)      { ts[i], ts[j] = ts[j], ts[i] }\n",
		"p/p_test.go": "package p\n\nimport (\n\t\"sort\"\n\t\"testing\"\n)\n\nfunc TestSort(t *testing.T) { sort.Sort(Ts{2, 1}) }\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	standalone := runIn(t, dir, bin, "-cache=off", "./...")
	vet := runIn(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if standalone.code != 0 || standalone.stdout != "" || vet.code != 0 {
		t.Errorf("archvet: exit %d, stdout:\n%s\ngo vet: exit %d, stderr:\n%s\nwant both clean", standalone.code, standalone.stdout, vet.code, vet.stderr)
	}
}
