package report

import (
	"bytes"
	"testing"
)

func TestWriteText(t *testing.T) {
	f := Finding{Rule: "r", Severity: SeverityError, Message: "m (rule r)", File: "a.go", Line: 3, Column: 4}
	at := func(file string, line, col int) Finding {
		g := f
		g.File, g.Line, g.Column = file, line, col
		return g
	}
	tests := []struct {
		name     string
		findings []Finding
		want     string
	}{
		{"none", nil, ""},
		{"sample", sample(), `internal/app/load.go:12:9: os.ReadFile used outside the storage gate (rule storage-gate): all file access goes through storage.Storage
internal/app/load.go:30:2: os.WriteFile used outside the storage gate (rule storage-gate): all file access goes through storage.Storage
internal/ui/view.go:5:2: warning: "example.com/app/internal/db" imported by layer ui (rule layers): ui talks to services only
`},
		{"error", []Finding{f}, "a.go:3:4: m (rule r)\n"},
		{"warning says so", []Finding{{Rule: "r", Severity: SeverityWarning, Message: "m (rule r)", Hint: "h", File: "a.go", Line: 3, Column: 4}}, "a.go:3:4: warning: m (rule r): h\n"},
		{"no column", []Finding{at("a.go", 3, 0)}, "a.go:3: m (rule r)\n"},
		{"no line", []Finding{at("a.go", 0, 0)}, "a.go: m (rule r)\n"},
		{"no file", []Finding{at("", 3, 4)}, "3:4: m (rule r)\n"},
		{"nothing", []Finding{at("", 0, 0)}, "-: m (rule r)\n"},
		{"absolute", []Finding{at("/src/x y/a.go", 1, 1)}, "/src/x y/a.go:1:1: m (rule r)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteText(&buf, tt.findings); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestWriteTextColor(t *testing.T) {
	var buf bytes.Buffer
	fs := []Finding{
		{Rule: "r", Severity: SeverityError, Message: "m (r)", File: "a.go", Line: 1, Column: 2},
		{Rule: "w", Severity: SeverityWarning, Message: "n (w)", File: "a.go", Line: 3, Column: 4},
	}
	if err := Write(&buf, FormatText, fs, Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	want := "\x1b[1ma.go:1:2\x1b[0m: \x1b[31merror:\x1b[0m m (r)\n\x1b[1ma.go:3:4\x1b[0m: \x1b[33mwarning:\x1b[0m n (w)\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
