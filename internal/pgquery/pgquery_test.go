package pgquery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// shared is one parser for the tests that only parse: compiling the module
// takes about a second, several under the race detector.
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
		t.Errorf("libpg_query.wasm has sha256 %s, wasmSHA256 says %s: record the new file's version and sum", got, wasmSHA256)
	}
}

func TestParse(t *testing.T) {
	p := parser(t)
	tree, err := p.ParseToJSON(`UPDATE invoices i SET total = 0 FROM "Tenants" t WHERE t.id = i.tenant_id RETURNING i.id`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"UpdateStmt"`, `"relname":"invoices"`, `"relname":"Tenants"`} {
		if !strings.Contains(tree, want) {
			t.Errorf("tree lacks %s:\n%s", want, tree)
		}
	}
}

func TestParseError(t *testing.T) {
	p := parser(t)
	// An error goes through PG_TRY's longjmp; the instance must stay usable.
	for range 3 {
		_, err := p.ParseToJSON("SELECT * FROM invoices WHERE")
		var perr *Error
		if !errors.As(err, &perr) {
			t.Fatalf("got %v, want a parse error", err)
		}
		if perr.Message != "syntax error at end of input" || perr.Cursorpos != 29 {
			t.Errorf("got %q at %d, want %q at 29", perr.Message, perr.Cursorpos, "syntax error at end of input")
		}
		if _, err := p.ParseToJSON("SELECT 1"); err != nil {
			t.Fatalf("after a parse error: %v", err)
		}
	}
}

func TestConcurrent(t *testing.T) {
	p := parser(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			stmt := "SELECT * FROM t" + strings.Repeat("x", i)
			for range 20 {
				tree, err := p.ParseToJSON(stmt)
				if err != nil || !strings.Contains(tree, `"relname":"t`+strings.Repeat("x", i)+`"`) {
					t.Errorf("%q: %v %s", stmt, err, tree)
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
	if _, err := p2.ParseToJSON("SELECT 1"); err != nil {
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
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2|experimental.CoreFeaturesThreads).WithCompilationCache(cache))
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
