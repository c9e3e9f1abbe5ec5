package report_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/archvet/archvet/report"
)

func TestWriteTasks(t *testing.T) {
	const storage = "all file access goes through storage.Storage"
	f := func(rule, hint, file string, line, col int, msg string) report.Finding {
		bare := strings.TrimSuffix(msg, ": "+hint) // findings carry the bare message; tasks print it with the hint
		return report.Finding{Rule: rule, Hint: hint, File: file, Line: line, Column: col, Message: bare, Severity: "error"}
	}
	findings := []report.Finding{
		f("storage-gate", storage, "internal/core/save.go", 8, 2, "os.WriteFile is banned here (storage-gate): "+storage),
		f("storage-gate", storage, "internal/core/load.go", 14, 9, "os.ReadFile is banned here (storage-gate): "+storage),
		f("db-gate", "core talks to the <db> through repo", "internal/core/load.go", 3, 2, "(*example.com/app/internal/db.Conn).Exec is banned here (db-gate): core talks to the <db> through repo"),
		f("storage-gate", storage, "internal/core/load.go", 9, 14, "os.Open is banned here (storage-gate): "+storage),
		f("archvet-unused-directive", "", "internal/core/load_test.go", 1, 1, "//archvet:ignore storage-gate suppresses nothing"),
		f("storage-gate", storage, "internal/_gen/x.go", 2, 2, "os.Create is banned here (storage-gate): "+storage),
	}
	orig := slices.Clone(findings)
	tests := []struct {
		name     string
		findings []report.Finding
		stats    *report.TaskStats
		want     string
	}{
		{"no baseline", findings, nil, `# archvet tasks: 6 findings

## archvet-unused-directive (1)

### internal/core/load_test.go (1)

- [ ] internal/core/load_test.go:1:1 //archvet:ignore storage-gate suppresses nothing

## db-gate (1) — core talks to the \<db\> through repo

### internal/core/load.go (1)

- [ ] internal/core/load.go:3:2 (\*example.com/app/internal/db.Conn).Exec is banned here (db-gate): core talks to the \<db\> through repo

## storage-gate (4) — all file access goes through storage.Storage

### internal/\_gen/x.go (1)

- [ ] internal/\_gen/x.go:2:2 os.Create is banned here (storage-gate): all file access goes through storage.Storage

### internal/core/load.go (2)

- [ ] internal/core/load.go:9:14 os.Open is banned here (storage-gate): all file access goes through storage.Storage
- [ ] internal/core/load.go:14:9 os.ReadFile is banned here (storage-gate): all file access goes through storage.Storage

### internal/core/save.go (1)

- [ ] internal/core/save.go:8:2 os.WriteFile is banned here (storage-gate): all file access goes through storage.Storage
`},
		{"baseline", findings[:2], &report.TaskStats{Recorded: 52, Done: 40, New: 1}, `# archvet tasks: 2 findings

baseline: 40 of 52 done; 1 finding not in the baseline

## storage-gate (2) — all file access goes through storage.Storage

### internal/core/load.go (1)

- [ ] internal/core/load.go:14:9 os.ReadFile is banned here (storage-gate): all file access goes through storage.Storage

### internal/core/save.go (1)

- [ ] internal/core/save.go:8:2 os.WriteFile is banned here (storage-gate): all file access goes through storage.Storage
`},
		{"baseline done", nil, &report.TaskStats{Recorded: 52, Done: 52}, `# archvet tasks: no findings

baseline: 52 of 52 done
`},
		{"nothing", nil, nil, "# archvet tasks: no findings\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.WriteTasks(&buf, tt.findings, tt.stats); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("WriteTasks wrote:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
	if !slices.Equal(findings, orig) {
		t.Errorf("WriteTasks reordered its argument")
	}
}

func TestWriteTasksTables(t *testing.T) {
	const hint = "thread the caller's scope"
	f := func(file string, line int, table, msg string) report.Finding {
		return report.Finding{Rule: "tenant-scope", Hint: hint, File: file, Line: line, Column: 2, Table: table, Message: msg, Severity: "error"}
	}
	// The register's finding about a table in neither list has a hint of
	// its own, so its message is kept whole and the rule's hint is not set.
	own := func(file string, line int, table, msg string) report.Finding {
		return report.Finding{Rule: "tenant-scope", File: file, Line: line, Column: 2, Table: table, Message: msg, Severity: "error"}
	}
	findings := []report.Finding{
		f("internal/web/a.go", 9, "projects", `query on tenant table "projects" passes no app/scope.Scope (tenant-scope)`),
		f("internal/web/a.go", 3, "invoices", `query on tenant table "invoices" passes no app/scope.Scope (tenant-scope)`),
		f("internal/core/b.go", 5, "", `call to (*app/repo.Repo).Query passes no app/scope.Scope (tenant-scope)`),
		f("internal/core/b.go", 7, "invoices", `query on tenant table "invoices" passes no app/scope.Scope (tenant-scope)`),
		own("internal/core/c.go", 1, "drawing_pages", `table "drawing_pages" is in neither tables.tenant nor tables.global (tenant-scope): add it`),
	}
	var buf bytes.Buffer
	if err := report.WriteTasks(&buf, findings, nil); err != nil {
		t.Fatal(err)
	}
	want := `# archvet tasks: 5 findings

## tenant-scope (5) — thread the caller's scope

invoices: 2 call sites, drawing_pages: 1, projects: 1

### table invoices (2)

- [ ] internal/core/b.go:7:2 query on tenant table "invoices" passes no app/scope.Scope (tenant-scope): thread the caller's scope
- [ ] internal/web/a.go:3:2 query on tenant table "invoices" passes no app/scope.Scope (tenant-scope): thread the caller's scope

### table drawing_pages (1)

- [ ] internal/core/c.go:1:2 table "drawing_pages" is in neither tables.tenant nor tables.global (tenant-scope): add it

### table projects (1)

- [ ] internal/web/a.go:9:2 query on tenant table "projects" passes no app/scope.Scope (tenant-scope): thread the caller's scope

### internal/core/b.go (1)

- [ ] internal/core/b.go:5:2 call to (\*app/repo.Repo).Query passes no app/scope.Scope (tenant-scope): thread the caller's scope
`
	if got := buf.String(); got != want {
		t.Errorf("WriteTasks wrote:\n%s\nwant:\n%s", got, want)
	}
}
