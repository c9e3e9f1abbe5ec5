package driver

// The result cache (internal/cache): an unchanged package is answered
// from its entry, without parsing or type-checking it. The key is
// internal/cache's (files, dependencies' export data and the import graph
// below the package, archvet's build, toolchain and platform), plus what
// only this driver knows: the governing rules file's hash and whether
// test files are checked. The import graph matters to contracts: a
// dependency that gains an import can change a contract's findings
// without changing its export data. Entries hold findings with absolute
// file names; baselines apply after the cache. Fix runs bypass it: an
// entry holds no fixes.

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/cache"
	"github.com/archvet/archvet/report"
)

// resultCache is a run's view of the cache.
type resultCache struct {
	c    *cache.Cache
	base cache.Inputs
	// wd is the run's working directory: entries hold absolute file
	// names, findings are relative to it, and memo remembers the sums of
	// the files of the runs in it.
	wd   string
	memo *cache.HashMemo
	// digests are those of the run's graph, set before the lookups, and
	// sources its source digests (cache/source.go).
	digests cache.DepDigests
	sources *cache.SourceDigests
	goroot  string // GOROOT: its cgo packages may lie below a source key
}

// newResultCache returns the run's cache, or nil if it is off or archvet
// cannot identify its build or the toolchain (then nothing is cached).
func newResultCache(opts Options, goenv *goEnv) *resultCache {
	if opts.Cache == nil {
		return nil
	}
	tool, err := cache.ToolID()
	if err != nil {
		return nil
	}
	env, err := goenv.get()
	if err != nil {
		return nil
	}
	wd, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil
	}
	return &resultCache{c: opts.Cache, wd: wd, memo: opts.Cache.LoadHashMemo(wd), goroot: env["GOROOT"], base: cache.Inputs{
		Tool:      tool,
		GoVersion: env["GOVERSION"],
		GOOS:      env["GOOS"],
		GOARCH:    env["GOARCH"],
		Tags:      []string{"GOFLAGS=" + env["GOFLAGS"], "CGO_ENABLED=" + env["CGO_ENABLED"], "GOEXPERIMENT=" + env["GOEXPERIMENT"]},
		Options:   []string{fmt.Sprintf("tests=%t", opts.Tests)},
	}}
}

// key returns the key of p, checked under cfg, and false if p cannot be
// cached (a dependency without export data, an unreadable file).
func (rc *resultCache) key(p *packages.Package, cfg *config.Config) (cache.Key, bool) {
	in, err := cache.PackageInputs(rc.base, p, rc.digests)
	return rc.finish(in, err, p, cfg)
}

// sourceKey returns the source key of p, checked under cfg (cache/source.go).
func (rc *resultCache) sourceKey(p *packages.Package, cfg *config.Config) (cache.Key, bool) {
	in, err := cache.SourceInputs(rc.base, p, rc.sources)
	return rc.finish(in, err, p, cfg)
}

// finish adds to the inputs of p what only the driver knows, and returns
// their key.
func (rc *resultCache) finish(in cache.Inputs, err error, p *packages.Package, cfg *config.Config) (cache.Key, bool) {
	if err != nil {
		return cache.Key{}, false
	}
	in.Rules = []string{cfg.Hash()}
	if p.Module != nil {
		in.GoVersion += " go " + p.Module.GoVersion
	}
	k, err := in.KeyMemo(rc.memo)
	return k, err == nil
}

// saveMemo keeps the sums of the files the run read for the next run.
func (rc *resultCache) saveMemo() {
	if rc != nil {
		_ = rc.c.SaveHashMemo(rc.wd, rc.memo) // a failure only costs the next run reading the files
	}
}

// A lookup is what the cache holds for one package.
type lookup struct {
	key      cache.Key
	keyed    bool // the package can be cached
	hit      bool
	findings []cachedFinding
	// srcKey is the package's source key, if srcKeyed; a load with
	// compiled files writes it only where no cgo package lies below
	// (cache.CgoBelow).
	srcKey   cache.Key
	srcKeyed bool
}

// lookupAll looks up each of pkgs, checked under cfg, GOMAXPROCS at a
// time: computing a key reads and hashes every file of the package. Each
// is looked up under its source key first, then, in a graph with export
// data (full), under its export key; an entry found only under the export
// key is written under the source key too, if it may be (srcWritable), so
// that the next unchanged run finds it without building. A light graph
// (no export data) is looked up under source keys alone.
func (rc *resultCache) lookupAll(pkgs []*packages.Package, cfg *config.Config, full bool, srcWritable map[*packages.Package]bool) []lookup {
	out := make([]lookup, len(pkgs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, p := range pkgs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			l := &out[i]
			if l.srcKey, l.srcKeyed = rc.sourceKey(p, cfg); l.srcKeyed && full {
				l.srcKeyed = srcWritable[p]
			}
			if l.srcKeyed {
				if l.findings, l.hit = rc.get(l.srcKey); l.hit {
					l.key, l.keyed = l.srcKey, true
					return
				}
			}
			if !full {
				return
			}
			if l.key, l.keyed = rc.key(p, cfg); l.keyed {
				l.findings, l.hit = rc.get(l.key)
				if l.hit && l.srcKeyed {
					rc.put(l.srcKey, l.findings)
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// lookupGroups looks up the packages of each config's group in rc, and
// returns what it holds for each group; nil if the cache is off.
func lookupGroups(rc *resultCache, graph []*packages.Package, configs []*config.Config, groups map[*config.Config][]*packages.Package) map[*config.Config][]lookup {
	if rc == nil {
		return nil
	}
	var all []*packages.Package
	for _, c := range configs {
		all = append(all, groups[c]...)
	}
	rc.digests = cache.Digests(all)
	rc.sources = cache.SourceDigestsOf(graph, rc.memo, rc.goroot)
	writable := map[*packages.Package]bool{}
	cgo := map[*packages.Package]bool{}
	for _, p := range all {
		writable[p] = !cache.CgoBelow(p, rc.goroot, cgo)
	}
	lk := map[*config.Config][]lookup{}
	for _, c := range configs {
		lk[c] = rc.lookupAll(groups[c], c, true, writable)
	}
	return lk
}

// get returns the cached findings of the key, with file names relative to
// the run's working directory, as a run writes them.
func (rc *resultCache) get(k cache.Key) ([]cachedFinding, bool) {
	fs, ok := cache.GetFindings[cachedFinding](rc.c, k)
	if !ok {
		return nil, false
	}
	for i := range fs {
		fs[i].Finding.File = displayPath(rc.wd, fs[i].Finding.File)
	}
	return fs, true
}

// A cachedFinding is a finding as an entry holds it, with whether a fix
// was offered for it (the fix itself is not kept: fix runs bypass the
// cache), so that "N fixable with -fix" reads the same from the cache.
type cachedFinding struct {
	Finding report.Finding
	Fixable bool
}

// put stores the findings of the key with absolute file names.
func (rc *resultCache) put(k cache.Key, fs []cachedFinding) {
	abs := slices.Clone(fs)
	for i := range abs {
		if f := &abs[i].Finding; !filepath.IsAbs(f.File) {
			f.File = filepath.Join(rc.wd, filepath.FromSlash(f.File))
		}
	}
	_ = cache.PutFindings(rc.c, k, abs) // a failed write only costs the next run time
}

// resolvedKey returns the key under which the warnings of resolving the
// rules of cfgs (internal/resolve) over the run's graph are kept, and
// false if there is none. Resolving reads the rules, the checked
// packages' files, imports, export data and modules, and the run's
// directory, patterns and options; the source digests cover the files of
// the whole graph, which decide its export data (cache/source.go). The
// warnings are kept only when resolving ran no go command
// (resolve.Checked.OnlyGraph) and found no error, and read back only by a
// run whose every package is answered from the cache (fastRerun).
func (rc *resultCache) resolvedKey(opts Options, cfgs map[*packages.Package]*config.Config) (cache.Key, bool) {
	in := rc.base
	in.Package = "archvet: rules resolved over the graph"
	in.Options = append(slices.Clip(in.Options), "key=resolved", "dir="+rc.wd, fmt.Sprintf("strict=%t", opts.Strict),
		"patterns="+strings.Join(opts.Patterns, "\x00"))
	for p, c := range cfgs {
		sum, err := rc.sources.Digest(p)
		if err != nil {
			return cache.Key{}, false
		}
		var errs []string
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
		mod := ""
		if m := p.Module; m != nil {
			mod = fmt.Sprintf("%s %s %s %t %s", m.Path, m.Version, m.Dir, m.Main, m.GoVersion)
		}
		in.Deps = append(in.Deps, cache.Dep{Path: p.ID, Export: strings.Join([]string{sum, c.File, c.Hash(), p.Name, p.PkgPath, mod,
			strings.Join(p.IgnoredFiles, "\x00"), strings.Join(errs, "\x00")}, "\x01")})
	}
	k, err := in.KeyMemo(nil)
	return k, err == nil
}

// putResolved keeps the warnings of resolving the rules of cfgs.
func (rc *resultCache) putResolved(opts Options, cfgs map[*packages.Package]*config.Config, warnings []string) {
	if k, ok := rc.resolvedKey(opts, cfgs); ok {
		_ = cache.PutFindings(rc.c, k, warnings) // a failed write only costs the next run a build
	}
}

// getResolved returns the warnings kept for resolving the rules of cfgs.
func (rc *resultCache) getResolved(opts Options, cfgs map[*packages.Package]*config.Config) ([]string, bool) {
	k, ok := rc.resolvedKey(opts, cfgs)
	if !ok {
		return nil, false
	}
	return cache.GetFindings[string](rc.c, k)
}
