package report

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Messages as the driver builds them: what, where, which rule, then the hint.
const (
	gateHint  = "all file access goes through storage.Storage"
	gateURL   = "https://github.com/archvet/archvet#storage-gate"
	layerHint = "ui talks to services only"
)

var (
	readFile = Finding{
		Rule: "storage-gate", Severity: SeverityError,
		Message: "os.ReadFile used outside the storage gate (rule storage-gate)",
		Hint:    gateHint, URL: gateURL,
		File: "internal/app/load.go", Line: 12, Column: 9, EndLine: 12, EndColumn: 20,
		Package: "example.com/app/internal/app", Decl: "Load",
	}
	writeFile = Finding{
		Rule: "storage-gate", Severity: SeverityError,
		Message: "os.WriteFile used outside the storage gate (rule storage-gate)",
		Hint:    gateHint, URL: gateURL,
		File: "internal/app/load.go", Line: 30, Column: 2, EndLine: 30, EndColumn: 14,
		Package: "example.com/app/internal/app", Decl: "(*Store).Save",
	}
	importDB = Finding{
		Rule: "layers", Severity: SeverityWarning,
		Message: `"example.com/app/internal/db" imported by layer ui (rule layers)`,
		Hint:    layerHint,
		File:    "internal/ui/view.go", Line: 5, Column: 2, EndLine: 5, EndColumn: 32,
		Package: "example.com/app/internal/ui",
	}
)

func sampleRules() []RuleInfo {
	return []RuleInfo{
		{
			ID: "storage-gate", Severity: SeverityError, Hint: gateHint, UseInstead: "storage.Storage", URL: gateURL,
			Description: "Only package storage touches the file system.\nEverything else goes through storage.Storage, so tests can replace it.",
		},
		{ID: "layers", Severity: SeverityWarning, Hint: layerHint, Description: "Each layer imports only the layers below it."},
		{ID: "no-fmt-in-core", Severity: SeverityError, URL: "https://github.com/archvet/archvet#no-fmt-in-core"}, // configured, no findings
	}
}

// sample returns findings in an order that is not the sorted one.
func sample() []Finding {
	return []Finding{importDB, writeFile, readFile}
}

func TestSort(t *testing.T) {
	base := Finding{
		Rule: "r", Severity: SeverityWarning, Message: "m", Hint: "h", URL: "https://u",
		File: "b.go", Line: 2, Column: 2, EndLine: 2, EndColumn: 5, Package: "p", Decl: "d",
	}
	lower := func(edit func(*Finding)) Finding {
		f := base
		edit(&f)
		return f
	}
	// Each finding but the last lowers one key of base, in the order the keys
	// apply, so each must sort before all that follow it.
	want := []Finding{
		lower(func(f *Finding) { f.File = "a.go" }),
		lower(func(f *Finding) { f.Line = 1 }),
		lower(func(f *Finding) { f.Column = 1 }),
		lower(func(f *Finding) { f.EndLine = 1 }), // an end before the start still sorts
		lower(func(f *Finding) { f.EndColumn = 4 }),
		lower(func(f *Finding) { f.Rule = "a" }),
		lower(func(f *Finding) { f.Message = "a" }),
		lower(func(f *Finding) { f.Severity = SeverityError }),
		lower(func(f *Finding) { f.Package = "" }),
		lower(func(f *Finding) { f.Decl = "" }),
		lower(func(f *Finding) { f.Hint = "" }),
		lower(func(f *Finding) { f.URL = "" }),
		base,
	}
	for seed := range uint64(20) {
		got := slices.Clone(want)
		rand.New(rand.NewPCG(seed, 1)).Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d: Sort gave\n%v\nwant\n%v", seed, got, want)
		}
	}
}

// TestDeterministic checks that every format gives the same bytes for the
// same findings in any order, and leaves the caller's slice alone.
func TestDeterministic(t *testing.T) {
	opts := Options{Version: "1.2.3", Rules: sampleRules()}
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var want bytes.Buffer
			if err := Write(&want, format, sample(), opts); err != nil {
				t.Fatal(err)
			}
			for seed := range uint64(10) {
				in := sample()
				rand.New(rand.NewPCG(seed, 2)).Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
				before := slices.Clone(in)
				var got bytes.Buffer
				if err := Write(&got, format, in, opts); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Fatalf("seed %d: output differs:\n%s\nwant:\n%s", seed, got.Bytes(), want.Bytes())
				}
				if !slices.Equal(in, before) {
					t.Fatalf("seed %d: Write reordered the caller's findings", seed)
				}
			}
		})
	}
}

func TestWriteRejects(t *testing.T) {
	bad := func(edit func(*Finding)) []Finding {
		f := readFile
		edit(&f)
		return []Finding{importDB, f}
	}
	tests := []struct {
		name     string
		format   string
		findings []Finding
		opts     Options
		want     string
	}{
		{"unknown format", "xml", sample(), Options{}, `unknown output format "xml" (want one of text, json, sarif, github)`},
		{"no rule", FormatText, bad(func(f *Finding) { f.Rule = "" }), Options{}, "finding at internal/app/load.go:12:9: no rule id"},
		{"bad severity", FormatJSON, bad(func(f *Finding) { f.Severity = "fatal" }), Options{}, `finding at internal/app/load.go:12:9: rule "storage-gate": severity "fatal" is neither "error" nor "warning"`},
		{"empty severity", FormatGitHub, bad(func(f *Finding) { f.Severity = "" }), Options{}, `severity "" is neither`},
		{"negative position", FormatSARIF, bad(func(f *Finding) { f.EndColumn = -1 }), Options{}, `rule "storage-gate": negative position 12:9-12:-1`},
		{"rule without id", FormatSARIF, sample(), Options{Rules: []RuleInfo{{}}}, "rule 0 has no id"},
		{"rule twice", FormatSARIF, sample(), Options{Rules: []RuleInfo{{ID: "a"}, {ID: "a"}}}, `rule "a" is listed twice`},
		{"rule severity", FormatSARIF, sample(), Options{Rules: []RuleInfo{{ID: "a", Severity: "note"}}}, `rule "a": severity "note" is neither "error" nor "warning"`},
		{"rule url", FormatSARIF, sample(), Options{Rules: []RuleInfo{{ID: "a", URL: "README.md#a"}}}, `rule "a": url "README.md#a" is not an absolute URL`},
		{"finding url", FormatSARIF, bad(func(f *Finding) { f.URL = "#storage-gate" }), Options{}, `finding at internal/app/load.go:12:9: rule "storage-gate": url "#storage-gate" is not an absolute URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, tt.format, tt.findings, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Write error = %v, want one containing %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %q before failing", buf.String())
			}
		})
	}
}

func TestFormats(t *testing.T) {
	// Every listed format is accepted, and the list is what usage prints.
	want := []string{"text", "json", "sarif", "github"}
	if got := Formats(); !slices.Equal(got, want) {
		t.Fatalf("Formats() = %q, want %q", got, want)
	}
	for _, f := range want {
		if err := Write(new(bytes.Buffer), f, nil, Options{}); err != nil {
			t.Errorf("Write(%q, no findings): %v", f, err)
		}
	}
}
