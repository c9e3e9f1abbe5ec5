package report

// Design: every writer takes the findings as the driver collected them,
// copies and sorts them itself, and renders the whole output into memory
// before a single Write. So the output is a function of the set of findings
// (never of the order the driver's goroutines finished in), a failed check
// writes nothing, and the caller's slice is never reordered.

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"go/token"
	"io"
	"slices"
	"strings"

	"github.com/archvet/archvet/config"
)

// Output formats accepted by Write.
const (
	FormatText   = "text"   // file:line:col: message, as go vet prints
	FormatJSON   = "json"   // archvet's own stable JSON schema, see the package doc
	FormatSARIF  = "sarif"  // SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
	FormatGitHub = "github" // GitHub Actions workflow commands (::error / ::warning)
)

// Severities a Finding or RuleInfo may carry: config's, the one severity
// type of archvet.
const (
	SeverityError   = config.SeverityError
	SeverityWarning = config.SeverityWarning
)

// Formats returns the names of the output formats, in the order a usage
// message should list them.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatSARIF, FormatGitHub}
}

// RuleInfo is what the driver knows about one configured rule. SARIF output
// lists every rule given, including rules with no findings.
type RuleInfo struct {
	ID          string          // rule id, e.g. "storage-gate"; matches Finding.Rule
	Severity    config.Severity // error, warning, or "" when unknown
	Hint        string          // the rule's hint, e.g. "all file access goes through storage.Storage"
	UseInstead  string          // what to use instead, e.g. "storage.Storage"; may be ""
	URL         string          // absolute URL of the rule's documentation; may be ""
	Description string          // what the rule enforces; its first line is the short description
}

// Options carries what some formats need beyond the findings. The zero
// value is valid.
type Options struct {
	// Version is archvet's version, written as SARIF tool.driver.version.
	// "" leaves it out.
	Version string

	// Rules are the configured rules, in the order SARIF lists them.
	Rules []RuleInfo

	// ReadFile returns the contents of a Finding.File. SARIF uses it to
	// convert byte columns into the UTF-16 code units SARIF consumers
	// expect. When nil, byte columns are written unchanged, which is exact
	// only when the text before each column is ASCII.
	ReadFile func(name string) ([]byte, error)

	// Warnings are archvet's warnings about the rules (globs that match no
	// file, packages nothing provides), one line each. JSON, SARIF and the
	// GitHub format carry them; text leaves them to the caller's stderr.
	Warnings []string

	// Errors say why the run failed before or while analysing (a bad rules
	// file, packages that did not load). JSON, SARIF and GitHub carry them,
	// so that a failed run still writes a valid document with its reason.
	Errors []string

	// Color marks up the text format with ANSI colours, for a terminal:
	// the position bold, then "error:" in red or "warning:" in yellow.
	// The other formats ignore it.
	Color bool
}

// Write writes findings to w in the named format (one of Formats). The
// text format ignores opts; the others carry its warnings and errors.
func Write(w io.Writer, format string, findings []Finding, opts Options) error {
	switch format {
	case FormatText:
		return writeText(w, findings, opts.Color)
	case FormatJSON:
		return WriteJSON(w, findings, opts)
	case FormatSARIF:
		return WriteSARIF(w, findings, opts)
	case FormatGitHub:
		return WriteGitHub(w, findings, opts)
	}
	return fmt.Errorf("unknown output format %q (want one of %s)", format, strings.Join(Formats(), ", "))
}

// Sort sorts findings into archvet's canonical order: by file, line,
// column, end line, end column, rule and message, then by the remaining
// fields so that the order is total and the result never depends on the
// input order.
func Sort(fs []Finding) {
	slices.SortFunc(fs, compare)
}

func compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.EndLine, b.EndLine),
		cmp.Compare(a.EndColumn, b.EndColumn),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.UseInstead, b.UseInstead),
		cmp.Compare(a.Package, b.Package),
		cmp.Compare(a.Decl, b.Decl),
		cmp.Compare(a.Hint, b.Hint),
		cmp.Compare(a.URL, b.URL),
	)
}

// prepare returns a sorted copy of findings after checking that every
// writer can represent them.
func prepare(findings []Finding) ([]Finding, error) {
	fs := slices.Clone(findings)
	Sort(fs)
	for _, f := range fs {
		if err := checkFinding(f); err != nil {
			return nil, fmt.Errorf("finding at %s: %w", position(f), err)
		}
	}
	return fs, nil
}

func checkFinding(f Finding) error {
	if f.Rule == "" {
		return errors.New("no rule id")
	}
	if !validSeverity(f.Severity) {
		return fmt.Errorf("rule %q: severity %q is neither %q nor %q", f.Rule, f.Severity, SeverityError, SeverityWarning)
	}
	if f.Line < 0 || f.Column < 0 || f.EndLine < 0 || f.EndColumn < 0 {
		return fmt.Errorf("rule %q: negative position %d:%d-%d:%d", f.Rule, f.Line, f.Column, f.EndLine, f.EndColumn)
	}
	return nil
}

func validSeverity(s config.Severity) bool {
	return s == SeverityError || s == SeverityWarning
}

// position formats the start of f the way go/token does: "file:line:col",
// "file:line" without a column, "file" without a line, "-" with nothing.
func position(f Finding) string {
	return token.Position{Filename: f.File, Line: f.Line, Column: f.Column}.String()
}

// writeAll writes buf to w in one call.
func writeAll(w io.Writer, buf *bytes.Buffer) error {
	_, err := w.Write(buf.Bytes())
	return err
}

// Summary is one line about findings for people, such as
// "84 findings (48 ctx-first, 25 fs-in-storage, 11 no-ioutil) in 31 files; 8 fixable with -fix".
// Rules are listed by count, most first, then by id.
func Summary(findings []Finding, fixable int) string {
	byRule := map[string]int{}
	files := map[string]bool{}
	for _, f := range findings {
		byRule[f.Rule]++
		files[f.File] = true
	}
	ids := make([]string, 0, len(byRule))
	for id := range byRule {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(cmp.Compare(byRule[b], byRule[a]), strings.Compare(a, b)) })
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%d %s", byRule[id], id)
	}
	s := fmt.Sprintf("%s (%s) in %s", count(len(findings), "finding"), strings.Join(parts, ", "), count(len(files), "file"))
	if fixable > 0 {
		s += fmt.Sprintf("; %d fixable with -fix", fixable)
	}
	return s
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
