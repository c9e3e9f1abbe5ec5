package sqltables

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"
)

// BenchmarkTables parses distinct statements of a realistic mix; New
// is measured apart.
func BenchmarkTables(b *testing.B) {
	shapes := []string{
		"SELECT id, total FROM invoices WHERE tenant_id = $1 AND number = %d",
		"SELECT i.id, t.name FROM invoices i JOIN tenants t ON t.id = i.tenant_id WHERE i.id = %d",
		"INSERT INTO line_items (invoice_id, amount) SELECT id, %d FROM invoices WHERE id = $1",
		"WITH recent AS (SELECT * FROM invoices WHERE created > %d) SELECT count(*) FROM recent",
		"SELECT u.email FROM users u WHERE u.id IN (SELECT owner_id FROM projects WHERE id = %d)",
	}
	stmts := make([]string, 10000)
	for i := range stmts {
		stmts[i] = fmt.Sprintf(shapes[i%len(shapes)], i)
	}
	b.Run("parse", func(b *testing.B) {
		p, err := New("postgres")
		if err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			if _, err := p.parse(stmts[i%len(stmts)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("batch", func(b *testing.B) {
		// Statements as Prepare parses them: maxBatch in one call.
		p, err := New("postgres")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Tables("SELECT 1"); err != nil { // starts the parser
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			j := i % (len(stmts) / maxBatch) * maxBatch
			if _, ok := p.parsePGBatch(stmts[j : j+maxBatch]); !ok {
				b.Fatal("batch did not parse")
			}
			i++
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*maxBatch), "ns/stmt")
	})
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			if _, err := New("postgres"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkStart measures what the postgres parser costs a process on its
// first statement: it compiles its WebAssembly module then (start=compile),
// or loads the module an earlier process compiled into its store's code
// directory (start=load). Each op runs this test binary twice, once
// parsing a statement and once not, and reports the difference in CPU
// time as start-cpu-ns/op.
func BenchmarkStart(b *testing.B) {
	if runtime.GOOS == "windows" {
		b.Skip("measures children's CPU time with getrusage")
	}
	run := func(b *testing.B, parse bool, codeDir string) time.Duration {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStartHelper$")
		cmd.Env = append(os.Environ(), "ARCHVET_SQL_START=skip")
		if parse {
			cmd.Env = append(os.Environ(), "ARCHVET_SQL_START=parse", "ARCHVET_SQL_CODEDIR="+codeDir)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	for _, start := range []string{"compile", "load"} {
		b.Run("start="+start, func(b *testing.B) {
			var dir string
			if start == "load" {
				dir = b.TempDir()
				run(b, true, dir) // compiles into dir
			}
			var d time.Duration
			for b.Loop() {
				d += run(b, true, dir) - run(b, false, "")
			}
			b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "start-cpu-ns/op")
		})
	}
}

// TestStartHelper is BenchmarkStart's child process.
func TestStartHelper(t *testing.T) {
	switch os.Getenv("ARCHVET_SQL_START") {
	case "":
		t.Skip("run by BenchmarkStart")
	case "parse":
		p, err := New("postgres")
		if err != nil {
			t.Fatal(err)
		}
		if dir := os.Getenv("ARCHVET_SQL_CODEDIR"); dir != "" {
			p.SetStore(codeStore{mapStore{}, dir})
		}
		if _, err := p.Tables("SELECT 1 FROM tenants"); err != nil {
			t.Fatal(err)
		}
	}
}
