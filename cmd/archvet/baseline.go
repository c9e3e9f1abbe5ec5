package main

// The baseline: "archvet baseline write" records the current findings in
// a baseline file, and a normal run then reports, and fails on, only the
// findings the baseline does not cover. How findings match is described
// in internal/baseline.
//
// Each rules file has its own baseline (its baseline key, or
// .archvet-baseline.json next to it); -baseline names one file for every
// rules file instead. Baselines apply only in standalone runs: under
// go vet each package is checked in a separate process, which cannot
// count findings across a baseline's files.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/internal/baseline"
	"github.com/archvet/archvet/internal/driver"
	"github.com/archvet/archvet/report"
)

// baselineOff as the value of -baseline turns the baseline off.
const baselineOff = "off"

const baselineUsage = `Usage:
	archvet baseline write [flags] [packages]

Records the findings in packages (default ./...) in the baseline file, so
that later runs report only new findings. An existing baseline only
shrinks: fixed findings are dropped, and new ones are not added unless
-grow is given.

Flags:
`

// runBaseline is "archvet baseline ...". It returns the exit code.
func runBaseline(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("archvet baseline write", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var (
		configPath = fset.String("config", "", "rules file (default: nearest rules.yaml above each package)")
		file       = fset.String("baseline", "", "baseline file (default: the rules file's baseline, or "+baseline.DefaultFile+" next to it)")
		grow       = fset.Bool("grow", false, "also record findings the baseline does not have yet")
		tests      = fset.Bool("tests", true, "also check test files")
		dir        = fset.String("C", "", "run as if started in this directory")
	)
	fset.Usage = func() {
		fmt.Fprint(stderr, baselineUsage)
		fset.PrintDefaults()
	}
	if len(args) == 0 || args[0] != "write" {
		fset.Usage()
		return exitError
	}
	if err := fset.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	if *file == baselineOff {
		fmt.Fprintf(stderr, "archvet: -baseline=%s makes no sense when writing the baseline\n", baselineOff)
		return exitError
	}
	opts := driver.Options{Dir: *dir, Patterns: fset.Args(), Config: *configPath, Tests: *tests}
	a, err := analyse(opts, *file)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return exitError
	}
	if len(a.res.Problems) > 0 {
		for _, p := range a.res.Problems {
			fmt.Fprintf(stderr, "archvet: %s\n", p)
		}
		// Findings in a package that did not load are incomplete, and
		// would look fixed.
		fmt.Fprintf(stderr, "archvet: baseline not written: some packages could not be loaded and checked completely\n")
		return exitError
	}
	if len(a.groups) == 0 {
		fmt.Fprintf(stderr, "archvet: no packages to check; baseline not written\n")
		return exitError
	}
	for _, g := range a.groups {
		if err := writeBaseline(g, *grow, stderr); err != nil {
			fmt.Fprintf(stderr, "archvet: %v\n", err)
			return exitError
		}
	}
	return exitClean
}

// writeBaseline updates the baseline file of g and says what changed.
func writeBaseline(g *group, grow bool, stderr io.Writer) error {
	old, err := baseline.Read(g.path)
	if errors.Is(err, fs.ErrNotExist) {
		old, err = baseline.New(g.path)
		grow = true // a first baseline records everything
	}
	if err != nil {
		return err
	}
	b, ch := old.Update(g.run, grow)
	if err := b.Write(); err != nil {
		return err
	}
	name := displayName(g.run.WD, g.path)
	var changes []string
	if ch.Removed > 0 {
		changes = append(changes, plural(ch.Removed, "fixed finding")+" removed")
	}
	if ch.Added > 0 && old.Len() > 0 {
		changes = append(changes, plural(ch.Added, "new finding")+" added")
	}
	summary := ""
	if len(changes) > 0 {
		summary = " (" + strings.Join(changes, ", ") + ")"
	}
	fmt.Fprintf(stderr, "archvet: wrote %s: %s%s\n", name, plural(b.Len(), "finding"), summary)
	if ch.Refused > 0 {
		them := "them"
		if ch.Refused == 1 {
			them = "it"
		}
		fmt.Fprintf(stderr, "archvet: refused to add %s to %s; fix %s, or record %[3]s with `archvet baseline write -grow`\n", plural(ch.Refused, "new finding"), name, them)
	}
	return nil
}

// checked is a run's result with its baselines applied.
type checked struct {
	*driver.Result                   // Findings holds only those no baseline covers
	All            []report.Finding  // every finding, baselined ones too
	Tasks          *report.TaskStats // progress against the baselines; nil if there are none
}

// check runs archvet over the packages and applies their baselines:
// those of their rules files, or file for all of them; none if file is
// "off". It says on stderr how many baselined findings are fixed.
func check(opts driver.Options, file string, stderr io.Writer) (*checked, error) {
	if file == baselineOff {
		res, err := driver.Run(opts)
		if err != nil {
			return nil, err
		}
		return &checked{Result: res, All: res.Findings}, nil
	}
	a, err := analyse(opts, file)
	if err != nil {
		return nil, err
	}
	c := &checked{Result: a.res, All: a.res.Findings}
	covered := make([]bool, len(a.res.Findings))
	var stats report.TaskStats
	for _, g := range a.groups {
		b, err := baseline.Read(g.path)
		switch {
		case errors.Is(err, fs.ErrNotExist) && file == "":
			continue // no baseline yet: every finding is new
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%w; write it with `archvet baseline write -baseline %s`", err, file)
		case err != nil:
			return nil, err
		}
		o := b.Apply(g.run)
		for i, in := range o.Baselined {
			covered[g.index[i]] = in
		}
		stats.Recorded += o.Recorded
		stats.Done += o.Fixed
		c.Tasks = &stats
	}
	if c.Tasks == nil {
		return c, nil
	}
	var fresh []report.Finding
	for i, f := range a.res.Findings {
		if !covered[i] {
			fresh = append(fresh, f)
		}
	}
	stats.New = len(fresh)
	c.Findings = fresh // All still holds every finding
	if stats.Done > 0 {
		fmt.Fprintf(stderr, "archvet: %s fixed; run `archvet baseline write` to shrink the baseline\n", isAre(stats.Done, "baselined finding"))
	}
	return c, nil
}

// analysis is a run together with the baselines that apply to it.
type analysis struct {
	res    *driver.Result
	groups []*group // in path order
}

// A group is the part of a run that one baseline file covers.
type group struct {
	path  string       // absolute path of the baseline file
	run   baseline.Run // findings in source order
	index []int        // index[i] is the index of run.Findings[i] in the result
}

// analyse runs the driver, and sorts its findings and the files it
// checked by baseline file: that of each package's rules, or override if
// it is not "".
func analyse(opts driver.Options, override string) (*analysis, error) {
	wd, err := filepath.Abs(opts.Dir) // as the driver resolves findings' files
	if err != nil {
		return nil, fmt.Errorf("locating working directory: %w", err)
	}
	if override != "" {
		if override, err = filepath.Abs(override); err != nil {
			return nil, fmt.Errorf("locating baseline: %w", err)
		}
	}
	pkgs, err := driver.Load(opts)
	if err != nil {
		return nil, err
	}
	cfgs, err := driver.Configs(opts, pkgs)
	if err != nil {
		return nil, err
	}
	res, err := driver.Analyze(opts, pkgs, cfgs)
	if err != nil {
		return nil, err
	}
	byPath := map[string]*group{}
	byPkg := map[string]*group{} // by import path; test variants share their package's rules
	for _, p := range pkgs {
		c := cfgs[p]
		if c == nil {
			continue // no files, so no rules and no findings
		}
		path := override
		if path == "" {
			if path, err = baseline.Path(c); err != nil {
				return nil, err
			}
		}
		g := byPath[path]
		if g == nil {
			g = &group{path: path, run: baseline.Run{WD: wd, Checked: map[string]bool{}}}
			byPath[path] = g
		}
		addFiles(g.run.Checked, p)
		byPkg[p.PkgPath] = g
	}
	a := &analysis{res: res}
	for i, f := range res.Findings {
		if g := byPkg[f.Package]; g != nil {
			g.run.Findings = append(g.run.Findings, f)
			g.index = append(g.index, i)
		}
	}
	for _, g := range byPath {
		a.groups = append(a.groups, g)
	}
	slices.SortFunc(a.groups, func(x, y *group) int { return strings.Compare(x.path, y.path) })
	return a, nil
}

// addFiles adds the files of p to set, as absolute clean paths.
func addFiles(set map[string]bool, p *packages.Package) {
	for _, files := range [][]string{p.GoFiles, p.CompiledGoFiles} {
		for _, f := range files {
			if abs, err := filepath.Abs(f); err == nil {
				set[abs] = true
			}
		}
	}
}

// displayName returns path relative to wd if it is below wd.
func displayName(wd, path string) string {
	if rel, err := filepath.Rel(wd, path); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return path
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// isAre is plural with a verb: "1 finding is", "2 findings are".
func isAre(n int, noun string) string {
	if n == 1 {
		return plural(n, noun) + " is"
	}
	return plural(n, noun) + " are"
}
