package report

// A Finding is one diagnostic of one archvet rule, resolved to file positions.
// Positions are 1-based; columns count bytes, as go/token does.
type Finding struct {
	Rule      string `json:"rule"`            // rule or scope id, e.g. "storage-gate"
	Severity  string `json:"severity"`        // "error" or "warning"
	Message   string `json:"message"`         // one line, as printed after "file:line:col: "
	Hint      string `json:"hint,omitempty"`  // the rule's hint
	URL       string `json:"url,omitempty"`   // documentation of the rule
	File      string `json:"file"`            // path relative to the working directory (slash-separated) when inside it, else absolute
	Line      int    `json:"line"`            // start line
	Column    int    `json:"column"`          // start column
	EndLine   int    `json:"end_line"`        // end line
	EndColumn int    `json:"end_column"`      // end column (exclusive)
	Package   string `json:"package"`         // import path of the package analysed
	Decl      string `json:"decl,omitempty"`  // enclosing top-level declaration, e.g. "Load", "(*Store).Get", "import"; "" if none
	Table     string `json:"table,omitempty"` // the SQL table a scope finding is about (docs/tables.md); "" if none
}
