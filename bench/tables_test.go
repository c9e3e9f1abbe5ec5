//go:build unix

package bench

// BenchmarkTables measures what the table register (docs/tables.md)
// costs: a generated module whose packages make 10,000 calls with
// distinct constant SQL statements is checked by analyzers.Suite with
// rules that are the same but for the register. The module is dense (the
// calls alone) or typical (each call in a function of about 20 lines; see
// writeModule). Runs:
//
//	run=without       load (go list, parse, type-check) and analyse, no register
//	run=with          the same with the register: every statement is parsed
//	run=with-store    the same with the statements' tables in the store of
//	                  the cache directory (an edited package's known statements)
//	run=with-empty-store  the same with an empty store: a first run with
//	                  the cache on, which parses and writes the store
//	analyse=without   analysis alone, packages loaded once outside the timer
//	analyse=with      the same with the register
//
// run=with over run=without is what the register adds to a run of
// archvet; analyse=* shows the same cost against analysis alone, the
// strictest comparison. Besides wall time, each run reports cpu-ns/op,
// the CPU time (user and system) of the process and of the go command it
// runs, per op: on a shared machine wall time measures the neighbours
// too. Run it with
//
//	go test -run='^$' -bench=Tables -benchtime=3x -count=5 ./bench | tee tables.txt
//	benchstat -col /run tables.txt

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/cache"
	"github.com/archvet/archvet/internal/driver"
	"github.com/archvet/archvet/internal/sqltables"
)

const (
	statements = 10_000 // constant statements in the module
	nPackages  = 20     // packages they are spread over
)

const rulesWithout = `version: 1
scopes:
  - id: tenant-scope
    type: example.com/bench/scope.Scope
    calls:
      require: ["(*example.com/bench/repo.DB).{Query,Exec}"]
    hint: thread the caller's scope
`

const register = `      sql: 0
    tables:
      tenant: [invoices, projects, "drawing_*", line_items]
      global: [tenants, users, plans, schema_migrations]
      dialect: postgres
`

// shapes are the statements of the module, each made distinct by %d.
var shapes = []string{
	"SELECT id, total FROM invoices WHERE tenant_id = $1 AND number = %d",
	"SELECT i.id, t.name FROM invoices i JOIN tenants t ON t.id = i.tenant_id WHERE i.id = %d",
	"SELECT name FROM plans WHERE price > %d ORDER BY price",
	"INSERT INTO line_items (invoice_id, amount) SELECT id, %d FROM invoices WHERE id = $1",
	"UPDATE projects SET name = $1 WHERE id = %d",
	"DELETE FROM drawing_pages WHERE project_id = $1 AND page > %d",
	"WITH recent AS (SELECT * FROM invoices WHERE created > $1 AND kind = %d) SELECT count(*) FROM recent",
	"SELECT u.email FROM users u WHERE u.id IN (SELECT owner_id FROM projects WHERE id = %d)",
	"SELECT version FROM schema_migrations WHERE version > %d",
	"SELECT p.name, sum(l.amount) FROM projects p JOIN invoices i ON i.project_id = p.id JOIN line_items l ON l.invoice_id = i.id WHERE p.id = %d GROUP BY p.name",
}

// writeModule writes the module to dir. A dense module holds nothing but
// the statements, 50 calls to a function: the worst case, where parsing
// has no other work to hide in. A typical one gives each statement a
// function of its own with the code around a query in a service: a row
// type, error wrapping, a loop over the rows, sorting; about 20 lines.
func writeModule(b testing.TB, dir string, typical bool) {
	write := func(rel, text string) {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("go.mod", "module example.com/bench\n\ngo 1.26\n")
	write("scope/scope.go", "package scope\n\n// Scope is a tenant's scope.\ntype Scope struct{ TenantID string }\n")
	write("repo/repo.go", `package repo

// DB runs statements.
type DB struct{}

// Query runs a query.
func (db *DB) Query(q string, args ...any) ([]string, error) { return nil, nil }

// Exec runs a statement.
func (db *DB) Exec(q string, args ...any) error { return nil }
`)
	perPkg := statements / nPackages
	n := 0
	for p := range nPackages {
		var src strings.Builder
		fmt.Fprintf(&src, "package p%d\n\nimport (\n\t\"fmt\"\n\t\"sort\"\n\t\"strings\"\n\n\t\"example.com/bench/repo\"\n\t\"example.com/bench/scope\"\n)\n\n", p)
		src.WriteString("var _, _, _ = fmt.Sprint, sort.Strings, strings.TrimSpace\n\n")
		src.WriteString("// Row is a row of a result.\ntype Row struct {\n\tID     int\n\tName   string\n\tTenant string\n}\n\n")
		for i := range perPkg {
			shape := shapes[n%len(shapes)]
			scoped := ", s" // most calls pass the scope, as in a module that is mostly done
			if n%7 == 0 {
				scoped = ""
			}
			stmt := fmt.Sprintf("%q", fmt.Sprintf(shape, n))
			switch {
			case !typical && i%50 == 0:
				fmt.Fprintf(&src, "func f%d(db *repo.DB, s scope.Scope) {\n", i)
				fallthrough
			case !typical:
				fmt.Fprintf(&src, "\tdb.Query(%s%s)\n", stmt, scoped)
				if i%50 == 49 {
					src.WriteString("}\n\n")
				}
			default:
				fmt.Fprintf(&src, typicalFunc, i, stmt, scoped)
			}
			n++
		}
		write(fmt.Sprintf("p%d/p.go", p), src.String())
	}
}

// typicalFunc is the function around a statement in a typical module.
const typicalFunc = `// List%[1]d lists rows of a report.
func List%[1]d(db *repo.DB, s scope.Scope, limit int) ([]Row, error) {
	rows, err := db.Query(%[2]s%[3]s)
	if err != nil {
		return nil, fmt.Errorf("list %[1]d for %%s: %%w", s.TenantID, err)
	}
	out := make([]Row, 0, len(rows))
	for i, r := range rows {
		if i >= limit {
			break
		}
		name := strings.TrimSpace(r)
		if name == "" {
			continue
		}
		out = append(out, Row{ID: i, Name: name, Tenant: s.TenantID})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out, nil
}

`

func BenchmarkTables(b *testing.B) {
	for _, module := range []string{"dense", "typical"} {
		b.Run("module="+module, func(b *testing.B) { benchModule(b, module == "typical") })
	}
}

// tablesModule is a generated module and what checks it.
type tablesModule struct {
	dir   string
	cfgs  map[string]*config.Config // without and with the register
	store sqltables.Store           // the statement store of with-store
	// codeDir keeps the postgres parser's compiled module for the runs
	// that have no store of their own to keep it in.
	codeDir string
}

// newTablesModule writes the module to dir and opens a store in cacheDir.
func newTablesModule(b testing.TB, dir, cacheDir string, typical bool) *tablesModule {
	writeModule(b, dir, typical)
	m := &tablesModule{dir: dir, cfgs: map[string]*config.Config{}}
	for name, rules := range map[string]string{
		"without": rulesWithout,
		"with":    strings.Replace(rulesWithout, "    hint:", register+"    hint:", 1),
	} {
		cfg, err := config.Parse(filepath.Join(dir, "rules.yaml"), []byte(rules))
		if err != nil {
			b.Fatal(err)
		}
		m.cfgs[name] = cfg
	}
	c, err := cache.OpenDir(cacheDir)
	if err != nil {
		b.Fatal(err)
	}
	m.store, m.codeDir = driver.StatementStore(c), c.CodeDir()
	if m.store == nil {
		b.Fatal("no statement store: the test binary has no build ID")
	}
	return m
}

func (m *tablesModule) load(b testing.TB) []*packages.Package {
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
		packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule
	pkgs, err := packages.Load(&packages.Config{Mode: mode, Dir: m.dir}, "./...")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		b.Fatalf("loading the generated module: %v", err)
	}
	return pkgs
}

// analyse checks pkgs as the run name says and returns the findings.
func (m *tablesModule) analyse(b testing.TB, name string, pkgs []*packages.Package) int {
	cfg := m.cfgs["with"]
	var opts []analyzers.Option
	switch name {
	case "without":
		cfg = m.cfgs["without"]
	case "with":
		// No statement store, but the parser's compiled module on disk,
		// as a run whose statements are all new finds it.
		opts = []analyzers.Option{analyzers.WithStatementStore(codeOnly(m.codeDir))}
	case "with-store":
		opts = []analyzers.Option{analyzers.WithStatementStore(m.store)}
	case "with-empty-store":
		fresh, err := cache.OpenDir(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		opts = []analyzers.Option{analyzers.WithStatementStore(withCode{driver.StatementStore(fresh), m.codeDir})}
	default:
		b.Fatalf("no run %q", name)
	}
	graph, err := checker.Analyze(analyzers.Suite(cfg, opts...), pkgs, nil)
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

// codeOnly is a store that keeps no statement, only the parser's code.
type codeOnly string

func (codeOnly) Load(string, string) ([]byte, bool) { return nil, false }
func (codeOnly) Save(string, string, []byte)        {}
func (c codeOnly) CodeDir() string                  { return string(c) }

// withCode is a statement store with another code directory.
type withCode struct {
	sqltables.Store
	dir string
}

func (w withCode) CodeDir() string { return w.dir }

func benchModule(b *testing.B, typical bool) {
	m := newTablesModule(b, b.TempDir(), b.TempDir(), typical)
	// Warm the build cache (the first load compiles the export data of the
	// imports), the statement store, and the postgres parser, which
	// compiles its WebAssembly module once per process (measured apart by
	// internal/sqltables's BenchmarkStart).
	m.analyse(b, "with-store", m.load(b))
	names := []string{"without", "with", "with-store", "with-empty-store"}
	// measure runs name as a sub-benchmark of kind: run (load and analyse)
	// or analyse (analysis of pkgs, loaded once).
	measure := func(kind, name string, pkgs []*packages.Package) {
		b.Run(kind+"="+name, func(b *testing.B) {
			n := 0
			start := cpuTime()
			for b.Loop() {
				p := pkgs
				if p == nil {
					p = m.load(b)
				}
				n = m.analyse(b, name, p)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(n), "findings")
		})
	}
	for _, name := range names {
		measure("run", name, nil)
	}
	pkgs := m.load(b)
	for _, name := range names {
		measure("analyse", name, pkgs)
	}
}

// cpuTime returns the CPU time this process and its children that have
// ended (the go command that packages.Load runs) have used, in
// nanoseconds.
func cpuTime() int64 {
	var t int64
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err != nil {
			return 0 // no figure rather than a failed benchmark
		}
		t += ru.Utime.Nano() + ru.Stime.Nano()
	}
	return t
}
