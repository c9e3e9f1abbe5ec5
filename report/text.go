package report

import (
	"bytes"
	"io"
)

// WriteText writes one line per finding in the form go vet uses,
// "file:line:col: message", and "file:line:col: warning: message" for a
// warning, as go vet and staticcheck mark them; the message names the
// rule. A finding without a column prints "file:line: message", one
// without a line "file: message".
func WriteText(w io.Writer, findings []Finding) error {
	return writeText(w, findings, false)
}

// ANSI escapes for Options.Color.
const (
	bold   = "\x1b[1m"
	yellow = "\x1b[33m"
	red    = "\x1b[31m"
	reset  = "\x1b[0m"
)

func writeText(w io.Writer, findings []Finding, color bool) error {
	fs, err := prepare(findings)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	for _, f := range fs {
		switch {
		case !color:
			buf.WriteString(position(f))
			buf.WriteString(": ")
			if f.Severity == SeverityWarning {
				buf.WriteString("warning: ") // as go vet and staticcheck mark them
			}
		case f.Severity == SeverityWarning:
			buf.WriteString(bold + position(f) + reset + ": " + yellow + "warning:" + reset + " ")
		default:
			buf.WriteString(bold + position(f) + reset + ": " + red + "error:" + reset + " ")
		}
		buf.WriteString(f.Text())
		buf.WriteByte('\n')
	}
	return writeAll(w, &buf)
}
