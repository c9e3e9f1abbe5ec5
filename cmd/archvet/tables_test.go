package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTablesDoc checks that the worked example of docs/tables.md is the
// example module as it is, and that archvet prints what the page says.
func TestTablesDoc(t *testing.T) {
	t.Parallel()
	read := func(path ...string) string {
		data, err := os.ReadFile(filepath.Join(append([]string{"..", ".."}, path...)...))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	doc := read("docs", "tables.md")
	rules := read("testdata", "e2e", "app", "rules.yaml")
	i := strings.Index(rules, "scopes:\n")
	if i < 0 || !strings.Contains(doc, "```yaml\n"+rules[i:]+"```") {
		t.Error("docs/tables.md does not show the scopes of testdata/e2e/app/rules.yaml as they are")
	}
	if code := read("testdata", "e2e", "app", "internal", "billing", "billing.go"); !strings.Contains(doc, "```go\n"+code+"```") {
		t.Error("docs/tables.md does not show testdata/e2e/app/internal/billing/billing.go as it is")
	}
	bin, dir := archvetBin(t), fixture(t, "app")
	sessions := regexp.MustCompile("(?s)```console\n\\$ archvet ([^\n]*)\n(.*?)(?:\\$ echo \\$\\?\n(\\d+)\n)?```").FindAllStringSubmatch(doc, -1)
	if len(sessions) != 2 {
		t.Fatalf("docs/tables.md has %d archvet sessions, want 2 (text and tasks)", len(sessions))
	}
	for _, s := range sessions {
		r := runIn(t, dir, bin, strings.Fields(s[1])...)
		if r.stdout != s[2] {
			t.Errorf("archvet %s printed:\n%s\ndocs/tables.md says:\n%s", s[1], r.stdout, s[2])
		}
		if s[3] != "" && s[3] != string(rune('0'+r.code)) {
			t.Errorf("archvet %s: exit %d, docs/tables.md says %s", s[1], r.code, s[3])
		}
	}
}

// TestTablesConfigErrors checks that a bad register stops the run with
// exit 2 and the error's position: one the compiler finds (an unknown
// dialect) and one that needs the code (calls.sql out of range).
func TestTablesConfigErrors(t *testing.T) {
	t.Parallel()
	bin := archvetBin(t)
	for _, tt := range []struct {
		old, new, want string
	}{
		{"dialect: postgres", "dialect: postgresql", `rules.yaml:27:16: scope "tenant-scope": tables.dialect: unknown dialect "postgresql"; did you mean "postgres"?`},
		{"sql: 0", "sql: 2", `rules.yaml:23:12: scope "tenant-scope": calls.sql: argument 2 is out of range for func (*example.com/app/internal/repo.DB).Query(q string, args ...any) ([]string, error), which takes 2`},
		{"global: [plans, tenants]", "global: [plans, tenants, invoices]", `rules.yaml:26:32: scope "tenant-scope": tables.global: table "invoices" is also in tables.tenant; a table is tenant or global, not both`},
	} {
		dir := fixture(t, "app")
		edit(t, filepath.Join(dir, "rules.yaml"), tt.old, tt.new)
		for _, args := range [][]string{{"./..."}, {"check-config"}} {
			r := runIn(t, dir, bin, args...)
			if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("archvet %s with %s: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and %s", args[0], tt.new, r.code, r.stdout, r.stderr, tt.want)
			}
		}
	}
}
