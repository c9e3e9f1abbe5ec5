// Package resolve checks a compiled rules file against real packages: a
// rule that can never match is an error, not silence.
//
// config checks that a rules file is well formed; it cannot know whether
// os.ReadFiel exists. Check resolves every ban target, scope type,
// params.interfaces entry, calls.require target and create.constructors
// target against the packages the go command finds from the checked
// module, and reports those that name nothing: a package that is not in
// the build, a symbol or receiver type missing from its package, a method
// in neither the method set of T nor of *T, a wildcard or brace
// alternative that matches nothing, a scope type that is not a named
// type, an interface entry that is not an interface type, a call or
// constructor target that is not a function. It also finds in/allow globs
// that match no checked file: these are stale, a warning, or an error
// when strict.
//
// Design notes:
//   - Cheap first. Packages the run already type-checked from source, and
//     the complete export-data packages they import, answer most lookups
//     for free. Everything else is loaded in one packages.Load call with
//     NeedName|NeedFiles|NeedTypes, which reads export data from the build
//     cache. A second call is made only for what the first could not
//     settle: the package reading of an ambiguous target such as
//     gopkg.in/yaml.v3, whose symbol reading failed. The standard library
//     list, for suggestions, is loaded only when a package is missing.
//   - Never a false error. Export data holds exported names and not
//     always unexported ones, and type information covers only the
//     current GOOS/GOARCH. So a name missing from the types is looked up
//     again in the declarations of every Go file of the package, those
//     excluded by build constraints included, before it is reported.
//     A package that exists but cannot be loaded (build constraints
//     exclude all its files, a type error, a network failure) is not
//     judged: only a go command error that says the package does not
//     exist makes "no package".
//   - Paths the go command is asked about come from the rules file, so
//     the load runs with -mod=readonly when GOFLAGS asks for -mod=mod: a
//     typo in a target must not make archvet query a proxy or edit go.mod.
//   - Stale globs are judged only where the run checks every package with
//     its tests: below the rules root when a ./... pattern is at or above
//     it; otherwise below each directory pattern inside the root (a rules
//     file above the module root, run over the module's ./...), and there
//     only the globs that cannot match outside those directories: those
//     whose leading literal path elements lie inside one, not inside a
//     nested module. A run over some packages cannot tell an unused glob
//     from one that governs files it did not load.
package resolve

import (
	"cmp"
	"errors"
	"fmt"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers/bans"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/sqltables"
)

// Options says where the go command runs and what the run covers.
type Options struct {
	Dir      string   // directory the checked packages were loaded from; "" for the current one
	Env      []string // environment of the go command; nil for the current one
	Patterns []string // the run's package patterns; empty means ./...
	Tests    bool     // whether the checked packages include their test files
	Strict   bool     // stale globs and packages no module provides are errors, not warnings
	// Statements keeps what a table register's statements parse to, and
	// the postgres parser's compiled code (sqltables.CodeStore); nil for
	// none.
	Statements sqltables.Store
	// Goroot is the go command's GOROOT, if known: a target the checked
	// packages' graph lacks but the standard library holds is resolved by
	// the go command all the same, but Checked.OnlyGraph stays true, since
	// the toolchain and build settings decide what the go command says of
	// it.
	Goroot string
}

// Check resolves the targets of cfg and judges its globs. checked are the
// packages the run checks under cfg: their files decide which globs are
// stale, and those type-checked from source (with NeedTypesInfo) also
// serve as a source of types. Both results hold *config.Error values,
// sorted by position: errs are rules that cannot match, and, when
// opts.Strict, stale globs and targets in packages no module of the build
// provides; warnings are those otherwise (a ban of a package the module
// does not use yet guards against adding it), and a note if the go
// command failed so that targets could not be resolved.
func Check(cfg *config.Config, checked []*packages.Package, opts Options) (errs, warnings []error) {
	errs, warnings, _, _ = check(cfg, checked, opts)
	return errs, warnings
}

// check is Check, and also returns the replacements that the rules'
// use_instead entries name, by use_instead text, and whether it ran the go
// command.
func check(cfg *config.Config, checked []*packages.Package, opts Options) (errs, warnings []error, repls map[string]bans.Replacement, ranGo bool) {
	r := newResolver(cfg, checked, opts)
	es, ws := r.run()
	es = append(es, r.sqlArgs()...) // tables.go
	uws, repls := r.useInstead()
	ws = append(ws, uws...)
	if r.loadErr != nil {
		ws = append(ws, &config.Error{File: cfg.File, Msg: fmt.Sprintf("targets not resolved: %v", r.loadErr)})
	}
	if w := rootOutside(cfg, checked); w != nil {
		ws = append(ws, w)
	}
	whole := Covers(opts.Dir, opts.Patterns, cfg.Root) && opts.Tests
	cerrs, cstale := contractProblems(cfg, checked) // contracts.go
	es = append(es, cerrs...)
	if whole {
		es = append(es, cstale...)
	} else {
		ws = append(ws, cstale...)
	}
	if all, dirs := coverage(opts.Dir, opts.Patterns, cfg.Root); opts.Tests && (all || len(dirs) > 0) {
		stale := staleGlobs(cfg, checked, judgeable(cfg.Root, all, dirs))
		if whole {
			stale = append(stale, staleTables(cfg, checked, opts.Statements)...)
		}
		if opts.Strict {
			es = append(es, stale...)
		} else {
			ws = append(ws, stale...)
		}
	}
	return sorted(es), sorted(ws), repls, r.ranGo
}

// Checked is what CheckAll found besides errors.
type Checked struct {
	Warnings []string // about the rules files
	// Replacements holds, for each rules file, the functions that its
	// rules' use_instead entries name, by use_instead text, for the bans
	// analyzer's fixes (bans.WithReplacements).
	Replacements map[*config.Config]map[string]bans.Replacement
	// OnlyGraph is true if the checks read nothing but the checked
	// packages' graph (their files, export data and imports), the rules,
	// and standard library packages (Options.Goroot): the go command was
	// not asked about anything else, whose answers depend on modules and
	// the file system beyond the graph. A driver may then keep the
	// warnings for a re-run over the same graph and toolchain.
	OnlyGraph bool
}

// CheckAll checks every rules file of a run; cfgs maps each checked
// package to its rules, as driver.Configs returns them. It returns the
// warnings as text, the replacements, and the errors joined, or nil if
// there are none.
func CheckAll(cfgs map[*packages.Package]*config.Config, opts Options) (Checked, error) {
	groups := map[*config.Config][]*packages.Package{}
	for p, c := range cfgs {
		groups[c] = append(groups[c], p)
	}
	order := make([]*config.Config, 0, len(groups))
	for c := range groups {
		order = append(order, c)
	}
	slices.SortFunc(order, func(a, b *config.Config) int { return strings.Compare(a.File, b.File) })
	var errs []error
	out := Checked{Replacements: map[*config.Config]map[string]bans.Replacement{}, OnlyGraph: true}
	for _, c := range order {
		pkgs := groups[c]
		slices.SortFunc(pkgs, func(a, b *packages.Package) int { return strings.Compare(a.ID, b.ID) })
		es, ws, repls, ranGo := check(c, pkgs, opts)
		if ranGo {
			out.OnlyGraph = false
		}
		errs = append(errs, es...)
		for _, w := range ws {
			out.Warnings = append(out.Warnings, w.Error())
		}
		out.Replacements[c] = repls
	}
	return out, errors.Join(errs...)
}

// Covers reports whether a run over patterns, started in dir, loads every
// package below root: whether some pattern is a directory pattern
// ("./...", "../...", "/abs/dir/...") for root or a directory above it.
// Import path patterns ("example.com/app/...") are not interpreted.
func Covers(dir string, patterns []string, root string) bool {
	all, _ := coverage(dir, patterns, root)
	return all
}

// coverage returns whether a run over patterns, started in dir, loads
// every package below root (as Covers), and otherwise the directories
// below root, relative to it and slash-separated, that it loads every
// package of: those of directory patterns inside root. A rules file above
// the module root, run over the module's ./..., covers the module's
// directory.
func coverage(dir string, patterns []string, root string) (all bool, dirs []string) {
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false, nil
	}
	for _, p := range patterns {
		base, ok := strings.CutSuffix(filepath.ToSlash(p), "/...")
		if !ok {
			continue // a single package or an import path pattern
		}
		local := base == "." || base == ".." || strings.HasPrefix(base, "./") || strings.HasPrefix(base, "../")
		switch {
		case filepath.IsAbs(base):
		case local:
			base = filepath.Join(dir, base)
		default:
			continue // an import path pattern
		}
		if below(filepath.Clean(base), root) {
			return true, nil
		}
		if rel, err := filepath.Rel(root, filepath.Clean(base)); err == nil && below(root, filepath.Clean(base)) {
			dirs = append(dirs, filepath.ToSlash(rel))
		}
	}
	return false, dirs
}

// below reports whether path is dir or lies below it.
func below(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// sorted returns errs in position order, as errors; nil if there are none.
func sorted(errs []*config.Error) []error {
	if len(errs) == 0 {
		return nil
	}
	slices.SortStableFunc(errs, func(a, b *config.Error) int {
		return cmp.Or(
			strings.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Msg, b.Msg),
		)
	})
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return out
}

// errNoLoad stands for the go command in CheckView, which never runs it.
var errNoLoad = errors.New("go/packages not used: only the package's own view is judged")

// CheckView resolves the targets of cfg against what one package sees:
// pkg and the packages it imports, directly or not, as a type checker
// loaded them. It is for drivers that analyse one package at a time and
// cannot load others (go vet, golangci-lint): a target in a package out
// of view is not judged, since it may well exist. It returns the errors
// only: globs cannot be judged from one package.
func CheckView(cfg *config.Config, pkg *types.Package) []error {
	r := newResolver(cfg, nil, Options{})
	r.loadErr, r.view = errNoLoad, true
	r.addImports(pkg, map[*types.Package]bool{})
	info := r.info(pkg.Path())
	info.name, info.typed = pkg.Name(), true
	info.types = append(info.types, pkg)
	es, _ := r.run()
	return sorted(es)
}

// rootOutside warns when no checked file lies below the rules' root
// (root: set outside the module): the in and allow globs are relative to
// it, so rules with in govern nothing and allow lists allow nothing.
func rootOutside(cfg *config.Config, checked []*packages.Package) *config.Error {
	if len(checked) == 0 {
		return nil // nothing to judge by
	}
	for _, p := range checked {
		for _, f := range goFiles(p) {
			if _, in := cfg.Rel(f); in {
				return nil
			}
		}
	}
	return &config.Error{File: cfg.File, Msg: fmt.Sprintf("root %s holds none of the checked packages' files: in and allow globs are relative to it, so rules with in govern nothing and allow lists allow nothing here", cfg.Root)}
}
