package resolve

// A rule's use_instead becomes a suggested fix only when it names a
// function whose signature is identical to a banned function's (see
// analyzers/fix.go). UseInstead lets the rules validation say when that
// can never happen, at the rule, instead of leaving the user to wonder
// why no fix is offered. Check calls it through the resolver, which
// loads the types of the use_instead package and of the banned ones.
//
// Having loaded the use_instead package, the resolver also describes its
// function for the bans analyzer (bans.Replacement), which can then
// offer the fix in packages that do not import that package yet. The
// description needs the packages it imports, directly or not, to refuse
// fixes that would be import cycles: they come from the go command's
// import graph, which the checked packages carry and which a typed load
// computes anyway, so it costs no extra go command run.

import (
	"go/types"

	"github.com/archvet/archvet/analyzers/bans"
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
	path, name, ok := bans.UseInsteadFunc(rule.UseInstead)
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
			err := bans.CheckUseInstead(banned, repl)
			if err == nil {
				return nil // a fix is offered for this one
			}
			warnings = append(warnings, &config.Error{File: cfg.File, Line: t.Pos.Line, Col: t.Pos.Col, Kind: "rule", ID: rule.ID, Msg: err.Error()})
		}
	}
	return warnings
}

// useInstead loads the packages that the function use_instead entries of
// the rules and the functions those rules ban live in, and returns
// UseInstead's warnings for every such rule, and the replacements the
// entries name, by use_instead text.
func (r *resolver) useInstead() (warnings []*config.Error, repls map[string]bans.Replacement) {
	var rules []*config.Rule
	for _, rule := range r.cfg.Rules {
		if _, _, ok := bans.UseInsteadFunc(rule.UseInstead); ok {
			rules = append(rules, rule)
		}
	}
	for waiting := true; waiting; {
		waiting = false
		for _, rule := range rules {
			path, _, _ := bans.UseInsteadFunc(rule.UseInstead)
			paths := []string{path}
			for _, t := range rule.Ban {
				if t.Kind == config.TargetSymbol {
					paths = append(paths, t.Pkg)
				}
			}
			for _, p := range paths {
				if _, wait := r.lookup(p, true); wait {
					waiting = true
				}
			}
		}
		if waiting {
			r.load() // marks every path asked, so the next round waits for nothing
		}
	}
	lookup := func(path string) *types.Package {
		if info := r.pkgs[path]; info != nil && len(info.types) > 0 {
			return info.types[0]
		}
		return nil // not loaded with types: nothing is judged
	}
	for _, rule := range rules {
		warnings = append(warnings, UseInstead(r.cfg, rule, lookup)...)
		if repl, ok := r.replacement(rule.UseInstead, lookup); ok {
			if repls == nil {
				repls = map[string]bans.Replacement{}
			}
			repls[rule.UseInstead] = repl
		}
	}
	return warnings, repls
}

// replacement describes the function useInstead names, if it is an
// exported package-level function of a package whose imports are known.
func (r *resolver) replacement(useInstead string, lookup func(path string) *types.Package) (bans.Replacement, bool) {
	path, name, _ := bans.UseInsteadFunc(useInstead)
	p := lookup(path)
	if p == nil {
		return bans.Replacement{}, false // not loaded with types
	}
	fn, ok := p.Scope().Lookup(name).(*types.Func)
	if !ok || !fn.Exported() {
		return bans.Replacement{}, false // not a function, or not one another package may call
	}
	deps, ok := r.deps(path)
	if !ok {
		return bans.Replacement{}, false // imports unknown: a fix might be an import cycle
	}
	return bans.NewReplacement(fn, deps), true
}
