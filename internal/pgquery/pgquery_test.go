package pgquery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero"
)

// shared is one parser for the tests that only parse: compiling the module
// takes about 0.4 s, several times that under the race detector.
var shared = sync.OnceValues(func() (*Parser, error) { return New("") })

func parser(t *testing.T) *Parser {
	t.Helper()
	p, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWasmSum(t *testing.T) {
	sum := sha256.Sum256(wasmCode)
	if got := hex.EncodeToString(sum[:]); got != wasmSHA256 {
		t.Errorf("libpg_query.wasm has sha256 %s, wasmSHA256 says %s: set wasmSHA256 to the sum wasm/build.sh printed", got, wasmSHA256)
	}
}

func TestParse(t *testing.T) {
	p := parser(t)
	text := `UPDATE invoices i SET total = 0 FROM public."Tenants" t WHERE t.id = i.tenant_id RETURNING i.id;
WITH recent AS (SELECT * FROM invoices WHERE id IN (SELECT invoice_id FROM line_items)) SELECT * FROM recent;
DROP TABLE a, s.b, c.s.d; DROP INDEX e;
-- only a comment
SELECT 1`
	got, err := p.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []Stmt{
		{Loc: 0, Len: 95, Tables: []Name{{"", "invoices"}, {"public", "Tenants"}}},
		// The tree's order: SelectStmt's FROM comes before its WITH.
		{Loc: 96, Len: 109, Tables: []Name{{"", "recent"}, {"", "invoices"}, {"", "line_items"}}, CTEs: []string{"recent"}},
		{Loc: 206, Len: 25, Tables: []Name{{"", "a"}, {"s", "b"}, {"s", "d"}}},
		{Loc: 232, Len: 13},
		{Loc: 246, Len: 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse:\n got %+v\nwant %+v", got, want)
	}
	for _, s := range got {
		end := len(text)
		if s.Len != 0 {
			end = s.Loc + s.Len
		}
		t.Logf("%q", text[s.Loc:end])
	}
	if got, err := p.Parse("  -- nothing"); err != nil || len(got) != 0 {
		t.Errorf("Parse of a comment: %v, %v; want no statement", got, err)
	}
}

func TestDecode(t *testing.T) {
	good := []byte("S\x01\x00\x00\x00\x02\x00\x00\x00T\x00\x00\x00\x00\x01\x00\x00\x00aC\x01\x00\x00\x00b")
	got, err := decode(good)
	want := []Stmt{{Loc: 1, Len: 2, Tables: []Name{{"", "a"}}, CTEs: []string{"b"}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("decode: %+v, %v; want %+v", got, err, want)
	}
	// Every truncation, and records that make no sense, are errors.
	for i := range len(good) {
		if i == 0 || i == 9 || i == 19 {
			continue // a whole record
		}
		if _, err := decode(good[:i]); err == nil {
			t.Errorf("decode of %q: no error", good[:i])
		}
	}
	for _, bad := range []string{"T", "X", "S\x00\x00\x00\x00\x00\x00\x00\x00D\xff\xff\xff\xff", "S\x00\x00\x00\x00\x00\x00\x00\x00C\xff\xff\xff\x7f"} {
		if _, err := decode([]byte(bad)); err == nil {
			t.Errorf("decode of %q: no error", bad)
		}
	}
}

func TestParseError(t *testing.T) {
	p := parser(t)
	// An error goes through PG_TRY's longjmp; the instance must stay usable.
	for range 3 {
		_, err := p.Parse("SELECT * FROM invoices WHERE")
		var perr *Error
		if !errors.As(err, &perr) {
			t.Fatalf("got %v, want a parse error", err)
		}
		if perr.Message != "syntax error at end of input" || perr.Cursorpos != 29 {
			t.Errorf("got %q at %d, want %q at 29", perr.Message, perr.Cursorpos, "syntax error at end of input")
		}
		if _, err := p.Parse("SELECT 1"); err != nil {
			t.Fatalf("after a parse error: %v", err)
		}
	}
}

func TestConcurrent(t *testing.T) {
	p := parser(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			name := "t" + strings.Repeat("x", i)
			for range 20 {
				stmts, err := p.Parse("SELECT * FROM " + name)
				if err != nil || len(stmts) != 1 || !reflect.DeepEqual(stmts[0].Tables, []Name{{"", name}}) {
					t.Errorf("%q: %v %+v", name, err, stmts)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestCodeDir checks that a second parser loads the module the first
// compiled into the directory instead of compiling it again, which would
// write the entry anew.
func TestCodeDir(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the module")
	}
	dir := t.TempDir()
	p1, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := p1.Close(); err != nil {
		t.Fatal(err)
	}
	before := entries(t, dir)
	if len(before) == 0 {
		t.Fatalf("nothing compiled into %s", dir)
	}
	p2, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p2.Close() })
	if _, err := p2.Parse("SELECT 1"); err != nil {
		t.Fatal(err)
	}
	after := entries(t, dir)
	if len(after) != len(before) {
		t.Fatalf("entries %v, then %v", before, after)
	}
	for name, info := range before {
		if a, ok := after[name]; !ok || !os.SameFile(a, info) || !a.ModTime().Equal(info.ModTime()) {
			t.Errorf("entry %s was written again: the compiled module was not reused", name)
		}
	}
}

// TestCodeDirSettings checks that code compiled from the module as it is,
// with wazero's default settings (as archvet compiled it before it turned
// debug information off), is not what New loads: New compiles its own.
func TestCodeDirSettings(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the module twice")
	}
	dir := t.TempDir()
	ctx := context.Background()
	cache, err := wazero.NewCompilationCacheWithDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCompilationCache(cache))
	if _, err := rt.CompileModule(ctx, wasmCode); err != nil {
		t.Fatal(err)
	}
	_ = rt.Close(ctx)
	old := files(t, dir)
	if len(old) != 1 {
		t.Fatalf("compiling the module wrote %v", old)
	}
	p, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	if got := files(t, dir); len(got) != 2 {
		t.Errorf("New compiled into %v; want the earlier file and its own", got)
	}
}

// files returns the files below dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func entries(t *testing.T, dir string) map[string]os.FileInfo {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]os.FileInfo{}
	for _, de := range des {
		info, err := os.Stat(dir + "/" + de.Name())
		if err != nil {
			t.Fatal(err)
		}
		m[de.Name()] = info
	}
	return m
}

// FuzzDecode checks that decode ends on any input, with statements or an
// error, never a panic.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("S\x00\x00\x00\x00\x00\x00\x00\x00T\x00\x00\x00\x00\x01\x00\x00\x00aC\x01\x00\x00\x00bD\x02\x00\x00\x00\x01\x00\x00\x00s\x01\x00\x00\x00t"))
	f.Fuzz(func(t *testing.T, b []byte) {
		stmts, err := decode(b)
		if err != nil && stmts != nil {
			t.Fatalf("%q: statements %v with error %v", b, stmts, err)
		}
	})
}

// BenchmarkParse parses a text of 64 statements, as the table register
// batches them, and reports the time per statement.
func BenchmarkParse(b *testing.B) {
	shapes := []string{
		"SELECT id, total FROM invoices WHERE tenant_id = $1 AND number = %d",
		"SELECT i.id, t.name FROM invoices i JOIN tenants t ON t.id = i.tenant_id WHERE i.id = %d",
		"INSERT INTO line_items (invoice_id, amount) SELECT id, %d FROM invoices WHERE id = $1",
		"WITH recent AS (SELECT * FROM invoices WHERE created > %d) SELECT count(*) FROM recent",
		"SELECT u.email FROM users u WHERE u.id IN (SELECT owner_id FROM projects WHERE id = %d)",
	}
	var stmts []string
	for i := range 64 {
		stmts = append(stmts, fmt.Sprintf(shapes[i%len(shapes)], i))
	}
	text := strings.Join(stmts, "\n;\n")
	p, err := shared()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if got, err := p.Parse(text); err != nil || len(got) != len(stmts) {
			b.Fatalf("%d statements, %v", len(got), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(stmts)), "ns/stmt")
}
