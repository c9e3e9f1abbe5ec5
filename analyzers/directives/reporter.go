package directives

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/config"
)

// A Reporter reports one analyzer's diagnostics for one pass, dropping
// those a well-formed directive naming their rule suppresses, and finally
// reports, for each directive, each of this analyzer's rule ids that
// suppressed nothing. It is local to a pass.
//
// Suppression is by rule id: //archvet:ignore a,b silences findings of a
// and of b, nothing else, and a directive naming two rules of which only
// one fires is reported for the other.
type Reporter struct {
	pass *analysis.Pass
	res  *Result
	owns func(id string) bool
	used map[*Directive]map[string]bool // directive -> rule ids it suppressed
}

// NewReporter returns a reporter for pass that applies the directives in
// res; owns reports whether a rule id belongs to the calling analyzer.
func NewReporter(pass *analysis.Pass, res *Result, owns func(string) bool) *Reporter {
	return &Reporter{pass: pass, res: res, owns: owns, used: map[*Directive]map[string]bool{}}
}

// Report reports d unless a directive suppresses it.
func (r *Reporter) Report(d analysis.Diagnostic) {
	tok := r.pass.Fset.File(d.Pos)
	line := 0
	if tok != nil {
		line = tok.Line(d.Pos)
	}
	suppressed := false
	for _, dir := range r.res.dirs[tok] {
		if dir.Problem == "" && dir.names(d.Category) && (dir.WholeFile || dir.Line == line || dir.Line == line-1) {
			if r.used[dir] == nil {
				r.used[dir] = map[string]bool{}
			}
			r.used[dir][d.Category] = true
			suppressed = true // keep looking: mark every directive that covers it as used
		}
	}
	if !suppressed {
		r.pass.Report(d)
	}
}

// Finish reports, for each well-formed directive, the rule ids of this
// analyzer that it names and that suppressed nothing.
func (r *Reporter) Finish() {
	for _, f := range r.res.Files {
		for _, dir := range r.res.dirs[f.Tok] {
			if dir.Problem != "" {
				continue // malformed: the directives analyzer reports it
			}
			for _, id := range dir.IDs {
				if r.owns(id) && !r.used[dir][id] {
					r.pass.Report(analysis.Diagnostic{
						Pos: dir.Comment.Pos(), End: dir.Comment.End(),
						Category: config.UnusedDirectiveID,
						URL:      analysisutil.DocURL + "#suppressing-findings",
						Message:  fmt.Sprintf("//archvet directive for %s suppresses nothing; remove it (%s)", id, config.UnusedDirectiveID),
					})
				}
			}
		}
	}
}
