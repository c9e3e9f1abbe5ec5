package bans_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/analyzers/bans"
	"github.com/archvet/archvet/analyzers/directives"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/fixturetest"
)

// appRules are the rules of the example.com/app fixture module. Globs are
// relative to testdata/src/example.com/app.
const appRules = `
version: 1
rules:
  - id: storage-gate
    ban:
      - os.{Open,Create,ReadFile,WriteFile}
    allow: [internal/storage/**]
    hint: all file access goes through storage.Storage
    use_instead: example.com/app/internal/storage.Read
  - id: db-gate
    ban:
      - example.com/app/internal/db.{Conn,Open,DefaultPool}
      - (*example.com/app/internal/db.Conn).Exec
    allow: [internal/db, internal/dbalias]
    hint: core talks to the database through repo
  - id: wrapped-ping
    ban: (example.com/app/internal/dbalias.Wrapped).Ping
    in: [internal/core/**]
    hint: Wrapped connections are pinged by the pool
  - id: http-client
    ban:
      - net/http.{Get,Post,Head}
      - (*net/http.Client).Do
    in: [internal/web/**]
    hint: HTTP clients live in transport modules
  - id: no-unsafe
    ban: unsafe
    in: [internal/cgouse/**]
    hint: unsafe code lives in reviewed packages only
  - id: no-ioutil
    ban: io/ioutil
    hint: use io and os
  - id: core-no-clients
    ban: example.com/app/internal/clients/...
    in: [internal/legacy]
    hint: core never touches the client integrations
  - id: multi-warn-first
    severity: warning
    ban: os.ReadFile
    in: [internal/multi]
    hint: reading whole files is discouraged
  - id: multi-fs
    ban: [os.ReadFile, os.WriteFile]
    in: [internal/multi]
    hint: multi reads through storage
  - id: multi-legacy-io
    ban: io/ioutil
    in: [internal/multi]
    hint: io/ioutil is deprecated
`

// newBans returns the bans analyzer for cfg with the directives analyzer
// it requires, as analyzers.Suite builds them.
func newBans(cfg *config.Config, opts ...bans.Option) *analysis.Analyzer {
	return bans.New(cfg, directives.New(cfg), opts...)
}

// testdata is the repository's top-level testdata directory, which holds
// the fixtures of every analyzer.
var testdata = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		panic(err) // unreachable: Abs fails only without a working directory
	}
	return dir
}()

// fixtures returns the packages of testdata/src/example.com, loaded once
// for every test of the package: loading is most of the cost.
func fixtures(t *testing.T, paths ...string) []*packages.Package {
	t.Helper()
	return fixturetest.Select(fixturetest.Load(t, testdata, "example.com/..."), paths...)
}

// appConfig compiles rules as if they were example.com/app's rules.yaml.
func appConfig(t *testing.T, rules string) *config.Config {
	return fixtureConfig(t, "app", rules)
}

// fixtureConfig compiles rules as if they were the rules.yaml of the
// fixture module example.com/<module>, so globs read as they would there.
func fixtureConfig(t *testing.T, module, rules string) *config.Config {
	t.Helper()
	file := filepath.Join(testdata, "src", "example.com", module, "rules.yaml")
	cfg, err := config.Parse(file, []byte(rules))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestBans(t *testing.T) {
	t.Parallel()
	var pkgs []string
	for _, pkg := range []string{"storage", "os", "db", "dbalias", "core", "web", "legacy", "suppress", "cgouse", "multi"} {
		pkgs = append(pkgs, "example.com/app/internal/"+pkg)
	}
	fixturetest.Run(t, fixtures(t, pkgs...), newBans(appConfig(t, appRules)))
}

// TestBansGenerated checks that generated files are checked when the rules
// say so.
func TestBansGenerated(t *testing.T) {
	t.Parallel()
	a := newBans(appConfig(t, "generated: true\n"+appRules))
	fixturetest.Run(t, fixtures(t, "example.com/app/internal/gencheck"), a)
	// cgo's own generated files lead to no user file: never reported,
	// even with generated: true.
	fixturetest.Run(t, fixtures(t, "example.com/app/internal/cgouse"), a)
}

// TestBansGeneratedSkipped checks the default: nothing is reported in a
// generated file.
func TestBansGeneratedSkipped(t *testing.T) {
	t.Parallel()
	got := diagnostics(t, appConfig(t, appRules), "example.com/app/internal/gencheck")
	if len(got) != 0 {
		t.Errorf("findings in a generated file: %q", got)
	}
}

// TestDirectives checks malformed and file-wide directives. analysistest
// cannot be used here: a "// want" comment on a directive's line would
// become the directive's reason.
func TestDirectives(t *testing.T) {
	t.Parallel()
	got := diagnostics(t, appConfig(t, appRules), "example.com/app/internal/suppressbad")
	want := []string{
		`bad.go:6: directive for storage-gate needs a reason: //archvet:ignore storage-gate <why this is fine> (archvet-directive)`,
		`bad.go:7: os.ReadFile is banned here (storage-gate): all file access goes through storage.Storage; use example.com/app/internal/storage.Read`,
		`bad.go:9: directive names unknown rule "storage-gat"; did you mean "storage-gate"? (archvet-directive)`,
		`bad.go:10: os.ReadFile is banned here (storage-gate): all file access goes through storage.Storage; use example.com/app/internal/storage.Read`,
		`bad.go:12: unknown directive //archvet:frobnicate; use //archvet:ignore or //archvet:file-ignore (archvet-directive)`,
		`bad.go:13: os.ReadFile is banned here (storage-gate): all file access goes through storage.Storage; use example.com/app/internal/storage.Read`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// diagnostics runs the whole suite on the fixture package, without its
// tests, and returns "file.go:line: message" for every diagnostic, sorted.
func diagnostics(t *testing.T, cfg *config.Config, pkg string) []string {
	t.Helper()
	var pkgs []*packages.Package
	for _, p := range fixtures(t, pkg) {
		if p.ID == p.PkgPath { // not a test variant
			pkgs = append(pkgs, p)
		}
	}
	if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("fixture %s does not load: %v", pkg, pkgs)
	}
	graph, err := checker.Analyze(analyzers.Suite(cfg), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		out = append(out, format(act.Package, act.Diagnostics)...)
	}
	slices.SortFunc(out, func(a, b string) int {
		var fa, fb string
		var la, lb int
		_, _ = fmt.Sscanf(strings.Replace(a, ":", " ", 2), "%s %d", &fa, &la)
		_, _ = fmt.Sscanf(strings.Replace(b, ":", " ", 2), "%s %d", &fb, &lb)
		if fa != fb {
			return strings.Compare(fa, fb)
		}
		if la != lb {
			return la - lb
		}
		return strings.Compare(a, b)
	})
	return out
}

func format(p *packages.Package, ds []analysis.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		pos := p.Fset.Position(d.Pos)
		out = append(out, fmt.Sprintf("%s:%d: %s", filepath.Base(pos.Filename), pos.Line, d.Message))
	}
	return out
}
