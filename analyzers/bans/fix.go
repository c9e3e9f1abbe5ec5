package bans

// Suggested fixes for banned functions.
//
// A finding that references a banned package-level function carries a
// fix when the rule's use_instead names an exported package-level
// function ("example.com/app/internal/localfs.ReadFile") whose signature
// is identical to the banned one's: equal signature keys (see
// replacements.go), which, unlike types.Identical, also hold across
// loads. Identical signatures make the rewrite type-check wherever the
// reference stands: calls, function values, arguments, generic
// instantiations. What the replacement does is the rule author's
// promise; archvet checks only that the swap is mechanical.
//
// Visibility. An analyzer sees the types of the package under analysis
// and of the packages it imports, directly or not, and nothing else; it
// cannot load packages. So on its own it offers a fix only when the
// replacement's package is among pass.Pkg's transitive imports:
// typically the package already uses the replacement elsewhere,
// mid-migration. Drivers that load dependencies from export data (go
// vet, archvet) hold the whole API of direct imports but only the
// referenced parts of indirect ones. A side effect is welcome: the
// package already depends on the replacement's package, so adding the
// import cannot create a cycle. When the replacement is not visible, a
// driver that loaded it may have passed it as data (WithReplacements,
// replacements.go): archvet's does, go vet and golangci-lint do not.
// The visible function, when there is one, takes precedence: its types
// come from the same load as the banned function's. CheckUseInstead
// gives the rules-file validation the same signature test, so a
// use_instead that can never be a fix is reported once, at the rule,
// rather than silently never offered.
//
// Edits. Each fix is a set of small, independent edits, so that any
// number of fixes in one file merge: (1) the reference, pkg.F or a
// dot-imported F, rewritten to q.G; (2) if the file does not import the
// replacement yet, the import, computed from the file alone, so that
// every fix in the file inserts byte-identical text at the same offset
// and appliers (archvet -fix, go vet -fix, gopls, analysistest) coalesce
// them; (3) if the reference is the last use of its import in the file
// and the replacement lives in another package, the import's deletion.
// When several fixes together remove the last use of an import, no
// single fix can know it; the applier removes imports left unused
// (archvet -fix from the original type information, the x/tools drivers
// by free-name analysis of the result).

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/archvet/archvet/config"
)

// UseInsteadFunc returns the package path and name of the function a
// rule's use_instead names, and false if use_instead is prose, a
// pattern, a method or anything but one pkg/path.Name.
func UseInsteadFunc(useInstead string) (pkgPath, name string, ok bool) {
	t, err := config.ParseTarget(useInstead)
	if err != nil || t.Kind != config.TargetSymbol {
		return "", "", false // prose, a package or a method
	}
	names, literal := t.Name.Literal()
	if !literal || len(names) != 1 {
		return "", "", false // a wildcard or a brace list
	}
	return t.Pkg, names[0], true
}

// CheckUseInstead returns nil if references to banned can be replaced by
// replacement mechanically: both are package-level functions, the
// replacement is exported and the signatures are identical (equal
// signature keys, so banned and replacement may come from different
// loads). Otherwise the error says why no fix will be offered, for the
// rules-file validation to report at the rule.
func CheckUseInstead(banned, replacement *types.Func) error {
	bs, rs := banned.Origin().Signature(), replacement.Origin().Signature()
	switch {
	case bs.Recv() != nil:
		return fmt.Errorf("use_instead %s can replace only package-level functions, but %s is a method; no fix will be offered", replacement.FullName(), banned.FullName())
	case rs.Recv() != nil:
		return fmt.Errorf("use_instead %s is a method; only a package-level function can replace %s; no fix will be offered", replacement.FullName(), banned.FullName())
	case !replacement.Exported():
		return fmt.Errorf("use_instead %s is not exported; no fix will be offered", replacement.FullName())
	case !sameSignature(bs, signatureKey(rs)):
		return fmt.Errorf("use_instead %s has signature %s, but %s has %s; no fix will be offered",
			replacement.FullName(), signatureString(replacement), banned.FullName(), signatureString(banned))
	}
	return nil
}

// signatureString prints fn's signature without parameter names,
// qualifying types by package name: func(string, []byte, fs.FileMode) error.
func signatureString(fn *types.Func) string {
	sig := fn.Origin().Signature()
	qf := func(p *types.Package) string { return p.Name() }
	var b strings.Builder
	b.WriteString("func")
	if tps := sig.TypeParams(); tps.Len() > 0 {
		b.WriteByte('[')
		for i := range tps.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			tp := tps.At(i)
			b.WriteString(tp.Obj().Name() + " " + types.TypeString(tp.Constraint(), qf))
		}
		b.WriteByte(']')
	}
	unnamed := func(t *types.Tuple) *types.Tuple {
		vars := make([]*types.Var, t.Len())
		for i := range vars {
			vars[i] = types.NewParam(token.NoPos, nil, "", t.At(i).Type())
		}
		return types.NewTuple(vars...)
	}
	plain := types.NewSignatureType(nil, nil, nil, unnamed(sig.Params()), unnamed(sig.Results()), sig.Variadic())
	b.WriteString(strings.TrimPrefix(types.TypeString(plain, qf), "func"))
	return b.String()
}

// sameSignature reports whether sig, a function's signature, has the
// signature key key.
func sameSignature(sig *types.Signature, key string) bool {
	k := signatureKey(sig)
	return k != "" && k == key
}

// A fixTarget is the function a fix rewrites references to.
type fixTarget struct {
	pkgPath, pkgName, name string
}

// suggestReplacement returns the fix for the reference at the identifier
// cursor c to obj, reported under rule in a file governed by rules, or
// nil if none is safe.
func (b *bans) suggestReplacement(pass *analysis.Pass, c inspector.Cursor, obj types.Object, rule *config.Rule, rules map[*config.Rule]bool) []analysis.SuggestedFix {
	banned, ok := obj.(*types.Func)
	if !ok || pass.Pkg == nil {
		return nil // not a function, or no types: only a function replaces a function
	}
	repl, ok := b.replacement(pass.Pkg, banned, rule.UseInstead)
	if !ok {
		return nil // no function of the same signature to replace it with, as far as this pass knows
	}
	if bannedIn(repl, rules) || !importable(pass.Pkg.Path(), repl.pkgPath) {
		return nil // banned itself here, or not importable from here
	}
	fileCur, ok := enclosingFile(c)
	if !ok {
		return nil // an identifier outside a file: cannot happen for pass.Files
	}
	f := &fixFile{pass: pass, cur: fileCur, file: fileCur.Node().(*ast.File)}
	return f.replace(c, banned, repl)
}

// replacement returns the function that the use_instead text names, if
// it can replace banned in pkg: the one among pkg's imports if it is
// visible there, else the one the driver loaded (WithReplacements).
func (b *bans) replacement(pkg *types.Package, banned *types.Func, useInstead string) (fixTarget, bool) {
	pkgPath, name, ok := UseInsteadFunc(useInstead)
	if !ok {
		return fixTarget{}, false // use_instead names no single function
	}
	if fn := visibleFunc(pkg, pkgPath, name); fn != nil {
		return fixTarget{pkgPath, fn.Pkg().Name(), name}, CheckUseInstead(banned, fn) == nil
	}
	r, ok := b.opts.replacements[useInstead]
	if !ok && b.opts.lookup != nil {
		r, ok = b.opts.lookup(useInstead)
	}
	switch {
	case !ok:
		return fixTarget{}, false // not among pkg's imports, and the driver loaded nothing
	case r.PkgPath != pkgPath || r.Name != name || !token.IsExported(name):
		return fixTarget{}, false // describes another function, or one pkg may not call
	case banned.Signature().Recv() != nil || !sameSignature(banned.Origin().Signature(), r.Signature):
		return fixTarget{}, false // a method, or another signature
	}
	if _, cycle := slices.BinarySearch(r.Deps, pkg.Path()); cycle {
		return fixTarget{}, false // the replacement's package imports pkg: importing it would be a cycle
	}
	return fixTarget{r.PkgPath, r.PkgName, r.Name}, true
}

// visibleFunc returns the exported package-level function name of the
// package at pkgPath, if that package is pkg itself or among its
// transitive imports, and nil otherwise.
func visibleFunc(pkg *types.Package, pkgPath, name string) *types.Func {
	seen := map[*types.Package]bool{}
	queue := []*types.Package{pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue // reached through another import
		}
		seen[p] = true
		if p.Path() == pkgPath {
			fn, _ := p.Scope().Lookup(name).(*types.Func)
			if fn == nil || !fn.Exported() {
				return nil // no such function, or not one another package may call
			}
			return fn
		}
		queue = append(queue, p.Imports()...)
	}
	return nil
}

// bannedIn reports whether any of rules bans the package-level function
// t: a fix must not trade one finding for another.
func bannedIn(t fixTarget, rules map[*config.Rule]bool) bool {
	for r := range rules {
		for _, bt := range r.Ban {
			if bt.MatchPackageLevel(t.pkgPath, t.name) {
				return true
			}
		}
	}
	return false
}

// importable reports whether the package at path from may import the
// package at path to: not itself, and not another tree's internal
// package.
func importable(from, to string) bool {
	if from == to {
		return false // a package cannot import itself
	}
	elems := strings.Split(to, "/")
	for i := len(elems) - 1; i >= 0; i-- {
		if elems[i] != "internal" {
			continue
		}
		if i == 0 {
			first, _, _ := strings.Cut(from, "/")
			return !strings.Contains(first, ".") // std "internal/...": only std may import it
		}
		parent := strings.Join(elems[:i], "/")
		return from == parent || strings.HasPrefix(from, parent+"/")
	}
	return true
}

func enclosingFile(c inspector.Cursor) (inspector.Cursor, bool) {
	for fc := range c.Enclosing((*ast.File)(nil)) {
		return fc, true
	}
	return inspector.Cursor{}, false
}

// fixFile computes the edits of fixes in one file.
type fixFile struct {
	pass *analysis.Pass
	cur  inspector.Cursor // the file
	file *ast.File
}

// replace returns the fix that rewrites the reference at the identifier
// cursor c from banned to repl, or nil.
func (f *fixFile) replace(c inspector.Cursor, banned *types.Func, repl fixTarget) []analysis.SuggestedFix {
	id := c.Node().(*ast.Ident)
	ref, spec := f.reference(c, id, banned)
	if spec == nil {
		return nil // the import the reference goes through was not found
	}
	qual, add, ok := f.qualifier(repl, ref.Pos())
	if !ok {
		return nil // the file's import of the replacement is shadowed here
	}
	newText := repl.name
	if qual != "" {
		newText = qual + "." + newText
	}
	var edits []analysis.TextEdit
	if add {
		edits = append(edits, f.addImport(repl, qual)...)
	}
	if importPath(f.pass.TypesInfo, spec) != repl.pkgPath && f.uses(spec) == 1 {
		if del, ok := f.deleteImport(spec, add); ok {
			edits = append(edits, del) // this reference was the import's last use
		}
	}
	edits = append(edits, analysis.TextEdit{Pos: ref.Pos(), End: ref.End(), NewText: []byte(newText)})
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Replace %s with %s", types.ExprString(ref), newText),
		TextEdits: edits,
	}}
}

// reference returns the expression at the identifier cursor c that
// names banned (pkg.F, or F if dot-imported) and the import spec it goes
// through; spec is nil if there is none.
func (f *fixFile) reference(c inspector.Cursor, id *ast.Ident, banned *types.Func) (ref ast.Expr, spec *ast.ImportSpec) {
	info := f.pass.TypesInfo
	if sel, ok := c.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == id {
		x, ok := sel.X.(*ast.Ident)
		if !ok {
			return nil, nil // a package-level function is selected only from a package name
		}
		pn, ok := info.Uses[x].(*types.PkgName)
		if !ok {
			return nil, nil // likewise
		}
		for _, s := range f.file.Imports {
			if info.PkgNameOf(s) == pn {
				return sel, s
			}
		}
		return nil, nil // an import of another file: cannot happen, imports are file-scoped
	}
	for _, s := range f.file.Imports {
		if s.Name != nil && s.Name.Name == "." && importPath(info, s) == banned.Pkg().Path() {
			return id, s // a dot-imported function
		}
	}
	return nil, nil
}

// qualifier returns how the file can name repl at pos: through an
// existing import that is not shadowed there ("" for a dot import), or
// through a new import (add) under a name nothing in the file or the
// package uses. ok is false if the file's import of repl's package is
// shadowed at pos: a second import of the same package would be noise.
func (f *fixFile) qualifier(repl fixTarget, pos token.Pos) (qual string, add, ok bool) {
	info := f.pass.TypesInfo
	scope := f.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return "", false, false // pos in no scope: cannot happen for a resolved identifier
	}
	named := false
	for _, s := range f.file.Imports {
		pn := info.PkgNameOf(s)
		if pn == nil || pn.Imported().Path() != repl.pkgPath || pn.Name() == "_" {
			continue // another package, an import that failed, or a blank import
		}
		if pn.Name() == "." {
			if _, obj := scope.LookupParent(repl.name, pos); obj != nil && obj == pn.Imported().Scope().Lookup(repl.name) {
				return "", false, true // dot-imported and visible here
			}
			continue // dot-imported but shadowed: qualify it
		}
		named = true
		if _, obj := scope.LookupParent(pn.Name(), pos); obj == pn {
			return pn.Name(), false, true
		}
	}
	if named {
		return "", false, false
	}
	return f.freshName(repl.pkgName), true, true
}

// freshName returns the name the file imports a package named base
// under when it adds the import: base, or base with a number appended
// if an identifier in the file or a package-level declaration already
// uses it. It depends on the file alone, so every fix in the file
// agrees.
func (f *fixFile) freshName(base string) string {
	used := map[string]bool{}
	for c := range f.cur.Preorder((*ast.Ident)(nil)) {
		used[c.Node().(*ast.Ident).Name] = true
	}
	for _, s := range f.file.Imports {
		if pn := f.pass.TypesInfo.PkgNameOf(s); pn != nil {
			used[pn.Name()] = true // an implicit name, as in import "os"
		}
	}
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name += strconv.Itoa(i)
		}
		if !used[name] && f.pass.Pkg.Scope().Lookup(name) == nil {
			return name
		}
	}
}

// importTarget returns the import declaration that new imports join:
// the first parenthesized one among the file's leading import
// declarations, else the last of them, never import "C" with its cgo
// preamble; nil if there is none.
func importTarget(file *ast.File) *ast.GenDecl {
	var last *ast.GenDecl
	for _, gd := range importDecls(file) {
		switch {
		case slices.ContainsFunc(gd.Specs, func(s ast.Spec) bool { return s.(*ast.ImportSpec).Path.Value == `"C"` }):
			continue // import "C" must stay alone under its preamble
		case gd.Lparen.IsValid():
			return gd
		}
		last = gd
	}
	return last
}

// importDecls returns the file's import declarations, which come first.
func importDecls(file *ast.File) []*ast.GenDecl {
	var out []*ast.GenDecl
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break // imports come first
		}
		out = append(out, gd)
	}
	return out
}

// addImport returns the edits that import repl's package under name: a line at the
// end of the target declaration (see importTarget), which gains
// parentheses if it has none. The edits depend on the file alone; see
// the design notes above.
func (f *fixFile) addImport(repl fixTarget, name string) []analysis.TextEdit {
	spec := strconv.Quote(repl.pkgPath)
	if name != repl.pkgName || path.Base(repl.pkgPath) != name {
		spec = name + " " + spec // renamed, or a path whose last element is not the name (yaml.v3)
	}
	insert := func(pos token.Pos, text string) analysis.TextEdit {
		return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}
	}
	gd := importTarget(f.file)
	switch {
	case gd == nil:
		if decls := importDecls(f.file); len(decls) > 0 {
			return []analysis.TextEdit{insert(decls[len(decls)-1].End(), "\nimport "+spec)} // after import "C"
		}
		return []analysis.TextEdit{insert(f.file.Name.End(), "\n\nimport "+spec)} // no imports: unreachable for a reference to another package
	case len(gd.Specs) == 0:
		return []analysis.TextEdit{insert(gd.Lparen+1, "\n\t"+spec+"\n")} // import ()
	case !gd.Lparen.IsValid():
		only := gd.Specs[0].(*ast.ImportSpec)
		return []analysis.TextEdit{insert(only.Pos(), "("), insert(specEnd(only), "\n\t"+spec+"\n)")}
	}
	return []analysis.TextEdit{insert(specEnd(gd.Specs[len(gd.Specs)-1].(*ast.ImportSpec)), "\n\t"+spec)}
}

// specEnd is where an import spec ends, including its line comment.
func specEnd(s *ast.ImportSpec) token.Pos {
	if s.Comment != nil {
		return s.Comment.End()
	}
	return s.End()
}

// deleteImport returns the edit that deletes spec; adding says whether
// the same fix adds an import. It never straddles the points where
// addImport inserts: in the target declaration it deletes the spec
// alone, from the end of the previous spec (or the parenthesis) to its
// own end, and leaves the declaration; elsewhere, or in an unparenthesized
// target that nothing joins, a declaration of one spec goes whole.
func (f *fixFile) deleteImport(spec *ast.ImportSpec, adding bool) (analysis.TextEdit, bool) {
	target := importTarget(f.file)
	for _, gd := range importDecls(f.file) {
		for i, s := range gd.Specs {
			if s != spec {
				continue // another import
			}
			var start token.Pos
			switch {
			case gd != target && (!gd.Lparen.IsValid() || len(gd.Specs) == 1),
				gd == target && !gd.Lparen.IsValid() && !adding:
				start = gd.Pos()
				if gd.Doc != nil {
					start = gd.Doc.Pos()
				}
				return analysis.TextEdit{Pos: start, End: gd.End()}, true
			case !gd.Lparen.IsValid():
				start = spec.Pos() // the target, gaining parentheses if a fix adds an import
			case i == 0:
				start = gd.Lparen + 1
			default:
				start = specEnd(gd.Specs[i-1].(*ast.ImportSpec))
			}
			return analysis.TextEdit{Pos: start, End: specEnd(spec)}, true
		}
	}
	return analysis.TextEdit{}, false
}

// uses counts the identifiers in the file that refer to spec's import:
// the qualifier of pkg.Name for a named or plain import, and each
// unqualified package-level name of the package for a dot import.
func (f *fixFile) uses(spec *ast.ImportSpec) int {
	info := f.pass.TypesInfo
	pn := info.PkgNameOf(spec)
	if pn == nil {
		return -1 // the import failed to type-check: never delete it
	}
	dot, imported := pn.Name() == ".", pn.Imported()
	n := 0
	for c := range f.cur.Preorder((*ast.Ident)(nil)) {
		id := c.Node().(*ast.Ident)
		obj := info.Uses[id]
		switch {
		case obj == nil:
			continue // a declaration or an unresolved name
		case !dot:
			if obj == pn {
				n++
			}
		case obj.Pkg() == imported && imported.Scope().Lookup(obj.Name()) == obj && !isSelected(c, id):
			n++ // a dot-imported package-level name
		}
	}
	return n
}

// isSelected reports whether id is the Sel of a selector expression.
func isSelected(c inspector.Cursor, id *ast.Ident) bool {
	sel, ok := c.Parent().Node().(*ast.SelectorExpr)
	return ok && sel.Sel == id
}
