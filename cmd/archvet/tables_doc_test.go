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
