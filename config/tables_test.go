package config_test

import (
	"strings"
	"testing"

	"github.com/archvet/archvet/config"
)

const withTables = `version: 1
scopes:
  - id: tenant-scope
    type: example.com/app/internal/scope.Scope
    calls:
      require: ["(*example.com/app/internal/repo.Repo).{Query,Exec}"]
      sql: 1
    tables:
      tenant: [invoices, projects, "drawing_*", "billing.*"]
      global: [tenants, Users, public.schema_migrations]
      dialect: postgres
    hint: thread the caller's scope
`

func TestTablesValid(t *testing.T) {
	cfg, err := config.Parse("rules.yaml", []byte(withTables))
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Scope("tenant-scope")
	if s.Calls.SQL.Index != 1 || s.Calls.SQL.Pos != (config.Pos{Line: 7, Col: 12}) {
		t.Errorf("calls.sql compiled to %+v", s.Calls.SQL)
	}
	tb := s.Tables
	if tb == nil || tb.Dialect != "postgres" || len(tb.Tenant) != 4 || len(tb.Global) != 3 {
		t.Fatalf("tables compiled wrong: %+v", tb)
	}
	for _, tc := range []struct {
		schema, name string
		class        config.TableClass
		entry        string
	}{
		{"", "invoices", config.TableTenant, "invoices"},
		{"", "INVOICES", config.TableTenant, "invoices"},
		{"public", "invoices", config.TableTenant, "invoices"}, // no qualified entry for public: the name decides
		{"", "drawing_pages", config.TableTenant, "drawing_*"},
		{"", "drawing", config.TableUnlisted, ""},
		{"billing", "tenants", config.TableTenant, "billing.*"}, // the qualified entry wins
		{"", "users", config.TableGlobal, "Users"},
		{"public", "schema_migrations", config.TableGlobal, "public.schema_migrations"},
		{"", "schema_migrations", config.TableUnlisted, ""}, // a qualified entry matches only qualified names
		{"", "audit_log", config.TableUnlisted, ""},
	} {
		c, p := tb.Lookup(tc.schema, tc.name)
		got := ""
		if p != nil {
			got = p.Text
		}
		if c != tc.class || got != tc.entry {
			t.Errorf("Lookup(%q, %q) = %v, %q; want %v, %q", tc.schema, tc.name, c, got, tc.class, tc.entry)
		}
	}
	def, err := config.Parse("rules.yaml", []byte(strings.Replace(withTables, "      sql: 1\n", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if i := def.Scope("tenant-scope").Calls.SQL.Index; i != config.SQLFirstString {
		t.Errorf("calls.sql defaults to %d, want SQLFirstString", i)
	}
}

func TestTablesErrors(t *testing.T) {
	scope := func(calls, tables string) string {
		return "version: 1\nscopes:\n  - id: s\n    hint: h\n    type: a/b.S\n" + calls + tables
	}
	const calls = "    calls: {require: [a/repo.Query]}\n"
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"unknown dialect", scope(calls, "    tables: {tenant: [a], dialect: postgresql}\n"), []string{
			`rules.yaml:7:36: scope "s": tables.dialect: unknown dialect "postgresql"; did you mean "postgres"?; use postgres, mysql, sqlite`,
		}},
		{"missing dialect", scope(calls, "    tables: {tenant: [a]}\n"), []string{
			`rules.yaml:7:13: scope "s": missing tables.dialect: postgres, mysql, sqlite`,
		}},
		{"listed twice", scope(calls, "    tables:\n      dialect: mysql\n      tenant: [invoices, projects, Invoices]\n"), []string{
			`rules.yaml:9:36: scope "s": tables.tenant: table "Invoices" is listed twice`,
		}},
		{"in both lists", scope(calls, "    tables:\n      dialect: mysql\n      tenant: [tenants]\n      global: [tenants]\n"), []string{
			`rules.yaml:10:16: scope "s": tables.global: table "tenants" is also in tables.tenant; a table is tenant or global, not both`,
		}},
		{"overlapping patterns", scope(calls, "    tables:\n      dialect: mysql\n      tenant: [\"drawing_*\"]\n      global: [\"draw*\", drawing_x]\n"), []string{
			`rules.yaml:10:16: scope "s": tables.global: "draw*" overlaps "drawing_*" at line 9: some table would match both; make them disjoint`,
			`rules.yaml:10:25: scope "s": tables.global: "drawing_x" overlaps "drawing_*" at line 9: some table would match both; make them disjoint`,
		}},
		{"bad entry", scope(calls, "    tables: {dialect: mysql, tenant: [\"a b\"]}\n"), []string{
			`rules.yaml:7:39: scope "s": tables.tenant: "a b" is not a table name or pattern: use name or schema.name, with * for any run of characters`,
		}},
		{"empty register", scope(calls, "    tables: {dialect: mysql}\n"), []string{
			`rules.yaml:7:13: scope "s": tables lists no table: give tables.tenant or tables.global`,
		}},
		{"tables without calls", scope("    params: {}\n", "    tables: {dialect: mysql, tenant: [a]}\n"), []string{
			`rules.yaml:7:5: scope "s": tables needs calls.require: the register decides which required calls need the scope`,
		}},
		{"sql without tables", scope("    calls: {require: [a/repo.Query], sql: 1}\n", ""), []string{
			`rules.yaml:6:38: scope "s": calls.sql is used only with tables: add the table register or remove it`,
		}},
		{"bad sql", scope("    calls: {require: [a/repo.Query], sql: -1}\n", "    tables: {dialect: mysql, tenant: [a]}\n"), []string{
			`rules.yaml:6:43: scope "s": calls.sql must be an argument index (0 for the first argument, receiver not counted) or first-string, not "-1"`,
		}},
		{"unknown tables key", scope(calls, "    tables: {dialect: mysql, tenants: [a]}\n"), []string{
			`rules.yaml:7:30: scope "s": tables: unknown key "tenants"; did you mean "tenant"?`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse("rules.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			if err.Error() != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", err, strings.Join(tc.want, "\n"))
			}
		})
	}
}
