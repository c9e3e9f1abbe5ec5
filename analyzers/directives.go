package analyzers

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/config"
)

// Suppression directives:
//
//	//archvet:ignore rule-id[,rule-id] reason     this line and the next
//	//archvet:file-ignore rule-id[,rule-id] reason  the whole file
//
// The reason is mandatory. Each analyzer applies the directives naming its
// own rules and reports those that suppressed nothing; the directives
// analyzer reports malformed ones and unknown rule ids.

const (
	ignorePrefix     = "//archvet:ignore"
	fileIgnorePrefix = "//archvet:file-ignore"
)

// A directive is one parsed //archvet: comment.
type directive struct {
	comment   *ast.Comment
	line      int // line of the comment
	wholeFile bool
	ids       []string
	reason    string
	problem   string // why the directive is malformed; "" if it is not
}

// parseDirectives returns the archvet directives in f, in source order.
func parseDirectives(tok *token.File, f *ast.File) []*directive {
	var out []*directive
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if d := parseDirective(c); d != nil {
				d.line = tok.Line(c.Slash)
				out = append(out, d)
			}
		}
	}
	return out
}

func parseDirective(c *ast.Comment) *directive {
	text := c.Text
	d := &directive{comment: c}
	switch {
	case strings.HasPrefix(text, fileIgnorePrefix):
		text, d.wholeFile = text[len(fileIgnorePrefix):], true
	case strings.HasPrefix(text, ignorePrefix):
		text = text[len(ignorePrefix):]
	case strings.HasPrefix(text, "//archvet:"):
		verb, _, _ := strings.Cut(text[len("//"):], " ")
		d.problem = fmt.Sprintf("unknown directive //%s; use //archvet:ignore or //archvet:file-ignore", verb)
		return d
	default:
		return nil
	}
	if text != "" && text[0] != ' ' && text[0] != '\t' {
		return nil // //archvet:ignored or similar: not ours
	}
	fields := strings.Fields(text)
	if len(fields) == 0 {
		d.problem = "directive names no rule; write //archvet:ignore <rule-id> <reason>"
		return d
	}
	for _, id := range strings.Split(fields[0], ",") {
		if id != "" {
			d.ids = append(d.ids, id)
		}
	}
	rest := fields[1:]
	if len(rest) > 0 && rest[0] == "//" {
		rest = rest[1:] // "//archvet:ignore id // reason", the nolint style
	}
	d.reason = strings.Join(rest, " ")
	if d.reason == "" {
		d.problem = fmt.Sprintf("directive for %s needs a reason: //archvet:ignore %s <why this is fine>", fields[0], fields[0])
	}
	return d
}

// names reports whether d names rule id.
func (d *directive) names(id string) bool {
	for _, x := range d.ids {
		if x == id {
			return true
		}
	}
	return false
}

// A reporter reports one analyzer's diagnostics for one pass, dropping
// those a well-formed directive suppresses, and finally reports the
// directives for its rules that suppressed nothing. It is local to a pass.
type reporter struct {
	pass  *analysis.Pass
	owns  func(id string) bool
	dirs  map[*token.File][]*directive
	used  map[*directive]bool
	order []*token.File
}

func newReporter(pass *analysis.Pass, fs []*fileState, owns func(string) bool) *reporter {
	r := &reporter{pass: pass, owns: owns, dirs: map[*token.File][]*directive{}, used: map[*directive]bool{}}
	for _, f := range fs {
		if ds := parseDirectives(f.tok, f.file); len(ds) > 0 {
			r.dirs[f.tok] = ds
			r.order = append(r.order, f.tok)
		}
	}
	return r
}

// report reports d unless a directive suppresses it.
func (r *reporter) report(d analysis.Diagnostic) {
	tok := r.pass.Fset.File(d.Pos)
	line := 0
	if tok != nil {
		line = tok.Line(d.Pos)
	}
	suppressed := false
	for _, dir := range r.dirs[tok] {
		if dir.problem == "" && dir.names(d.Category) && (dir.wholeFile || dir.line == line || dir.line == line-1) {
			r.used[dir] = true
			suppressed = true // keep looking: mark every directive that covers it as used
		}
	}
	if !suppressed {
		r.pass.Report(d)
	}
}

// finish reports the well-formed directives naming this analyzer's rules
// that suppressed nothing.
func (r *reporter) finish() {
	for _, tok := range r.order {
		for _, dir := range r.dirs[tok] {
			if dir.problem != "" || r.used[dir] {
				continue // malformed: the directives analyzer reports it
			}
			for _, id := range dir.ids {
				if r.owns(id) {
					r.pass.Report(analysis.Diagnostic{
						Pos: dir.comment.Pos(), End: dir.comment.End(),
						Category: config.UnusedDirectiveID,
						URL:      docURL + "#suppressing-findings",
						Message:  fmt.Sprintf("//archvet directive for %s suppresses nothing; remove it (%s)", id, config.UnusedDirectiveID),
					})
					break
				}
			}
		}
	}
}

// NewDirectives returns an analyzer that reports malformed archvet
// directives and directives that name no configured rule.
func NewDirectives(cfg *config.Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "directives",
		Doc: `check that //archvet: directives are well formed

Each //archvet:ignore or //archvet:file-ignore directive must name
configured rule ids and give a reason. Directives that suppress nothing
are reported by the analyzer that owns the rule.`,
		URL:              docURL + "#suppressing-findings",
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			runDirectives(pass, cfg)
			return nil, nil
		},
	}
}

func runDirectives(pass *analysis.Pass, cfg *config.Config) {
	for _, f := range files(pass, cfg) {
		for _, d := range parseDirectives(f.tok, f.file) {
			msg := d.problem
			if msg == "" {
				for _, id := range d.ids {
					if _, ok := cfg.Severity(id); !ok || id == config.DirectiveID || id == config.UnusedDirectiveID {
						msg = fmt.Sprintf("directive names unknown rule %q%s", id, didYouMean(id, cfg.IDs()))
						break
					}
				}
			}
			if msg == "" {
				continue // well formed
			}
			pass.Report(analysis.Diagnostic{
				Pos: d.comment.Pos(), End: d.comment.End(),
				Category: config.DirectiveID,
				URL:      docURL + "#suppressing-findings",
				Message:  msg + " (" + config.DirectiveID + ")",
			})
		}
	}
}

func didYouMean(name string, candidates []string) string {
	if s := config.Suggest(name, candidates); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}
