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
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/resolve"
	"github.com/archvet/archvet/report"
)

// Options says what to check.
type Options struct {
	Dir      string   // working directory; "" for the current one
	Patterns []string // package patterns; empty means ./...
	Config   string   // rules file; "" to look for rules.yaml above each package
	Tests    bool     // also check test files
	Env      []string // environment for the go command; nil for the current one
	Strict   bool     // in/allow globs that match no file are errors, not warnings
}

// Result is what a run found.
type Result struct {
	Findings []report.Finding // sorted, without duplicates
	Configs  []*config.Config // the rules files in force, in path order
	// Problems are packages that could not be loaded or type-checked
	// completely; their findings may be incomplete.
	Problems []string
	// Warnings are about the rules files, such as globs that match no file.
	Warnings []string
}

// A ConfigError means the rules could not be read or compiled; no
// package was analysed.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// LoadMode is what archvet needs of go/packages: syntax and types for the
// packages checked, export data for their dependencies.
const LoadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule

// Load loads the packages to check.
func Load(opts Options) ([]*packages.Package, error) {
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cfg := &packages.Config{Mode: LoadMode, Dir: opts.Dir, Tests: opts.Tests, Env: opts.Env}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading packages: %w", err)
	}
	return pkgs, nil
}

// Configs finds and compiles the rules file of each package: the one
// named by opts.Config, or else the nearest rules.yaml above the
// package's directory. Every error of every rules file is returned
// together, as a *ConfigError.
func Configs(opts Options, pkgs []*packages.Package) (map[*packages.Package]*config.Config, error) {
	byPath := map[string]*config.Config{}
	var errs []error
	load := func(path string) *config.Config {
		if c, ok := byPath[path]; ok {
			return c
		}
		c, err := config.Load(path)
		if err != nil {
			errs = append(errs, err)
		}
		byPath[path] = c
		return c
	}
	found := map[string]string{} // package dir -> rules file
	out := map[*packages.Package]*config.Config{}
	for _, p := range pkgs {
		dir := pkgDir(p)
		if dir == "" {
			continue // no files: nothing to check
		}
		path := opts.Config
		if path == "" {
			var ok bool
			if path, ok = found[dir]; !ok {
				f, err := config.Find(dir)
				if err != nil {
					errs = append(errs, err)
				}
				path, found[dir] = f, f
			}
		}
		if path == "" {
			errs = append(errs, fmt.Errorf("no %s found in %s or its parents up to the module root; write one or pass -config", config.DefaultFile, dir))
			continue
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

func pkgDir(p *packages.Package) string {
	for _, files := range [][]string{p.GoFiles, p.CompiledGoFiles, p.OtherFiles} {
		if len(files) > 0 {
			return filepath.Dir(files[0])
		}
	}
	return ""
}

// Run loads the packages, compiles their rules and analyses them.
func Run(opts Options) (*Result, error) {
	pkgs, err := Load(opts)
	if err != nil {
		return nil, err
	}
	cfgs, err := Configs(opts, pkgs)
	if err != nil {
		return nil, err
	}
	// A rule that can never match is a config error too (internal/resolve).
	warnings, err := resolve.CheckAll(cfgs, resolve.Options{Dir: opts.Dir, Env: opts.Env, Patterns: opts.Patterns, Tests: opts.Tests, Strict: opts.Strict})
	if err != nil {
		return nil, &ConfigError{err}
	}
	res, err := Analyze(opts, pkgs, cfgs)
	if res != nil {
		res.Warnings = warnings
	}
	return res, err
}

// Analyze runs the analyzers of each package's rules over it.
func Analyze(opts Options, pkgs []*packages.Package, cfgs map[*packages.Package]*config.Config) (*Result, error) {
	res := &Result{}
	groups := map[*config.Config][]*packages.Package{}
	for _, p := range pkgs {
		if c := cfgs[p]; c != nil {
			groups[c] = append(groups[c], p)
		}
	}
	for c := range groups {
		res.Configs = append(res.Configs, c)
	}
	sort.Slice(res.Configs, func(i, j int) bool { return res.Configs[i].File < res.Configs[j].File })
	wd, _ := filepath.Abs(opts.Dir)
	seen := map[string]bool{}
	for _, c := range res.Configs {
		graph, err := checker.Analyze(analyzers.Suite(c), groups[c], nil)
		if err != nil {
			return nil, fmt.Errorf("analysing packages: %w", err)
		}
		for _, act := range graph.Roots {
			if act.Err != nil {
				res.Problems = append(res.Problems, fmt.Sprintf("%s: %s: %v", act.Package.PkgPath, act.Analyzer.Name, act.Err))
			}
			for _, d := range act.Diagnostics {
				f := finding(wd, c, act.Package, d)
				key := fmt.Sprintf("%s:%d:%d:%d:%d:%s:%s", f.File, f.Line, f.Column, f.EndLine, f.EndColumn, f.Rule, f.Message)
				if !seen[key] {
					seen[key] = true // a file shared by a package and its test variant
					res.Findings = append(res.Findings, f)
				}
			}
		}
	}
	res.Problems = append(res.Problems, packageProblems(pkgs)...)
	sortFindings(res.Findings)
	return res, nil
}

// packageProblems lists load and type errors, each once.
func packageProblems(pkgs []*packages.Package) []string {
	seen := map[string]bool{}
	var out []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if s := e.Error(); !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	})
	sort.Strings(out)
	return out
}

func finding(wd string, c *config.Config, p *packages.Package, d analysis.Diagnostic) report.Finding {
	start, end := p.Fset.Position(d.Pos), p.Fset.Position(d.End)
	if !end.IsValid() {
		end = start
	}
	sev, _ := c.Severity(d.Category)
	f := report.Finding{
		Rule:      d.Category,
		Severity:  string(sev),
		Message:   d.Message,
		URL:       d.URL,
		File:      displayPath(wd, start.Filename),
		Line:      start.Line,
		Column:    start.Column,
		EndLine:   end.Line,
		EndColumn: end.Column,
		Package:   p.PkgPath,
		Decl:      enclosingDecl(p, d.Pos),
	}
	if r := c.Rule(d.Category); r != nil {
		f.Hint = r.Hint
	} else if s := c.Scope(d.Category); s != nil {
		f.Hint = s.Hint
	}
	return f
}

// displayPath returns filename relative to wd, slash-separated, if it is
// below wd, and else filename unchanged.
func displayPath(wd, filename string) string {
	if rel, err := filepath.Rel(wd, filename); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filename
}

// enclosingDecl names the top-level declaration containing pos:
// "F", "(*T).M", "T" or "V"; "" if pos is outside any declaration.
func enclosingDecl(p *packages.Package, pos token.Pos) string {
	for _, f := range p.Syntax {
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

func sortFindings(fs []report.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Column != b.Column:
			return a.Column < b.Column
		case a.EndLine != b.EndLine:
			return a.EndLine < b.EndLine
		case a.EndColumn != b.EndColumn:
			return a.EndColumn < b.EndColumn
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}
