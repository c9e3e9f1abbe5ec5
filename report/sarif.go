package report

// Design of the SARIF output, with GitHub code scanning as the consumer
// that matters most:
//
//   - One run. tool.driver.rules lists every configured rule, in the
//     driver's order, so a rule with no results is still known to viewers;
//     a rule id that appears only in findings (a scope id, say) is appended
//     after them in order of first appearance. results[].ruleIndex points
//     into that array.
//   - Relative paths become relative URIs with uriBaseId "%SRCROOT%", which
//     GitHub resolves against the repository root; absolute paths become
//     file:// URIs.
//   - SARIF has no column kind for bytes, and go/token columns count bytes.
//     The run says columnKind "utf16CodeUnits", and
//     columns are converted when Options.ReadFile can supply the line's
//     text; without it they are exact only for ASCII text before the column.
//   - partialFingerprints carries a hash of rule, file, declaration and
//     message (the rule's hint stripped from its end, so editing a hint
//     does not reopen every alert) plus an occurrence number, so GitHub
//     can follow an alert when lines move.
//   - Message text is written as given. SARIF gives "{n}" placeholders and
//     "[text](target)" links meaning inside messages; archvet messages do
//     not use either shape.

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	sarifSchemaURI  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion    = "2.1.0"
	toolName        = "archvet"
	toolURI         = "https://github.com/archvet/archvet"
	srcRootBase     = "%SRCROOT%"
	columnKind      = "utf16CodeUnits"
	fingerprintName = "archvetFindingHash/v2" // v2 hashes Finding.Identity: the bare message, so hint and use_instead edits keep it
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
}

// sarifInvocation carries the run's warnings about the rules and, for a
// run that failed before or while analysing, its errors: a CI step that
// uploads the log after a failed run uploads the reason.
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name,omitempty"`
	ShortDescription     sarifText     `json:"shortDescription"`
	FullDescription      sarifText     `json:"fullDescription"`
	Help                 sarifText     `json:"help"`
	HelpURI              string        `json:"helpUri,omitempty"`
	DefaultConfiguration *sarifDefault `json:"defaultConfiguration,omitempty"`
}

type sarifDefault struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          *sarifProperties  `json:"properties,omitempty"`
}

// sarifProperties is a result's property bag (SARIF 2.1.0 §3.8): the SQL
// table a finding of a table register is about.
type sarifProperties struct {
	Table string `json:"archvet/table"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// WriteSARIF writes findings as a SARIF 2.1.0 log with one run, suitable for
// GitHub code scanning. It uses opts.Version, opts.Rules and opts.ReadFile;
// see Options. The output is indented by two spaces and ends in a newline.
func WriteSARIF(w io.Writer, findings []Finding, opts Options) error {
	fs, err := prepare(findings)
	if err != nil {
		return err
	}
	rules, index, err := sarifRules(opts.Rules, fs)
	if err != nil {
		return err
	}
	cols := &columns{read: opts.ReadFile}
	seen := make(map[string]int) // fingerprint hash -> occurrences so far
	results := make([]sarifResult, 0, len(fs))
	for _, f := range fs {
		locs, err := sarifLocations(f, cols)
		if err != nil {
			return err
		}
		var props *sarifProperties
		if f.Table != "" {
			props = &sarifProperties{Table: f.Table}
		}
		results = append(results, sarifResult{
			RuleID:              f.Rule,
			RuleIndex:           index[f.Rule],
			Level:               string(f.Severity), // SARIF levels share the names "error" and "warning"
			Message:             sarifText{Text: f.Text()},
			Locations:           locs,
			PartialFingerprints: map[string]string{fingerprintName: fingerprint(f, seen)},
			Properties:          props,
		})
	}
	log := sarifLog{
		Schema:  sarifSchemaURI,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:           toolName,
				InformationURI: toolURI,
				Version:        opts.Version,
				Rules:          rules,
			}},
			Invocations: []sarifInvocation{invocation(opts)},
			Results:     results,
			ColumnKind:  columnKind,
		}},
	}
	var buf bytes.Buffer
	if err := encodeJSON(&buf, log); err != nil {
		return err
	}
	return writeAll(w, &buf)
}

func invocation(opts Options) sarifInvocation {
	inv := sarifInvocation{ExecutionSuccessful: len(opts.Errors) == 0}
	for _, e := range opts.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "error", Message: sarifText{Text: e}})
	}
	for _, w := range opts.Warnings {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "warning", Message: sarifText{Text: w}})
	}
	return inv
}

// sarifRules returns the rule descriptors for the configured rules followed
// by those of rule ids seen only in findings, and each id's index.
func sarifRules(infos []RuleInfo, fs []Finding) ([]sarifRule, map[string]int, error) {
	rules := make([]sarifRule, 0, len(infos))
	index := make(map[string]int, len(infos))
	for i, ri := range infos {
		if ri.ID == "" {
			return nil, nil, fmt.Errorf("rule %d has no id", i)
		}
		if _, dup := index[ri.ID]; dup {
			return nil, nil, fmt.Errorf("rule %q is listed twice", ri.ID)
		}
		if err := checkRule(ri); err != nil {
			return nil, nil, fmt.Errorf("rule %q: %w", ri.ID, err)
		}
		index[ri.ID] = len(rules)
		rules = append(rules, ruleDescriptor(ri))
	}
	for _, f := range fs {
		if _, ok := index[f.Rule]; ok {
			continue // configured, or added for an earlier finding
		}
		ri := RuleInfo{ID: f.Rule, Hint: f.Hint, URL: f.URL} // severity unknown: no default level
		if err := checkRule(ri); err != nil {
			return nil, nil, fmt.Errorf("finding at %s: rule %q: %w", position(f), f.Rule, err)
		}
		index[ri.ID] = len(rules)
		rules = append(rules, ruleDescriptor(ri))
	}
	return rules, index, nil
}

func checkRule(ri RuleInfo) error {
	if ri.Severity != "" && !validSeverity(ri.Severity) {
		return fmt.Errorf("severity %q is neither %q nor %q", ri.Severity, SeverityError, SeverityWarning)
	}
	if ri.URL != "" {
		if u, err := url.Parse(ri.URL); err != nil || !u.IsAbs() {
			return fmt.Errorf("url %q is not an absolute URL", ri.URL)
		}
	}
	return nil
}

func ruleDescriptor(ri RuleInfo) sarifRule {
	desc := strings.TrimSpace(ri.Description)
	short, _, _ := strings.Cut(desc, "\n")
	short = cmp.Or(strings.TrimSpace(short), ri.Hint, "archvet rule "+ri.ID)
	full := cmp.Or(desc, short)
	var help []string
	if ri.Hint != "" {
		help = append(help, ri.Hint)
	}
	if ri.UseInstead != "" {
		help = append(help, "Use instead: "+ri.UseInstead)
	}
	r := sarifRule{
		ID:               ri.ID,
		Name:             ruleName(ri.ID),
		ShortDescription: sarifText{Text: short},
		FullDescription:  sarifText{Text: full},
		Help:             sarifText{Text: cmp.Or(strings.Join(help, "\n\n"), full)},
		HelpURI:          ri.URL,
	}
	if ri.Severity != "" {
		r.DefaultConfiguration = &sarifDefault{Level: string(ri.Severity)}
	}
	return r
}

// ruleName turns a rule id into the UpperCamelCase name SARIF expects to be
// readable by people: "storage-gate" becomes "StorageGate". SARIF tooling
// (the SDK's rule SARIF1001) asks that name differ from id, so a name equal
// to its id is left out.
func ruleName(id string) string {
	var b strings.Builder
	upper := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue // separator
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	if b.String() == id {
		return ""
	}
	return b.String()
}

func sarifLocations(f Finding, cols *columns) ([]sarifLocation, error) {
	if f.File == "" {
		return nil, nil // nothing to point at
	}
	uri, relative := fileURI(f.File)
	loc := sarifArtifactLocation{URI: uri}
	if relative {
		loc.URIBaseID = srcRootBase
	}
	region, err := sarifRegionOf(f, cols)
	if err != nil {
		return nil, err
	}
	return []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: loc, Region: region}}}, nil
}

// sarifRegionOf returns f's range, leaving out what is unknown (zero) or
// inconsistent (an end before the start). Finding and SARIF both take the
// end column as exclusive.
func sarifRegionOf(f Finding, cols *columns) (*sarifRegion, error) {
	if f.Line == 0 {
		return nil, nil // the finding is about the whole file
	}
	r := &sarifRegion{StartLine: f.Line}
	var err error
	if f.Column > 0 {
		if r.StartColumn, err = cols.utf16(f.File, f.Line, f.Column); err != nil {
			return nil, err
		}
	}
	if f.EndLine < f.Line {
		return r, nil // no end, or an end before the start
	}
	r.EndLine = f.EndLine
	if f.EndColumn > 0 && (f.EndLine > f.Line || f.EndColumn >= f.Column) {
		if r.EndColumn, err = cols.utf16(f.File, f.EndLine, f.EndColumn); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// fileURI turns a Finding.File into a URI reference, and says whether it is
// relative (to the directory archvet ran in).
func fileURI(name string) (uri string, relative bool) {
	switch {
	case strings.HasPrefix(name, "/"):
		return "file://" + escapePath(name, true), false
	case len(name) >= 3 && name[1] == ':' && (name[2] == '\\' || name[2] == '/') && isASCIILetter(name[0]):
		// A Windows path such as C:\src\a.go.
		return "file:///" + escapePath(strings.ReplaceAll(name, `\`, "/"), true), false
	}
	return escapePath(name, false), true
}

func isASCIILetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// escapePath percent-encodes the bytes of a slash-separated path that may
// not appear unencoded in a URI path (RFC 3986 pchar plus "/"). A colon is
// kept only in absolute URIs: in a relative reference one in the first
// segment would read as a scheme.
func escapePath(p string, keepColon bool) string {
	const upperhex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case isASCIILetter(c), '0' <= c && c <= '9', strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0:
			b.WriteByte(c)
		case c == ':' && keepColon:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(upperhex[c>>4])
			b.WriteByte(upperhex[c&15])
		}
	}
	return b.String()
}

// fingerprint returns f's partial fingerprint: a hash of what identifies
// the finding regardless of line numbers, then ":" and the how-manieth
// finding with that hash this is, counting in sorted order.
func fingerprint(f Finding, seen map[string]int) string {
	h := sha256.New()
	id := f.Identity()
	for _, s := range []string{id.Rule, id.File, id.Decl, id.Message} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	sum := hex.EncodeToString(h.Sum(nil)[:16])
	seen[sum]++
	return sum + ":" + strconv.Itoa(seen[sum])
}

// columns converts go/token byte columns to UTF-16 columns, reading each
// file at most once.
type columns struct {
	read  func(name string) ([]byte, error) // nil: no conversion
	files map[string][][]byte               // file name -> its lines
}

// utf16 returns the 1-based UTF-16 column of the 1-based byte column col on
// line of file. A position past the end of the line or file keeps the
// excess bytes as columns.
func (c *columns) utf16(file string, line, col int) (int, error) {
	if c.read == nil {
		return col, nil // documented on Options.ReadFile: exact for ASCII
	}
	lines, ok := c.files[file]
	if !ok {
		data, err := c.read(file)
		if err != nil {
			return 0, fmt.Errorf("converting columns to UTF-16: %w", err)
		}
		lines = bytes.SplitAfter(data, []byte("\n"))
		if c.files == nil {
			c.files = make(map[string][][]byte)
		}
		c.files[file] = lines
	}
	var text []byte
	if line <= len(lines) {
		text = lines[line-1]
	}
	return utf16Column(text, col), nil
}

func utf16Column(line []byte, col int) int {
	n := col - 1 // bytes before the column
	prefix := line[:min(n, len(line))]
	units := 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRune(prefix)
		units += utf16.RuneLen(r) // an invalid byte decodes as U+FFFD: one unit
		prefix = prefix[size:]
	}
	return 1 + units + max(0, n-len(line))
}
