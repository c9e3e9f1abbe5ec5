package report

import "github.com/archvet/archvet/config"

// A Finding is one diagnostic of one archvet rule, resolved to file
// positions. It is archvet's one finding contract: every output format,
// the baseline and the fix bookkeeping read it, and Identity is the one
// notion of which findings are "the same".
//
// Positions are 1-based; columns count bytes, as go/token does.
type Finding struct {
	Rule       string          `json:"rule"`                  // rule, scope or contract id, e.g. "storage-gate"
	Severity   config.Severity `json:"severity"`              // error or warning
	Message    string          `json:"bare_message"`          // the bare message: what is used where, and which rule forbids it; no hint, no replacement
	Hint       string          `json:"hint,omitempty"`        // the rule's hint
	UseInstead string          `json:"use_instead,omitempty"` // the rule's replacement
	URL        string          `json:"url,omitempty"`         // documentation of the rule
	File       string          `json:"file"`                  // path relative to the working directory (slash-separated) when inside it, else absolute
	Line       int             `json:"line"`                  // start line
	Column     int             `json:"column"`                // start column
	EndLine    int             `json:"end_line"`              // end line
	EndColumn  int             `json:"end_column"`            // end column (exclusive)
	Package    string          `json:"package"`               // import path of the package analysed
	Decl       string          `json:"decl,omitempty"`        // enclosing top-level declaration, e.g. "Load", "(*Store).Get", "import"; "" if none
	Table      string          `json:"table,omitempty"`       // the SQL table a scope finding is about (docs/tables.md); "" if none
}

// Text is the finding's full message as archvet prints it after
// "file:line:col: ": the bare message, then the hint and the replacement.
func (f Finding) Text() string { return config.WithHint(f.Message, f.Hint, f.UseInstead) }

// An Identity names a finding regardless of where in its declaration it
// stands and of how its rule's hint and replacement are worded: rule,
// file, enclosing declaration and bare message. Baselines count findings
// by identity and SARIF fingerprints hash it, so editing a hint, adding
// a use_instead or inserting lines above a finding changes neither.
type Identity struct {
	Rule    string
	File    string
	Decl    string
	Message string
}

// Identity returns f's identity.
func (f Finding) Identity() Identity {
	return Identity{Rule: f.Rule, File: f.File, Decl: f.Decl, Message: f.Message}
}
