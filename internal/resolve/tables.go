package resolve

// Table registers (docs/tables.md), checked against real code:
//
//   - calls.sql must name a string parameter of every function and
//     method calls.require resolves to; with the default, first-string,
//     each must have one. Only functions whose package is loaded are
//     judged; the rest were reported, or not judged, by the targets.
//   - An entry that no constant statement of the checked packages'
//     required calls mentions is stale, like a glob that matches no file,
//     and judged only when stale globs are (the run covers the root with
//     tests) and the checked packages were type-checked from source.

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers/scopes"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/sqltables"
)

// sqlArgs checks calls.sql against the signatures of the required
// functions of every scope with a register.
func (r *resolver) sqlArgs() []*config.Error {
	var out []*config.Error
	for _, s := range r.cfg.Scopes {
		if s.Tables == nil || s.Calls == nil {
			continue // no register: calls.sql is not used
		}
		for _, t := range s.Calls.Require {
			for _, fn := range r.funcs(t) {
				msg := sqlParamProblem(fn, s.Calls.SQL.Index)
				if msg == "" {
					continue // the argument is a string parameter
				}
				p := s.Calls.SQL.Pos
				if p == (config.Pos{}) {
					p = t.Pos // the default: point at the function
				}
				out = append(out, &config.Error{File: r.cfg.File, Line: p.Line, Col: p.Col, Kind: "scope", ID: s.ID, Msg: "calls.sql: " + msg})
				break // one error per target is enough
			}
		}
	}
	return out
}

// sqlParamProblem says what is wrong with argument i (or the first string
// argument) of fn as the statement, or "".
func sqlParamProblem(fn *types.Func, i int) string {
	sig := fn.Type().(*types.Signature)
	name := types.ObjectString(fn, nil)
	if i == config.SQLFirstString {
		for j := range sig.Params().Len() {
			variadic := sig.Variadic() && j == sig.Params().Len()-1
			if isString(sig.Params().At(j).Type()) && !variadic {
				return ""
			}
		}
		return fmt.Sprintf("%s has no string parameter to hold the statement; set calls.sql to its argument index", name)
	}
	n := sig.Params().Len()
	if i >= n {
		return fmt.Sprintf("argument %d is out of range for %s, which takes %d", i, name, n)
	}
	if !isString(sig.Params().At(i).Type()) || sig.Variadic() && i == n-1 {
		return fmt.Sprintf("argument %d of %s is a %s, not a string statement", i, name, types.TypeString(sig.Params().At(i).Type(), nil))
	}
	return ""
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// funcs returns the loaded functions and methods a calls.require target
// names.
func (r *resolver) funcs(t *config.Target) []*types.Func {
	info := r.pkgs[t.Pkg]
	if info == nil || info.state != found {
		return nil // not loaded, missing or broken: the target's own check speaks
	}
	var out []*types.Func
	switch t.Kind {
	case config.TargetMethod:
		tn, ok := info.object(t.Recv).(*types.TypeName)
		if !ok {
			return nil // reported by the target's check
		}
		ms := types.NewMethodSet(types.NewPointer(tn.Type()))
		if types.IsInterface(tn.Type()) {
			ms = types.NewMethodSet(tn.Type())
		}
		for sel := range ms.Methods() {
			if fn, ok := sel.Obj().(*types.Func); ok && t.Name.Match(fn.Name()) {
				out = append(out, fn)
			}
		}
	case config.TargetSymbol:
		for _, tp := range info.types {
			for _, name := range tp.Scope().Names() {
				if fn, ok := tp.Scope().Lookup(name).(*types.Func); ok && t.Name.Match(name) {
					out = append(out, fn)
				}
			}
		}
	}
	return out
}

// staleTables returns a finding for each register entry that no constant
// statement of the checked packages mentions. Packages without syntax and
// types cannot be read; if none has them, nothing is judged.
func staleTables(cfg *config.Config, checked []*packages.Package, store sqltables.Store) []*config.Error {
	var out []*config.Error
	for _, s := range cfg.Scopes {
		if s.Tables == nil || s.Tables.Dialect == "" {
			continue // no register
		}
		used, ok := mentioned(s, checked, store)
		if !ok {
			continue // no package was type-checked from source: nothing to judge by
		}
		for _, list := range []struct {
			what    string
			entries []*config.TablePattern
		}{{"tables.tenant", s.Tables.Tenant}, {"tables.global", s.Tables.Global}} {
			for _, e := range list.entries {
				if !used[e] {
					out = append(out, &config.Error{File: cfg.File, Line: e.Pos.Line, Col: e.Pos.Col, Kind: "scope", ID: s.ID,
						Msg: fmt.Sprintf("%s: %q matches no table of the constant statements in the checked packages", list.what, e.Text)})
				}
			}
		}
	}
	return out
}

// mentioned returns the entries of s's register that some constant
// statement of a required call in the checked packages matches, and
// false if no package could be read. store, if not nil, keeps the parses.
func mentioned(s *config.Scope, checked []*packages.Package, store sqltables.Store) (map[*config.TablePattern]bool, bool) {
	p, err := sqltables.New(s.Tables.Dialect)
	if err != nil {
		return nil, false // unreachable: config accepts only dialects sqltables knows
	}
	if store != nil {
		p.SetStore(store)
	}
	used := map[*config.TablePattern]bool{}
	read := false
	var stmts []string
	for _, pkg := range checked {
		if pkg.Types == nil || pkg.TypesInfo == nil || len(pkg.Syntax) == 0 {
			continue // loaded without syntax or types
		}
		read = true
		stmts = append(stmts, scopes.Statements(pkg.Types, pkg.TypesInfo, pkg.Syntax, s)...)
	}
	p.Prepare(stmts) // parsed together: cheaper than one by one
	for _, stmt := range stmts {
		tables, err := p.Tables(stmt)
		if err != nil {
			continue // does not parse: the analyzer warns of it
		}
		for _, t := range tables {
			if _, e := s.Tables.Lookup(t.Schema, t.Name); e != nil {
				used[e] = true
			}
		}
	}
	return used, read
}
