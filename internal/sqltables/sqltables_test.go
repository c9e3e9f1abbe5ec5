package sqltables

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestTables(t *testing.T) {
	tests := []struct {
		dialect, stmt, want string
	}{
		{"postgres", "SELECT * FROM tenants WHERE id = $1", "[tenants]"},
		{"postgres", "SELECT i.id FROM tenants t JOIN invoices i ON i.tenant_id = t.id", "[invoices tenants]"},
		{"postgres", "WITH invoices AS (SELECT * FROM tenants) SELECT * FROM invoices", "[tenants]"},
		{"postgres", "SELECT * FROM tenants WHERE id IN (SELECT tenant_id FROM invoices)", "[invoices tenants]"},
		{"postgres", "INSERT INTO invoices (id) SELECT id FROM drafts", "[drafts invoices]"},
		{"postgres", `SELECT * FROM "Invoices", public.Projects`, "[invoices public.projects]"},
		{"postgres", "SELECT 'invoices' FROM tenants -- invoices\n/* projects */", "[tenants]"},
		{"postgres", "UPDATE invoices SET paid = true WHERE id = ?", "[invoices]"},
		{"postgres", "DELETE FROM invoices WHERE id = ?", "[invoices]"},
		{"mysql", "DELETE i FROM invoices i JOIN tenants t ON t.id = i.tenant_id", "[invoices tenants]"},
		{"mysql", "SELECT * FROM `invoices` WHERE note = \"projects\"", "[invoices]"},
		{"sqlite", `SELECT a || b FROM "users"`, "[users]"},
		{"postgres", "SELECT 1", "[]"},
		{"postgres", "SELECT * FROM a UNION SELECT * FROM b", "[a b]"},
		{"postgres", `SELECT '#', "#x", /* # */ 1 FROM tenants -- #`, "[tenants]"},
		{"postgres", `SELECT 'a\' FROM invoices`, "[invoices]"},
		{"mysql", "SELECT 1 FROM tenants # invoices", "[tenants]"},
		// PostgreSQL's own syntax, which the MySQL grammar cannot read.
		{"postgres", "UPDATE invoices SET paid = true FROM tenants t WHERE t.id = invoices.tenant_id", "[invoices tenants]"},
		{"postgres", "INSERT INTO invoices (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET id = excluded.id RETURNING id", "[invoices]"},
		{"postgres", "MERGE INTO invoices i USING staging s ON s.id = i.id WHEN MATCHED THEN UPDATE SET total = s.total", "[invoices staging]"},
		{"postgres", "SELECT x::text, $$ FROM invoices ? $$ FROM tenants WHERE id = ANY($1) AND created > now() - interval '5 days'", "[tenants]"},
		{"postgres", "SELECT a # b FROM tenants -- c\nWHERE x IN (SELECT id FROM invoices)", "[invoices tenants]"},
		{"postgres", "SELECT data ? 'k' FROM tenants", "[tenants]"},
		{"postgres", "SELECT * FROM tenants WHERE id = ? AND note <> '?' -- ?", "[tenants]"},
		{"postgres", "DROP TABLE invoices, billing.ledger; TRUNCATE projects", "[billing.ledger invoices projects]"},
		{"postgres", "DELETE FROM invoices USING tenants WHERE tenants.id = invoices.tenant_id", "[invoices tenants]"},
		{"postgres", "SELECT * FROM generate_series(1, 3) g, LATERAL (SELECT * FROM invoices) i", "[invoices]"},
		{"postgres", "WITH moved AS (DELETE FROM invoices RETURNING *) INSERT INTO archive SELECT * FROM moved", "[archive invoices]"},
		{"sqlite", "SELECT 1 FROM `projects`", "[projects]"},
	}
	for _, tt := range tests {
		p, err := New(tt.dialect)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Tables(tt.stmt)
		if err != nil {
			t.Errorf("%s: %q: %v", tt.dialect, tt.stmt, err)
			continue
		}
		var names []string
		for _, tb := range got {
			names = append(names, tb.String())
		}
		if s := fmt.Sprint(names); s != tt.want {
			t.Errorf("%s: %q: got %s, want %s", tt.dialect, tt.stmt, s, tt.want)
		}
	}
}

func TestParseError(t *testing.T) {
	p, err := New("postgres")
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"SELEC * FROM invoices", "SELECT * FROM `invoices`", "SELECT * FROM tenants WHERE ", "DELETE invoices WHERE id = ?"} {
		_, err := p.Tables(stmt)
		if err == nil {
			t.Errorf("%q parsed; want an error", stmt)
			continue
		}
		if _, again := p.Tables(stmt); !errors.Is(again, err) {
			t.Errorf("%q: second parse gave %v, not the cached %v", stmt, again, err)
		}
		t.Logf("%q: %v", stmt, err)
	}
	sqlite, err := New("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	// # is an operator in SQLite but a comment in the grammar its
	// statements are parsed with: a failure, not a hidden rest of line.
	if _, err := sqlite.Tables("SELECT a # b FROM tenants -- c\nWHERE x IN (SELECT id FROM invoices)"); err == nil {
		t.Error("sqlite statement with # parsed; want an error")
	}
	if _, err := New("oracle"); err == nil {
		t.Error("New(oracle) succeeded")
	}
}

// mapStore is a Store in memory.
type mapStore map[string][]byte

func (m mapStore) Load(dialect, stmt string) ([]byte, bool) {
	data, ok := m[dialect+"\x00"+stmt]
	return data, ok
}

func (m mapStore) Save(dialect, stmt string, data []byte) { m[dialect+"\x00"+stmt] = data }

func TestStore(t *testing.T) {
	store := mapStore{}
	p, err := New("postgres")
	if err != nil {
		t.Fatal(err)
	}
	p.SetStore(store)
	const ok, bad = "SELECT * FROM billing.ledger JOIN invoices USING (id)", "SELEC 1"
	if _, err := p.Tables(ok); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Tables(bad); err == nil {
		t.Fatal("bad statement parsed")
	}
	if len(store) != 2 {
		t.Fatalf("store holds %d entries, want 2: %q", len(store), store)
	}

	// A second parser answers from the store: an entry that is not what
	// the statement parses to proves it did not parse.
	store["postgres\x00"+ok] = []byte("tables\nx\ty\n\tz\n")
	q, _ := New("postgres")
	q.SetStore(store)
	got, err := q.Tables(ok)
	if err != nil || fmt.Sprint(got) != "[x.y z]" {
		t.Errorf("from the store: %v, %v; want [x.y z]", got, err)
	}
	if _, err := q.Tables(bad); err == nil || err.Error() != "line 1 column 1: syntax error at or near \"SELEC\"" {
		t.Errorf("error from the store: %v", err)
	}

	// An entry that does not decode is parsed again.
	store["postgres\x00"+ok] = []byte("tables\nnot a table line\n")
	r, _ := New("postgres")
	r.SetStore(store)
	if got, err := r.Tables(ok); err != nil || fmt.Sprint(got) != "[billing.ledger invoices]" {
		t.Errorf("after a corrupt entry: %v, %v", got, err)
	}
}

// TestPrepareAgrees checks that statements parsed in batches by Prepare
// give what each gives parsed alone, whatever they hold, and that Prepare
// does batch them.
func TestPrepareAgrees(t *testing.T) {
	stmts := []string{
		"SELECT * FROM tenants t JOIN invoices i ON i.tenant_id = t.id",
		"WITH invoices AS (SELECT * FROM tenants) SELECT * FROM invoices",
		"SELECT 1 FROM projects -- trailing comment",
		"SELECT 1 FROM a; SELECT 2 FROM b",
		"",
		"/* only a comment */",
		"SELECT 'it''s' FROM \"Mixed\"",
		"UPDATE invoices SET paid = true FROM tenants WHERE tenants.id = invoices.tenant_id",
		"SELECT * FROM tenants WHERE id = ?",
		"SELECT $$ FROM x $$ FROM y",
		"SELECT E'\\' FROM z' FROM w",
		"SELECT 'unterminated FROM invoices",
		"SELECT 1 FROM a /* unterminated",
		"SELEC broken",
		"SELECT /* nested /* twice */ still */ 1 FROM nested",
		"DROP TABLE dropped",
	}
	batched, err := New("postgres")
	if err != nil {
		t.Fatal(err)
	}
	batched.Prepare(stmts)
	if len(batched.cache) < 8 {
		t.Errorf("Prepare parsed %d statements ahead; want the batchable ones", len(batched.cache))
	}
	for _, stmt := range stmts {
		alone, _ := New("postgres")
		want, wantErr := alone.Tables(stmt)
		got, err := batched.Tables(stmt)
		if fmt.Sprint(got, err) != fmt.Sprint(want, wantErr) {
			t.Errorf("%q: batched %v %v, alone %v %v", stmt, got, err, want, wantErr)
		}
	}
}

// TestBatchGuard checks that a batch whose separator ends up inside a
// statement is refused, so that its statements are parsed alone.
func TestBatchGuard(t *testing.T) {
	p, err := New("postgres")
	if err != nil {
		t.Fatal(err)
	}
	for _, batch := range [][]string{
		{"SELECT 1 FROM a; /*", "*/ SELECT 2 FROM invoices"},
		{"SELECT 'a", "' FROM invoices"},
		{"SELECT 1 FROM a", "SELEC"},
	} {
		if out, ok := p.parsePGBatch(batch); ok {
			t.Errorf("%q: batched as %v", batch, out)
		}
	}
	out, ok := p.parsePGBatch([]string{"SELECT 1 FROM a", "", "SELECT 2 FROM b; SELECT 3 FROM c"})
	if !ok || fmt.Sprint(out[0].names, out[1].names, out[2].names) != "[a] [] [b c]" {
		t.Errorf("got %v %v", out, ok)
	}
}

// countingStore is a mapStore that counts Loads.
type countingStore struct {
	mapStore
	loads int
}

func (c *countingStore) Load(dialect, stmt string) ([]byte, bool) {
	c.loads++
	return c.mapStore.Load(dialect, stmt)
}

// TestBundle checks that Prepare keeps the results of a package's
// statements as one entry that a second Prepare reads in one Load, with
// the same results, and that a bundle that does not decode is ignored.
func TestBundle(t *testing.T) {
	stmts := []string{"SELECT * FROM a JOIN b USING (id)", "SELEC", "SELECT $$x$$ FROM c", "SELECT 1 FROM d WHERE id = ?"}
	store := &countingStore{mapStore: mapStore{}}
	first, _ := New("postgres")
	first.SetStore(store)
	first.Prepare(stmts)
	var want []string
	for _, stmt := range stmts {
		tables, err := first.Tables(stmt)
		want = append(want, fmt.Sprint(tables, err))
	}
	for _, corrupt := range []bool{false, true} {
		if corrupt {
			for k := range store.mapStore {
				if strings.HasPrefix(k, "postgres bundle") {
					store.mapStore[k] = []byte("3\nxyz")
				}
			}
		}
		store.loads = 0
		second, _ := New("postgres")
		second.SetStore(store)
		second.Prepare(append(slices.Clone(stmts), stmts[0])) // duplicates do not change the bundle
		if !corrupt && store.loads != 1 {
			t.Errorf("second Prepare made %d loads, want 1", store.loads)
		}
		if corrupt && store.loads != 1+len(stmts) {
			t.Errorf("Prepare after a corrupt bundle made %d loads, want %d", store.loads, 1+len(stmts))
		}
		for i, stmt := range stmts {
			tables, err := second.Tables(stmt)
			if got := fmt.Sprint(tables, err); got != want[i] {
				t.Errorf("corrupt=%t: %q: %s, want %s", corrupt, stmt, got, want[i])
			}
		}
	}
}
