// Package analyzers defines archvet's analyzers: bans, scopes, contracts
// and directives. Each is built from a compiled *config.Config by its
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
//   - Only the contracts analyzer uses facts, and only when the driver
//     does not hand it the import graph (WithImportGraph): the standalone
//     driver does, so it loads dependencies from export data. (Under go
//     vet, unitchecker type-checks each dependency from source for its
//     vetx files all the same, on a cold vet cache.) Suite includes the
//     contracts analyzer only when the rules have contracts.
//   - Suppression (//archvet:ignore) is applied inside each analyzer, so it
//     works the same under every driver: archvet, go vet and golangci-lint.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers/contracts"
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
	if len(cfg.Contracts) > 0 {
		// Only with contracts: under a driver without the import graph
		// the analyzer uses facts, which cost a run on every dependency.
		as = append(as, NewContracts(cfg, opts...))
	}
	return as
}

// NewContracts returns an analyzer that reports imports that break cfg's
// architecture contracts (contracts.New). Of opts, it heeds
// WithImportGraph.
func NewContracts(cfg *config.Config, opts ...Option) *analysis.Analyzer {
	var copts []contracts.Option
	if g := newOptions(opts).graph; g != nil {
		copts = append(copts, contracts.WithGraph(g))
	}
	return contracts.New(cfg, copts...)
}

// WithImportGraph gives the contracts analyzer the import graph the
// driver loaded, so that it needs no facts (contracts.WithGraph).
func WithImportGraph(g *contracts.Graph) Option {
	return func(o *options) { o.graph = g }
}

// NewScopes returns an analyzer that checks that the scope values of cfg's
// scopes are taken first by governed functions, passed to required calls
// and created only where allowed. It is scopes.New, kept here so that
// callers of this package need not import the subpackage.
func NewScopes(cfg *config.Config) *analysis.Analyzer {
	return scopes.New(cfg)
}
