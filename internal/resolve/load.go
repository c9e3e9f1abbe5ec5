package resolve

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
)

// loadMode is what resolving needs of a target's package: its name, and
// its files for the syntactic fallback. Symbol targets also need its
// types, from export data, which makes go list -export look the package
// up in the build cache, or build it: twice the cost of a plain list.
const loadMode = packages.NeedName | packages.NeedFiles

// pkgState is what the resolver knows about a package path.
type pkgState int

const (
	found   pkgState = iota // the package exists in this build
	missing                 // the go command says it does not exist
	broken                  // it may exist but cannot be judged
)

// A pkgInfo is everything known about one package path.
type pkgInfo struct {
	path   string
	state  pkgState
	reason string           // missing: the go command's error
	name   string           // the package name; "" if unknown
	types  []*types.Package // from source or export data; several for test variants
	typed  bool             // types are as complete as they will get
	files  []string         // Go files for every platform; nil if unknown
	decls  *decls           // parsed from files on first need
}

// resolver resolves the targets of one rules file. It is used once, by
// one goroutine.
type resolver struct {
	cfg     *config.Config
	opts    Options
	checked []*packages.Package
	pkgs    map[string]*pkgInfo
	asked   map[string]bool // patterns given to packages.Load
	ranGo   bool            // the go command was run: the result depends on more than the checked packages
	need    map[string]bool // patterns to load in the next round
	typed   bool            // whether the next round needs types
	loadErr error           // the go command failed: nothing more is judged
	view    bool            // CheckView: only one package's view of typed packages, no files
	mains   []string        // paths of the main modules
	cands   []string        // package paths for suggestions; nil until needed
	// nodes are the import graph's nodes by path: the packages of typed
	// loads and, once deps is called, those the checked packages reach.
	nodes       map[string]*packages.Package
	testNodes   map[string][]*packages.Package // path -> its variants with in-package tests
	checkedSeen bool                           // whether the checked packages' graph is in nodes
	// outside is set while resolving a target whose package lies in no
	// module of the build list: it cannot match the code as it is, but a
	// ban of it guards against adding it, so it is a warning.
	outside bool
	// exports are the packages of the checked packages' import graph
	// that have export data, by path (plain variants only): loaded
	// without types (the standalone driver's graph), their types are
	// read from it in process instead of asking the go command again.
	exports  map[string]*packages.Package
	importer types.Importer // reads exports; made on first use
}

func newResolver(cfg *config.Config, checked []*packages.Package, opts Options) *resolver {
	r := &resolver{cfg: cfg, opts: opts, checked: checked,
		pkgs: map[string]*pkgInfo{}, asked: map[string]bool{}, need: map[string]bool{},
		nodes: map[string]*packages.Package{}, testNodes: map[string][]*packages.Package{}}
	seen := map[*types.Package]bool{}
	r.exports = map[string]*packages.Package{}
	packages.Visit(checked, nil, func(p *packages.Package) {
		// unsafe has no export data, and needs none: the importer gives
		// types.Unsafe, without asking the go command.
		if (p.ExportFile != "" || p.PkgPath == "unsafe") && p.ID == p.PkgPath && r.exports[p.PkgPath] == nil {
			r.exports[p.PkgPath] = p
		}
	})
	for _, p := range checked {
		if p.Module != nil && p.Module.Main && !slices.Contains(r.mains, p.Module.Path) {
			r.mains = append(r.mains, p.Module.Path)
		}
		files := goFiles(p)
		if p.PkgPath == "" || len(files) == 0 {
			continue // a pattern that matched nothing, or a package the go command could not find
		}
		info := r.info(p.PkgPath)
		info.name, info.files = p.Name, union(info.files, files)
		if p.Types != nil && p.TypesInfo != nil {
			info.types, info.typed = append(info.types, p.Types), true
			r.addImports(p.Types, seen)
		}
	}
	return r
}

// info returns the entry of path, making a found one if there is none.
func (r *resolver) info(path string) *pkgInfo {
	info := r.pkgs[path]
	if info == nil {
		info = &pkgInfo{path: path, state: found}
		r.pkgs[path] = info
	}
	return info
}

// addImports records the complete export-data packages that tp imports,
// directly or not: they exist, and hold every exported name.
func (r *resolver) addImports(tp *types.Package, seen map[*types.Package]bool) {
	for _, imp := range tp.Imports() {
		if seen[imp] || !imp.Complete() {
			continue // visited, or a partial package made to hold one referenced type
		}
		seen[imp] = true
		if info := r.info(imp.Path()); !info.typed {
			info.name, info.types, info.typed = imp.Name(), append(info.types, imp), true
		}
		r.addImports(imp, seen)
	}
}

// lookup returns what is known of the package at path. If that is not
// enough (nothing, or no types when typed is asked for) and the go
// command has not been asked yet, it asks for the next round and
// reports wait.
func (r *resolver) lookup(path string, typed bool) (info *pkgInfo, wait bool) {
	info = r.pkgs[path]
	if info != nil && (!typed || info.state != found || info.typed) {
		return info, false
	}
	if r.fromExport(path) {
		return r.pkgs[path], false // unknown or untyped so far, and in the checked packages' graph
	}
	if r.asked[path] || r.loadErr != nil {
		if info != nil {
			return info, false // found, but the load gave no types: lookups fall back to syntax
		}
		return &pkgInfo{path: path, state: broken}, false // the go command said nothing about it
	}
	r.need[path] = true
	r.typed = r.typed || typed
	return nil, true
}

// fromExport records the types of the package at path from its export
// data, if the checked packages' graph has it, and reports whether it
// did. The go command would read the same export data.
func (r *resolver) fromExport(path string) bool {
	p := r.exports[path]
	if p == nil {
		return false
	}
	if r.importer == nil {
		r.importer = importer.ForCompiler(token.NewFileSet(), "gc", func(path string) (io.ReadCloser, error) {
			if q := r.exports[path]; q != nil {
				return os.Open(q.ExportFile)
			}
			return nil, fmt.Errorf("no export data for %q", path)
		})
	}
	tp, err := r.importer.Import(path)
	if err != nil || tp == nil {
		delete(r.exports, path)
		return false // the go command will be asked
	}
	info := r.info(path)
	info.state, info.name, info.typed = found, p.Name, true
	info.files = union(info.files, goFiles(p))
	info.types = append(info.types, tp)
	return true
}

// declsOf returns the declarations of every Go file of the package, or
// wait if its files are not known yet. ok is false when they cannot be
// known, and nothing should be judged.
func (r *resolver) declsOf(info *pkgInfo) (d *decls, wait, ok bool) {
	if info.files == nil {
		if !r.asked[info.path] && r.loadErr == nil {
			r.need[info.path] = true
			return nil, true, false
		}
		return nil, false, false
	}
	if info.decls == nil {
		info.decls = parseDecls(info.name, info.files)
	}
	return info.decls, false, true
}

// load asks the go command, in one call, about every pattern needed.
func (r *resolver) load() {
	var pats []string
	for p := range r.need {
		pats = append(pats, p)
		r.asked[p] = true
	}
	clear(r.need)
	if len(pats) == 0 {
		return
	}
	slices.Sort(pats)
	mode := loadMode
	if r.typed {
		// NeedTypes runs go list -deps anyway (go/packages needs the
		// import graph for export data); NeedImports only keeps the
		// graph, for the imports of use_instead packages.
		mode |= packages.NeedTypes | packages.NeedImports
	}
	r.typed = false
	pkgs, err := packages.Load(r.goConfig(mode), pats...)
	if err != nil {
		r.loadErr = err
		r.ranGo = true
		return
	}
	for _, p := range pkgs {
		if !r.standard(p) {
			r.ranGo = true
		}
		r.add(p, mode&packages.NeedTypes != 0)
	}
}

// standard reports whether p, loaded by the go command, is a standard
// library package: it loaded, and its files are in Options.Goroot.
func (r *resolver) standard(p *packages.Package) bool {
	return len(p.Errors) == 0 && len(p.GoFiles) > 0 && r.opts.Goroot != "" && below(r.opts.Goroot, filepath.Dir(p.GoFiles[0]))
}

// goConfig is the packages.Config of every load. The go command runs
// with -mod=readonly when GOFLAGS asks for -mod=mod, which would query
// module proxies for misspelt paths and may add them to go.mod.
func (r *resolver) goConfig(mode packages.LoadMode) *packages.Config {
	cfg := &packages.Config{Mode: mode, Dir: r.opts.Dir, Env: r.opts.Env}
	env := r.opts.Env
	if env == nil {
		env = os.Environ()
	}
	goflags := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOFLAGS="); ok {
			goflags = v // the last one wins, as in os/exec
		}
	}
	for _, f := range strings.Fields(goflags) {
		if f == "-mod=mod" || f == "--mod=mod" {
			cfg.BuildFlags = []string{"-mod=readonly"}
		}
	}
	return cfg
}

// add records what a load said about one package; typed says whether
// the load asked for types. Only the first round can need types (later
// ones look for files and packages), and a package loaded without them
// is looked up in its syntax, which errs on the side of no error.
func (r *resolver) add(p *packages.Package, typed bool) {
	files := goFiles(p)
	if len(files) == 0 {
		if _, ok := r.pkgs[p.PkgPath]; ok {
			return // known to exist from the checked packages
		}
		state, reason := broken, ""
		for _, e := range p.Errors {
			if notFound(e.Msg) {
				state, reason = missing, e.Msg
			}
		}
		r.pkgs[p.PkgPath] = &pkgInfo{path: p.PkgPath, state: state, reason: reason}
		return
	}
	info := r.info(p.PkgPath)
	info.state, info.name, info.typed = found, p.Name, true
	info.files = union(info.files, files)
	if typed && p.Types != nil {
		info.types = append(info.types, p.Types)
	}
	r.addNodes(p, map[*packages.Package]bool{})
}

// addNodes records p and the packages it imports, directly or not, as
// nodes of the import graph, preferring for each path the variant that
// is not compiled for a test. A package whose Imports is nil was loaded
// without NeedImports (go/packages leaves a non-nil map otherwise, empty
// if it imports nothing): its imports are unknown, and it is left out.
func (r *resolver) addNodes(p *packages.Package, seen map[*packages.Package]bool) {
	if seen[p] || p.Imports == nil || p.PkgPath == "" {
		return // visited, imports unknown, or not a package
	}
	seen[p] = true
	if old := r.nodes[p.PkgPath]; old == nil || old.ID != old.PkgPath && p.ID == p.PkgPath {
		r.nodes[p.PkgPath] = p
	}
	if p.ID != p.PkgPath && strings.HasPrefix(p.ID, p.PkgPath+" [") {
		// The package with its in-package tests ("p [p.test]"): what
		// they import is imported when p's tests build, so a fix that
		// makes one of those import p would be a cycle in the test.
		r.testNodes[p.PkgPath] = append(r.testNodes[p.PkgPath], p)
	}
	for _, imp := range p.Imports {
		r.addNodes(imp, seen)
	}
}

// deps returns the import paths of the packages that the package at
// path imports, directly or not; ok is false if its imports are unknown.
func (r *resolver) deps(path string) (deps []string, ok bool) {
	if !r.checkedSeen {
		r.checkedSeen = true
		seen := map[*packages.Package]bool{}
		for _, p := range r.checked {
			r.addNodes(p, seen)
		}
	}
	node := r.nodes[path]
	if node == nil {
		return nil, false // neither checked nor loaded with its imports
	}
	seen := map[*packages.Package]bool{}
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		for _, dep := range p.Imports {
			if !seen[dep] {
				seen[dep] = true
				deps = append(deps, dep.PkgPath) // not the import path: vendored packages differ
				visit(dep)
			}
		}
	}
	visit(node)
	for _, tn := range r.testNodes[path] {
		visit(tn) // what the package's own tests import, directly or not
	}
	slices.Sort(deps)
	return slices.Compact(deps), true
}

// notFoundPhrases are the go command's ways of saying that a package
// does not exist in this build. Any other error means the package
// exists or may exist, but could not be loaded.
var notFoundPhrases = []string{
	"no required module provides package",     // not in any module of the build list
	"import lookup disabled by -mod=readonly", // the same, when -mod=readonly is explicit
	"is not in std",       // a standard-library-looking path
	"cannot find package", // GOPATH mode
	"malformed module path",
	"malformed import path",
	"invalid import path",
	"does not contain package",              // the module is in the build but has no such directory
	"import lookup disabled by -mod=vendor", // not vendored, so not in the build
}

func notFound(msg string) bool {
	for _, p := range notFoundPhrases {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// goFiles returns the package's Go files for every platform.
func goFiles(p *packages.Package) []string {
	var out []string
	for _, list := range [][]string{p.GoFiles, p.CompiledGoFiles, p.IgnoredFiles} {
		for _, f := range list {
			if strings.HasSuffix(f, ".go") {
				out = append(out, f)
			}
		}
	}
	return union(nil, out)
}

// union returns a with the elements of b not already in it, sorted.
func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// candidates returns package paths for suggestions: the packages seen so
// far, the checked packages' imports, the standard library and the main
// modules' packages. The last two take one more load, made only when a
// package is missing.
func (r *resolver) candidates() []string {
	if r.cands != nil {
		return r.cands
	}
	set := map[string]bool{}
	for p, info := range r.pkgs {
		if info.state == found {
			set[p] = true
		}
	}
	for _, p := range r.checked {
		for imp := range p.Imports {
			set[imp] = true
		}
	}
	pats := []string{"std"}
	for _, m := range r.mains {
		pats = append(pats, m+"/...")
	}
	r.ranGo = true
	if pkgs, err := packages.Load(r.goConfig(packages.NeedName), pats...); err == nil {
		for _, p := range pkgs {
			if len(p.Errors) == 0 {
				set[p.PkgPath] = true
			}
		}
	}
	r.cands = make([]string, 0, len(set))
	for p := range set {
		r.cands = append(r.cands, p)
	}
	slices.Sort(r.cands)
	return r.cands
}

// inMainModule reports whether path lies in one of the main modules.
func (r *resolver) inMainModule(p string) bool {
	for _, m := range r.mains {
		if p == m || strings.HasPrefix(p, m+"/") {
			return true
		}
	}
	return false
}

// anyFound reports whether a package at or below prefix is known to exist.
func (r *resolver) anyFound(prefix string) bool {
	for p, info := range r.pkgs {
		if info.state == found && (p == prefix || strings.HasPrefix(p, prefix+"/")) {
			return true
		}
	}
	return false
}

// decls are the package-level declarations found by parsing a package's
// files, whatever their build constraints.
type decls struct {
	kinds   map[string]string   // name -> "function", "variable", "constant" or "type"
	methods map[string][]string // receiver base type name -> method names
}

// parseDecls parses files, skipping those of another package, such as
// generators in package main kept beside the code they generate.
func parseDecls(pkgName string, files []string) *decls {
	d := &decls{kinds: map[string]string{}, methods: map[string][]string{}}
	fset := token.NewFileSet()
	for _, f := range files {
		af, _ := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if af == nil || pkgName != "" && af.Name.Name != pkgName {
			continue // unreadable, or another package
		}
		for _, decl := range af.Decls {
			d.add(decl)
		}
	}
	return d
}

func (d *decls) add(decl ast.Decl) {
	switch decl := decl.(type) {
	case *ast.FuncDecl:
		if decl.Recv == nil || len(decl.Recv.List) == 0 {
			d.kinds[decl.Name.Name] = "function"
			return
		}
		if recv := baseTypeName(decl.Recv.List[0].Type); recv != "" {
			d.methods[recv] = append(d.methods[recv], decl.Name.Name)
		}
	case *ast.GenDecl:
		for _, spec := range decl.Specs {
			switch spec := spec.(type) {
			case *ast.TypeSpec:
				d.kinds[spec.Name.Name] = "type"
				if it, ok := spec.Type.(*ast.InterfaceType); ok {
					for _, m := range it.Methods.List {
						for _, n := range m.Names {
							d.methods[spec.Name.Name] = append(d.methods[spec.Name.Name], n.Name)
						}
					}
				}
			case *ast.ValueSpec:
				kind := "variable"
				if decl.Tok == token.CONST {
					kind = "constant"
				}
				for _, n := range spec.Names {
					d.kinds[n.Name] = kind
				}
			}
		}
	}
}

// baseTypeName returns T for receivers T, *T, T[P] and *T[P].
func baseTypeName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// match returns the declared names that pattern matches, with their kinds.
func (d *decls) match(pattern string) []member {
	var out []member
	for name, kind := range d.kinds {
		if ok, _ := path.Match(pattern, name); ok {
			out = append(out, member{name, kind})
		}
	}
	slices.SortFunc(out, func(a, b member) int { return strings.Compare(a.name, b.name) })
	return out
}
