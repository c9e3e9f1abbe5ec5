package resolve

// A rule's use_instead becomes a suggested fix only when it names a
// function whose signature is identical to a banned function's (see
// analyzers/fix.go). UseInstead lets the rules validation say when that
// can never happen, at the rule, instead of leaving the user to wonder
// why no fix is offered. It is not wired into Check yet: the caller
// provides the types, which Check's resolver loads for ban targets and
// must also load for the use_instead package.

import (
	"go/types"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
)

// UseInstead checks the use_instead of a rule of cfg against the
// functions the rule bans. lookup returns the types of the package at a
// path, or nil if they are not known; nothing is judged without them.
//
// It returns nothing if use_instead names no function (prose, a type, a
// method), or if the function can replace at least one banned function:
// a rule that bans os.{ReadFile,WriteFile} and names a ReadFile
// replacement is fine, the fix is for ReadFile. Otherwise it returns a
// warning at each banned function, such as
//
//	rules.yaml:5:7: rule "localfs": use_instead example.com/app/internal/localfs.ReadFile has signature func(string) ([]byte, error), but os.WriteFile has func(string, []byte, os.FileMode) error; no fix will be offered
func UseInstead(cfg *config.Config, rule *config.Rule, lookup func(path string) *types.Package) []*config.Error {
	path, name, ok := analyzers.UseInsteadFunc(rule.UseInstead)
	if !ok {
		return nil // prose, a pattern or a method: a hint, never a fix
	}
	rp := lookup(path)
	if rp == nil {
		return nil // unknown package: resolving targets is Check's job
	}
	repl, ok := rp.Scope().Lookup(name).(*types.Func)
	if !ok {
		return nil // a type or a variable: a hint, never a fix
	}
	var warnings []*config.Error
	for _, t := range rule.Ban {
		if t.Kind != config.TargetSymbol {
			continue // packages and methods are never replaced by a function
		}
		p := lookup(t.Pkg)
		if p == nil {
			continue // not known: nothing to judge
		}
		for _, n := range p.Scope().Names() {
			banned, ok := p.Scope().Lookup(n).(*types.Func)
			if !ok || !t.Name.Match(n) {
				continue // not a banned function
			}
			err := analyzers.CheckUseInstead(banned, repl)
			if err == nil {
				return nil // a fix is offered for this one
			}
			warnings = append(warnings, &config.Error{File: cfg.File, Line: t.Pos.Line, Col: t.Pos.Col, Kind: "rule", ID: rule.ID, Msg: err.Error()})
		}
	}
	return warnings
}
