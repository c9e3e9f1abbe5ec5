package report

import (
	"bytes"
	"testing"
)

func TestWriteGitHub(t *testing.T) {
	f := Finding{Rule: "r", Severity: SeverityError, Message: "m", File: "a.go", Line: 3, Column: 4, EndLine: 3, EndColumn: 9}
	edit := func(change func(*Finding)) []Finding {
		g := f
		change(&g)
		return []Finding{g}
	}
	tests := []struct {
		name     string
		findings []Finding
		want     string
	}{
		{"none", nil, ""},
		{"sample", sample(), `::error file=internal/app/load.go,line=12,col=9,endLine=12,endColumn=20,title=archvet (storage-gate)::os.ReadFile used outside the storage gate (rule storage-gate): all file access goes through storage.Storage
::error file=internal/app/load.go,line=30,col=2,endLine=30,endColumn=14,title=archvet (storage-gate)::os.WriteFile used outside the storage gate (rule storage-gate): all file access goes through storage.Storage
::warning file=internal/ui/view.go,line=5,col=2,endLine=5,endColumn=32,title=archvet (layers)::"example.com/app/internal/db" imported by layer ui (rule layers): ui talks to services only
`},
		{"multi-line range drops columns", edit(func(g *Finding) { g.EndLine = 5 }),
			"::error file=a.go,line=3,endLine=5,title=archvet (r)::m\n"},
		{"no end", edit(func(g *Finding) { g.EndLine, g.EndColumn = 0, 0 }),
			"::error file=a.go,line=3,col=4,title=archvet (r)::m\n"},
		{"no position", edit(func(g *Finding) { g.Line, g.Column, g.EndLine, g.EndColumn = 0, 0, 0, 0 }),
			"::error file=a.go,title=archvet (r)::m\n"},
		{"no file", edit(func(g *Finding) { g.File = "" }),
			"::error line=3,col=4,endLine=3,endColumn=9,title=archvet (r)::m\n"},
		{"escaped property", edit(func(g *Finding) { g.File = "C:/a,b%c.go"; g.Rule = "x:y,z" }),
			"::error file=C%3A/a%2Cb%25c.go,line=3,col=4,endLine=3,endColumn=9,title=archvet (x%3Ay%2Cz)::m\n"},
		{"escaped message", edit(func(g *Finding) { g.Message = "100% sure: a, b\r\nnext::line %0A" }),
			"::error file=a.go,line=3,col=4,endLine=3,endColumn=9,title=archvet (r)::100%25 sure: a, b%0D%0Anext::line %250A\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteGitHub(&buf, tt.findings, Options{}); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestEscape pins the escaping to the rules of @actions/core's command.ts.
func TestEscape(t *testing.T) {
	tests := []struct {
		in, data, property string
	}{
		{"plain text", "plain text", "plain text"},
		{"%", "%25", "%25"},
		{"%25", "%2525", "%2525"}, // already-escaped text is escaped again
		{"\r", "%0D", "%0D"},
		{"\n", "%0A", "%0A"},
		{":", ":", "%3A"},
		{",", ",", "%2C"},
		{"a:b,c%d\r\ne", "a:b,c%25d%0D%0Ae", "a%3Ab%2Cc%25d%0D%0Ae"},
		{"ünïcode = ok", "ünïcode = ok", "ünïcode = ok"},
	}
	for _, tt := range tests {
		if got := escapeData(tt.in); got != tt.data {
			t.Errorf("escapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := escapeProperty(tt.in); got != tt.property {
			t.Errorf("escapeProperty(%q) = %q, want %q", tt.in, got, tt.property)
		}
	}
}
