package report

import (
	"bytes"
	"io"
	"strconv"
	"strings"
)

// WriteGitHub writes one GitHub Actions workflow command per finding, which
// the Actions runner turns into an annotation on the file:
//
//	::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=archvet (rule-id)::message
//
// Warnings use ::warning. Positions that are unknown (zero) are left out,
// and so are col and endColumn when the range spans lines, because GitHub
// annotations support columns only within one line. Property values and the
// message are escaped as the Actions toolkit does.
func WriteGitHub(w io.Writer, findings []Finding, opts Options) error {
	fs, err := prepare(findings)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	for _, e := range opts.Errors {
		buf.WriteString("::error title=archvet::" + escapeData(e) + "\n")
	}
	for _, w := range opts.Warnings {
		buf.WriteString("::warning title=archvet::" + escapeData(w) + "\n")
	}
	for _, f := range fs {
		writeCommand(&buf, f)
	}
	return writeAll(w, &buf)
}

func writeCommand(buf *bytes.Buffer, f Finding) {
	buf.WriteString("::")
	buf.WriteString(string(f.Severity)) // "error" or "warning", checked by prepare
	sep := " "
	prop := func(key, value string) {
		buf.WriteString(sep)
		buf.WriteString(key)
		buf.WriteByte('=')
		buf.WriteString(escapeProperty(value))
		sep = ","
	}
	num := func(key string, n int) {
		if n > 0 {
			prop(key, strconv.Itoa(n))
		}
	}
	if f.File != "" {
		prop("file", f.File)
	}
	oneLine := f.EndLine == 0 || f.EndLine == f.Line
	num("line", f.Line)
	if oneLine {
		num("col", f.Column)
	}
	num("endLine", f.EndLine)
	if oneLine {
		num("endColumn", f.EndColumn)
	}
	prop("title", "archvet ("+f.Rule+")")
	buf.WriteString("::")
	buf.WriteString(escapeData(f.Text()))
	buf.WriteByte('\n')
}

// escapeData escapes a workflow command's message, as toCommandValue and
// escapeData in @actions/core do.
var escapeData = strings.NewReplacer(
	"%", "%25",
	"\r", "%0D",
	"\n", "%0A",
).Replace

// escapeProperty escapes a workflow command's property value, as
// escapeProperty in @actions/core does.
var escapeProperty = strings.NewReplacer(
	"%", "%25",
	"\r", "%0D",
	"\n", "%0A",
	":", "%3A",
	",", "%2C",
).Replace
