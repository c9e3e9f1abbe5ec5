// Package fixturetest runs analyzers over fixture packages the way
// analysistest.Run does, but loads each fixture once per test binary and
// takes dependencies from export data.
//
// analysistest.Run loads its packages with packages.NeedDeps on every
// call: the standard library packages a fixture imports (os, net/http
// and everything below them) are parsed and type-checked from source
// each time, which made archvet's test command need over 3 GB. Here a
// fixture tree is loaded once, in the mode archvet's driver uses (syntax
// and types for the fixture packages, export data for the rest), and
// every test runs its analyzer on the shared packages. Analyzers only
// read packages, so tests may share them in parallel; run with -race to
// keep that true.
//
// Expectations are "// want" comments, checked as analysistest checks
// them. Facts are not supported: an analyzer with facts needs its
// dependencies' syntax, which a shared export-data load does not have.
//
// This package is for _test.go files only.
package fixturetest

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/scanner"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Mode is the load mode of fixtures: that of archvet's driver
// (internal/driver.LoadMode, which this package cannot import without
// an import cycle in the analyzers' internal tests).
const Mode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule

// loads holds every load of the test binary, by directory and patterns.
var loads struct {
	sync.Mutex
	m map[string]*load
}

type load struct {
	once sync.Once
	pkgs []*packages.Package
	err  error
}

// Load returns the packages matching patterns, test variants included,
// in dir: the root of a GOPATH tree (packages under dir/src) or, if dir
// holds a go.mod, a module. Each directory and list of patterns is
// loaded once per test binary; later calls return the same packages,
// which callers must not modify. Load fails the test if the packages
// cannot be loaded at all; type errors are left to Run.
func Load(t testing.TB, dir string, patterns ...string) []*packages.Package {
	t.Helper()
	key := dir + "\x00" + strings.Join(patterns, "\x00")
	loads.Lock()
	if loads.m == nil {
		loads.m = map[string]*load{}
	}
	l := loads.m[key]
	if l == nil {
		l = new(load)
		loads.m[key] = l
	}
	loads.Unlock()
	l.once.Do(func() { l.pkgs, l.err = loadPackages(dir, patterns) })
	if l.err != nil {
		t.Fatalf("loading %s in %s: %v", patterns, dir, l.err)
	}
	return l.pkgs
}

// loadPackages loads as analysistest does, without NeedDeps.
func loadPackages(dir string, patterns []string) ([]*packages.Package, error) {
	env := []string{"GOPATH=" + dir, "GO111MODULE=off", "GOPROXY=off", "GOWORK=off"}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
		env = []string{"GO111MODULE=on", "GOPROXY=off", "GOWORK=off"}
	}
	cfg := &packages.Config{Mode: Mode, Dir: dir, Tests: true, Env: append(os.Environ(), env...)}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages matched %s", patterns)
	}
	for _, p := range pkgs {
		if p.Name == "" {
			return nil, fmt.Errorf("failed to load %q: %v", p.PkgPath, p.Errors)
		}
	}
	return pkgs, nil
}

// Select returns the packages of pkgs whose import path is one of paths,
// with their test variants, as loading the paths with Tests would: the
// package, the package compiled with its tests, the external test
// package and the test main package. A path ending in "/..." selects
// every package below it.
func Select(pkgs []*packages.Package, paths ...string) []*packages.Package {
	var out []*packages.Package
	for _, p := range pkgs {
		base := strings.TrimSuffix(strings.TrimSuffix(p.PkgPath, ".test"), "_test")
		if slices.ContainsFunc(paths, func(path string) bool { return matchPath(path, base) }) {
			out = append(out, p)
		}
	}
	return out
}

func matchPath(pattern, path string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == prefix || strings.HasPrefix(path, prefix+"/")
	}
	return path == pattern
}

// Testing is the part of *testing.T that Run reports to.
type Testing interface {
	Errorf(format string, args ...any)
}

// Run runs a on pkgs (from Load, through Select if need be) and checks
// its diagnostics against the "// want" comments of each package's
// files, as analysistest.Run does: every diagnostic must match an
// expectation on its line, and every expectation must be matched. A
// file in both a package and its test variant is checked in each. Run
// returns the root actions of a, sorted by package ID.
func Run(t Testing, pkgs []*packages.Package, a *analysis.Analyzer) []*checker.Action {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if len(pkgs) == 0 {
		t.Errorf("no packages to analyze")
		return nil
	}
	if len(a.FactTypes) > 0 {
		t.Errorf("analyzer %s has facts, which fixturetest does not support", a.Name)
		return nil
	}
	// Parse and type errors go to the test log, as in analysistest.
	if tb, ok := t.(testing.TB); ok && !a.RunDespiteErrors {
		for _, p := range pkgs {
			for _, err := range p.Errors {
				tb.Log(err)
			}
		}
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Errorf("analyze: %v", err)
		return nil
	}
	roots := slices.Clone(graph.Roots)
	slices.SortFunc(roots, func(x, y *checker.Action) int { return cmp.Compare(x.Package.ID, y.Package.ID) })
	for _, act := range roots {
		if act.Err != nil {
			t.Errorf("error analyzing %s: %v", act, act.Err)
			continue
		}
		check(t, act)
	}
	return roots
}

// helper is the part of *testing.T that marks test helpers; Helper
// marks the function that calls it, so each function calls it itself.
type helper interface{ Helper() }

// key is a line of a file.
type key struct {
	file string
	line int
}

// check compares the diagnostics of act with the expectations in its
// package's files.
func check(t Testing, act *checker.Action) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	want := expectations(t, act.Package)
	for _, d := range act.Diagnostics {
		posn := act.Package.Fset.Position(d.Pos)
		k := key{posn.Filename, posn.Line}
		expects := want[k]
		var unmatched []string
		matched := false
		for i, rx := range expects {
			if rx.MatchString(d.Message) {
				want[k] = slices.Delete(expects, i, i+1)
				matched = true
				break
			}
			unmatched = append(unmatched, fmt.Sprintf("%#q", rx))
		}
		switch {
		case matched:
		case unmatched == nil:
			t.Errorf("%v: unexpected diagnostic: %v", posn, d.Message)
		default:
			t.Errorf("%v: diagnostic %q does not match pattern %s", posn, d.Message, strings.Join(unmatched, " or "))
		}
	}
	var surplus []string
	for k, expects := range want {
		for _, rx := range expects {
			surplus = append(surplus, fmt.Sprintf("%s:%d: no diagnostic was reported matching %#q", k.file, k.line, rx))
		}
	}
	slices.Sort(surplus)
	for _, s := range surplus {
		t.Errorf("%s", s)
	}
}

// expectations returns the "// want" expectations of p's Go files and
// other files (such as assembly), by line.
func expectations(t Testing, p *packages.Package) map[key][]*regexp.Regexp {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	want := map[key][]*regexp.Regexp{}
	add := func(filename string, line int, text string) {
		if h, ok := t.(helper); ok {
			h.Helper()
		}
		rest, ok := strings.CutPrefix(strings.TrimSpace(text), "want")
		if !ok {
			return // not an expectation
		}
		delta, rxs, err := parseExpectations(rest)
		if err != nil {
			t.Errorf("%s:%d: in 'want' comment: %s", filename, line, err)
			return
		}
		if rxs != nil {
			want[key{filename, line + delta}] = rxs
		}
	}
	for _, f := range p.Syntax {
		for _, group := range f.Comments {
			for _, c := range group.List {
				text := strings.TrimPrefix(c.Text, "//")
				if text == c.Text { // a /*-comment
					text = strings.TrimSuffix(strings.TrimPrefix(text, "/*"), "*/")
				}
				// A comment on a comment: "//...// want ...".
				if i := strings.Index(text, "// want"); i >= 0 {
					text = text[i+len("// "):]
				}
				posn := p.Fset.Position(c.Pos())
				add(posn.Filename, posn.Line, text)
			}
		}
	}
	for _, filename := range p.OtherFiles {
		data, err := os.ReadFile(filename)
		if err != nil {
			t.Errorf("can't read '// want' comments from %s: %v", filename, err)
			continue
		}
		for i, line := range strings.Split(string(data), "\n") {
			if j := strings.Index(line, "// want"); j >= 0 {
				line = line[j:]
			}
			if j := strings.Index(line, "//"); j >= 0 {
				add(filename, i+1, line[j+len("//"):])
			}
		}
	}
	return want
}

// parseExpectations parses what follows "want": an optional +N line
// offset and regular expressions as Go string literals. analysistest
// also accepts name:"rx" fact expectations; here they are an error.
func parseExpectations(text string) (lineDelta int, rxs []*regexp.Regexp, err error) {
	var scanErr string
	sc := new(scanner.Scanner).Init(strings.NewReader(text))
	sc.Error = func(_ *scanner.Scanner, msg string) { scanErr = msg }
	sc.Mode = scanner.ScanIdents | scanner.ScanStrings | scanner.ScanRawStrings | scanner.ScanInts
	for {
		switch tok := sc.Scan(); tok {
		case '+':
			if tok := sc.Scan(); tok != scanner.Int {
				return 0, nil, fmt.Errorf("got +%s, want +Int", scanner.TokenString(tok))
			}
			lineDelta, _ = strconv.Atoi(sc.TokenText())
		case scanner.String, scanner.RawString:
			pattern, _ := strconv.Unquote(sc.TokenText()) // cannot fail: the scanner checked it
			rx, err := regexp.Compile(pattern)
			if err != nil {
				return 0, nil, err
			}
			rxs = append(rxs, rx)
		case scanner.Ident:
			return 0, nil, fmt.Errorf("fact expectation %s: facts are not supported", sc.TokenText())
		case scanner.EOF:
			if scanErr != "" {
				return 0, nil, fmt.Errorf("%s", scanErr)
			}
			return lineDelta, rxs, nil
		default:
			return 0, nil, fmt.Errorf("unexpected %s", scanner.TokenString(tok))
		}
	}
}

// Writer returns a function that writes a file at name (slash-separated)
// below dir, making its directories, and fails t if it cannot: for tests
// that build a module file by file and edit it between runs.
func Writer(t testing.TB, dir string) func(name, content string) {
	return func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
