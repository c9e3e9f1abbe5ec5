package scopes

import (
	"go/types"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers/directives"
	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/fixturetest"
)

// scopeRules are the rules of the example.com/app module in
// testdata/src/scopes; its globs are relative to that directory.
const scopeRules = `
version: 1
scopes:
  - id: tenant-scope
    type: example.com/app/internal/scope.Scope
    params:
      in: [internal/core/**]
      allow: [internal/core/params/health.go]
      after_context: true
      interfaces: [sort.Interface]
    calls:
      require:
        - (*example.com/app/internal/repo.Repo).{Query,Exec,Get}
        - example.com/app/internal/repo.Raw
      allow: [internal/migrations/**]
    create:
      constructors: [example.com/app/internal/scope.New, example.com/app/internal/scope.Global]
      allow: [internal/scope/**, internal/web/auth/**, cmd/**, "**/*_test.go"]
    hint: thread the caller's scope; only auth middleware creates one
  - id: tenant-strict
    type: example.com/app/internal/scope.Scope
    params:
      in: [internal/strict/**]
      interfaces: strict
    hint: batch jobs take the scope first, before any context
  - id: actor-scope
    type: example.com/app/internal/actor.Actor
    create:
      constructors: [example.com/app/internal/actor.System]
      allow: [cmd/**]
    hint: actors come from the job runner
  - id: request-context
    type: context.Context
    params:
      in: [internal/jobs/**]
    create:
      constructors: [context.Background, context.TODO]
      allow: [cmd/**, internal/web/**, "**/*_test.go"]
    hint: pass the request's context along
`

// scopesModule is the fixture module of the scopes analyzer.
var scopesModule = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "src", "scopes"))
	if err != nil {
		panic(err) // unreachable: Abs fails only without a working directory
	}
	return dir
}()

// fixtures returns the packages paths of the fixture module, which is
// loaded once for every test of the package.
func fixtures(t *testing.T, paths ...string) []*packages.Package {
	t.Helper()
	return fixturetest.Select(fixturetest.Load(t, scopesModule, "example.com/app/..."), paths...)
}

// scopesConfig compiles rules as if they were the fixture module's rules.yaml.
func scopesConfig(t *testing.T, rules string) *config.Config {
	t.Helper()
	cfg, err := config.Parse(filepath.Join(scopesModule, "rules.yaml"), []byte(rules))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestScopes(t *testing.T) {
	t.Parallel()
	pkgs := []string{
		"internal/scope", "internal/actor", "internal/repo", "internal/migrations",
		"internal/core/params", "internal/core/calls", "internal/core/derive", "internal/core/zero", "internal/core/ifaces", "internal/core/fabricate", "internal/core/broken", "internal/core/cgo",
		"internal/billing",
		"internal/strict", "internal/jobs", "internal/web/auth", "cmd/server",
	}
	for _, pkg := range pkgs {
		t.Run(pkg, func(t *testing.T) {
			t.Parallel()
			cfg := scopesConfig(t, scopeRules)
			results := fixturetest.Run(t, fixtures(t, "example.com/app/"+pkg), New(cfg, directives.New(cfg)))
			for _, r := range results {
				for _, d := range r.Diagnostics {
					if d.Category == config.UnusedDirectiveID {
						continue // the reporter's finding, checked by its want comment
					}
					if cfg.Scope(d.Category) == nil || d.URL != analysisutil.DocURL+"#scopes" || d.End <= d.Pos {
						t.Errorf("%s: diagnostic %q has category %q, url %q, range %d-%d; want a scope id, the scopes anchor and a range",
							r.Package.Fset.Position(d.Pos), d.Message, d.Category, d.URL, d.Pos, d.End)
					}
				}
			}
		})
	}
}

// TestScopesOwnURL checks that a scope's url replaces the README anchor.
func TestScopesOwnURL(t *testing.T) {
	t.Parallel()
	rules := strings.Replace(scopeRules, "    hint: batch jobs", "    url: https://wiki.example.com/strict\n    hint: batch jobs", 1)
	cfg := scopesConfig(t, rules)
	results := fixturetest.Run(t, fixtures(t, "example.com/app/internal/strict"), New(cfg, directives.New(cfg)))
	n := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			n++
			if d.URL != "https://wiki.example.com/strict" {
				t.Errorf("%s: url %q, want the scope's own", d.Message, d.URL)
			}
		}
	}
	if n == 0 {
		t.Error("no diagnostics: the fixture should have some")
	}
}

// TestScopesResolve checks the fast path: which scopes can find anything
// in a package, judged by the packages it can reach.
func TestScopesResolve(t *testing.T) {
	t.Parallel()
	cfg := scopesConfig(t, `
version: 1
scopes:
  - id: calls-only
    type: example.com/app/internal/scope.Scope
    calls:
      require: [(*example.com/app/internal/repo.Repo).Query]
    hint: h
  - id: create-only
    type: example.com/app/internal/scope.Scope
    create:
      constructors: [example.com/app/internal/auth.New]
    hint: h
  - id: params
    type: example.com/app/internal/scope.Scope
    params:
      in: [internal/core/**]
    hint: h
`)
	pkg := func(path string, imports ...*types.Package) *types.Package {
		p := types.NewPackage(path, filepath.Base(path))
		p.SetImports(imports)
		return p
	}
	scope := pkg("example.com/app/internal/scope")
	repo := pkg("example.com/app/internal/repo", scope)
	auth := pkg("example.com/app/internal/auth")
	tests := []struct {
		name string
		pkg  *types.Package
		want string
	}{
		{"unrelated", pkg("example.com/app/internal/util", pkg("strings")), "params"},
		{"the scope package itself", scope, "create-only params"},
		{"scope through repo", pkg("example.com/app/internal/core", repo), "calls-only create-only params"},
		{"scope two imports away", pkg("example.com/app/internal/web", pkg("example.com/app/internal/svc", repo)), "calls-only create-only params"},
		{"constructor only", pkg("example.com/app/cmd/server", auth), "create-only params"},
	}
	sc := &scopes{cfg: cfg}
	for _, tt := range tests {
		var ids []string
		for _, c := range sc.resolve(tt.pkg) {
			ids = append(ids, c.ID)
		}
		if got := strings.Join(ids, " "); got != tt.want {
			t.Errorf("%s: resolve = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestNeedsTypes checks that NeedsTypes errs only towards true: on every
// package of the fixture module, a package it says needs no expression
// types gets no scope finding from the analyzer run with them. It must
// also say no somewhere, or it saves nothing.
func TestNeedsTypes(t *testing.T) {
	t.Parallel()
	cfg := scopesConfig(t, scopeRules)
	all := fixturetest.Load(t, scopesModule, "example.com/app/...")
	needed, spared := 0, 0
	for _, p := range all {
		imported := map[string]bool{}
		packages.Visit([]*packages.Package{p}, nil, func(q *packages.Package) { imported[q.PkgPath] = true })
		if NeedsTypes(cfg, slices.Concat(p.GoFiles, p.CompiledGoFiles), func(path string) bool { return imported[path] }) {
			needed++
			continue
		}
		spared++
		for _, r := range fixturetest.Run(t, []*packages.Package{p}, New(cfg, directives.New(cfg))) {
			for _, d := range r.Diagnostics {
				if cfg.Scope(d.Category) != nil {
					t.Errorf("%s: NeedsTypes said no scope applies, and the analyzer reported %q", r.Package.Fset.Position(d.Pos), d.Message)
				}
			}
		}
	}
	if needed == 0 || spared == 0 {
		t.Errorf("NeedsTypes said yes to %d packages and no to %d; the fixtures have both kinds", needed, spared)
	}
}
