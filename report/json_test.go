package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestWriteJSON(t *testing.T) {
	tests := []struct {
		name     string
		findings []Finding
		want     string
	}{
		{"none", nil, `{
  "version": 1,
  "findings": [],
  "summary": {
    "total": 0,
    "errors": 0,
    "warnings": 0,
    "by_rule": {}
  },
  "warnings": [],
  "errors": []
}
`},
		{"sample", sample(), `{
  "version": 1,
  "findings": [
    {
      "rule": "storage-gate",
      "severity": "error",
      "message": "os.ReadFile used outside the storage gate (rule storage-gate): all file access goes through storage.Storage",
      "bare_message": "os.ReadFile used outside the storage gate (rule storage-gate)",
      "hint": "all file access goes through storage.Storage",
      "use_instead": "",
      "url": "https://github.com/archvet/archvet#storage-gate",
      "file": "internal/app/load.go",
      "line": 12,
      "column": 9,
      "end_line": 12,
      "end_column": 20,
      "package": "example.com/app/internal/app",
      "decl": "Load"
    },
    {
      "rule": "storage-gate",
      "severity": "error",
      "message": "os.WriteFile used outside the storage gate (rule storage-gate): all file access goes through storage.Storage",
      "bare_message": "os.WriteFile used outside the storage gate (rule storage-gate)",
      "hint": "all file access goes through storage.Storage",
      "use_instead": "",
      "url": "https://github.com/archvet/archvet#storage-gate",
      "file": "internal/app/load.go",
      "line": 30,
      "column": 2,
      "end_line": 30,
      "end_column": 14,
      "package": "example.com/app/internal/app",
      "decl": "(*Store).Save"
    },
    {
      "rule": "layers",
      "severity": "warning",
      "message": "\"example.com/app/internal/db\" imported by layer ui (rule layers): ui talks to services only",
      "bare_message": "\"example.com/app/internal/db\" imported by layer ui (rule layers)",
      "hint": "ui talks to services only",
      "use_instead": "",
      "url": "",
      "file": "internal/ui/view.go",
      "line": 5,
      "column": 2,
      "end_line": 5,
      "end_column": 32,
      "package": "example.com/app/internal/ui",
      "decl": ""
    }
  ],
  "summary": {
    "total": 3,
    "errors": 2,
    "warnings": 1,
    "by_rule": {
      "layers": 1,
      "storage-gate": 2
    }
  },
  "warnings": [],
  "errors": []
}
`},
		{"not escaped for HTML", []Finding{{Rule: "r", Severity: SeverityError, Message: "a<b> && c\tü", File: "a.go", Line: 1}}, `{
  "version": 1,
  "findings": [
    {
      "rule": "r",
      "severity": "error",
      "message": "a<b> && c\tü",
      "bare_message": "a<b> && c\tü",
      "hint": "",
      "use_instead": "",
      "url": "",
      "file": "a.go",
      "line": 1,
      "column": 0,
      "end_line": 0,
      "end_column": 0,
      "package": "",
      "decl": ""
    }
  ],
  "summary": {
    "total": 1,
    "errors": 1,
    "warnings": 0,
    "by_rule": {
      "r": 1
    }
  },
  "warnings": [],
  "errors": []
}
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJSON(&buf, tt.findings, Options{}); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestJSONRoundTrip checks that a script decoding the output with the
// documented keys gets the findings back.
func TestJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sample(), Options{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version  int
		Findings []struct {
			Finding
			Text string `json:"message"`
		}
		Warnings, Errors []string
		Summary          struct {
			Total, Errors, Warnings int
			ByRule                  map[string]int `json:"by_rule"`
		}
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields() // every key is documented on Finding too
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	want := sample()
	Sort(want)
	if doc.Version != 1 || len(doc.Findings) != len(want) {
		t.Fatalf("decoded version %d with %d findings", doc.Version, len(doc.Findings))
	}
	for i := range want {
		if doc.Findings[i].Finding != want[i] || doc.Findings[i].Text != want[i].Text() {
			t.Errorf("finding %d: got %+v, want %+v", i, doc.Findings[i], want[i])
		}
	}
	if s := doc.Summary; s.Total != 3 || s.Errors != 2 || s.Warnings != 1 || s.ByRule["storage-gate"] != 2 || s.ByRule["layers"] != 1 {
		t.Errorf("summary = %+v", s)
	}
}
