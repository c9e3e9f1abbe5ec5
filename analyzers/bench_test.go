package analyzers_test

// Benchmarks of the analyzers' own cost, separate from loading. They load
// two large standard-library packages once, outside the timer, and then
// run analyzers over them with the public checker. The baseline
// run=inspect runs only inspect.Analyzer, which every archvet analyzer
// requires, so its time is the floor: what any analyzer pays before it
// looks at a node. Compare the runs with
//
//	go test -run='^$' -bench=. -count=10 ./analyzers | tee bench.txt
//	benchstat -col /run bench.txt
//
// (bench/README.md says more.) Each benchmark has the runs
//
//	inspect  inspect.Analyzer alone: the baseline
//	full     the analyzer with rules that govern the package and fire in it
//	idle     the analyzer with the same targets and rules that govern no
//	         file: its fast path, for a package no rule touches
//	suite    analyzers.Suite (bans, scopes and directives, as archvet runs
//	         them) with the same rules as full
//
// The rules are rooted at $GOROOT/src, so their globs read net/http/**.

import (
	"go/build"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/analyzers/bans"
	"github.com/archvet/archvet/analyzers/directives"
	"github.com/archvet/archvet/analyzers/scopes"
	"github.com/archvet/archvet/config"
)

// benchPackages are the packages the benchmarks check: a large library
// package and a large generics-using one.
var benchPackages = []string{"net/http", "go/types"}

// The placeholders in the rules below: @IN@ is where the rules apply, and
// @ALLOW@ where scopes may be made and required calls go without one.
const (
	governs    = "[net/http/**, go/types/**]"
	governsNot = "[archvet-bench-no-such-dir/**]"
	allowNone  = "[archvet-bench-no-such-dir/**]"
	allowAll   = `["**"]`
)

// banRules ban a handful of things net/http and go/types use, with each
// kind of target: functions and brace lists, a wildcard, a method, a
// variable, a type, a whole package and a pkg/... tree.
const banRules = `
version: 1
rules:
  - id: storage-gate
    ban:
      - os.{Open,OpenFile,Create,Stat,ReadFile,Getenv}
      - io/ioutil
    in: @IN@
    allow: ["**/internal/**"]
    hint: file access goes through one package
  - id: no-wall-clock
    ban:
      - time.{Now,Since,Until,Sleep,AfterFunc}
      - time.New*
    in: @IN@
    hint: take a clock from the caller
  - id: lock-discipline
    ban:
      - (*sync.Mutex).{Lock,Unlock}
      - (*sync.RWMutex).{RLock,RUnlock}
      - sync.Once
    in: @IN@
    hint: guard state with the package's own guard type
  - id: no-ambient-context
    severity: warning
    ban:
      - context.{Background,TODO}
      - net/url.URL
      - strconv.Itoa
    in: @IN@
    hint: thread the caller's context
  - id: layering
    ban:
      - crypto/...
      - unsafe
      - go/ast
    in: @IN@
    hint: protocol code does not reach into crypto, unsafe or syntax
`

// scopeRules make context.Context a scope: exported functions take it
// first, requests are made with one, and none is made from nothing.
const scopeRules = `
version: 1
scopes:
  - id: context-first
    type: context.Context
    params:
      in: @IN@
    calls:
      require:
        - net/http.NewRequestWithContext
        - (*net/http.Request).{WithContext,Clone}
        - (*net/http.Server).Shutdown
      allow: @ALLOW@
    create:
      constructors: [context.Background, context.TODO]
      allow: @ALLOW@
    hint: thread the caller's context
`

// benchLoad loads benchPackages once for all benchmarks, with the syntax
// and types archvet's driver asks for (internal/driver.LoadMode, which the
// layers rule keeps analyzers from importing).
var benchLoad = sync.OnceValues(func() ([]*packages.Package, error) {
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
		packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes |
		packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule
	return packages.Load(&packages.Config{Mode: mode}, benchPackages...)
})

// benchConfig compiles rules rooted at $GOROOT/src, with in and allow in
// place of @IN@ and @ALLOW@.
func benchConfig(b *testing.B, rules, in, allow string) *config.Config {
	b.Helper()
	rules = strings.NewReplacer("@IN@", in, "@ALLOW@", allow).Replace(rules)
	file := filepath.Join(build.Default.GOROOT, "src", "rules.yaml") // never read: Parse takes the content
	cfg, err := config.Parse(file, []byte(rules))
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

func BenchmarkBans(b *testing.B) {
	full := benchConfig(b, banRules, governs, allowNone)
	idle := benchConfig(b, banRules, governsNot, allowNone)
	benchRuns(b, bans.New(full, directives.New(full)), bans.New(idle, directives.New(idle)), full)
}

func BenchmarkScopes(b *testing.B) {
	full := benchConfig(b, scopeRules, governs, allowNone)
	idle := benchConfig(b, scopeRules, governsNot, allowAll)
	benchRuns(b, scopes.New(full, directives.New(full)), scopes.New(idle, directives.New(idle)), full)
}

// benchRuns runs, for each package, the baseline and then full, idle and
// the suite of cfg as sub-benchmarks pkg=<path>/run=<name>.
func benchRuns(b *testing.B, full, idle *analysis.Analyzer, cfg *config.Config) {
	pkgs, err := benchLoad()
	if err != nil {
		b.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		b.Fatalf("%d errors loading %v", n, benchPackages)
	}
	runs := []struct {
		name      string
		analyzers []*analysis.Analyzer
		findings  bool // whether the run must report something
	}{
		{"inspect", []*analysis.Analyzer{inspect.Analyzer}, false},
		{"full", []*analysis.Analyzer{full}, true},
		{"idle", []*analysis.Analyzer{idle}, false},
		{"suite", analyzers.Suite(cfg), true},
	}
	for _, p := range pkgs {
		for _, r := range runs {
			name := "pkg=" + strings.ReplaceAll(p.PkgPath, "/", "-") + "/run=" + r.name // a slash would add a level
			b.Run(name, func(b *testing.B) {
				n := benchAnalyze(b, r.analyzers, p) // once untimed: check that it works
				if r.findings && n == 0 {
					b.Fatalf("no findings in %s: the benchmark would measure nothing", p.PkgPath)
				}
				runtime.GC() // start each run from the same heap: the loaded packages
				b.ReportAllocs()
				for b.Loop() {
					benchAnalyze(b, r.analyzers, p)
				}
				b.ReportMetric(float64(n), "findings/op")
			})
		}
	}
}

// benchAnalyze runs as on p and returns the number of diagnostics.
func benchAnalyze(b *testing.B, as []*analysis.Analyzer, p *packages.Package) int {
	graph, err := checker.Analyze(as, []*packages.Package{p}, &checker.Options{Sequential: true})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, act := range graph.Roots {
		if act.Err != nil {
			b.Fatalf("%s: %v", act, act.Err)
		}
		n += len(act.Diagnostics)
	}
	return n
}
