package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite the golden SARIF file")

const sarifTestdata = "../testdata/sarif"

// sarifSchema compiles the OASIS schema kept in testdata, offline: the
// compiler serves the draft-04 metaschema from its embedded copy and the
// loader refuses everything else.
var sarifSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open(filepath.Join(sarifTestdata, "sarif-schema-2.1.0.json"))
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(offline{})
	c.AssertFormat() // check "uri" and "uri-reference" too
	if err := c.AddResource(sarifSchemaURI, doc); err != nil {
		return nil, err
	}
	return c.Compile(sarifSchemaURI)
})

type offline struct{}

func (offline) Load(url string) (any, error) {
	return nil, fmt.Errorf("tests run offline: not loading %s", url)
}

func validateSARIF(t *testing.T, data []byte) error {
	t.Helper()
	sch, err := sarifSchema()
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, data)
	}
	return sch.Validate(doc)
}

func writeSARIF(t *testing.T, findings []Finding, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, findings, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSARIFMatchesSchema(t *testing.T) {
	at := func(file string, line, col, endLine, endCol int) Finding {
		f := readFile
		f.File, f.Line, f.Column, f.EndLine, f.EndColumn = file, line, col, endLine, endCol
		return f
	}
	tests := []struct {
		name     string
		findings []Finding
		opts     Options
	}{
		{"empty", nil, Options{}},
		{"rules without results", nil, Options{Version: "v0.1.0", Rules: sampleRules()}},
		{"sample", sample(), Options{Version: "v0.1.0", Rules: sampleRules()}},
		{"rules only from findings", sample(), Options{}},
		{"odd positions", []Finding{
			at("a.go", 0, 0, 0, 0),                     // whole file
			at("a.go", 3, 0, 0, 0),                     // line only
			at("a.go", 3, 5, 7, 2),                     // several lines
			at("a.go", 9, 5, 8, 1),                     // end before start
			at("", 4, 4, 4, 8),                         // no file
			at("/abs/dir with space/ü.go", 1, 1, 1, 2), // absolute
			at(`C:\src\a.go`, 1, 1, 1, 2),              // Windows
			at("c:weird/[x]#?.go", 1, 1, 1, 2),         // needs escaping
		}, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := writeSARIF(t, tt.findings, tt.opts)
			if err := validateSARIF(t, out); err != nil {
				t.Fatalf("output does not match the SARIF schema: %v\n%s", err, out)
			}
		})
	}
}

// TestSARIFSchemaRejects proves the validation above can fail: documents
// broken in ways a writer bug could break them are refused.
func TestSARIFSchemaRejects(t *testing.T) {
	valid := writeSARIF(t, sample(), Options{Version: "v0.1.0", Rules: sampleRules()})
	if err := validateSARIF(t, valid); err != nil {
		t.Fatalf("starting point is invalid: %v", err)
	}
	tests := []struct {
		name   string
		mutate func(log map[string]any)
	}{
		{"no version", func(log map[string]any) { delete(log, "version") }},
		{"wrong version", func(log map[string]any) { log["version"] = "2.0.0" }},
		{"unknown top-level key", func(log map[string]any) { log["findings"] = []any{} }},
		{"no tool", func(log map[string]any) { delete(run(log), "tool") }},
		{"results null", func(log map[string]any) { run(log)["results"] = nil }},
		{"bad level", func(log map[string]any) { result(log)["level"] = "fatal" }},
		{"no message", func(log map[string]any) { delete(result(log), "message") }},
		{"line 0", func(log map[string]any) { region(log)["startLine"] = 0 }},
		{"column as string", func(log map[string]any) { region(log)["startColumn"] = "9" }},
		{"bad column kind", func(log map[string]any) { run(log)["columnKind"] = "bytes" }},
		{"relative helpUri", func(log map[string]any) { rule(log)["helpUri"] = "README.md#storage-gate" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log map[string]any
			if err := json.Unmarshal(valid, &log); err != nil {
				t.Fatal(err)
			}
			tt.mutate(log)
			broken, err := json.Marshal(log)
			if err != nil {
				t.Fatal(err)
			}
			if err := validateSARIF(t, broken); err == nil {
				t.Fatalf("schema accepted a broken document:\n%s", broken)
			} else if ve := (*jsonschema.ValidationError)(nil); !errors.As(err, &ve) {
				t.Fatalf("validation failed for another reason: %v", err)
			}
		})
	}
}

func run(log map[string]any) map[string]any {
	return log["runs"].([]any)[0].(map[string]any)
}

func result(log map[string]any) map[string]any {
	return run(log)["results"].([]any)[0].(map[string]any)
}

func rule(log map[string]any) map[string]any {
	return run(log)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)[0].(map[string]any)
}

func region(log map[string]any) map[string]any {
	loc := result(log)["locations"].([]any)[0].(map[string]any)
	return loc["physicalLocation"].(map[string]any)["region"].(map[string]any)
}

// TestSARIFGolden pins the whole document; run with -update after an
// intended change and review the diff.
func TestSARIFGolden(t *testing.T) {
	got := writeSARIF(t, sample(), Options{Version: "v0.1.0", Rules: sampleRules()})
	golden := filepath.Join(sarifTestdata, "sample.sarif")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -run TestSARIFGolden -update to accept):\n%s", golden, got)
	}
}

// sarifDoc decodes the parts of the output the tests look at.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name, Version string
				Rules         []struct {
					ID, Name                                string
					ShortDescription, FullDescription, Help struct{ Text string }
					HelpURI                                 string `json:"helpUri"`
					DefaultConfiguration                    *struct{ Level string }
				}
			}
		}
		ColumnKind string
		Results    []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string
						URIBaseID string `json:"uriBaseId"`
					}
					Region *struct{ StartLine, StartColumn, EndLine, EndColumn int }
				}
			}
			PartialFingerprints map[string]string
		}
	}
}

func decodeSARIF(t *testing.T, data []byte) sarifDoc {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	return doc
}

func TestSARIFRules(t *testing.T) {
	extra := Finding{Rule: "scope:internal", Severity: SeverityWarning, Message: "m", Hint: "keep it inside", File: "a.go", Line: 1}
	doc := decodeSARIF(t, writeSARIF(t, append(sample(), extra), Options{Version: "v0.1.0", Rules: sampleRules()}))
	run := doc.Runs[0]
	if d := run.Tool.Driver; d.Name != "archvet" || d.Version != "v0.1.0" {
		t.Errorf("driver %q version %q", d.Name, d.Version)
	}
	type ruleView struct{ id, name, short, full, help, uri, level string }
	var got []ruleView
	for _, r := range run.Tool.Driver.Rules {
		level := "-"
		if r.DefaultConfiguration != nil {
			level = r.DefaultConfiguration.Level
		}
		got = append(got, ruleView{r.ID, r.Name, r.ShortDescription.Text, r.FullDescription.Text, r.Help.Text, r.HelpURI, level})
	}
	want := []ruleView{
		{"storage-gate", "StorageGate",
			"Only package storage touches the file system.",
			"Only package storage touches the file system.\nEverything else goes through storage.Storage, so tests can replace it.",
			gateHint + "\n\nUse instead: storage.Storage", gateURL, "error"},
		{"layers", "Layers", "Each layer imports only the layers below it.", "Each layer imports only the layers below it.", layerHint, "", "warning"},
		{"no-fmt-in-core", "NoFmtInCore", "archvet rule no-fmt-in-core", "archvet rule no-fmt-in-core", "archvet rule no-fmt-in-core",
			"https://github.com/archvet/archvet#no-fmt-in-core", "error"},
		// Not configured: appended, described by what the finding knows.
		{"scope:internal", "ScopeInternal", "keep it inside", "keep it inside", "keep it inside", "", "-"},
	}
	if len(got) != len(want) {
		t.Fatalf("rules:\n%q\nwant:\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("rule %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
	for _, r := range run.Results {
		if id := run.Tool.Driver.Rules[r.RuleIndex].ID; id != r.RuleID {
			t.Errorf("result for %s has ruleIndex %d, which is %s", r.RuleID, r.RuleIndex, id)
		}
	}
}

func TestRuleName(t *testing.T) {
	for id, want := range map[string]string{
		"storage-gate":   "StorageGate",
		"no_fmt.in/core": "NoFmtInCore",
		"layers":         "Layers",
		"v2-api":         "V2Api",
		"Layers":         "", // same as the id: left out
		"émigré-rule":    "ÉmigréRule",
	} {
		if got := ruleName(id); got != want {
			t.Errorf("ruleName(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestSARIFResults(t *testing.T) {
	doc := decodeSARIF(t, writeSARIF(t, sample(), Options{Rules: sampleRules()}))
	res := doc.Runs[0].Results
	if len(res) != 3 {
		t.Fatalf("%d results, want 3", len(res))
	}
	r := res[2] // sorted: load.go twice, then view.go
	loc := r.Locations[0].PhysicalLocation
	if r.RuleID != "layers" || r.Level != "warning" || r.Message.Text != importDB.Text() ||
		loc.ArtifactLocation.URI != "internal/ui/view.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
		*loc.Region != (struct{ StartLine, StartColumn, EndLine, EndColumn int }{5, 2, 5, 32}) {
		t.Errorf("result = %+v, location %+v, region %+v", r, loc.ArtifactLocation, *loc.Region)
	}
	if doc.Runs[0].ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", doc.Runs[0].ColumnKind)
	}
}

func TestFileURI(t *testing.T) {
	tests := []struct {
		name, uri string
		relative  bool
	}{
		{"internal/app/load.go", "internal/app/load.go", true},
		{"a b/ü.go", "a%20b/%C3%BC.go", true},
		{"c:x.go", "c%3Ax.go", true}, // would read as scheme "c"
		{"x/[1]#?%.go", "x/%5B1%5D%23%3F%25.go", true},
		{"x/a+b@c,d=e;f.go", "x/a+b@c,d=e;f.go", true},
		{"/home/me/src/a.go", "file:///home/me/src/a.go", false},
		{"/home/me/my src/a:b.go", "file:///home/me/my%20src/a:b.go", false},
		{`C:\Users\me\a.go`, "file:///C:/Users/me/a.go", false},
		{"D:/src/a.go", "file:///D:/src/a.go", false},
	}
	for _, tt := range tests {
		uri, relative := fileURI(tt.name)
		if uri != tt.uri || relative != tt.relative {
			t.Errorf("fileURI(%q) = %q, %v; want %q, %v", tt.name, uri, relative, tt.uri, tt.relative)
		}
	}
}

func TestSARIFColumns(t *testing.T) {
	src := "package p\n" +
		"var s = \"héllo\"; var t = os.Args\n" + // é: 2 bytes, 1 UTF-16 unit
		"var u = \"🙂\"; var v = os.Args\r\n" + // 🙂: 4 bytes, 2 UTF-16 units
		"var w = os.Args\n"
	// Byte columns of os.Args on each line, and where it ends.
	line2 := strings.Index(strings.Split(src, "\n")[1], "os.Args") + 1
	line3 := strings.Index(strings.Split(src, "\n")[2], "os.Args") + 1
	read := func(name string) ([]byte, error) {
		if name != "p.go" {
			return nil, os.ErrNotExist
		}
		return []byte(src), nil
	}
	find := func(line, col, endLine, endCol int) Finding {
		return Finding{Rule: "r", Severity: SeverityError, Message: "m", File: "p.go", Line: line, Column: col, EndLine: endLine, EndColumn: endCol}
	}
	type region struct{ StartLine, StartColumn, EndLine, EndColumn int }
	tests := []struct {
		name    string
		finding Finding
		read    func(string) ([]byte, error)
		want    region
	}{
		{"ascii", find(4, 9, 4, 16), read, region{4, 9, 4, 16}},
		{"after é", find(2, line2, 2, line2+7), read, region{2, line2 - 1, 2, line2 + 6}},
		{"after emoji", find(3, line3, 3, line3+7), read, region{3, line3 - 2, 3, line3 + 5}},
		{"across lines", find(2, line2, 3, line3), read, region{2, line2 - 1, 3, line3 - 2}},
		{"end past the line", find(4, 9, 4, 40), read, region{4, 9, 4, 40}},
		{"line past the file", find(9, 3, 9, 5), read, region{9, 3, 9, 5}},
		{"no reader: bytes", find(2, line2, 2, line2+7), nil, region{2, line2, 2, line2 + 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := writeSARIF(t, []Finding{tt.finding}, Options{ReadFile: tt.read})
			doc := decodeSARIF(t, out)
			got := doc.Runs[0].Results[0].Locations[0].PhysicalLocation.Region
			if got == nil || region(*got) != tt.want {
				t.Errorf("region = %+v, want %+v", got, tt.want)
			}
		})
	}

	t.Run("read error", func(t *testing.T) {
		f := find(1, 1, 1, 2)
		f.File = "gone.go"
		var buf bytes.Buffer
		err := WriteSARIF(&buf, []Finding{f}, Options{ReadFile: read})
		if !errors.Is(err, os.ErrNotExist) || buf.Len() != 0 {
			t.Errorf("WriteSARIF = %v and wrote %d bytes; want os.ErrNotExist and nothing", err, buf.Len())
		}
	})
}

func TestFingerprint(t *testing.T) {
	fp := func(fs ...Finding) []string {
		doc := decodeSARIF(t, writeSARIF(t, fs, Options{}))
		var out []string
		for _, r := range doc.Runs[0].Results {
			out = append(out, r.PartialFingerprints["archvetFindingHash/v2"])
		}
		return out
	}
	moved := readFile
	moved.Line, moved.EndLine = 40, 40
	rehinted := readFile
	rehinted.Hint = "use storage.Storage"
	rehinted.UseInstead = "storage.Storage" // adding or editing use_instead keeps it too
	otherDecl := readFile
	otherDecl.Decl = "Init"

	base := fp(readFile)[0]
	if !strings.HasSuffix(base, ":1") || len(base) != 32+2 {
		t.Fatalf("fingerprint %q, want 32 hex digits and \":1\"", base)
	}
	hash := strings.TrimSuffix(base, ":1")
	if got := fp(moved)[0]; got != base {
		t.Errorf("moving a finding changed its fingerprint: %q, was %q", got, base)
	}
	if got := fp(rehinted)[0]; got != base {
		t.Errorf("editing the hint changed the fingerprint: %q, was %q", got, base)
	}
	if got := fp(otherDecl)[0]; got == base {
		t.Errorf("a finding in another declaration has the same fingerprint %q", got)
	}
	if got := fp(moved, readFile); got[0] != hash+":1" || got[1] != hash+":2" {
		t.Errorf("two equal findings got %q, want %q and %q", got, hash+":1", hash+":2")
	}
}

// TestSARIFTable checks that a finding about an SQL table carries it in
// the result's property bag, valid against the schema, and that other
// findings carry none.
func TestSARIFTable(t *testing.T) {
	f := readFile
	f.Table = "invoices"
	out := writeSARIF(t, []Finding{f, readFile}, Options{})
	if err := validateSARIF(t, out); err != nil {
		t.Fatalf("output does not match the SARIF schema: %v\n%s", err, out)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				Properties map[string]string `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var tables []string
	for _, r := range doc.Runs[0].Results {
		tables = append(tables, r.Properties["archvet/table"])
	}
	if len(tables) != 2 || !slices.Contains(tables, "invoices") || !slices.Contains(tables, "") {
		t.Errorf("tables of the results: %q; want invoices and none", tables)
	}
}
