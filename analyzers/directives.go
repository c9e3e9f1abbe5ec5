package analyzers

// The directives analyzer. Suppression directives, their syntax and their
// parsing live in internal/analysisutil (directive.go), with the reporter
// through which every analyzer applies them.

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/config"
)

// NewDirectives returns an analyzer that reports malformed archvet
// directives and directives that name no configured rule.
func NewDirectives(cfg *config.Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "directives",
		Doc: `check that //archvet: directives are well formed

Each //archvet:ignore or //archvet:file-ignore directive must name
configured rule ids and give a reason. Directives that suppress nothing
are reported by the analyzer that owns the rule.`,
		URL:              DocURL + "#suppressing-findings",
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			runDirectives(pass, cfg)
			return nil, nil
		},
	}
}

func runDirectives(pass *analysis.Pass, cfg *config.Config) {
	for _, f := range analysisutil.Files(pass, cfg) {
		for _, d := range analysisutil.ParseDirectives(f.Tok, f.File) {
			msg := d.Problem
			if msg == "" {
				for _, id := range d.IDs {
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
				Pos: d.Comment.Pos(), End: d.Comment.End(),
				Category: config.DirectiveID,
				URL:      DocURL + "#suppressing-findings",
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
