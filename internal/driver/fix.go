package driver

// Applying suggested fixes (archvet -fix, -diff).
//
// Analyze keeps the first suggested fix of each finding, from whichever
// action offers one: a file shared by a package and its test variant is
// analysed twice, and only one of the two may see the replacement's
// package. Fix then merges the fixes file by file, in finding order:
//   - an edit identical to one already accepted (same file, range and
//     text) is dropped, so fixes that each add the same import, or the
//     same fix from two variants, coalesce;
//   - a fix with an edit that overlaps an accepted one is skipped whole,
//     and said so; insertions at the edge of a replaced range do not
//     overlap it;
//   - fixes to generated files are skipped, as the x/tools drivers do.
//
// Imports left unused. Each fix is sound alone, but several together may
// remove the last use of an import that none of them removes (two
// references to os.ReadFile in one file). The result would not compile,
// and neither goimports nor x/tools' import pruning is available to a
// program outside x/tools, so Fix removes them itself, precisely: an
// import is dropped when every identifier that used it in the original
// file (by types.Info) lies inside text the applied edits replaced, and
// no inserted text names it. Imports that were unused before, or that a
// fix deletes itself, are left alone. The result is formatted with
// go/format; a file whose result does not parse is left unchanged and
// its fixes are reported as skipped (a bug in an analyzer).

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/report"
)

// fixSet holds the fixes Analyze collected, one per finding.
type fixSet struct {
	byKey map[report.Finding]*fix
	files map[string]*fixFile // by absolute file name
}

// A fix is the first suggested fix of one finding, its edits resolved to
// byte offsets.
type fix struct {
	key     report.Finding // the finding it fixes
	message string
	edits   []edit
}

type edit struct {
	file       string // absolute file name
	start, end int    // byte offsets
	text       string
}

// fixFile is what the fixes need to know of an edited file, taken from
// one package's syntax and types for it (any variant will do: all parsed
// the same file) when the fix is recorded, so that the package itself can
// go once it is analysed (bounded.go).
type fixFile struct {
	name      string // absolute
	display   string // as findings name files
	size      int    // at analysis time, to detect later writes
	generated bool
	imports   []fileImport // nil without type information: imports are then left alone
}

// A fileImport is an import of a fixFile and where the file uses it.
type fileImport struct {
	ref        importRef
	name       string   // the name it binds: the package's, the explicit one, or "."
	start, end int      // byte offsets of the import spec
	uses       [][2]int // byte offsets of the identifiers that use it
	dotNames   []string // for a dot import, the imported package's names
}

// addFix records the first suggested fix of d, a diagnostic of package p
// whose finding is key, unless the finding has one already: the same
// finding (equal Findings, position included) may come from a package
// and its test variant. wd is the working directory that findings' file
// names are relative to.
func (r *Result) addFix(wd string, key report.Finding, p *packages.Package, d analysis.Diagnostic) {
	if len(d.SuggestedFixes) == 0 || len(d.SuggestedFixes[0].TextEdits) == 0 || r.fixes.byKey[key] != nil {
		return // nothing to fix, a fix the driver would have to compute, or fixed through another variant
	}
	if r.fixes.byKey == nil {
		r.fixes = fixSet{byKey: map[report.Finding]*fix{}, files: map[string]*fixFile{}}
	}
	sf := d.SuggestedFixes[0]
	fx := &fix{key: key, message: sf.Message}
	for _, e := range sf.TextEdits {
		tok := p.Fset.File(e.Pos)
		if tok == nil {
			return // an edit without a position: drop the fix
		}
		end := e.End
		if !end.IsValid() {
			end = e.Pos // an insertion
		}
		fx.edits = append(fx.edits, edit{file: tok.Name(), start: tok.Offset(e.Pos), end: tok.Offset(end), text: string(e.NewText)})
		if r.fixes.files[tok.Name()] == nil {
			r.fixes.files[tok.Name()] = newFixFile(wd, p, tok)
		}
	}
	r.fixes.byKey[key] = fx
}

// newFixFile records what the fixes need of the file tok of p.
func newFixFile(wd string, p *packages.Package, tok *token.File) *fixFile {
	ff := &fixFile{name: tok.Name(), display: displayPath(wd, tok.Name()), size: tok.Size()}
	var syntax *ast.File
	for _, f := range p.Syntax {
		if p.Fset.File(f.FileStart) == tok {
			syntax = f
			break
		}
	}
	if syntax == nil {
		return ff
	}
	ff.generated = ast.IsGenerated(syntax)
	if p.TypesInfo == nil {
		return ff // no type information: leave the imports alone
	}
	ff.imports = []fileImport{}
	for _, spec := range syntax.Imports {
		pn := p.TypesInfo.PkgNameOf(spec)
		if pn == nil || pn.Name() == "_" {
			continue // failed to type-check, or a blank import kept for its side effects
		}
		imp := fileImport{ref: importRef{path: pn.Imported().Path()}, name: pn.Name(), start: tok.Offset(spec.Pos()), end: tok.Offset(spec.End())}
		if spec.Name != nil {
			imp.ref.name = spec.Name.Name
		}
		for _, id := range importUses(p.TypesInfo, syntax, pn) {
			imp.uses = append(imp.uses, [2]int{tok.Offset(id.Pos()), tok.Offset(id.End())})
		}
		if pn.Name() == "." {
			imp.dotNames = pn.Imported().Scope().Names()
		}
		ff.imports = append(ff.imports, imp)
	}
	return ff
}

// Fixes is the outcome of applying the fixes of a run. Nothing is
// written until Write.
type Fixes struct {
	Files     []FileFix        // the files the fixes change, by name
	Applied   int              // number of fixes applied
	Skipped   []string         // why each fix that was not applied was not, as "file:line:col: ..."
	Remaining []report.Finding // the findings no applied fix resolves, sorted
}

// A FileFix is one file's content before and after the fixes.
type FileFix struct {
	Name     string // as findings name files: relative to the working directory if below it
	Path     string // absolute
	Old, New []byte
}

// Fix merges and applies the fixes of r's findings in memory (see the
// notes at the top of this file). The error is for files that cannot be
// read or that changed since they were analysed.
func (r *Result) Fix() (*Fixes, error) {
	out := &Fixes{}
	accepted := map[string][]edit{} // by file
	byFile := map[string][]*fix{}   // the fixes accepted into each file
	var order []*fix
	where := map[*fix]report.Finding{}
	for _, f := range r.Findings {
		fx := r.fixes.byKey[f]
		if fx == nil {
			continue // no fix offered
		}
		where[fx] = f
		if reason := r.fixes.check(fx, accepted); reason != "" {
			out.Skipped = append(out.Skipped, fmt.Sprintf("%s:%d:%d: fix %q skipped: %s", f.File, f.Line, f.Column, fx.message, reason))
			continue
		}
		for _, e := range fx.edits {
			if !slices.Contains(accepted[e.file], e) {
				accepted[e.file] = append(accepted[e.file], e)
			}
			if !slices.Contains(byFile[e.file], fx) {
				byFile[e.file] = append(byFile[e.file], fx)
			}
		}
		order = append(order, fx)
	}
	failed := map[*fix]bool{}
	for _, name := range slices.Sorted(maps.Keys(accepted)) {
		ff := r.fixes.files[name]
		old, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading %s to fix it: %w", name, err)
		}
		if len(old) != ff.size {
			return nil, fmt.Errorf("%s changed since it was analysed; not fixing anything", name)
		}
		fixed, err := ff.apply(old, accepted[name])
		if err != nil {
			for _, fx := range byFile[name] {
				failed[fx] = true
				f := where[fx]
				out.Skipped = append(out.Skipped, fmt.Sprintf("%s:%d:%d: fix %q skipped: %v", f.File, f.Line, f.Column, fx.message, err))
			}
			continue
		}
		if !bytes.Equal(old, fixed) {
			out.Files = append(out.Files, FileFix{Name: ff.display, Path: name, Old: old, New: fixed})
		}
	}
	resolved := map[report.Finding]bool{}
	for _, fx := range order {
		if !failed[fx] {
			resolved[fx.key] = true
			out.Applied++
		}
	}
	for _, f := range r.Findings {
		if !resolved[f] {
			out.Remaining = append(out.Remaining, f)
		}
	}
	return out, nil
}

// check returns why fx cannot join the accepted edits, or "".
func (s *fixSet) check(fx *fix, accepted map[string][]edit) string {
	for _, e := range fx.edits {
		ff := s.files[e.file]
		if ff.generated {
			return "it edits a generated file"
		}
		for _, a := range accepted[e.file] {
			if a != e && overlap(a, e) {
				return "it conflicts with another fix; run archvet -fix again"
			}
		}
	}
	return ""
}

// overlap reports whether two different edits of one file conflict: their
// replaced ranges intersect, or one inserts strictly inside the other's
// range. Two insertions at one offset are applied in acceptance order.
func overlap(a, b edit) bool {
	if a.start == a.end || b.start == b.end {
		return a.start < b.start && b.start < a.end || b.start < a.start && a.start < b.end
	}
	return a.start < b.end && b.start < a.end
}

// apply applies edits to the file's content old, removes the imports the
// edits leave unused and formats the result.
func (ff *fixFile) apply(old []byte, edits []edit) ([]byte, error) {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b edit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	var buf bytes.Buffer
	last := 0
	for _, e := range sorted {
		buf.Write(old[last:e.start])
		buf.WriteString(e.text)
		last = e.end
	}
	buf.Write(old[last:])
	unused := ff.unusedImports(sorted)
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, ff.name, buf.Bytes(), parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("the fixed file does not parse: %w", err)
	}
	for _, imp := range unused {
		astutil.DeleteNamedImport(fset, file, imp.name, imp.path)
	}
	var out bytes.Buffer
	if err := format.Node(&out, fset, file); err != nil {
		return nil, fmt.Errorf("formatting the fixed file: %w", err)
	}
	return format.Source(out.Bytes()) // normalise what DeleteNamedImport left
}

// An importRef names an import spec for astutil.DeleteNamedImport.
type importRef struct {
	name string // explicit name; "" for a plain import
	path string
}

// unusedImports returns the imports of the original file that the edits
// leave without a use (see the notes at the top of this file).
func (ff *fixFile) unusedImports(edits []edit) []importRef {
	named := insertedIdents(edits)
	var out []importRef
	for _, imp := range ff.imports {
		if slices.ContainsFunc(edits, func(e edit) bool { return e.start < imp.end && imp.start < e.end }) {
			continue // a fix edits the import itself
		}
		if len(imp.uses) == 0 {
			continue // unused before the fixes: not ours to remove
		}
		if !allReplaced(imp.uses, edits) || imp.stillNamed(named) {
			continue // still used
		}
		out = append(out, imp.ref)
	}
	return out
}

// importUses returns the identifiers of file that use the import pn: the
// package name for a named or plain import, the package's unqualified
// names for a dot import.
func importUses(info *types.Info, file *ast.File, pn *types.PkgName) []*ast.Ident {
	var out []*ast.Ident
	dot, imported := pn.Name() == ".", pn.Imported()
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false // the import itself
		case *ast.SelectorExpr:
			ast.Inspect(n.X, visit)
			return false // n.Sel names a member or a qualified name, never a dot-imported one
		case *ast.Ident:
			obj := info.Uses[n]
			switch {
			case obj == nil:
			case !dot && obj == pn,
				dot && obj.Pkg() == imported && imported.Scope().Lookup(obj.Name()) == obj:
				out = append(out, n)
			}
		}
		return true
	}
	ast.Inspect(file, visit)
	return out
}

// allReplaced reports whether every identifier, given as byte offsets,
// lies inside text that an edit replaces.
func allReplaced(ids [][2]int, edits []edit) bool {
	for _, id := range ids {
		if !slices.ContainsFunc(edits, func(e edit) bool { return e.start <= id[0] && id[1] <= e.end }) {
			return false
		}
	}
	return true
}

// insertedIdents returns the identifiers in the edits' new text.
func insertedIdents(edits []edit) map[string]bool {
	out := map[string]bool{}
	for _, e := range edits {
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile("", -1, len(e.text)), []byte(e.text), nil, 0)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.IDENT {
				out[lit] = true
			}
		}
	}
	return out
}

// stillNamed reports whether the inserted identifiers may use the import.
func (imp *fileImport) stillNamed(named map[string]bool) bool {
	if imp.name != "." {
		return named[imp.name]
	}
	return slices.ContainsFunc(imp.dotNames, func(name string) bool { return named[name] })
}

// Write writes the fixed files.
func (fx *Fixes) Write() error {
	for _, f := range fx.Files {
		if err := os.WriteFile(f.Path, f.New, 0o666); err != nil { // an existing file keeps its mode
			return fmt.Errorf("writing fixes: %w", err)
		}
	}
	return nil
}

// Diff writes the fixes as a unified diff, a/ and b/ prefixed like git's
// for files below the working directory, so that `git apply` and
// `patch -p1` take it.
func (fx *Fixes) Diff(w io.Writer) error {
	for _, f := range fx.Files {
		from, to := f.Name, f.Name
		if !filepath.IsAbs(f.Name) {
			from, to = "a/"+f.Name, "b/"+f.Name
		}
		if _, err := io.WriteString(w, unifiedDiff(from, to, f.Old, f.New)); err != nil {
			return err
		}
	}
	return nil
}

// Summary says what the fixes did, in one line.
func (fx *Fixes) Summary(written bool) string {
	verb := "would change"
	if written {
		verb = "changed"
	}
	s := fmt.Sprintf("%s; %s %s", plural(fx.Applied, "fix", "fixes"), verb, plural(len(fx.Files), "file", "files"))
	if n := len(fx.Skipped); n > 0 {
		s += fmt.Sprintf("; %s skipped", plural(n, "fix", "fixes"))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
