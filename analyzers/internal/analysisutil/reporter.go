package analysisutil

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/config"
)

// A Reporter reports one analyzer's diagnostics for one pass, dropping
// those a well-formed directive suppresses, and finally reports the
// directives for its rules that suppressed nothing. It is local to a pass.
type Reporter struct {
	pass  *analysis.Pass
	owns  func(id string) bool
	dirs  map[*token.File][]*Directive
	used  map[*Directive]bool
	order []*token.File
}

// NewReporter returns a reporter for pass that applies the directives in
// fs; owns reports whether a rule id belongs to the calling analyzer.
func NewReporter(pass *analysis.Pass, fs []*FileState, owns func(string) bool) *Reporter {
	r := &Reporter{pass: pass, owns: owns, dirs: map[*token.File][]*Directive{}, used: map[*Directive]bool{}}
	for _, f := range fs {
		if ds := ParseDirectives(f.Tok, f.File); len(ds) > 0 {
			r.dirs[f.Tok] = ds
			r.order = append(r.order, f.Tok)
		}
	}
	return r
}

// Report reports d unless a directive suppresses it.
func (r *Reporter) Report(d analysis.Diagnostic) {
	tok := r.pass.Fset.File(d.Pos)
	line := 0
	if tok != nil {
		line = tok.Line(d.Pos)
	}
	suppressed := false
	for _, dir := range r.dirs[tok] {
		if dir.Problem == "" && dir.names(d.Category) && (dir.WholeFile || dir.Line == line || dir.Line == line-1) {
			r.used[dir] = true
			suppressed = true // keep looking: mark every directive that covers it as used
		}
	}
	if !suppressed {
		r.pass.Report(d)
	}
}

// Finish reports the well-formed directives naming this analyzer's rules
// that suppressed nothing.
func (r *Reporter) Finish() {
	for _, tok := range r.order {
		for _, dir := range r.dirs[tok] {
			if dir.Problem != "" || r.used[dir] {
				continue // malformed: the directives analyzer reports it
			}
			for _, id := range dir.IDs {
				if r.owns(id) {
					r.pass.Report(analysis.Diagnostic{
						Pos: dir.Comment.Pos(), End: dir.Comment.End(),
						Category: config.UnusedDirectiveID,
						URL:      DocURL + "#suppressing-findings",
						Message:  fmt.Sprintf("//archvet directive for %s suppresses nothing; remove it (%s)", id, config.UnusedDirectiveID),
					})
					break
				}
			}
		}
	}
}
