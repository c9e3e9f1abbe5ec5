// Package analyzers defines archvet's analyzers: bans, scopes and
// directives. Each is built from a compiled *config.Config by its
// constructor, holds no mutable state, and may run on any number of
// packages at once.
//
// Design notes:
//   - Code is identified by types, never by text: every reference is
//     resolved through types.Info (Uses, Selections, Instances) and compared
//     by package path and object, so renamed and dot imports, aliases,
//     method values and promoted methods are all seen.
//   - No analyzer uses facts, so dependencies are loaded from export data.
//   - Suppression (//archvet:ignore) is applied inside each analyzer, so it
//     works the same under every driver: archvet, go vet and golangci-lint.
package analyzers

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/config"
)

// DocURL is archvet's README; each analyzer and finding links to a
// section of it unless its rule sets a url of its own.
const DocURL = "https://github.com/archvet/archvet"

const docURL = DocURL

// Suite returns fresh analyzers for cfg: the ones the rules need, and
// always the directives checker.
func Suite(cfg *config.Config) []*analysis.Analyzer {
	as := []*analysis.Analyzer{NewBans(cfg), NewScopes(cfg), NewDirectives(cfg)}
	return as
}

// fileState is what a pass knows about one of its files.
type fileState struct {
	file   *ast.File
	tok    *token.File
	rel    string // relative to the rules root, slash-separated
	inRoot bool   // whether the file lies below the rules root
	skip   bool   // generated and the rules do not include generated files
}

// files returns the state of each file of the pass, in pass order.
func files(pass *analysis.Pass, cfg *config.Config) []*fileState {
	out := make([]*fileState, 0, len(pass.Files))
	for _, f := range pass.Files {
		tok := pass.Fset.File(f.FileStart)
		if tok == nil {
			continue // no position information: nothing can be reported
		}
		fs := &fileState{file: f, tok: tok}
		fs.rel, fs.inRoot = cfg.Rel(tok.Name())
		fs.skip = !cfg.Generated && ast.IsGenerated(f)
		out = append(out, fs)
	}
	return out
}

// withHint appends the hint and the replacement to a finding's message.
func withHint(msg, hint, useInstead string) string {
	if hint != "" {
		msg += ": " + hint
	}
	if useInstead != "" {
		msg += "; use " + useInstead
	}
	return msg
}

// ruleURL returns the URL a finding of a rule links to.
func ruleURL(own, anchor string) string {
	if own != "" {
		return own
	}
	return docURL + "#" + anchor
}

// objectName names obj the way rules name it: (*types.Func).FullName for
// functions and methods, "path.Name" for other package-level objects.
func objectName(obj types.Object) string {
	if fn, ok := obj.(*types.Func); ok {
		return fn.Origin().FullName()
	}
	if obj.Pkg() == nil {
		return obj.Name()
	}
	return obj.Pkg().Path() + "." + obj.Name()
}
