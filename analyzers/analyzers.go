// Package analyzers assembles archvet's analyzers for a compiled rules
// file: Suite returns them. Each analyzer lives in a package of its own:
//
//   - directives (analyzers/directives) reads each file once, with its
//     //archvet: directives, for the others, which require it, and
//     reports malformed directives;
//   - bans (analyzers/bans) reports references to banned packages and
//     symbols, with suggested fixes;
//   - scopes (analyzers/scopes) checks that scope values are threaded,
//     not fabricated.
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
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers/bans"
	"github.com/archvet/archvet/analyzers/directives"
	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/analyzers/scopes"
	"github.com/archvet/archvet/config"
)

// DocURL is archvet's documentation; each analyzer and finding links to a
// section of it unless its rule sets a url of its own.
const DocURL = analysisutil.DocURL

// RuleURL returns the URL a finding of a rule links to: the rule's own url,
// or else the README section anchor ("bans", "scopes").
func RuleURL(own, anchor string) string { return analysisutil.RuleURL(own, anchor) }

// Suite returns fresh analyzers for cfg: the directives analyzer, which
// the others require, and the bans and scopes analyzers. opts adjust the
// bans analyzer; drivers that cannot load packages pass none.
func Suite(cfg *config.Config, opts ...bans.Option) []*analysis.Analyzer {
	dirs := directives.New(cfg)
	return []*analysis.Analyzer{dirs, bans.New(cfg, dirs, opts...), scopes.New(cfg, dirs)}
}
