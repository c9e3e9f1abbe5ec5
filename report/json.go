package report

import (
	"bytes"
	"encoding/json"
	"io"
)

// JSONVersion is the version of the schema WriteJSON emits. It changes only
// when a key is removed, renamed or changes meaning; new keys may appear
// within a version.
const JSONVersion = 1

// The wire types below are the JSON schema. They are separate from Finding
// on purpose: a field added to Finding for drivers must not change what
// scripts read.

type jsonReport struct {
	Version  int           `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Summary  jsonSummary   `json:"summary"`
	Warnings []string      `json:"warnings"`
	Errors   []string      `json:"errors"`
}

type jsonFinding struct {
	Rule       string `json:"rule"`
	Severity   string `json:"severity"`
	Message    string `json:"message"`
	Bare       string `json:"bare_message"`
	Hint       string `json:"hint"`
	UseInstead string `json:"use_instead"`
	URL        string `json:"url"`
	File       string `json:"file"`
	Line       int    `json:"line"`
	Column     int    `json:"column"`
	EndLine    int    `json:"end_line"`
	EndColumn  int    `json:"end_column"`
	Package    string `json:"package"`
	Decl       string `json:"decl"`
}

type jsonSummary struct {
	Total    int            `json:"total"`
	Errors   int            `json:"errors"`
	Warnings int            `json:"warnings"`
	ByRule   map[string]int `json:"by_rule"`
}

// WriteJSON writes findings as one JSON document in the schema described in
// the package documentation, indented by two spaces and ending in a
// newline. The same findings, in any order, give the same bytes.
func WriteJSON(w io.Writer, findings []Finding, opts Options) error {
	fs, err := prepare(findings)
	if err != nil {
		return err
	}
	r := jsonReport{
		Version:  JSONVersion,
		Findings: make([]jsonFinding, 0, len(fs)), // [] rather than null when empty
		Summary:  jsonSummary{Total: len(fs), ByRule: map[string]int{}},
		Warnings: append([]string{}, opts.Warnings...), // [] rather than null
		Errors:   append([]string{}, opts.Errors...),
	}
	for _, f := range fs {
		r.Findings = append(r.Findings, toJSON(f))
		r.Summary.ByRule[f.Rule]++
		if f.Severity == SeverityError {
			r.Summary.Errors++
		} else {
			r.Summary.Warnings++ // prepare admits only the two severities
		}
	}
	var buf bytes.Buffer
	if err := encodeJSON(&buf, r); err != nil {
		return err
	}
	return writeAll(w, &buf)
}

// toJSON copies field by field on purpose, so that the schema never
// follows Finding by accident.
func toJSON(f Finding) jsonFinding {
	return jsonFinding{
		Rule:       f.Rule,
		Severity:   string(f.Severity),
		Message:    f.Text(),
		Bare:       f.Message,
		UseInstead: f.UseInstead,
		Hint:       f.Hint,
		URL:        f.URL,
		File:       f.File,
		Line:       f.Line,
		Column:     f.Column,
		EndLine:    f.EndLine,
		EndColumn:  f.EndColumn,
		Package:    f.Package,
		Decl:       f.Decl,
	}
}

// encodeJSON writes v indented by two spaces, with a trailing newline and
// without escaping <, > and & (messages are shown to people, not embedded
// in HTML). encoding/json sorts map keys, so the output is deterministic.
func encodeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
