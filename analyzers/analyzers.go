// Package analyzers assembles archvet's analyzers for a compiled rules
// file: Suite returns them. Each analyzer lives in a package of its own:
//
//   - directives (analyzers/directives) reads each file once, with its
//     //archvet: directives, for the others, which require it, and
//     reports malformed directives;
//   - bans (analyzers/bans) reports references to banned packages and
//     symbols, with suggested fixes;
//   - scopes (analyzers/scopes) checks that scope values are threaded,
//     not fabricated;
//   - contracts (analyzers/contracts) checks that imports keep the
//     architecture contracts, transitively, by components.
//
// What they share (file state, naming and linking of findings) lives in
// internal/analysisutil.
//
// Design notes:
//   - Code is identified by types, never by text: every reference is
//     resolved through types.Info (Uses, Selections, Instances) and compared
//     by package path and object, so renamed and dot imports, aliases,
//     method values and promoted methods are all seen.
//   - Suppression (//archvet:ignore) is applied inside the analyzers, rule
//     id by rule id, so it works the same under every driver: archvet, go
//     vet and golangci-lint.
//   - Only the contracts analyzer uses facts, and only when the driver
//     does not hand it the import graph (WithImportGraph): the standalone
//     driver does. Suite includes it only when the rules have contracts,
//     since under a driver without the graph facts cost a run on every
//     dependency.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers/bans"
	"github.com/archvet/archvet/analyzers/contracts"
	"github.com/archvet/archvet/analyzers/directives"
	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/analyzers/scopes"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/sqltables"
)

// DocURL is archvet's documentation; each analyzer and finding links to a
// section of it unless its rule sets a url of its own.
const DocURL = analysisutil.DocURL

// RuleURL returns the URL a finding of a rule links to: the rule's own url,
// or else the README section anchor ("bans", "scopes").
func RuleURL(own, anchor string) string { return analysisutil.RuleURL(own, anchor) }

// An Option adjusts the analyzers Suite returns.
type Option func(*options)

type options struct {
	bans   []bans.Option
	scopes []scopes.Option
	graph  *contracts.Graph
}

// WithReplacements gives the bans analyzer the functions use_instead
// entries name, loaded by the driver (bans.WithReplacements).
func WithReplacements(m map[string]bans.Replacement) Option {
	return func(o *options) { o.bans = append(o.bans, bans.WithReplacements(m)) }
}

// WithReplacementLookup gives the bans analyzer a way to load such a
// function on first need (bans.WithReplacementLookup).
func WithReplacementLookup(lookup func(useInstead string) (bans.Replacement, bool)) Option {
	return func(o *options) { o.bans = append(o.bans, bans.WithReplacementLookup(lookup)) }
}

// WithStatementStore makes the scopes analyzer keep what each SQL
// statement of a table register parsed to between runs
// (scopes.WithStatementStore).
func WithStatementStore(s sqltables.Store) Option {
	return func(o *options) { o.scopes = append(o.scopes, scopes.WithStatementStore(s)) }
}

// WithImportGraph gives the contracts analyzer the import graph the
// driver loaded, so that it needs no facts (contracts.WithGraph).
func WithImportGraph(g *contracts.Graph) Option {
	return func(o *options) { o.graph = g }
}

// Suite returns fresh analyzers for cfg: the directives analyzer, which
// the others require, the bans and scopes analyzers, and the contracts
// analyzer if the rules have contracts. opts adjust them; drivers that
// cannot load packages pass none.
func Suite(cfg *config.Config, opts ...Option) []*analysis.Analyzer {
	o := &options{}
	for _, opt := range opts {
		opt(o)
	}
	dirs := directives.New(cfg)
	as := []*analysis.Analyzer{dirs, bans.New(cfg, dirs, o.bans...), scopes.New(cfg, dirs, o.scopes...)}
	if len(cfg.Contracts) > 0 {
		var copts []contracts.Option
		if o.graph != nil {
			copts = append(copts, contracts.WithGraph(o.graph))
		}
		as = append(as, contracts.New(cfg, dirs, copts...))
	}
	return as
}
