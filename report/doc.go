// Package report defines archvet's findings as drivers see them and writes
// them in the supported output formats.
//
// A driver collects Findings, optionally calls Sort, and hands them to
// Write with one of the names Formats returns, or to WriteText, WriteJSON,
// WriteSARIF or WriteGitHub. Every writer sorts a copy of the findings, so
// the same findings in any order produce the same bytes, and rejects a
// finding with no rule id, a severity other than "error" or "warning", or a
// negative position, writing nothing.
//
// # Formats
//
//   - text: one line per finding, "file:line:col: message", as go vet
//     prints diagnostics.
//   - json: the schema below, for scripts.
//   - sarif: SARIF 2.1.0 with one run, for GitHub code scanning
//     (upload it with github/codeql-action/upload-sarif) and SARIF viewers.
//   - github: GitHub Actions workflow commands ("::error file=...::message"),
//     which the Actions runner shows as annotations on the pull request.
//
// # JSON schema, version 1
//
// The json format writes one object, indented by two spaces, ending in a
// newline:
//
//	{
//	  "version": 1,
//	  "findings": [
//	    {
//	      "rule": "storage-gate",
//	      "severity": "error",
//	      "message": "os.ReadFile used outside the storage gate (rule storage-gate): all file access goes through storage.Storage",
//	      "bare_message": "os.ReadFile used outside the storage gate (rule storage-gate)",
//	      "hint": "all file access goes through storage.Storage",
//	      "use_instead": "",
//	      "url": "https://github.com/archvet/archvet#storage-gate",
//	      "file": "internal/app/load.go",
//	      "line": 12,
//	      "column": 9,
//	      "end_line": 12,
//	      "end_column": 20,
//	      "package": "example.com/app/internal/app",
//	      "decl": "Load"
//	    }
//	  ],
//	  "summary": {
//	    "total": 1,
//	    "errors": 1,
//	    "warnings": 0,
//	    "by_rule": {
//	      "storage-gate": 1
//	    }
//	  },
//	  "warnings": [],
//	  "errors": []
//	}
//
// The top-level keys:
//
//   - version (integer): the schema version, 1. It changes only when a key
//     is removed or renamed or its meaning changes. Keys may be added within
//     a version, so scripts should ignore keys they do not know.
//   - findings (array): never null, [] when there are none; sorted by file,
//     line, column, end line, end column, rule and message.
//   - summary (object): total, errors and warnings (integers) count the
//     findings; by_rule maps each rule id that has findings to its count,
//     {} when there are none.
//   - warnings (array of strings): archvet's warnings about the rules, []
//     when there are none.
//   - errors (array of strings): why the run failed before or while
//     analysing (a bad rules file, a package that did not load); [] for a
//     run that completed.
//
// Each finding has all of these keys, whether empty or not:
//
//   - rule (string): the id of the rule (or scope) that produced it.
//   - severity (string): "error" or "warning".
//   - message (string): one line, the text the text format prints after
//     "file:line:col: "; it names the rule and ends with the hint.
//   - bare_message (string): message without the hint and the replacement:
//     what baselines and SARIF fingerprints are keyed on.
//   - hint (string): the rule's hint, "" if it has none.
//   - use_instead (string): the rule's replacement, "" if it has none.
//   - url (string): documentation of the rule, "" if none.
//   - file (string): the file, slash-separated and relative to the
//     directory archvet ran in when it lies inside it, else absolute.
//   - line, column (integers): where the finding starts, 1-based; column
//     counts bytes, as go/token does. 0 means unknown: a finding about a
//     whole file has line 0.
//   - end_line, end_column (integers): where it ends, 1-based, end_column
//     exclusive; 0 means unknown.
//   - package (string): import path of the package analysed.
//   - decl (string): the enclosing top-level declaration as the driver
//     names it, such as "Load", "(*Store).Get" or "import"; "" outside any
//     declaration (the package clause, say).
//
// For example, to list where each rule fired:
//
//	jq -r '.findings[] | "\(.file):\(.line): \(.rule)"' archvet.json
package report
