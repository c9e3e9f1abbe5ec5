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
	// digests are those of the run's graph, set before the lookups.
	digests cache.DepDigests
}

// startResultCache starts newResultCache, which waits for the run's go
// env, and returns a channel that delivers its result once.
func startResultCache(opts Options, goenv *goEnv) <-chan *resultCache {
	ch := make(chan *resultCache, 1)
	go func() { ch <- newResultCache(opts, goenv) }()
	return ch
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
	return &resultCache{c: opts.Cache, wd: wd, memo: opts.Cache.LoadHashMemo(wd), base: cache.Inputs{
		Tool:      tool,
		GoVersion: env["GOVERSION"],
		GOOS:      env["GOOS"],
		GOARCH:    env["GOARCH"],
		Tags:      []string{"GOFLAGS=" + env["GOFLAGS"], "CGO_ENABLED=" + env["CGO_ENABLED"]},
		Options:   []string{fmt.Sprintf("tests=%t", opts.Tests)},
	}}
}

// key returns the key of p, checked under cfg, and false if p cannot be
// cached (a dependency without export data, an unreadable file).
func (rc *resultCache) key(p *packages.Package, cfg *config.Config) (cache.Key, bool) {
	in, err := cache.PackageInputs(rc.base, p, rc.digests)
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
}

// lookupAll looks up each of pkgs, checked under cfg, GOMAXPROCS at a
// time: computing a key reads and hashes every file of the package.
func (rc *resultCache) lookupAll(pkgs []*packages.Package, cfg *config.Config) []lookup {
	out := make([]lookup, len(pkgs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, p := range pkgs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			l := &out[i]
			if l.key, l.keyed = rc.key(p, cfg); l.keyed {
				l.findings, l.hit = rc.get(l.key)
			}
		}()
	}
	wg.Wait()
	return out
}

// lookups are a run's result cache and what it holds for each group of
// packages; byConfig is nil if the cache is off.
type lookups struct {
	rc       *resultCache
	byConfig map[*config.Config][]lookup
}

// lookupGroups looks up the packages of each config's group in rc.
func lookupGroups(rc *resultCache, configs []*config.Config, groups map[*config.Config][]*packages.Package) lookups {
	lk := lookups{rc: rc}
	if rc == nil {
		return lk
	}
	var all []*packages.Package
	for _, c := range configs {
		all = append(all, groups[c]...)
	}
	rc.digests = cache.Digests(all)
	lk.byConfig = map[*config.Config][]lookup{}
	for _, c := range configs {
		lk.byConfig[c] = rc.lookupAll(groups[c], c)
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
