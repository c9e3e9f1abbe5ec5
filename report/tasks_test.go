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
