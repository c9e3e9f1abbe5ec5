package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
)

// The task report is a Markdown checklist of findings to fix, to paste
// into an issue or a pull request: one section per rule, then one per
// file, each item a position and a message. Sections come in order of
// rule id and file path, items in source order, so the same findings
// always give the same text. Findings about an SQL table (a scope's table
// register) are grouped by table instead, busiest table first, under a
// line that counts them: "invoices: 14 call sites, projects: 3".

// FormatTasks names the task report among the output formats. Write does
// not produce it: it needs a baseline's progress, which only the
// standalone command has; call WriteTasks.
const FormatTasks = "tasks"

// TaskStats is the progress against a baseline that WriteTasks reports.
type TaskStats struct {
	Recorded int // findings the baseline records for the packages checked
	Done     int // of those, findings that are fixed
	New      int // findings the baseline does not cover
}

// WriteTasks writes findings as a Markdown checklist grouped by rule and
// then by file, with a count for each rule, each file and in all. If
// stats is not nil, a baseline is in use and the report says how much of
// it is done.
func WriteTasks(w io.Writer, findings []Finding, stats *TaskStats) error {
	bw := bufio.NewWriter(w)
	if len(findings) == 0 {
		bw.WriteString("# archvet tasks: no findings\n")
	} else {
		fmt.Fprintf(bw, "# archvet tasks: %s\n", plural(len(findings), "finding"))
	}
	if stats != nil {
		fmt.Fprintf(bw, "\nbaseline: %d of %d done", stats.Done, stats.Recorded)
		if stats.New > 0 {
			fmt.Fprintf(bw, "; %s not in the baseline", plural(stats.New, "finding"))
		}
		bw.WriteString("\n")
	}
	fs := slices.Clone(findings)
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			strings.Compare(a.Rule, b.Rule),
			strings.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			strings.Compare(a.Message, b.Message))
	})
	for rule := range chunks(fs, func(f Finding) string { return f.Rule }) {
		fmt.Fprintf(bw, "\n## %s (%d)", markdown(rule[0].Rule), len(rule))
		if hint := rule[0].Hint; hint != "" {
			fmt.Fprintf(bw, " — %s", markdown(hint))
		}
		bw.WriteString("\n")
		rule = writeTables(bw, rule)
		for file := range chunks(rule, func(f Finding) string { return f.File }) {
			fmt.Fprintf(bw, "\n### %s (%d)\n\n", markdown(file[0].File), len(file))
			for _, f := range file {
				fmt.Fprintf(bw, "- [ ] %s:%d:%d %s\n", markdown(f.File), f.Line, f.Column, markdown(f.Text()))
			}
		}
	}
	return bw.Flush()
}

// chunks yields the runs of consecutive findings with the same key.
func chunks(fs []Finding, key func(Finding) string) iter.Seq[[]Finding] {
	return func(yield func([]Finding) bool) {
		for len(fs) > 0 {
			n := 1
			for n < len(fs) && key(fs[n]) == key(fs[0]) {
				n++
			}
			if !yield(fs[:n]) {
				return
			}
			fs = fs[n:]
		}
	}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// markdown escapes the characters that would turn text into markup:
// emphasis, code spans, links and HTML (a message may quote "<-chan T" or
// "(*T).M"). An underscore inside a word is left alone, since it never
// starts emphasis and file names such as load_test.go are common.
func markdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '[', ']', '<', '>':
			b.WriteByte('\\')
		case '_':
			if i == 0 || i == len(s)-1 || !isWordByte(s[i-1]) || !isWordByte(s[i+1]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// writeTables writes the findings of one rule that name a table, grouped
// by table, and returns the others.
func writeTables(bw *bufio.Writer, rule []Finding) []Finding {
	byTable := map[string][]Finding{}
	var rest []Finding
	for _, f := range rule {
		if f.Table == "" {
			rest = append(rest, f)
			continue
		}
		byTable[f.Table] = append(byTable[f.Table], f)
	}
	if len(byTable) == 0 {
		return rest
	}
	tables := make([]string, 0, len(byTable))
	for t := range byTable {
		tables = append(tables, t)
	}
	slices.SortFunc(tables, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(byTable[b]), len(byTable[a])), strings.Compare(a, b))
	})
	counts := make([]string, len(tables))
	for i, t := range tables {
		counts[i] = fmt.Sprintf("%s: %d", markdown(t), len(byTable[t]))
		if i == 0 {
			counts[i] = fmt.Sprintf("%s: %s", markdown(t), plural(len(byTable[t]), "call site"))
		}
	}
	fmt.Fprintf(bw, "\n%s\n", strings.Join(counts, ", "))
	for _, t := range tables {
		fmt.Fprintf(bw, "\n### table %s (%d)\n\n", markdown(t), len(byTable[t]))
		for _, f := range byTable[t] {
			fmt.Fprintf(bw, "- [ ] %s:%d:%d %s\n", markdown(f.File), f.Line, f.Column, markdown(f.Text()))
		}
	}
	return rest
}
