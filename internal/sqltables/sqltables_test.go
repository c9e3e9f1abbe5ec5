package sqltables

import (
	"errors"
	"fmt"
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
	for _, stmt := range []string{"SELEC * FROM invoices", "SELECT a # b FROM tenants -- c\nWHERE x IN (SELECT id FROM invoices)", "UPDATE invoices SET x = 1 FROM tenants WHERE tenants.id = invoices.tenant_id"} {
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
	if _, err := New("oracle"); err == nil {
		t.Error("New(oracle) succeeded")
	}
}
