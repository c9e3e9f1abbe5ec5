// Package bans defines the bans analyzer, which reports references to
// banned packages, functions, methods, variables, constants and types,
// and its suggested fixes (fix.go, replacements.go).
//
// Every rule that governs a file and bans a reference reports it: two
// rules naming the same target give two findings at the same position,
// each with its own id, severity and hint, so that suppression and
// baselines act rule by rule and a warning rule can never hide an error
// rule.
package bans

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/archvet/archvet/analyzers/directives"
	"github.com/archvet/archvet/analyzers/internal/analysisutil"
	"github.com/archvet/archvet/config"
)

// New returns an analyzer that reports every reference to a banned
// package, function, method, variable, constant or type in a file that a
// rule of cfg governs. dirs is the directives analyzer built from the
// same cfg (directives.New), which it requires. Of opts, it heeds
// WithReplacements.
func New(cfg *config.Config, dirs *analysis.Analyzer, opts ...Option) *analysis.Analyzer {
	b := &bans{cfg: cfg, idx: newBanIndex(cfg), opts: newOptions(opts), dirs: dirs}
	return &analysis.Analyzer{
		Name: "bans",
		Doc: `check that banned symbols are used only where allowed

A rule bans packages, functions, methods, variables, constants or types
outside the paths its allow list names. Every reference is resolved
through the type checker: calls, function and method values, method
expressions, promoted methods, aliases, renamed and dot imports, type
uses in fields, conversions, composite literals and type arguments.`,
		URL:              analysisutil.DocURL + "#bans",
		Requires:         []*analysis.Analyzer{inspect.Analyzer, dirs},
		RunDespiteErrors: true,
		Run:              b.run,
	}
}

// bans holds the compiled rules and options; it is never written after
// construction.
type bans struct {
	cfg  *config.Config
	idx  *banIndex
	opts *options
	dirs *analysis.Analyzer
}

// A banTarget is a target together with the rule that bans it.
type banTarget struct {
	rule   *config.Rule
	target *config.Target
}

// banIndex finds the targets that may match an object by its package path.
type banIndex struct {
	byPkg     map[string][]banTarget // exact package path of symbol, method and package targets
	recursive []banTarget            // "pkg/..." targets, matched by prefix
}

func newBanIndex(cfg *config.Config) *banIndex {
	idx := &banIndex{byPkg: map[string][]banTarget{}}
	for _, r := range cfg.Rules {
		for _, t := range r.Ban {
			bt := banTarget{r, t}
			switch {
			case t.Recursive:
				idx.recursive = append(idx.recursive, bt)
			default:
				idx.byPkg[t.Pkg] = append(idx.byPkg[t.Pkg], bt)
				if t.OrPackage {
					idx.byPkg[t.Text] = append(idx.byPkg[t.Text], bt)
				}
			}
		}
	}
	return idx
}

// candidates returns the targets that could match something in package path.
func (idx *banIndex) candidates(path string) []banTarget {
	cs := idx.byPkg[path]
	for _, bt := range idx.recursive {
		if bt.target.MatchPackage(path) {
			cs = append(cs[:len(cs):len(cs)], bt)
		}
	}
	return cs
}

func (b *bans) run(pass *analysis.Pass) (any, error) {
	if len(b.cfg.Rules) == 0 {
		return nil, nil // no ban rules configured
	}
	files := pass.ResultOf[b.dirs].(*directives.Result)
	rep := directives.NewReporter(pass, files, func(id string) bool { return b.cfg.Rule(id) != nil })
	byFile := make(map[*ast.File]*analysisutil.FileState, len(files.Files))
	for _, f := range files.Files {
		byFile[f.File] = f
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range insp.Root().Children() {
		f := byFile[cur.Node().(*ast.File)]
		if f == nil {
			continue // a file without position information
		}
		if rules := b.governing(f); len(rules) > 0 {
			b.checkFile(pass, rep, cur, f, rules)
		}
	}
	rep.Finish()
	return nil, nil
}

// governing returns the set of rules that apply to file f.
func (b *bans) governing(f *analysisutil.FileState) map[*config.Rule]bool {
	if f.Skip {
		return nil
	}
	var rules map[*config.Rule]bool
	for _, r := range b.cfg.Rules {
		if r.Applies(f.Rel, f.InRoot) {
			if rules == nil {
				rules = map[*config.Rule]bool{}
			}
			rules[r] = true
		}
	}
	return rules
}

// checkFile reports the banned imports and references of the file at cur.
func (b *bans) checkFile(pass *analysis.Pass, rep *directives.Reporter, cur inspector.Cursor, f *analysisutil.FileState, rules map[*config.Rule]bool) {
	imported := map[string]bool{} // package paths this file imports
	for c := range cur.Preorder((*ast.ImportSpec)(nil), (*ast.Ident)(nil)) {
		switch n := c.Node().(type) {
		case *ast.ImportSpec:
			if f.IsCgoImport(n) {
				continue // written by cmd/cgo in place of import "C"
			}
			path := importPath(pass.TypesInfo, n)
			imported[path] = true
			b.checkImport(rep, n, path, rules)
		case *ast.Ident:
			b.checkIdent(pass, rep, c, n, imported, rules)
		}
	}
}

// importPath returns the path of the package an import spec imports.
func importPath(info *types.Info, spec *ast.ImportSpec) string {
	if pn := info.PkgNameOf(spec); pn != nil {
		return pn.Imported().Path() // resolves vendoring and import maps
	}
	path, _ := strconv.Unquote(spec.Path.Value)
	return path // the import failed to type-check
}

func (b *bans) checkImport(rep *directives.Reporter, spec *ast.ImportSpec, path string, rules map[*config.Rule]bool) {
	reported := map[*config.Rule]bool{}
	for _, bt := range b.idx.candidates(path) {
		if !rules[bt.rule] || reported[bt.rule] || !bt.target.MatchPackage(path) {
			continue // not governing this file, reported already, or a symbol target in this package
		}
		reported[bt.rule] = true // one finding per import and rule
		rep.Report(analysisutil.Finding(bt.rule.Meta(), "bans", spec.Path, fmt.Sprintf("import of %q is banned here (%s)", path, bt.rule.ID)))
	}
}

// checkIdent reports a use of a banned object.
func (b *bans) checkIdent(pass *analysis.Pass, rep *directives.Reporter, c inspector.Cursor, id *ast.Ident, imported map[string]bool, rules map[*config.Rule]bool) {
	obj := pass.TypesInfo.Uses[id]
	if obj == nil || obj.Pkg() == nil {
		return // a declaration, a blank, a builtin, or an unresolved name
	}
	if _, ok := obj.(*types.PkgName); ok {
		return // the qualifier of pkg.Name: imports are checked at the import spec
	}
	sel, _ := c.Parent().Node().(*ast.SelectorExpr)
	if sel != nil && sel.Sel != id {
		sel = nil // id is the operand, not the selected name
	}
	b.checkObject(pass, rep, c, id, sel, obj, "", imported, rules)
	if named := aliased(obj); named != nil {
		// The alias is the type: a use of a local alias of a banned type
		// is a use of the banned type.
		b.checkObject(pass, rep, c, id, sel, named, obj.Name(), imported, rules)
	}
}

// aliased returns the type name that the alias obj stands for, or nil if
// obj is not an alias of a defined type of some package.
func aliased(obj types.Object) types.Object {
	tn, ok := obj.(*types.TypeName)
	if !ok || !tn.IsAlias() {
		return nil // not an alias
	}
	named, ok := types.Unalias(tn.Type()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return nil // an alias of a type literal, or of a predeclared type
	}
	return named.Origin().Obj()
}

// checkObject reports the use of obj at id (in sel, if it is a selected
// name) for each governing rule that bans it; alias names the alias id
// was written as, if obj is what an alias stands for.
func (b *bans) checkObject(pass *analysis.Pass, rep *directives.Reporter, c inspector.Cursor, id *ast.Ident, sel *ast.SelectorExpr, obj types.Object, alias string, imported map[string]bool, rules map[*config.Rule]bool) {
	reported := map[*config.Rule]bool{}
	for _, bt := range b.candidatesFor(pass, obj, sel) {
		if !rules[bt.rule] || reported[bt.rule] || !b.matches(pass, bt.target, obj, sel) {
			continue // rule does not govern this file, reported already, or another object
		}
		if bt.target.MatchPackage(obj.Pkg().Path()) && imported[obj.Pkg().Path()] {
			continue // a banned package imported by this file: its import is the finding
		}
		node := ast.Node(id)
		if sel != nil {
			node = sel // underline os.ReadFile, f.Write, not just the name
		}
		reported[bt.rule] = true // one finding per reference and rule
		what := analysisutil.ObjectName(obj)
		switch {
		case bt.target.Kind == config.TargetPackage || bt.target.OrPackage && obj.Pkg().Path() == bt.target.Text:
			what = fmt.Sprintf("%s (package %q)", what, obj.Pkg().Path())
		case !bt.target.MatchObject(obj):
			recv := selectionRecv(pass, sel).Obj() // matched as promoted to the selection's receiver
			what = fmt.Sprintf("(%s.%s).%s", recv.Pkg().Path(), recv.Name(), obj.Name())
		}
		if alias != "" {
			what += " (through alias " + alias + ")"
		}
		d := analysisutil.Finding(bt.rule.Meta(), "bans", node, fmt.Sprintf("%s is banned here (%s)", what, bt.rule.ID))
		if alias == "" {
			d.SuggestedFixes = b.suggestReplacement(pass, c, obj, bt.rule, rules) // see fix.go
		}
		rep.Report(d)
	}
}

// candidatesFor returns the targets that may match obj, used as id in
// sel (nil if id is not a selected name): those of obj's package, and for
// a method selected on a type of another package, that type's.
func (b *bans) candidatesFor(pass *analysis.Pass, obj types.Object, sel *ast.SelectorExpr) []banTarget {
	cs := b.idx.candidates(obj.Pkg().Path())
	if recv := selectionRecv(pass, sel); recv != nil && recv.Obj().Pkg() != nil && recv.Obj().Pkg() != obj.Pkg() {
		cs = append(cs[:len(cs):len(cs)], b.idx.candidates(recv.Obj().Pkg().Path())...)
	}
	return cs
}

// matches reports whether t names obj, or names the method obj as
// selected on the receiver type of sel (a method promoted to it).
func (b *bans) matches(pass *analysis.Pass, t *config.Target, obj types.Object, sel *ast.SelectorExpr) bool {
	if t.MatchObject(obj) {
		return true
	}
	recv := selectionRecv(pass, sel)
	return recv != nil && t.MatchSelection(recv, obj.Name())
}

// selectionRecv returns the named type a method is selected on in sel,
// or nil if sel selects no method or its receiver is not a named type.
func selectionRecv(pass *analysis.Pass, sel *ast.SelectorExpr) *types.Named {
	if sel == nil {
		return nil
	}
	s := pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() == types.FieldVal {
		return nil // a qualified identifier, or a field
	}
	t := types.Unalias(s.Recv())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}
