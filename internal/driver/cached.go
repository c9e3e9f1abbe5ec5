package driver

// The result cache (internal/cache): an unchanged package is answered
// from its entry, without parsing or type-checking it. The key is
// internal/cache's (files, dependencies' export data, archvet's build,
// toolchain and platform), plus what only this driver knows: the
// governing rules file's hash, whether test files are checked, and, when
// the rules have contracts, the package's whole import graph, since a
// dependency that gains an import can change a contract's findings
// without changing its export data. Entries hold findings with absolute
// file names; baselines apply after the cache. Fix runs bypass it: an
// entry holds no fixes.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/cache"
	"github.com/archvet/archvet/report"
)

// resultCache is a run's view of the cache.
type resultCache struct {
	c    *cache.Cache
	base cache.Inputs
}

// newResultCache returns the run's cache, or nil if it is off or archvet
// cannot identify its build or the toolchain (then nothing is cached).
func newResultCache(opts Options) *resultCache {
	if opts.Cache == nil {
		return nil
	}
	tool, err := cache.ToolID()
	if err != nil {
		return nil
	}
	cmd := exec.Command("go", "env", "-json", "GOVERSION", "GOOS", "GOARCH", "GOFLAGS", "CGO_ENABLED")
	cmd.Dir, cmd.Env = opts.Dir, opts.Env
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	var env map[string]string
	if err := json.Unmarshal(out, &env); err != nil {
		return nil
	}
	return &resultCache{c: opts.Cache, base: cache.Inputs{
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
	in, err := cache.PackageInputs(rc.base, p)
	if err != nil {
		return cache.Key{}, false
	}
	in.Rules = []string{cfg.Hash()}
	if len(cfg.Contracts) > 0 {
		in.Rules = append(in.Rules, "imports "+importsHash(p))
	}
	if p.Module != nil {
		in.GoVersion += " go " + p.Module.GoVersion
	}
	k, err := in.Key()
	return k, err == nil
}

// importsHash hashes the import graph below p: each package and what it
// imports.
func importsHash(p *packages.Package) string {
	var lines []string
	seen := map[string]bool{}
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		if seen[p.ID] {
			return
		}
		seen[p.ID] = true
		var imps []string
		for _, q := range p.Imports {
			imps = append(imps, q.ID)
			visit(q)
		}
		slices.Sort(imps)
		lines = append(lines, p.ID+" "+strings.Join(imps, " "))
	}
	visit(p)
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// get returns the cached findings of the key, with file names relative to
// wd as a run writes them.
func (rc *resultCache) get(k cache.Key, wd string) ([]report.Finding, bool) {
	fs, ok := cache.GetFindings[report.Finding](rc.c, k)
	if !ok {
		return nil, false
	}
	for i := range fs {
		fs[i].File = displayPath(wd, fs[i].File)
	}
	return fs, true
}

// put stores the findings of the key with absolute file names.
func (rc *resultCache) put(k cache.Key, wd string, fs []report.Finding) {
	abs := slices.Clone(fs)
	for i := range abs {
		if !filepath.IsAbs(abs[i].File) {
			abs[i].File = filepath.Join(wd, filepath.FromSlash(abs[i].File))
		}
	}
	_ = cache.PutFindings(rc.c, k, abs) // a failed write only costs the next run time
}
