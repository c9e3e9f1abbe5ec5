// Package driver runs archvet's analyzers over packages loaded with
// go/packages, the way the archvet command does when it is not run by
// go vet. It returns findings; printing and exit codes belong to the
// command.
package driver

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/analyzers/scopes"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/cache"
	"github.com/archvet/archvet/internal/resolve"
	"github.com/archvet/archvet/report"
)

// Options says what to check. Relative paths in it are relative to Dir.
type Options struct {
	Dir      string   // working directory; "" for the current one
	Patterns []string // package patterns; empty means ./...
	Config   string   // rules file for every package; "" to find the nearest rules.yaml above each package
	Baseline string   // baseline file for every rules file; "" for each rules file's own, BaselineOff for none
	Tests    bool     // also check test files
	Env      []string // environment for the go command; nil for the current one
	Strict   bool     // in/allow globs that match no file are errors, not warnings
	// Cache is the result cache; nil for none. Runs that apply fixes
	// must pass nil: cached entries hold no fixes.
	Cache *cache.Cache
	// Progress, if not nil, is told what the run is doing: the phase
	// ("loading", "analysing"), and for analysing, how many of how many
	// packages are done. It is called from the goroutine that called Run.
	Progress func(phase string, done, total int)
}

// progress reports to opts.Progress, if set.
func (opts Options) progress(phase string, done, total int) {
	if opts.Progress != nil {
		opts.Progress(phase, done, total)
	}
}

// BaselineOff as Options.Baseline turns baselines off.
const BaselineOff = "off"

// Result is what a run found.
type Result struct {
	Dir string // absolute directory that relative Finding.File paths are relative to
	// Findings are those no baseline covers, sorted without duplicates:
	// what the run reports and fails on.
	Findings []report.Finding
	All      []report.Finding  // every finding, baselined ones too
	Tasks    *report.TaskStats // progress against the baselines; nil if none applied
	Configs  []*config.Config  // the rules files in force, in path order
	// Problems are packages that could not be loaded or type-checked
	// completely; their findings may be incomplete.
	Problems []string
	// Warnings are about the rules files, such as globs that match no file.
	Warnings []string
	// Notes say what the baselines found: fixed findings to drop.
	Notes []string
	// Cached is how many packages were answered from the result cache.
	Cached int
	// LoadTime and AnalyseTime are how long loading the packages and
	// analysing them took.
	LoadTime, AnalyseTime time.Duration
	groups                []*group // the findings and files of each baseline, in path order; see baseline.go
	fixes                 fixSet   // the first suggested fix of each finding; see fix.go
	pkgs                  []*packages.Package
	cfgs                  map[*packages.Package]*config.Config
	cachedFixable         map[report.Finding]bool // findings from the result cache that had a fix
	rerun                 bool                    // answered without building (rerun.go)
	seen                  map[report.Finding]bool // Findings, as a set (add)
}

// Unbuilt reports whether the run was answered from the result cache
// without building its packages' export data (rerun.go).
func (r *Result) Unbuilt() bool { return r.rerun }

// Failed reports whether the run should fail: a package did not load,
// or an error-severity finding is not covered by a baseline.
func (r *Result) Failed() bool {
	return len(r.Problems) > 0 || HasErrors(r.Findings)
}

// HasErrors reports whether any of fs has error severity: a run's exit
// code follows its most severe unsuppressed, unbaselined finding.
func HasErrors(fs []report.Finding) bool {
	for _, f := range fs {
		if f.Severity.Rank() >= config.SeverityError.Rank() {
			return true
		}
	}
	return false
}

// A ConfigError means the rules could not be read or compiled, or name
// something that does not exist (internal/resolve); no package was
// analysed.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// LoadMode is what archvet's analyzers need of a package: syntax and
// types, with export data for its dependencies. (The driver itself loads
// with metaMode and type-checks each package when it analyses it.)
const LoadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule

// Load loads the packages to check: their import graph, files and
// export data, without syntax or types, which a run computes one
// package at a time (bounded.go). The graph is compacted (compact.go).
func Load(opts Options) ([]*packages.Package, error) {
	return loadMeta(opts, startGoEnv(opts))
}

// loadMeta is Load with the run's go env, which gives every package its
// TypesSizes.
func loadMeta(opts Options, goenv *goEnv) ([]*packages.Package, error) {
	pkgs, err := load(opts, metaMode)
	if err != nil {
		return nil, err
	}
	sizes, err := goenv.sizes()
	if err != nil {
		return nil, fmt.Errorf("loading packages: %w", err)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) { p.TypesSizes = sizes })
	// The decoder's garbage is collected before the copy is made, so
	// that the copy does not grow the heap on top of it: the peak of a
	// load of 3,000 packages fell from about 53 to 46 MiB
	// (bench/scale.sh), for one collection.
	runtime.GC()
	return compact(pkgs), nil
}

// LoadTyped loads the packages to check with their syntax and types
// all at once, for callers that look at a whole module in one go (archvet
// init); analysing goes through Load and Analyze instead.
func LoadTyped(opts Options) ([]*packages.Package, error) {
	return load(opts, LoadMode)
}

func load(opts Options, mode packages.LoadMode) ([]*packages.Package, error) {
	if opts.Dir != "" {
		if fi, err := os.Stat(opts.Dir); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("directory %s does not exist", opts.Dir)
		}
	}
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cfg := &packages.Config{Mode: mode, Dir: opts.Dir, Tests: opts.Tests, Env: opts.Env}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading packages: %w", err)
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	return pkgs, nil
}

// Configs finds and compiles the rules file of each package, once per
// file (config.Locate). Every error of every rules file is returned
// together, as a *ConfigError.
func Configs(opts Options, pkgs []*packages.Package) (map[*packages.Package]*config.Config, error) {
	base, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("locating working directory: %w", err)
	}
	byPath := map[string]*config.Config{}
	var errs []error
	load := func(path string) *config.Config {
		if c, ok := byPath[path]; ok {
			return c
		}
		c, err := config.Load(shorten(path))
		if err != nil {
			errs = append(errs, err)
		}
		byPath[path] = c
		return c
	}
	found := map[string]string{} // package dir -> rules file
	out := map[*packages.Package]*config.Config{}
	for _, p := range pkgs {
		if isTestMain(p) {
			continue // generated by go test, in the build cache: nothing of the user's
		}
		dir := pkgDir(p)
		if dir == "" {
			continue // no files: nothing to check
		}
		path, ok := found[dir]
		if !ok {
			var err error
			if path, err = config.Locate(opts.Config, base, dir); err != nil {
				errs = append(errs, err)
			}
			found[dir] = path
		}
		if path == "" {
			continue // reported above, once per directory
		}
		if c := load(path); c != nil {
			out[p] = c
		}
	}
	if len(errs) > 0 {
		return nil, &ConfigError{errors.Join(dedupErrors(errs)...)}
	}
	return out, nil
}

// shorten returns path relative to the process's working directory when
// it lies below it, so that messages about rules files read as an editor
// expects; config.Load resolves it against the same directory.
func shorten(path string) string {
	wd, err := os.Getwd()
	if path == "" || err != nil || !filepath.IsAbs(path) {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return path
}

// dedupErrors drops repeated messages (one missing rules file is
// reported once, not once per package) and sorts the rest.
func dedupErrors(errs []error) []error {
	seen := map[string]bool{}
	var out []error
	for _, e := range errs {
		if !seen[e.Error()] {
			seen[e.Error()] = true
			out = append(out, e)
		}
	}
	return out
}

// isTestMain reports whether p is the "p.test" main package that go test
// synthesizes.
func isTestMain(p *packages.Package) bool {
	return p.Name == "main" && strings.HasSuffix(p.ID, ".test")
}

func pkgDir(p *packages.Package) string {
	for _, files := range [][]string{p.GoFiles, p.CompiledGoFiles, p.OtherFiles} {
		if len(files) > 0 {
			return filepath.Dir(files[0])
		}
	}
	return ""
}

// Run is the whole pipeline: it loads the packages, groups them by rules
// file, compiles and resolves the rules, analyses each group, and applies
// the baselines. Suppression directives were applied by the analyzers.
func Run(opts Options) (*Result, error) {
	res, err := RunAll(opts)
	if err != nil {
		return nil, err
	}
	if err := res.applyBaselines(opts); err != nil {
		return nil, err
	}
	if opts.Cache != nil {
		_ = opts.Cache.Trim() // at most hourly; a failure only leaves the cache larger
	}
	return res, nil
}

// RunAll is Run without the baselines: Findings holds every finding. It
// is what "archvet baseline write" records.
func RunAll(opts Options) (*Result, error) {
	start := time.Now()
	if opts.Config != "" {
		// One rules file for every package: a bad one fails before the
		// packages load, which on a large tree takes seconds. Configs
		// reads it again, as it reads every rules file.
		base, err := filepath.Abs(opts.Dir)
		if err != nil {
			return nil, fmt.Errorf("locating working directory: %w", err)
		}
		path, _ := config.Locate(opts.Config, base, base) // an explicit file is never looked for
		if _, err := config.Load(shorten(path)); err != nil {
			return nil, &ConfigError{err}
		}
	}
	goenv := startGoEnv(opts)         // goenv.go
	rc := newResultCache(opts, goenv) // cached.go; waits for go env, which fastRerun's keys need
	opts.progress("loading", 0, 0)
	if res, ok := fastRerun(opts, rc); ok { // rerun.go
		res.LoadTime = time.Since(start) // the whole run: it had nothing to analyse
		return res, nil
	}
	pkgs, err := loadMeta(opts, goenv)
	if err != nil {
		return nil, err
	}
	loaded := time.Now()
	cfgs, err := Configs(opts, pkgs)
	if err != nil {
		return nil, err
	}
	res, err := analyze(opts, pkgs, cfgs, rc)
	if err != nil {
		return nil, err
	}
	res.LoadTime, res.AnalyseTime = loaded.Sub(start), time.Since(loaded)
	return res, nil
}

// groupPackages returns the packages to analyse, grouped by their rules,
// and how many there are. A package with in-package tests is analysed as
// its test variant ("p [p.test]") alone, which holds all of p's files, as
// go vet does: what a package-wide check sees (the interfaces its imports
// declare, say) is then the same under both, and no file is analysed
// twice.
func groupPackages(pkgs []*packages.Package, cfgs map[*packages.Package]*config.Config) (map[*config.Config][]*packages.Package, int) {
	tested := map[string]bool{}
	for _, p := range pkgs {
		if p.ID == p.PkgPath+" ["+p.PkgPath+".test]" {
			tested[p.PkgPath] = true
		}
	}
	groups := map[*config.Config][]*packages.Package{}
	analysed := 0
	for _, p := range pkgs {
		c := cfgs[p]
		if c == nil || p.ID == p.PkgPath && tested[p.PkgPath] {
			continue // no rules, or analysed as its test variant
		}
		groups[c] = append(groups[c], p)
		analysed++
	}
	return groups, analysed
}

// newResult returns the result of a run over pkgs, whose packages to
// analyse groups holds (groupPackages), with no finding yet.
func newResult(pkgs []*packages.Package, cfgs map[*packages.Package]*config.Config, groups map[*config.Config][]*packages.Package) *Result {
	res := &Result{pkgs: pkgs, cfgs: cfgs, cachedFixable: map[report.Finding]bool{}, seen: map[report.Finding]bool{}}
	for c := range groups {
		res.Configs = append(res.Configs, c)
	}
	sort.Slice(res.Configs, func(i, j int) bool { return res.Configs[i].File < res.Configs[j].File })
	return res
}

// add records a finding once: a file shared by a package and its test
// variant gives its findings twice.
func (r *Result) add(f report.Finding) {
	if !r.seen[f] {
		r.seen[f] = true
		r.Findings = append(r.Findings, f)
	}
}

// addCached records the findings of a package answered from the result
// cache.
func (r *Result) addCached(fs []cachedFinding) {
	for _, cf := range fs {
		r.add(cf.Finding)
		if cf.Fixable {
			r.cachedFixable[cf.Finding] = true
		}
	}
}

// analyze runs the analyzers of each package's rules over it, answering
// from rc (nil: no result cache) what it can. First it checks that every
// rule can match: if one cannot, it returns a *ConfigError and analyses
// nothing. It applies no baseline: Findings and All are the same.
func analyze(opts Options, pkgs []*packages.Package, cfgs map[*packages.Package]*config.Config, rc *resultCache) (*Result, error) {
	groups, analysed := groupPackages(pkgs, cfgs)
	res := newResult(pkgs, cfgs, groups)
	wd, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("locating working directory: %w", err)
	}
	res.Dir = wd
	// The result cache is looked up while the rules are resolved: both
	// only read the packages, and a re-run's lookups read every file's
	// stat. The lookups are used only if every rule can match.
	looked := make(chan map[*config.Config][]lookup, 1)
	go func() { looked <- lookupGroups(rc, pkgs, res.Configs, groups) }()
	// A rule that can never match is a config error too (internal/resolve).
	ropts := resolve.Options{Dir: opts.Dir, Env: opts.Env, Patterns: opts.Patterns, Tests: opts.Tests, Strict: opts.Strict,
		Statements: StatementStore(opts.Cache)}
	if rc != nil {
		ropts.Goroot = rc.goroot // for Checked.OnlyGraph, which only the cache reads
	}
	checked, err := resolve.CheckAll(cfgs, ropts)
	if err != nil {
		return nil, &ConfigError{err}
	}
	res.Warnings = checked.Warnings
	done := 0
	var typeErrs []string
	imports := importGraph(pkgs, res.Configs) // graph.go
	lk := <-looked
	if rc != nil && checked.OnlyGraph {
		rc.putResolved(opts, cfgs, checked.Warnings) // for the next run, if nothing changes (fastRerun)
	}
	opts.progress("analysing", 0, analysed)
	for _, c := range res.Configs {
		todo, keys, srcKeys := groups[c], map[string]cache.Key{}, map[string]cache.Key{}
		if rc != nil {
			todo = nil
			for i, l := range lk[c] {
				p := groups[c][i]
				switch {
				case !l.keyed:
					todo = append(todo, p) // cannot be cached
				case l.hit:
					res.addCached(l.findings)
					done++
					res.Cached++ // counted in analysed
				default:
					keys[p.ID] = l.key
					if l.srcKeyed {
						srcKeys[p.ID] = l.srcKey
					}
					todo = append(todo, p)
				}
			}
			opts.progress("analysing", done, analysed)
		}
		// The replacements let the bans analyzer offer use_instead fixes
		// in packages that do not import the replacement yet.
		suite := analyzers.Suite(c, analyzers.WithReplacements(checked.Replacements[c]), analyzers.WithImportGraph(imports),
			analyzers.WithStatementStore(StatementStore(opts.Cache)))
		exprTypes := func(p *packages.Package, imported func(path string) bool) bool {
			return scopes.NeedsTypes(c, slices.Concat(p.GoFiles, p.CompiledGoFiles), imported)
		}
		err := analyseEach(todo, suite, exprTypes, func(p *packages.Package, roots []*checker.Action) {
			done++
			opts.progress("analysing", done, analysed)
			complete := true
			for _, e := range p.Errors {
				if e.Kind == packages.ParseError || e.Kind == packages.TypeError {
					typeErrs = append(typeErrs, relativeError(wd, e)) // found by typeCheck; load errors are below
					complete = false
				}
			}
			var found []cachedFinding
			for _, act := range roots {
				if act.Err != nil {
					res.Problems = append(res.Problems, fmt.Sprintf("%s: %s: %v", act.Package.PkgPath, act.Analyzer.Name, act.Err))
					complete = false
				}
				for _, d := range act.Diagnostics {
					f := NewFinding(wd, c, act.Package.Fset, act.Package.Syntax, act.Package.PkgPath, d)
					res.addFix(wd, f, act.Package, d)
					found = append(found, cachedFinding{f, res.fixes.byKey[f] != nil})
					res.add(f)
				}
			}
			if k, ok := keys[p.ID]; ok && complete && len(p.Errors) == 0 {
				rc.put(k, found)
				if k, ok := srcKeys[p.ID]; ok {
					rc.put(k, found)
				}
			}
		})
		if err != nil {
			return nil, fmt.Errorf("analysing packages: %w", err)
		}
	}
	rc.saveMemo()
	res.Problems = append(res.Problems, packageProblems(wd, pkgs, typeErrs)...)
	report.Sort(res.Findings)
	res.All = res.Findings
	return res, nil
}

// packageProblems lists load and type errors, each once.
func packageProblems(wd string, pkgs []*packages.Package, more []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range more {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if s := relativeError(wd, e); !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	})
	sort.Strings(out)
	return out
}

// NewFinding turns a diagnostic of one of archvet's analyzers, run with
// the rules cfg on the package pkgPath (syntax files, in fset), into a
// finding. Its message is the bare one: the hint and the replacement that
// analyzers append (config.WithHint) are taken off, into their own fields.
// wd is the directory that the finding's file is made relative to.
func NewFinding(wd string, cfg *config.Config, fset *token.FileSet, files []*ast.File, pkgPath string, d analysis.Diagnostic) report.Finding {
	start, end := fset.Position(d.Pos), fset.Position(d.End)
	if !end.IsValid() {
		end = start
	}
	m, ok := cfg.Meta(d.Category)
	if !ok {
		m = config.Meta{ID: d.Category, Severity: config.SeverityError} // an analyzer reported under an unknown category: a bug, but never hide it
	}
	msg := d.Message
	if suffix := config.WithHint("", m.Hint, m.UseInstead); suffix != "" {
		if bare, ok := strings.CutSuffix(msg, suffix); ok {
			msg = bare
		} else {
			m.Hint, m.UseInstead = "", "" // a message of its own make: keep it whole
		}
	}
	f := report.Finding{
		Rule:       d.Category,
		Severity:   m.Severity,
		Message:    msg,
		Hint:       m.Hint,
		UseInstead: m.UseInstead,
		URL:        d.URL,
		File:       displayPath(wd, start.Filename),
		Line:       start.Line,
		Column:     start.Column,
		EndLine:    end.Line,
		EndColumn:  end.Column,
		Package:    pkgPath,
		Decl:       enclosingDecl(files, d.Pos),
	}
	if cfg.Scope(d.Category) != nil {
		f.Table = scopes.Table(d) // the table register's findings (docs/tables.md)
		if scopes.Warning(d) {
			f.Severity = config.SeverityWarning // a statement the register cannot see into
		}
	}
	return f
}

// displayPath returns filename relative to wd, slash-separated, if it is
// below wd, and else filename unchanged.
// relativeError returns a package error with its position relative to wd,
// as findings name their files.
func relativeError(wd string, e packages.Error) string {
	if e.Pos == "" || e.Pos == "-" {
		return e.Msg
	}
	return displayPath(wd, e.Pos) + ": " + e.Msg
}

func displayPath(wd, filename string) string {
	if rel, err := filepath.Rel(wd, filename); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	return filename
}

// enclosingDecl names the top-level declaration containing pos:
// "F", "(*T).M", "T" or "V"; "" if pos is outside any declaration.
func enclosingDecl(files []*ast.File, pos token.Pos) string {
	for _, f := range files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if pos < d.Pos() || pos > d.End() {
				continue
			}
			return declName(d)
		}
	}
	return ""
}

func declName(d ast.Decl) string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil || len(d.Recv.List) == 0 {
			return d.Name.Name
		}
		return "(" + recvString(d.Recv.List[0].Type) + ")." + d.Name.Name
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				return s.Name.Name
			case *ast.ValueSpec:
				if len(s.Names) > 0 {
					return s.Names[0].Name
				}
			case *ast.ImportSpec:
				return "import"
			}
		}
	}
	return ""
}

func recvString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "*" + recvString(e.X)
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return recvString(e.X)
	case *ast.IndexListExpr:
		return recvString(e.X)
	case *ast.ParenExpr:
		return recvString(e.X)
	}
	return "?"
}

// RuleInfos describes every rule and scope of the rules files in force,
// for output formats that list rules (SARIF), in file order, each id once.
func (r *Result) RuleInfos() []report.RuleInfo {
	var out []report.RuleInfo
	seen := map[string]bool{}
	add := func(ri report.RuleInfo) {
		if !seen[ri.ID] {
			seen[ri.ID] = true
			out = append(out, ri)
		}
	}
	for _, c := range r.Configs {
		for _, rule := range c.Rules {
			add(report.RuleInfo{
				ID: rule.ID, Severity: rule.Severity, Hint: rule.Hint, UseInstead: rule.UseInstead,
				URL:         analyzers.RuleURL(rule.URL, "bans"),
				Description: fmt.Sprintf("bans %s", targetList(rule.Ban)),
			})
		}
		for _, s := range c.Scopes {
			add(report.RuleInfo{
				ID: s.ID, Severity: s.Severity, Hint: s.Hint,
				URL:         analyzers.RuleURL(s.URL, "scopes"),
				Description: fmt.Sprintf("threads %s through tenant code", s.Type.Text),
			})
		}
		for _, k := range c.Contracts {
			add(report.RuleInfo{
				ID: k.ID, Severity: k.Severity, Hint: k.Hint,
				URL:         analyzers.RuleURL(k.URL, "contracts"),
				Description: fmt.Sprintf("%s contract over components", k.Kind),
			})
		}
	}
	var own config.Config // archvet's own checks have the same meta under every rules file
	for _, d := range []struct{ id, what string }{
		{config.DirectiveID, "malformed //archvet: directives"},
		{config.UnusedDirectiveID, "//archvet: directives that suppress nothing"},
	} {
		m, _ := own.Meta(d.id)
		add(report.RuleInfo{ID: d.id, Severity: m.Severity, Hint: m.Hint, URL: analyzers.DocURL + "#suppressing-findings", Description: d.what})
	}
	return out
}

func targetList(ts []*config.Target) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// A Governed names the packages one rules file governs.
type Governed struct {
	Rules    string   // the rules file, as config.Config.File
	Packages []string // import paths, sorted, each once
}

// Governed returns which rules file governs which packages, in rules
// file order.
func (r *Result) Governed() []Governed {
	byCfg := map[*config.Config]map[string]bool{}
	for p, c := range r.cfgs {
		if byCfg[c] == nil {
			byCfg[c] = map[string]bool{}
		}
		byCfg[c][p.PkgPath] = true
	}
	var out []Governed
	for _, c := range r.Configs {
		out = append(out, Governed{Rules: c.File, Packages: slices.Sorted(maps.Keys(byCfg[c]))})
	}
	return out
}

// Fixable returns how many of r's findings carry a suggested fix.
func (r *Result) Fixable() int {
	n := 0
	for _, f := range r.Findings {
		if r.fixes.byKey[f] != nil || r.cachedFixable[f] {
			n++
		}
	}
	return n
}

// checkConfigMode is what CheckConfig needs of go/packages: which files
// and modules there are, to find rules files and judge globs, and the
// imports, to judge components and ignore_imports; no types (resolve
// loads those of the packages targets name, from export data).
const checkConfigMode = packages.NeedName | packages.NeedFiles | packages.NeedModule | packages.NeedImports

// CheckConfig checks the rules files in force for the packages without
// analysing them: they must compile, and every target, glob and entry
// must be able to match. It returns the warnings, and a *ConfigError if
// the rules are not good.
func CheckConfig(opts Options) ([]string, error) {
	pkgs, err := load(opts, checkConfigMode)
	if err != nil {
		return nil, err
	}
	cfgs, err := Configs(opts, pkgs)
	if err != nil {
		return nil, err
	}
	if hasTables(cfgs) {
		// A table register's entries are judged by the statements in the
		// code, which only syntax and types show: load again with them.
		if pkgs, err = load(opts, checkConfigMode|tablesMode); err != nil {
			return nil, err
		}
		if cfgs, err = Configs(opts, pkgs); err != nil {
			return nil, err
		}
	}
	checked, err := resolve.CheckAll(cfgs, resolve.Options{Dir: opts.Dir, Env: opts.Env, Patterns: opts.Patterns, Tests: opts.Tests, Strict: opts.Strict,
		Statements: StatementStore(opts.Cache)})
	if err != nil {
		return checked.Warnings, &ConfigError{err}
	}
	return checked.Warnings, nil
}

// tablesMode is what CheckConfig adds to checkConfigMode when a rules
// file has a table register (docs/tables.md).
const tablesMode = packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesSizes | packages.NeedTypesInfo

// hasTables reports whether some rules file has a table register.
func hasTables(cfgs map[*packages.Package]*config.Config) bool {
	for _, c := range cfgs {
		if hasRegister(c) {
			return true
		}
	}
	return false
}
