package driver

// An unchanged re-run. Most of a re-run whose every package is answered
// from the result cache is the go list that builds the export data its
// keys name (cached.go). Where nothing seems changed since the last run in
// the same directory (every file it used has the same stat: the file-hash
// memo), a run first loads the graph without building (cache.SourceMode),
// and looks every package up under its source key (cache/source.go) and
// the rules' resolution under resolvedKey. If all are there, the run is
// answered without building. Otherwise, or if the light load finds a
// problem, the run goes on as usual with a full load, which reports it;
// that costs the light load, which is why it is tried only where nothing
// seems changed. (Loading both at once was tried: on 2 CPUs the building
// go list slowed the light one down by more than the light load costs.)

import (
	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/internal/cache"
	"github.com/archvet/archvet/report"
)

// fastRerun answers the run from the result cache if every package it
// checks, and the rules' resolution, are there under source keys. It
// tries only where an earlier run in the same directory left its file
// sums and none of those files changed since: a file added or a rules file
// edited still makes it try, and miss.
func fastRerun(opts Options, rc *resultCache) (*Result, bool) {
	if rc == nil || rc.memo.Empty() || rc.memo.Changed() {
		return nil, false
	}
	pkgs, err := load(opts, cache.SourceMode)
	if err != nil {
		return nil, false
	}
	clean := true
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Errors) > 0 {
			clean = false // the full load reports it
		}
	})
	if !clean {
		return nil, false
	}
	cfgs, err := Configs(opts, pkgs)
	if err != nil {
		return nil, false // the full load reports it
	}
	groups, analysed := groupPackages(pkgs, cfgs)
	rc.sources = cache.SourceDigestsOf(pkgs, rc.memo, rc.goroot)
	warnings, ok := rc.getResolved(opts, cfgs)
	if !ok {
		return nil, false
	}
	res := newResult(pkgs, cfgs, groups)
	res.Dir, res.Warnings = rc.wd, warnings
	for _, c := range res.Configs {
		for _, l := range rc.lookupAll(groups[c], c, false, nil) {
			if !l.hit {
				return nil, false
			}
			res.addCached(l.findings)
		}
	}
	res.Cached, res.rerun = analysed, true
	opts.progress("analysing", analysed, analysed)
	rc.saveMemo()
	report.Sort(res.Findings)
	res.All = res.Findings
	return res, true
}
