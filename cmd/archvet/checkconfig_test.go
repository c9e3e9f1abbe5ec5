package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// appDir is the fixture module of internal/resolve, example.com/app.
var appDir, _ = filepath.Abs(filepath.Join("..", "..", "internal", "resolve", "testdata", "app"))

// rulesFile writes rules, rooted at the fixture, to a temporary file.
func rulesFile(t *testing.T, rules string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(path, []byte("version: 1\nroot: "+appDir+"\n"+rules), 0o666); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRulesThatCannotMatch(t *testing.T) {
	const (
		typo = `rules:
  - id: no-os
    ban: [os.ReadFiel, os]
    in: [internal]
    hint: go through storage
`
		stale = `rules:
  - id: no-os
    ban: [os]
    allow: [storag]
    hint: go through storage
`
	)
	const tables = `scopes:
  - id: tenant-scope
    type: example.com/app/scope.Scope
    calls:
      require: [example.com/app/internal/db.Query]
      sql: 1
    tables:
      tenant: [invoices, projects]
      global: [tenants]
      dialect: postgres
    hint: thread the scope
`
	staleTable := `rules.yaml:10:26: scope "tenant-scope": tables.tenant: "projects" matches no table of the constant statements in the checked packages`
	sqlRange := `rules.yaml:8:12: scope "tenant-scope": calls.sql: argument 4 is out of range for func example.com/app/internal/db.Query(s example.com/app/scope.Scope, q string, args ...any) error, which takes 3`
	typoErr := `rules.yaml:5:11: rule "no-os": ban: no function, variable, constant or type ReadFiel in package "os"; did you mean "ReadFile"?`
	staleMsg := `rules.yaml:6:13: rule "no-os": allow: "storag" matches no file of the checked packages; did you mean "storage"?`
	tests := []struct {
		name   string
		args   []string
		rules  string
		code   int
		stdout bool     // whether findings are printed
		stderr []string // lines that must appear, with the rules file's directory removed
	}{
		{"run with a typo", nil, typo, exitError, false, []string{"archvet: " + typoErr}},
		{"check-config with a typo", []string{"check-config"}, typo, exitError, false, []string{"archvet: " + typoErr}},
		{"run with a stale glob", nil, stale, exitFindings, true, []string{"archvet: warning: " + staleMsg}},
		{"run with a stale glob, strict", []string{"-strict"}, stale, exitError, false, []string{"archvet: " + staleMsg}},
		{"check-config with a stale glob", []string{"check-config"}, stale, exitClean, false, []string{"archvet: warning: " + staleMsg}},
		{"check-config with a stale glob, strict", []string{"check-config", "-strict"}, stale, exitError, false, []string{"archvet: " + staleMsg}},
		{"check-config of some packages", []string{"check-config", "-strict"}, stale, exitClean, false, nil},
		{"check-config with a stale table", []string{"check-config"}, tables, exitClean, false, []string{"archvet: warning: " + staleTable}},
		{"check-config with a stale table, strict", []string{"check-config", "-strict"}, tables, exitError, false, []string{"archvet: " + staleTable}},
		{"check-config with calls.sql out of range", []string{"check-config"}, strings.Replace(tables, "sql: 1", "sql: 4", 1), exitError, false, []string{"archvet: " + sqlRange}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := rulesFile(t, tt.rules)
			args := append(tt.args, "-C", appDir, "-config", path)
			if strings.HasSuffix(tt.name, "some packages") {
				args = append(args, "./scope")
			}
			var stdout, stderr bytes.Buffer
			if code := run(args, &stdout, &stderr); code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, &stderr)
			}
			if got := stdout.Len() > 0; got != tt.stdout {
				t.Errorf("findings printed: %t, want %t; stdout:\n%s", got, tt.stdout, &stdout)
			}
			lines := strings.Split(strings.ReplaceAll(stderr.String(), filepath.Dir(path)+string(filepath.Separator), ""), "\n")
			for _, want := range tt.stderr {
				if !contains(lines, want) {
					t.Errorf("stderr lacks %s; it is:\n%s", want, strings.Join(lines, "\n"))
				}
			}
			if len(tt.stderr) == 0 && stderr.Len() > 0 {
				t.Errorf("stderr not empty:\n%s", &stderr)
			}
		})
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}
