// Package directives defines the directives analyzer, which every other
// archvet analyzer requires. It reads each file of a package once: where
// the rules file puts it (analysisutil.FileState) and which //archvet:
// directives it holds, and returns that as its Result. It reports
// malformed directives and directives that name no configured rule;
// the analyzers that own a rule apply the directives naming it through a
// Reporter, and report those that suppress nothing, rule id by rule id.
package directives

import (
	"fmt"
	"go/token"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/config"
)

// Result is what the directives analyzer knows of a package's files. It
// is not changed after the analyzer returns it.
type Result struct {
	Files []*analysisutil.FileState // in pass order
	dirs  map[*token.File][]*Directive
}

// Directives returns the directives of the file tok, in source order.
func (r *Result) Directives(tok *token.File) []*Directive { return r.dirs[tok] }

// New returns the directives analyzer for cfg. Analyzers built from the
// same cfg require the same instance, so the files are read once.
func New(cfg *config.Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "directives",
		Doc: `check that //archvet: directives are well formed

Each //archvet:ignore or //archvet:file-ignore directive must name
configured rule ids and give a reason. Directives that suppress nothing
are reported by the analyzer that owns the rule.`,
		URL:              analysisutil.DocURL + "#suppressing-findings",
		RunDespiteErrors: true,
		ResultType:       reflect.TypeFor[*Result](),
		Run: func(pass *analysis.Pass) (any, error) {
			return run(pass, cfg), nil
		},
	}
}

func run(pass *analysis.Pass, cfg *config.Config) *Result {
	res := &Result{Files: analysisutil.Files(pass, cfg), dirs: map[*token.File][]*Directive{}}
	for _, f := range res.Files {
		ds := ParseDirectives(f.Tok, f.File)
		if len(ds) == 0 {
			continue // the common case
		}
		res.dirs[f.Tok] = ds
		for _, d := range ds {
			if msg := problem(d, cfg); msg != "" {
				pass.Report(analysis.Diagnostic{
					Pos: d.Comment.Pos(), End: d.Comment.End(),
					Category: config.DirectiveID,
					URL:      analysisutil.DocURL + "#suppressing-findings",
					Message:  msg + " (" + config.DirectiveID + ")",
				})
			}
		}
	}
	return res
}

// problem says what is wrong with d, or "" if it is well formed and names
// only configured rules.
func problem(d *Directive, cfg *config.Config) string {
	if d.Problem != "" {
		return d.Problem
	}
	for _, id := range d.IDs {
		if m, ok := cfg.Meta(id); !ok || m.Kind == "archvet" {
			return fmt.Sprintf("directive names unknown rule %q%s", id, didYouMean(id, cfg.IDs()))
		}
	}
	return ""
}

func didYouMean(name string, candidates []string) string {
	if s := config.Suggest(name, candidates); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}
