package fixturetest_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/internal/driver"
	"github.com/archvet/archvet/internal/fixturetest"
)

var testdata, _ = filepath.Abs("testdata")

// calls reports every call of a one-letter function of the package.
var calls = &analysis.Analyzer{
	Name: "calls",
	Doc:  "report calls of one-letter functions of the package",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				id, ok := call.Fun.(*ast.Ident)
				if !ok || len(id.Name) != 1 {
					return true // not a call of a one-letter function by name
				}
				if fn, ok := pass.TypesInfo.Uses[id].(*types.Func); ok && fn.Pkg() == pass.Pkg {
					pass.Reportf(call.Pos(), "call of %s", id.Name)
				}
				return true
			})
		}
		return nil, nil
	},
}

// fakeT records what Run reports.
type fakeT struct{ errors []string }

func (f *fakeT) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func TestMode(t *testing.T) {
	if fixturetest.Mode != driver.LoadMode {
		t.Errorf("fixturetest.Mode = %v, want driver.LoadMode %v", fixturetest.Mode, driver.LoadMode)
	}
}

func TestLoadOnce(t *testing.T) {
	t.Parallel()
	first := fixturetest.Load(t, testdata, "example.com/...")
	second := fixturetest.Load(t, testdata, "example.com/...")
	if len(first) == 0 || &first[0] != &second[0] {
		t.Errorf("second Load returned other packages")
	}
	var ids []string
	for _, p := range fixturetest.Select(first, "example.com/good") {
		ids = append(ids, p.ID)
	}
	want := []string{"example.com/good", "example.com/good [example.com/good.test]", "example.com/good.test"}
	slices.Sort(ids)
	if !slices.Equal(ids, want) {
		t.Errorf("Select(example.com/good) = %q, want %q", ids, want)
	}
}

func TestRunGood(t *testing.T) {
	t.Parallel()
	var ft fakeT
	pkgs := fixturetest.Select(fixturetest.Load(t, testdata, "example.com/..."), "example.com/good")
	acts := fixturetest.Run(&ft, pkgs, calls)
	if len(ft.errors) != 0 {
		t.Errorf("Run reported:\n%s", strings.Join(ft.errors, "\n"))
	}
	n := 0
	for _, act := range acts {
		n += len(act.Diagnostics)
	}
	if n != 11 { // five in good.go, twice; one in good_test.go
		t.Errorf("%d diagnostics, want 11", n)
	}
}

// TestRunBad checks that Run reports an unexpected diagnostic, one that
// does not match its expectation and expectations nothing meets, in the
// package and again in its test variant, which shares the file.
func TestRunBad(t *testing.T) {
	t.Parallel()
	var ft fakeT
	pkgs := fixturetest.Select(fixturetest.Load(t, testdata, "example.com/..."), "example.com/bad")
	fixturetest.Run(&ft, pkgs, calls)
	once := []string{
		"bad.go:8:2: unexpected diagnostic: call of f",
		"bad.go:10:2: diagnostic \"call of f\" does not match pattern `call of g`",
		"bad.go:10: no diagnostic was reported matching `call of g`",
		"bad.go:9: no diagnostic was reported matching `call of f`",
	}
	want := slices.Concat(once, once)
	dir := filepath.Join(testdata, "src", "example.com", "bad") + string(filepath.Separator)
	var got []string
	for _, e := range ft.errors {
		got = append(got, strings.ReplaceAll(e, dir, ""))
	}
	if !slices.Equal(got, want) {
		t.Errorf("Run reported:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
