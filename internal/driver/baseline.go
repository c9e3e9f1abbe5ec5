package driver

// Baselines: "archvet baseline write" records the current findings in a
// baseline file, and a normal run then reports, and fails on, only the
// findings the baseline does not cover. How findings match is described
// in internal/baseline.
//
// Each rules file has its own baseline (its baseline key, or
// .archvet-baseline.json next to it); Options.Baseline names one file for
// every rules file instead. Under go vet and golangci-lint, which see one
// package at a time, FilterPackage applies the same baseline to the
// findings of one package: baseline entries of other packages are out of
// that run's scope, so the matching is the same.

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/baseline"
	"github.com/archvet/archvet/report"
)

// A group is the part of a run that one baseline file covers.
type group struct {
	path  string       // absolute path of the baseline file
	run   baseline.Run // findings in source order
	index []int        // index[i] is the index of run.Findings[i] in Result.All
}

// baselinePath returns the baseline file for the rules cfg: opts.Baseline
// made absolute against opts.Dir, or else the rules file's own.
func baselinePath(opts Options, cfg *config.Config) (string, error) {
	if opts.Baseline != "" {
		if filepath.IsAbs(opts.Baseline) {
			return opts.Baseline, nil
		}
		base, err := filepath.Abs(opts.Dir)
		if err != nil {
			return "", fmt.Errorf("locating baseline: %w", err)
		}
		return filepath.Join(base, opts.Baseline), nil
	}
	return baseline.Path(cfg)
}

// group sorts the findings of r and the files it checked by baseline file.
func (r *Result) group(opts Options) error {
	pkgs, cfgs := r.pkgs, r.cfgs
	byPath := map[string]*group{}
	byPkg := map[string]*group{} // by import path; test variants share their package's rules
	for _, p := range pkgs {
		c := cfgs[p]
		if c == nil {
			continue // no files, so no rules and no findings
		}
		path, err := baselinePath(opts, c)
		if err != nil {
			return err
		}
		g := byPath[path]
		if g == nil {
			g = &group{path: path, run: baseline.Run{WD: r.Dir, Checked: map[string]bool{}}}
			byPath[path] = g
		}
		addFiles(g.run.Checked, p)
		byPkg[p.PkgPath] = g
	}
	for i, f := range r.All {
		if g := byPkg[f.Package]; g != nil {
			g.run.Findings = append(g.run.Findings, f)
			g.index = append(g.index, i)
		}
	}
	r.groups = nil
	for _, g := range byPath {
		r.groups = append(r.groups, g)
	}
	slices.SortFunc(r.groups, func(x, y *group) int { return strings.Compare(x.path, y.path) })
	return nil
}

// applyBaselines groups the findings by baseline and keeps in Findings
// only those no baseline covers.
func (r *Result) applyBaselines(opts Options) error {
	if opts.Baseline == BaselineOff {
		return nil
	}
	if err := r.group(opts); err != nil {
		return err
	}
	covered := make([]bool, len(r.All))
	var stats report.TaskStats
	for _, g := range r.groups {
		b, err := baseline.Read(g.path)
		switch {
		case errors.Is(err, fs.ErrNotExist) && opts.Baseline == "":
			continue // no baseline yet: every finding is new
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%w; write it with `archvet baseline write -baseline %s`", err, opts.Baseline)
		case err != nil:
			return corrupt(err)
		}
		o := b.Apply(g.run)
		for i, in := range o.Baselined {
			covered[g.index[i]] = in
		}
		stats.Recorded += o.Recorded
		stats.Done += o.Fixed
		r.Tasks = &stats
	}
	if r.Tasks == nil {
		return nil
	}
	var fresh []report.Finding
	for i, f := range r.All {
		if !covered[i] {
			fresh = append(fresh, f)
		}
	}
	stats.New = len(fresh)
	r.Findings = fresh
	if stats.Done > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s fixed; run `archvet baseline write` to shrink the baseline", isAre(stats.Done, "baselined finding")))
	}
	return nil
}

// corrupt says how to recover from a baseline that cannot be read.
func corrupt(err error) error {
	return fmt.Errorf("%w; fix the file, or rewrite it from the current findings with `archvet baseline write -force`", err)
}

// A BaselineWrite says what writing one baseline file changed.
type BaselineWrite struct {
	Path    string // absolute
	Total   int    // findings the file records now
	Change  baseline.Change
	Created bool // there was no usable baseline before
}

// WriteBaselines records every finding of r (a result of RunAll) in its
// baseline. An existing baseline only shrinks unless grow is set; force
// replaces a baseline that cannot be read (corrupt) instead of failing.
func (r *Result) WriteBaselines(opts Options, grow, force bool) ([]BaselineWrite, error) {
	if opts.Baseline == BaselineOff {
		return nil, fmt.Errorf("-baseline=%s makes no sense when writing the baseline", BaselineOff)
	}
	if err := r.group(opts); err != nil {
		return nil, err
	}
	var out []BaselineWrite
	for _, g := range r.groups {
		w := BaselineWrite{Path: g.path}
		old, err := baseline.Read(g.path)
		if errors.Is(err, fs.ErrNotExist) || (err != nil && force) {
			old, err = baseline.New(g.path)
			w.Created = true // a first baseline records everything
		}
		if err != nil {
			return out, corrupt(err)
		}
		b, ch := old.Update(g.run, grow || w.Created)
		if err := b.Write(); err != nil {
			return out, err
		}
		w.Total, w.Change = b.Len(), ch
		if old.Len() == 0 {
			w.Change.Added = 0 // nothing to compare with: not "new"
		}
		out = append(out, w)
	}
	return out, nil
}

// FilterPackage applies the baseline of the rules cfg (or the file
// baselineFile, if not "") to the findings of one package, whose files are
// checked: it returns the findings no baseline covers. Findings are in
// the order report.Sort gives. A missing default baseline covers nothing.
func FilterPackage(cfg *config.Config, baselineFile, wd string, findings []report.Finding, checked []string) ([]report.Finding, error) {
	path, err := baselinePath(Options{Baseline: baselineFile, Dir: wd}, cfg)
	if err != nil {
		return nil, err
	}
	b, err := baseline.Read(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && baselineFile == "":
		return findings, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, corrupt(err)
	case err != nil:
		return nil, err
	}
	run := baseline.Run{WD: wd, Findings: findings, Checked: map[string]bool{}}
	for _, f := range checked {
		if abs, err := filepath.Abs(f); err == nil {
			run.Checked[abs] = true
		}
	}
	o := b.Apply(run)
	var out []report.Finding
	for i, f := range findings {
		if !o.Baselined[i] {
			out = append(out, f)
		}
	}
	return out, nil
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

// isAre is plural with a verb: "1 finding is", "2 findings are".
func isAre(n int, noun string) string {
	if n == 1 {
		return plural(n, noun, noun+"s") + " is"
	}
	return plural(n, noun, noun+"s") + " are"
}
