package scopes

// The table register: a required call whose SQL statement is constant
// needs the scope only if the statement touches a tenant table.
// Decisions:
//
//   - The statement is the argument calls.sql names, or the first
//     argument whose parameter is a string. It is constant if the type
//     checker gives it a constant value (a literal, a named constant from
//     any package, constant concatenation), or if it is a local variable
//     whose initializer has one and that is never assigned again nor has
//     its address taken in the file.
//   - A constant statement is parsed once per pass and dialect (see
//     internal/sqltables). Its tables decide: only global tables, the call
//     needs no scope; a tenant table, the call needs it and the finding
//     names the table; a table in neither list is a finding of its own,
//     reported whether or not the call passes the scope, and the call
//     needs the scope until the table is listed.
//   - A statement that is not constant needs the scope, as without a
//     register. One that does not parse is a warning naming the parser's
//     error, reported whether or not the call passes the scope (the
//     register cannot see into it), and the call needs the scope.
//   - Findings about tables carry the table in a fixed message shape that
//     Table reads back, so that drivers can group findings by table
//     without a second channel through go/analysis.

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/sqltables"
)

// tablesURL documents the register; its findings link there unless the
// scope has a url of its own.
const tablesURL = analysisutil.DocURL + "/blob/main/docs/tables.md"

// Message shapes of the register's findings, read back by Table.
const (
	tenantPrefix   = "query on tenant table "
	tenantsPrefix  = "query on tenant tables "
	unlistedPrefix = "table "
	unlistedInfix  = " is in neither tables.tenant nor tables.global"
	parsePrefix    = "statement does not parse as "
)

// Table returns the table a diagnostic of the scopes analyzer is about:
// the first tenant table of a query that passes no scope, or a table in
// neither list of the register; "" for other diagnostics.
func Table(d analysis.Diagnostic) string {
	msg := d.Message
	for _, p := range []string{tenantPrefix, tenantsPrefix} {
		if rest, ok := strings.CutPrefix(msg, p); ok {
			return quoted(rest)
		}
	}
	if rest, ok := strings.CutPrefix(msg, unlistedPrefix); ok && strings.Contains(rest, unlistedInfix) {
		return quoted(rest)
	}
	return ""
}

// Warning reports whether a diagnostic of the scopes analyzer is a
// warning whatever the scope's severity: a statement that does not parse.
func Warning(d analysis.Diagnostic) bool {
	return strings.HasPrefix(d.Message, parsePrefix)
}

// quoted returns the Go-quoted string at the start of s, unquoted.
func quoted(s string) string {
	end := strings.Index(s[1:], `"`)
	if !strings.HasPrefix(s, `"`) || end < 0 {
		return ""
	}
	return s[1 : end+1] // table names hold no quotes or backslashes: config and the parser allow none
}

// A verdict is what the register says of one call.
type verdict struct {
	needs  bool     // the call must pass the scope
	tenant []string // tenant tables the statement touches, sorted
}

// message returns the finding for a call that passes no scope: the
// tenant tables if there are any, else generic.
func (v verdict) message(s *scopeCheck, generic string) string {
	switch len(v.tenant) {
	case 0:
		return generic
	case 1:
		return fmt.Sprintf("%s%q passes no %s", tenantPrefix, v.tenant[0], s.Type.Text)
	}
	q := make([]string, len(v.tenant))
	for i, t := range v.tenant {
		q[i] = fmt.Sprintf("%q", t)
	}
	return fmt.Sprintf("%s%s passes no %s", tenantsPrefix, strings.Join(q, ", "), s.Type.Text)
}

// register judges a call of fn, which s requires, by its statement, and
// reports the statement's unlisted tables and parse errors.
func (fc *fileCheck) register(call *ast.CallExpr, fn *types.Func, s *scopeCheck) verdict {
	if s.Tables == nil || s.Tables.Dialect == "" {
		return verdict{needs: true} // no register: every call needs the scope
	}
	arg, stmt, ok := fc.statement(call, fn, s)
	if !ok {
		return verdict{needs: true} // no statement argument, or not a constant
	}
	p, err := s.parser()
	if err != nil {
		return verdict{needs: true} // unreachable: config accepts only dialects sqltables knows
	}
	tables, err := p.Tables(stmt)
	if err != nil {
		fc.reportTable(s, arg, fmt.Sprintf("%s%s SQL (%v); the call needs %s", parsePrefix, s.Tables.Dialect, err, s.Type.Text),
			"check the statement, or pass the scope")
		return verdict{needs: true}
	}
	var v verdict
	for _, t := range tables {
		switch class, _ := s.Tables.Lookup(t.Schema, t.Name); class {
		case config.TableTenant:
			v.needs, v.tenant = true, append(v.tenant, t.String())
		case config.TableUnlisted:
			v.needs = true
			fc.reportTable(s, arg, fmt.Sprintf("%s%q%s", unlistedPrefix, t.String(), unlistedInfix),
				"add it to one of them in the rules file")
		}
	}
	return v
}

// reportTable reports a finding about the statement at arg, with its own
// hint: the scope's hint is about passing the scope.
func (fc *fileCheck) reportTable(s *scopeCheck, arg ast.Expr, msg, hint string) {
	fc.rep.Report(analysis.Diagnostic{
		Pos: arg.Pos(), End: arg.End(),
		Category: s.ID,
		URL:      cmp.Or(s.URL, tablesURL),
		Message:  config.WithHint(fmt.Sprintf("%s (%s)", msg, s.ID), hint, ""),
	})
}

// parser returns the pass's parser for the scope's dialect.
func (c *scopeCheck) parser() (*sqltables.Parser, error) {
	if c.sql == nil {
		p, err := sqltables.New(c.Tables.Dialect)
		if err != nil {
			return nil, err
		}
		if c.store != nil {
			p.SetStore(c.store)
		}
		c.sql = p
	}
	return c.sql, nil
}

// statement returns the statement argument of a call of fn and its
// constant value, and false if it has none.
func (fc *fileCheck) statement(call *ast.CallExpr, fn *types.Func, s *scopeCheck) (ast.Expr, string, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return nil, "", false // unreachable: a *types.Func has a signature
	}
	i := s.Calls.SQL.Index
	if i == config.SQLFirstString {
		i = firstString(sig)
	}
	if i < 0 || i >= len(call.Args) || call.Ellipsis.IsValid() && i == len(call.Args)-1 {
		return nil, "", false // no string parameter, fewer arguments than calls.sql expects, or inside f(xs...)
	}
	arg := call.Args[i]
	if v, ok := fc.constString(arg); ok {
		return arg, v, true
	}
	return nil, "", false
}

// firstString returns the index of the first non-variadic parameter of
// string type, or -1.
func firstString(sig *types.Signature) int {
	for i := range sig.Params().Len() {
		if sig.Variadic() && i == sig.Params().Len()-1 {
			break // a ...string parameter holds arguments, not the statement
		}
		if b, ok := sig.Params().At(i).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
			return i
		}
	}
	return -1
}

// constString returns the constant string value of e, looking through
// a local variable that is initialised from a constant and never changed.
func (fc *fileCheck) constString(e ast.Expr) (string, bool) {
	e = ast.Unparen(e)
	if tv, ok := fc.info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() != constant.String {
			return "", false // a number: not a statement
		}
		return constant.StringVal(tv.Value), true
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return "", false // a call, a field, an index: not constant
	}
	init := fc.initializer(id)
	if init == nil {
		return "", false // not a local variable with an initializer in this file
	}
	if fc.changed()[fc.info.Uses[id].(*types.Var)] {
		return "", false // assigned again, or its address is taken
	}
	if tv, ok := fc.info.Types[ast.Unparen(init)]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	return "", false // initialised from something that is not constant
}

// changed returns the variables of the file that are assigned after
// their declaration or whose address is taken, computed on first need.
func (fc *fileCheck) changed() map[*types.Var]bool {
	if fc.assigned != nil {
		return fc.assigned
	}
	fc.assigned = map[*types.Var]bool{}
	mark := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := fc.info.Uses[id].(*types.Var); ok {
				fc.assigned[v] = true
			}
		}
	}
	ast.Inspect(fc.file.File, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				mark(l) // = and op=, and a name := redeclares: all Uses, not Defs
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				mark(n.X)
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				mark(n.Key)
				if n.Value != nil {
					mark(n.Value)
				}
			}
		}
		return true
	})
	return fc.assigned
}

// Statements returns the constant statements that the calls in files of
// functions s requires pass, read as the analyzer reads them; calls made
// through a method value are not included. It is for check-config, which
// reports register entries that no statement mentions. info must hold
// Types, Uses and Defs for files.
func Statements(pkg *types.Package, info *types.Info, files []*ast.File, s *config.Scope) []string {
	if s.Calls == nil || s.Tables == nil || pkg == nil || info == nil {
		return nil // no register, or no types to read the calls by
	}
	pass := &analysis.Pass{Pkg: pkg, TypesInfo: info}
	return statements(pass, inspector.New(files), files, &scopeCheck{Scope: s})
}

// statements returns the constant statements of the calls in files that
// sc requires, for Statements and for the analyzer, which has them parsed
// together before it checks the calls (sqltables.Parser.Prepare).
func statements(pass *analysis.Pass, insp *inspector.Inspector, files []*ast.File, sc *scopeCheck) []string {
	info := pass.TypesInfo
	var out []string
	for _, f := range files {
		root, ok := insp.Root().FindNode(f)
		if !ok {
			continue // unreachable: f is in the inspector
		}
		fc := &fileCheck{pass: pass, info: info, file: &analysisutil.FileState{File: f}, root: root}
		for c := range root.Preorder((*ast.CallExpr)(nil)) {
			call := c.Node().(*ast.CallExpr)
			fn, ok := typeutil.Callee(info, call).(*types.Func)
			if !ok || !sc.requires(fn.Origin()) {
				continue // not a call of a required function
			}
			if _, stmt, ok := fc.statement(call, fn, sc); ok {
				out = append(out, stmt)
			}
		}
	}
	return out
}
