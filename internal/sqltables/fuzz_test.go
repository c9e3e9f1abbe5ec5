package sqltables

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// FuzzTables checks that any statement, in every dialect, gives tables or
// an *Error saying where it stops being SQL: never a panic, never a
// parser failure of another kind, the same answer from a second parser,
// and table names as the register matches them (lower case, not empty).
func FuzzTables(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM tenants t JOIN invoices i ON i.tenant_id = t.id",
		"WITH x AS (SELECT * FROM tenants) UPDATE invoices SET a = 1 FROM x WHERE x.id = $1 RETURNING *",
		`SELECT "Invoices".id, 'a''b', $$ ? $$, E'\'' FROM public."Invoices" -- c`,
		"DROP TABLE a, b.c; TRUNCATE d; MERGE INTO e USING f ON true WHEN MATCHED THEN DELETE",
		"SELECT * FROM t WHERE id = ? AND data ? 'k' /* ? */",
		"DELETE i FROM invoices i # comment",
		"INSERT INTO `projects` VALUES (1)",
	} {
		f.Add(s)
	}
	// The postgres parser compiles its WebAssembly module at its first
	// parse in each process; in a fuzzing worker, whose build is
	// instrumented for coverage, that takes longer than CI's 10-second
	// fuzz runs, and the worker would be stopped before its first input.
	// So workers fuzz the other dialects, and postgres runs on the seed
	// corpus and the inputs kept in testdata/fuzz (go test). The decoding
	// of the postgres parser's output is fuzzed by pgquery's FuzzDecode.
	dialects := Dialects
	if fl := flag.Lookup("test.fuzzworker"); fl != nil && fl.Value.String() == "true" {
		dialects = slices.DeleteFunc(slices.Clone(Dialects), func(d string) bool { return d == "postgres" })
	}
	f.Fuzz(func(t *testing.T, stmt string) {
		for _, dialect := range dialects {
			p, err := New(dialect)
			if err != nil {
				t.Fatal(err)
			}
			tables, err := p.parse(stmt)
			var perr *Error
			if err != nil && !errors.As(err, &perr) {
				t.Fatalf("%s: %q: %v", dialect, stmt, err)
			}
			q, _ := New(dialect)
			again, err2 := q.parse(stmt)
			if fmt.Sprint(tables, err) != fmt.Sprint(again, err2) {
				t.Fatalf("%s: %q: %v %v, then %v %v", dialect, stmt, tables, err, again, err2)
			}
			if dialect == "postgres" {
				// Parsed in a batch between two others, it must read the same.
				b, _ := New(dialect)
				b.Prepare([]string{"SELECT 1 FROM before", stmt, "SELECT 2 FROM after"})
				batched, err3 := b.Tables(stmt)
				if fmt.Sprint(tables, err) != fmt.Sprint(batched, err3) {
					t.Fatalf("%q: alone %v %v, batched %v %v", stmt, tables, err, batched, err3)
				}
			}
			for _, tb := range tables {
				if tb.Name == "" || tb.Name != strings.ToLower(tb.Name) || tb.Schema != strings.ToLower(tb.Schema) {
					t.Fatalf("%s: %q: table %+v", dialect, stmt, tb)
				}
			}
		}
	})
}
