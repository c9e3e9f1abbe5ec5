// Package analyzers defines archvet's analyzers: bans, scopes and
// directives. Each is built from a compiled *config.Config by its
// constructor, holds no mutable state, and may run on any number of
// packages at once. The scopes analyzer, large enough to have helpers of
// its own, lives in the subpackage scopes; what the analyzers share (file
// state, the directive-applying reporter, naming and linking of findings)
// lives in internal/analysisutil.
//
// Design notes:
//   - Code is identified by types, never by text: every reference is
//     resolved through types.Info (Uses, Selections, Instances) and compared
//     by package path and object, so renamed and dot imports, aliases,
//     method values and promoted methods are all seen.
//   - No analyzer uses facts, so the standalone driver loads dependencies
//     from export data. (Under go vet, unitchecker type-checks each
//     dependency from source for its vetx files all the same, on a cold
//     vet cache.)
//   - Suppression (//archvet:ignore) is applied inside each analyzer, so it
//     works the same under every driver: archvet, go vet and golangci-lint.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/analyzers/scopes"
	"github.com/archvet/archvet/config"
)

// DocURL is archvet's README; each analyzer and finding links to a
// section of it unless its rule sets a url of its own.
const DocURL = analysisutil.DocURL

// RuleURL returns the URL a finding of a rule links to: the rule's own url,
// or else the README section anchor ("bans", "scopes").
func RuleURL(own, anchor string) string { return analysisutil.RuleURL(own, anchor) }

// Suite returns fresh analyzers for cfg: the ones the rules need, and
// always the directives checker. opts adjust them; drivers that cannot
// load packages pass none.
func Suite(cfg *config.Config, opts ...Option) []*analysis.Analyzer {
	as := []*analysis.Analyzer{NewBans(cfg, opts...), NewScopes(cfg), NewDirectives(cfg)}
	return as
}

// NewScopes returns an analyzer that checks that the scope values of cfg's
// scopes are taken first by governed functions, passed to required calls
// and created only where allowed. It is scopes.New, kept here so that
// callers of this package need not import the subpackage.
func NewScopes(cfg *config.Config) *analysis.Analyzer {
	return scopes.New(cfg)
}
