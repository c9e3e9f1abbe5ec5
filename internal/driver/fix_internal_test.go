package driver

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archvet/archvet/report"
)

func TestOverlap(t *testing.T) {
	t.Parallel()
	e := func(start, end int) edit { return edit{file: "f", start: start, end: end, text: "x"} }
	for _, tc := range []struct {
		a, b edit
		want bool
	}{
		{e(0, 5), e(3, 8), true},
		{e(0, 5), e(5, 8), false}, // adjacent
		{e(0, 5), e(5, 5), false}, // insertion at the end of a replaced range
		{e(0, 5), e(0, 0), false}, // insertion at its start
		{e(0, 5), e(2, 2), true},  // insertion inside
		{e(2, 2), e(2, 2), false}, // two insertions at one offset
		{e(0, 5), e(1, 4), true},
	} {
		if got := overlap(tc.a, tc.b); got != tc.want {
			t.Errorf("overlap(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := overlap(tc.b, tc.a); got != tc.want {
			t.Errorf("overlap(%v, %v) = %v, want %v", tc.b, tc.a, got, tc.want)
		}
	}
}

// TestFixConflicts checks that identical edits coalesce and that a fix
// overlapping an accepted one is skipped whole, leaving its finding.
func TestFixConflicts(t *testing.T) {
	t.Parallel()
	name := filepath.Join(t.TempDir(), "a.go")
	src := "package a\n\nvar x, y = 1, 2\n"
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	at := func(s string) int { return strings.Index(src, s) }
	one := report.Finding{File: "a.go", Line: 3, Column: 5, Rule: "r", Message: "x"}
	two := report.Finding{File: "a.go", Line: 3, Column: 8, Rule: "r", Message: "y"}
	three := report.Finding{File: "a.go", Line: 3, Column: 9, Rule: "r", Message: "z"}
	comment := edit{file: name, start: len(src), end: len(src), text: "\n// end\n"}
	r := &Result{Findings: []report.Finding{one, two, three}, fixes: fixSet{
		byKey: map[report.Finding]*fix{
			one:   {key: one, message: "Rename x", edits: []edit{{name, at("x, y"), at(", y"), "a"}, comment}},
			two:   {key: two, message: "Rename y", edits: []edit{{name, at("y = 1"), at(" = 1"), "b"}, comment}},
			three: {key: three, message: "Rename y too", edits: []edit{{name, at("y = 1"), at(" = 1"), "c"}}},
		},
		files: map[string]*fixFile{name: {name: name, display: "a.go", size: len(src)}},
	}}
	fx, err := r.Fix()
	if err != nil {
		t.Fatal(err)
	}
	if len(fx.Files) != 1 || string(fx.Files[0].New) != "package a\n\nvar a, b = 1, 2\n\n// end\n" {
		t.Fatalf("files: %+v; skipped %q", fx.Files, fx.Skipped)
	}
	wantSkipped := []string{`a.go:3:9: fix "Rename y too" skipped: it conflicts with another fix; run archvet -fix again`}
	if fx.Applied != 2 || !slices.Equal(fx.Skipped, wantSkipped) || !slices.Equal(fx.Remaining, []report.Finding{three}) {
		t.Errorf("applied %d, skipped %q, remaining %v", fx.Applied, fx.Skipped, fx.Remaining)
	}
	if got := fx.Summary(true); got != "2 fixes; changed 1 file; 1 fix skipped" {
		t.Errorf("summary %q", got)
	}
}
