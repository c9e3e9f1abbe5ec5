package resolve_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/resolve"
)

// The fixture is a module of its own, example.com/app, so that targets
// and globs read like a user's. It depends on nothing outside the
// standard library: the tests never touch the network.
var appDir, _ = filepath.Abs(filepath.Join("testdata", "app"))

// fileMode is the cheap load of archvet check-config: files, no types.
const fileMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedModule

// fullMode is the load of a normal run: types from source.
const fullMode = fileMode | packages.NeedImports | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo

// exportMode is the load of the standalone driver: the import graph with
// export data, no types (the resolver reads them from the export data).
const exportMode = fileMode | packages.NeedImports | packages.NeedDeps | packages.NeedExportFile

var loadApp = sync.OnceValues(func() (map[packages.LoadMode][]*packages.Package, error) {
	out := map[packages.LoadMode][]*packages.Package{}
	for _, mode := range []packages.LoadMode{fileMode, fullMode, exportMode} {
		pkgs, err := packages.Load(&packages.Config{Mode: mode, Dir: appDir, Tests: true}, "./...")
		if err != nil {
			return nil, err
		}
		if packages.PrintErrors(pkgs) > 0 {
			return nil, fmt.Errorf("fixture does not load")
		}
		out[mode] = pkgs
	}
	return out, nil
})

// checkApp compiles rules as testdata/app/rules.yaml, runs
// resolve.Check with opts (Dir set to the fixture) over the fixture
// loaded in mode, and returns the rules and what Check said.
func checkApp(t *testing.T, rules string, mode packages.LoadMode, opts resolve.Options) (cfg *config.Config, errs, warnings []error) {
	t.Helper()
	cfg, err := config.Parse(filepath.Join(appDir, "rules.yaml"), []byte(rules))
	if err != nil {
		t.Fatalf("rules do not compile: %v", err)
	}
	pkgs, err := loadApp()
	if err != nil {
		t.Fatal(err)
	}
	opts.Dir = appDir
	errs, warnings = resolve.Check(cfg, pkgs[mode], opts)
	return cfg, errs, warnings
}

// check compiles rules as testdata/app/rules.yaml and checks them against
// the fixture, loaded in mode. Messages name the rules file relative to
// the fixture.
func check(t *testing.T, rules string, mode packages.LoadMode, opts resolve.Options) (errs, warnings []string) {
	t.Helper()
	_, es, ws := checkApp(t, rules, mode, opts)
	text := func(list []error) []string {
		var out []string
		for _, e := range list {
			if ce := (*config.Error)(nil); !errors.As(e, &ce) {
				t.Errorf("%v is a %T, not a *config.Error", e, e)
			}
			out = append(out, strings.ReplaceAll(e.Error(), appDir+string(filepath.Separator), ""))
		}
		return out
	}
	return text(es), text(ws)
}

// byEntry checks rules against the fixture and returns the errors and
// warnings of each rule or scope, as "line:col: message" with the line
// counted from the entry's "- id" line, which is line 1.
func byEntry(t *testing.T, rules string, mode packages.LoadMode) map[string][]string {
	t.Helper()
	cfg, errs, warnings := checkApp(t, rules, mode, resolve.Options{Tests: true})
	out := map[string][]string{}
	for _, e := range append(errs, warnings...) {
		var ce *config.Error
		if !errors.As(e, &ce) {
			t.Fatalf("%v is a %T, not a *config.Error", e, e)
		}
		if ce.ID == "" {
			t.Errorf("not about a rule or scope: %v", e)
		}
		var start int
		if r := cfg.Rule(ce.ID); r != nil {
			start = r.Pos.Line
		} else if s := cfg.Scope(ce.ID); s != nil {
			start = s.Pos.Line
		}
		out[ce.ID] = append(out[ce.ID], fmt.Sprintf("%d:%d: %s", ce.Line-start+1, ce.Col, ce.Msg))
	}
	return out
}

// The tests of targets put every case in one rules file, as users do, so
// that the go command runs once per test, not once per case.

func TestTargets(t *testing.T) {
	tests := []struct {
		name    string
		targets string // the ban list, at line 2, column 11 of the entry
		errors  []string
	}{
		{"unknown std package", "io/iotil",
			[]string{`2:11: ban: no package "io/iotil"; did you mean "io/ioutil"?`}},
		{"unknown module package", "example.com/app/storag",
			[]string{`2:11: ban: no package "example.com/app/storag"; did you mean "example.com/app/storage"?`}},
		{"package of a module not required", "github.com/sirupsen/logrus",
			[]string{`2:11: ban: no package "github.com/sirupsen/logrus": no required module provides it`}},
		{"directory without Go files", "example.com/app/assets",
			[]string{`2:11: ban: no package "example.com/app/assets"`}},
		{"unknown symbol", "os.ReadFiel",
			[]string{`2:11: ban: no function, variable, constant or type ReadFiel in package "os"; did you mean "ReadFile"?`}},
		{"symbol in unknown package", "example.com/app/storag.Open",
			[]string{`2:11: ban: no package "example.com/app/storag"; did you mean "example.com/app/storage"?`}},
		{"empty wildcard", "os.Fiel*",
			[]string{`2:11: ban: no function, variable, constant or type in package "os" matches Fiel*`}},
		{"empty brace alternative", `"os.{ReadFile,WriteFiel}"`,
			[]string{`2:11: ban: no function, variable, constant or type WriteFiel in package "os"; did you mean "WriteFile"?`}},
		{"empty wildcard alternative", `"os.{Read*,Fiel*}"`,
			[]string{`2:11: ban: no function, variable, constant or type in package "os" matches Fiel*`}},
		{"unknown method", "(*os.File).Raed",
			[]string{`2:11: ban: no method Raed on os.File; did you mean "Read"?`}},
		{"unknown method wildcard", "(*os.File).Raed*",
			[]string{`2:11: ban: no method of os.File matches Raed*`}},
		{"unknown method alternative", `"(*os.File).{Read,Wirte}"`,
			[]string{`2:11: ban: no method Wirte on os.File; did you mean "Write"?`}},
		{"unknown receiver type", "(*net/http.Clinet).Do",
			[]string{`2:11: ban: no type Clinet in package "net/http"; did you mean "Client"?`}},
		{"field, not method", "(net/http.Client).Timeout",
			[]string{`2:11: ban: Timeout is a field of net/http.Client, not a method`}},
		{"receiver not a type", "(net/http.Get).Do",
			[]string{`2:11: ban: Get in package "net/http" is a function, not a type`}},
		{"receiver an alias", "(example.com/app/scope.Alias).ID",
			[]string{`2:11: ban: Alias in package "example.com/app/scope" is an alias for example.com/app/scope.Scope; name the method by the type that declares it`}},
		{"recursive pattern matching nothing", "example.com/app/internl/...",
			[]string{`2:11: ban: no package matches "example.com/app/internl/..."; did you mean "example.com/app/internal/..."?`}},
		{"ambiguous, neither reading", "example.com/app/lib.v3",
			[]string{`2:11: ban: no package "example.com/app/lib.v3"; did you mean "example.com/app/lib.v2"?`}},
		{"several, in position order", "os.Getenvv, io/iotil, os.ReadFile", []string{
			`2:11: ban: no function, variable, constant or type Getenvv in package "os"; did you mean "Getenv"?`,
			`2:23: ban: no package "io/iotil"; did you mean "io/ioutil"?`,
		}},

		{"packages", "io/ioutil, net/..., example.com/app/internal/..., example.com/app/storage", nil},
		{"symbols", `os.ReadFile, "os.{ReadFile,WriteFile}", os.Read*, example.com/app/scope.Version`, nil},
		{"methods", strings.Join([]string{
			"(*os.File).Read",
			"(example.com/app/scope.Scope).Close",              // pointer receiver, named on the value type
			"(example.com/app/storage.File).Read",              // promoted from *os.File
			`"(example.com/app/storage.Storage).{Read,Close}"`, // interface, Close embedded
			`"(*example.com/app/storage.List[T]).Push"`,        // generic
		}, ", "), nil},
		{"unexported", "example.com/app/storage.openRaw, (*example.com/app/storage.File).sync", nil},
		{"other platforms", strings.Join([]string{
			"example.com/app/storage.WindowsOnly",
			"(*example.com/app/storage.File).Lock",
			"syscall/js", // build constraints exclude all its files
			"syscall/js.Global",
		}, ", "), nil},
		{"ambiguous, package reading", "example.com/app/lib.v2", nil},
	}
	var rules strings.Builder
	rules.WriteString("version: 1\nrules:\n")
	for i, tt := range tests {
		fmt.Fprintf(&rules, "  - id: c%d\n    ban: [%s]\n    hint: h\n", i, tt.targets)
	}
	for _, mode := range []packages.LoadMode{fileMode, fullMode, exportMode} {
		t.Run(map[packages.LoadMode]string{fileMode: "files", fullMode: "types", exportMode: "export"}[mode], func(t *testing.T) {
			t.Parallel()
			got := byEntry(t, rules.String(), mode)
			for i, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					want(t, "problems", got[fmt.Sprintf("c%d", i)], tt.errors)
				})
			}
		})
	}
}

func TestScopes(t *testing.T) {
	create := func(ctors string) string { return "    create:\n      constructors: [" + ctors + "]\n" }
	calls := func(targets string) string { return "    calls:\n      require: [" + targets + "]\n" }
	params := func(ifaces string) string { return "    params:\n      interfaces: [" + ifaces + "]\n" }
	tests := []struct {
		name     string
		typ      string // at line 2, column 11 of the entry
		sections string // a create or calls section from line 3
		errors   []string
	}{
		{"unknown type", "example.com/app/scope.Scop", create("example.com/app/scope.New"),
			[]string{`2:11: type: no type Scop in package "example.com/app/scope"; did you mean "Scope"?`}},
		{"type in unknown package", "example.com/app/scop.Scope", create("example.com/app/scope.New"),
			[]string{`2:11: type: no package "example.com/app/scop"; did you mean "example.com/app/scope"?`}},
		{"alias for a type that is not named", "example.com/app/scope.Name", create("example.com/app/scope.New"),
			[]string{`2:11: type: Name in package "example.com/app/scope" is an alias for string, not a named type`}},
		{"function as type", "example.com/app/scope.New", create("example.com/app/scope.New"),
			[]string{`2:11: type: New in package "example.com/app/scope" is a function, not a named type`}},
		{"constructor that is a variable", "example.com/app/scope.Scope", create("example.com/app/scope.Default"),
			[]string{`4:22: create.constructors: Default in package "example.com/app/scope" is a variable, not a function`}},
		{"constructor that is a type", "example.com/app/scope.Scope", create("example.com/app/scope.Scope"),
			[]string{`4:22: create.constructors: Scope in package "example.com/app/scope" is a type, not a function`}},
		{"unknown constructor", "example.com/app/scope.Scope", create("example.com/app/scope.Nwe"),
			[]string{`4:22: create.constructors: no function Nwe in package "example.com/app/scope"; did you mean "New"?`}},
		{"unknown method constructor", "example.com/app/scope.Scope", create("(example.com/app/scope.Scope).Clone"),
			[]string{`4:22: create.constructors: no method Clone on example.com/app/scope.Scope; did you mean "Close"?`}},
		{"unknown required call", "example.com/app/scope.Scope", calls("example.com/app/storage.Opne"),
			[]string{`4:17: calls.require: no function Opne in package "example.com/app/storage"; did you mean "Open"?`}},
		{"required call names a package", "example.com/app/scope.Scope", calls("example.com/app/lib.v2"),
			[]string{`4:17: calls.require: "example.com/app/lib.v2" names a package; name functions or methods`}},
		{"unknown interface", "example.com/app/scope.Scope", params("io.Writr"),
			[]string{`4:20: params.interfaces: no type Writr in package "io"; did you mean "Writer"?`}},
		{"unknown interface in a brace list", "example.com/app/scope.Scope", params(`"io.{Writer,Closr}"`),
			[]string{`4:20: params.interfaces: no type Closr in package "io"; did you mean "Closer"?`}},
		{"interface in unknown package", "example.com/app/scope.Scope", params("example.com/app/scop.Carrier"),
			[]string{`4:20: params.interfaces: no package "example.com/app/scop"; did you mean "example.com/app/scope"?`}},
		{"interface that is a struct", "example.com/app/scope.Scope", params("example.com/app/scope.Scope"),
			[]string{`4:20: params.interfaces: Scope in package "example.com/app/scope" is not an interface type`}},
		{"interface that is a function", "example.com/app/scope.Scope", params("example.com/app/scope.New"),
			[]string{`4:20: params.interfaces: New in package "example.com/app/scope" is a function, not an interface type`}},

		{"named type, functions and methods", "example.com/app/scope.Scope",
			create("example.com/app/scope.New, (*example.com/app/scope.Scope).Close") +
				calls("example.com/app/internal/db.Get, (example.com/app/storage.Storage).Read"), nil},
		{"interface", "example.com/app/scope.Carrier", create("example.com/app/scope.New"), nil},
		{"params interfaces", "example.com/app/scope.Scope",
			params(`io.Writer, "net/http.{Handler,RoundTripper}", sort.Interface, example.com/app/scope.Carrier`), nil},
		{"alias for a named type", "example.com/app/scope.Alias", create("example.com/app/scope.New"), nil},
	}
	var rules strings.Builder
	rules.WriteString("version: 1\nscopes:\n")
	for i, tt := range tests {
		fmt.Fprintf(&rules, "  - id: s%d\n    type: %s\n%s    hint: h\n", i, tt.typ, tt.sections)
	}
	got := byEntry(t, rules.String(), fileMode)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want(t, "problems", got[fmt.Sprintf("s%d", i)], tt.errors)
		})
	}
}

// TestMessages checks the whole text of errors and their order.
func TestMessages(t *testing.T) {
	rules := "version: 1\nrules:\n  - id: r\n    ban: [os.Getenvv, io/iotil, os.ReadFile]\n    hint: h\n"
	errs, warnings := check(t, rules, fullMode, resolve.Options{Tests: true})
	want(t, "errors", errs, []string{
		`rules.yaml:4:11: rule "r": ban: no function, variable, constant or type Getenvv in package "os"; did you mean "Getenv"?`,
		`rules.yaml:4:23: rule "r": ban: no package "io/iotil"; did you mean "io/ioutil"?`,
	})
	want(t, "warnings", warnings, nil)
}

func TestStaleGlobs(t *testing.T) {
	const rules = `version: 1
rules:
  - id: r
    ban: [os]
    in: [storag/**, internal]
    allow: [storage/*_test.go, storage/storage_windows.go, e2e, "**/*.pb.go"]
    hint: h
scopes:
  - id: s
    type: example.com/app/scope.Scope
    params:
      in: [cmd/**]
      allow: [scope]
    calls:
      require: [example.com/app/storage.Open]
      allow: [internal/dbb]
    hint: h
`
	stale := []string{
		`rules.yaml:5:10: rule "r": in: "storag/**" matches no file of the checked packages; did you mean "storage/**"?`,
		`rules.yaml:6:65: rule "r": allow: "**/*.pb.go" matches no file of the checked packages`,
		`rules.yaml:16:15: scope "s": calls.allow: "internal/dbb" matches no file of the checked packages; did you mean "internal/db"?`,
	}
	tests := []struct {
		name             string
		opts             resolve.Options
		errors, warnings []string
	}{
		{"warnings", resolve.Options{Tests: true}, nil, stale},
		{"strict", resolve.Options{Tests: true, Strict: true}, stale, nil},
		{"explicit ./...", resolve.Options{Tests: true, Patterns: []string{"./..."}}, nil, stale},
		{"not every package", resolve.Options{Tests: true, Patterns: []string{"./scope", "./storage"}, Strict: true}, nil, nil},
		// ./internal/... loads every package below internal: a glob that
		// can only match there is judged, the others are not.
		{"below the root", resolve.Options{Tests: true, Patterns: []string{"./internal/..."}, Strict: true}, stale[2:], nil},
		{"without tests", resolve.Options{Strict: true}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			errs, warnings := check(t, rules, fullMode, tt.opts)
			want(t, "errors", errs, tt.errors)
			want(t, "warnings", warnings, tt.warnings)
		})
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		dir      string
		patterns []string
		want     bool
	}{
		{"/m", nil, true},
		{"/m", []string{"./..."}, true},
		{"/m/sub", []string{"./..."}, false},
		{"/m/sub", []string{"../..."}, true},
		{"/x", []string{"/m/..."}, true},
		{"/x", []string{"/m/sub/..."}, false},
		{"/m", []string{"./a", "./b"}, false},
		{"/m", []string{"example.com/m/..."}, false},
		{"/", []string{"./..."}, true},
	}
	for _, tt := range tests {
		if got := resolve.Covers(tt.dir, tt.patterns, "/m"); got != tt.want {
			t.Errorf("Covers(%q, %q, /m) = %t, want %t", tt.dir, tt.patterns, got, tt.want)
		}
	}
}

func want(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\ngot  %s\nwant %s", what, strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestGoCommand checks how the go command is run: never so that a typo
// reaches a module proxy, and a failure is a warning, not an error.
func TestGoCommand(t *testing.T) {
	rules := "version: 1\nrules:\n  - id: r\n    ban: [github.com/sirupsen/logrus]\n    hint: h\n"
	t.Run("GOFLAGS=-mod=mod", func(t *testing.T) {
		t.Parallel()
		// With -mod=mod the go command would look the path up in
		// GOPROXY, which is off here, and fail in a way that is not
		// judged; run read-only, it says no module provides it.
		env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
		// A package no module provides is a warning: banning it guards
		// against adding it. With -strict it is an error.
		errs, warnings := check(t, rules, fileMode, resolve.Options{Env: env, Tests: true})
		want(t, "errors", errs, nil)
		want(t, "warnings", warnings, []string{`rules.yaml:4:11: rule "r": ban: no package "github.com/sirupsen/logrus": no required module provides it`})
		errs, warnings = check(t, rules, fileMode, resolve.Options{Env: env, Tests: true, Strict: true})
		want(t, "strict errors", errs, []string{`rules.yaml:4:11: rule "r": ban: no package "github.com/sirupsen/logrus": no required module provides it`})
		want(t, "strict warnings", warnings, nil)
	})
	t.Run("failing go command", func(t *testing.T) {
		t.Parallel()
		env := append(os.Environ(), "GOFLAGS=-nosuchflag")
		errs, warnings := check(t, rules, fileMode, resolve.Options{Env: env, Tests: true})
		want(t, "errors", errs, nil)
		if len(warnings) != 1 || !strings.HasPrefix(warnings[0], "rules.yaml: targets not resolved: ") {
			t.Errorf("warnings: got %q, want one that says targets were not resolved", warnings)
		}
	})
}

// TestTargetsFromExportData checks that, with the checked packages'
// import graph and its export data at hand, symbol targets in packages of
// that graph are resolved without asking the go command again: here it
// would fail and say so. (A symbol missing from its package is not such
// a target: "os.ReadFiel" might be a package path, which only the go
// command can tell.) unsafe, which has no export data, is built in.
func TestTargetsFromExportData(t *testing.T) {
	t.Parallel()
	rules := "version: 1\nrules:\n  - id: r\n    ban: [os.ReadFile, \"os.{Open,Create}\", (*os.File).Raed, unsafe, unsafe.Pointer]\n    hint: h\n"
	env := append(os.Environ(), "GOFLAGS=-nosuchflag")
	errs, warnings := check(t, rules, exportMode, resolve.Options{Env: env, Tests: true})
	want(t, "errors", errs, []string{
		`rules.yaml:4:44: rule "r": ban: no method Raed on os.File; did you mean "Read"?`,
	})
	want(t, "warnings", warnings, nil)
}

func TestTables(t *testing.T) {
	rules := func(require, sql string) string {
		return `version: 1
scopes:
  - id: s
    type: example.com/app/scope.Scope
    calls:
      require: ["` + require + `"]
` + sql + `    tables:
      tenant: [invoices, "drawing_*"]
      global: [tenants, public.users]
      dialect: postgres
    hint: h
`
	}
	stale := []string{
		`rules.yaml:9:26: scope "s": tables.tenant: "drawing_*" matches no table of the constant statements in the checked packages`,
		`rules.yaml:10:25: scope "s": tables.global: "public.users" matches no table of the constant statements in the checked packages`,
	}
	tests := []struct {
		name             string
		rules            string
		mode             packages.LoadMode
		errors, warnings []string
	}{
		{"index", rules("example.com/app/internal/db.Query", "      sql: 1\n"), fullMode, nil, stale},
		{"first string", rules("example.com/app/internal/db.Query", ""), fullMode, nil, []string{
			`rules.yaml:8:26: scope "s": tables.tenant: "drawing_*" matches no table of the constant statements in the checked packages`,
			`rules.yaml:9:25: scope "s": tables.global: "public.users" matches no table of the constant statements in the checked packages`,
		}},
		{"out of range", rules("example.com/app/internal/db.{Query,Count}", "      sql: 1\n"), fullMode, append([]string{
			`rules.yaml:7:12: scope "s": calls.sql: argument 1 is out of range for func example.com/app/internal/db.Count(n int) int, which takes 1`,
		}, stale...), nil},
		{"variadic", rules("example.com/app/internal/db.Query", "      sql: 2\n"), fileMode, []string{
			`rules.yaml:7:12: scope "s": calls.sql: argument 2 of func example.com/app/internal/db.Query(s example.com/app/scope.Scope, q string, args ...any) error is a []any, not a string statement`,
		}, nil},
		{"no string parameter", rules("example.com/app/internal/db.Count", ""), fileMode, []string{
			`rules.yaml:6:17: scope "s": calls.sql: func example.com/app/internal/db.Count(n int) int has no string parameter to hold the statement; set calls.sql to its argument index`,
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := resolve.Options{Tests: true}
			if tt.errors != nil && tt.warnings == nil && tt.mode == fullMode {
				opts.Strict = true
			}
			errs, warnings := check(t, tt.rules, tt.mode, opts)
			want(t, "errors", errs, tt.errors)
			want(t, "warnings", warnings, tt.warnings)
		})
	}
}

func TestContracts(t *testing.T) {
	const rules = `version: 1
components:
  - {id: cmd, in: [cmd/**]}
  - {id: storage, in: [storage]}
  - {id: gone, in: [internal/dbb]}
  - {id: scopes, packages: [example.com/app/scope]}
  - {id: scopedir, in: [scope]}
  - {id: stdlib, packages: [std]}
  - {id: cloud, packages: [github.com/aws/aws-sdk-go-v2/...]}
contracts:
  - id: k
    layers: [cmd, storage, stdlib]
    ignore_imports: ["example.com/app/storage -> os", "example.com/app/storage -> net/http"]
    hint: h
`
	errs := []string{
		`rules.yaml:7:5: component "scopedir": package "example.com/app/scope" is also in component "scopes"; a package belongs to one component`,
	}
	stale := []string{
		`rules.yaml:5:5: component "gone": component matches no package of the checked packages or their dependencies; did you mean "internal/db"?`,
		`rules.yaml:9:5: component "cloud": component matches no package of the checked packages or their dependencies`,
		`rules.yaml:13:55: contract "k": ignore_imports: "example.com/app/storage -> net/http" matches no import of the checked packages or their dependencies`,
	}
	for _, tt := range []struct {
		name             string
		opts             resolve.Options
		errors, warnings []string
	}{
		{"whole module", resolve.Options{Tests: true}, append(slices.Clone(errs), stale...), nil},
		{"not every package", resolve.Options{Tests: true, Patterns: []string{"./scope", "./storage"}}, errs, stale},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			errs, warnings := check(t, rules, fullMode, tt.opts)
			slices.Sort(errs)
			slices.Sort(tt.errors)
			want(t, "errors", errs, tt.errors)
			want(t, "warnings", warnings, tt.warnings)
		})
	}
}
