package analyzers_test

// Benchmarks of the analyzers' own cost, separate from loading. Each
// benchmark loads its standard-library packages once, outside the timer,
// and then runs analyzers over them with the public checker. The baseline
// run=inspect runs only inspect.Analyzer, which every archvet analyzer
// requires, so its time is the floor: what any analyzer pays before it
// looks at a node. Compare the runs with
//
//	go test -run='^$' -bench=. -count=10 ./analyzers | tee bench.txt
//	benchstat -col /run bench.txt
//
// (bench/README.md says more.) The runs are
//
//	inspect  inspect.Analyzer alone: the baseline
//	bans     bans with rules that govern the package and fire in it
//	idle     bans with the same rules scoped to a directory that does
//	         not exist: the fast path for a package no rule governs
//	suite    analyzers.Suite: bans, scopes and directives, as archvet runs

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
	"github.com/archvet/archvet/config"
)

// benchRules ban a handful of things net/http and go/types use, with each
// kind of target: functions and brace lists, a wildcard, a method, a
// variable, a type, a whole package and a pkg/... tree. Globs are
// relative to $GOROOT/src. @IN@ is replaced by the rules' `in` list.
const benchRules = `
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

// benchPackages are the packages the benchmarks check: a large library
// package and a large generics-using one.
var benchPackages = []string{"net/http", "go/types"}

// benchLoad loads benchPackages once for all benchmarks, with the syntax
// and types archvet's driver asks for (internal/driver.LoadMode, which the
// layers rule keeps analyzers from importing).
var benchLoad = sync.OnceValues(func() ([]*packages.Package, error) {
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
		packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes |
		packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule
	return packages.Load(&packages.Config{Mode: mode}, benchPackages...)
})

// benchConfig compiles benchRules rooted at $GOROOT/src with in set to in.
func benchConfig(b *testing.B, in string) *config.Config {
	b.Helper()
	file := filepath.Join(build.Default.GOROOT, "src", "rules.yaml") // never read: Parse takes the content
	cfg, err := config.Parse(file, []byte(strings.ReplaceAll(benchRules, "@IN@", in)))
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

func BenchmarkBans(b *testing.B) {
	pkgs, err := benchLoad()
	if err != nil {
		b.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		b.Fatalf("%d errors loading %v", n, benchPackages)
	}
	governs := benchConfig(b, "[net/http/**, go/types/**]")
	idle := benchConfig(b, "[archvet-bench-no-such-dir/**]")
	for _, p := range pkgs {
		name := "pkg=" + strings.ReplaceAll(p.PkgPath, "/", "-") // a slash would add a level to the name
		runs := []struct {
			name      string
			analyzers func() []*analysis.Analyzer
			findings  bool // whether the run must report something
		}{
			{"inspect", func() []*analysis.Analyzer { return []*analysis.Analyzer{inspect.Analyzer} }, false},
			{"bans", func() []*analysis.Analyzer { return []*analysis.Analyzer{analyzers.NewBans(governs)} }, true},
			{"idle", func() []*analysis.Analyzer { return []*analysis.Analyzer{analyzers.NewBans(idle)} }, false},
			{"suite", func() []*analysis.Analyzer { return analyzers.Suite(governs) }, true},
		}
		for _, r := range runs {
			b.Run(name+"/run="+r.name, func(b *testing.B) {
				as := r.analyzers()
				n := benchAnalyze(b, as, p) // once untimed: check it works
				if r.findings && n == 0 {
					b.Fatalf("no findings in %s: the benchmark would measure nothing", p.PkgPath)
				}
				runtime.GC() // start each run from the same heap: the loaded packages
				b.ReportAllocs()
				for b.Loop() {
					benchAnalyze(b, as, p)
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
