package scopes

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/archvet/archvet/analyzers/directives"
	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/fixturetest"
)

// tablesRules are the rules of the example.com/app module in
// testdata/src/tables.
const tablesRules = `
version: 1
scopes:
  - id: tenant-scope
    type: example.com/app/internal/scope.Scope
    calls:
      require: ["(*example.com/app/internal/repo.Repo).{Query,Exec}"]
      sql: 1
    tables:
      tenant: [invoices, projects, "drawing_*", billing.ledger]
      global: [tenants, users, schema_migrations]
      dialect: postgres
    hint: thread the caller's scope
`

func TestTables(t *testing.T) {
	t.Parallel()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "src", "tables"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(filepath.Join(dir, "rules.yaml"), []byte(tablesRules))
	if err != nil {
		t.Fatal(err)
	}
	results := fixturetest.Run(t, fixturetest.Load(t, dir, "example.com/app/internal/app"), New(cfg, directives.New(cfg)))
	tables := map[string]int{}
	warnings := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if tb := Table(d); tb != "" {
				tables[tb]++
			}
			wantURL := analysisutil.DocURL + "#scopes" // a call that passes no scope
			if strings.HasPrefix(d.Message, "table ") || Warning(d) {
				wantURL = tablesURL // a finding about the statement
			}
			if d.URL != wantURL {
				t.Errorf("%s: url %q, want %q", d.Message, d.URL, wantURL)
			}
			if Warning(d) {
				warnings++
			}
			if d.Category != "tenant-scope" || d.End <= d.Pos {
				t.Errorf("%q: category %q, range %d-%d", d.Message, d.Category, d.Pos, d.End)
			}
		}
	}
	want := map[string]int{"invoices": 8, "projects": 4, "drawing_pages": 1, "public.invoices": 1, "billing.ledger": 1, "audit_log": 2, "ledger": 1}
	for tb, n := range want {
		if tables[tb] != n {
			t.Errorf("Table: %d findings on %q, want %d (all: %v)", tables[tb], tb, n, tables)
		}
	}
	if warnings != 2 {
		t.Errorf("Warning: %d warnings, want 2", warnings)
	}
}
