package driver

// Compacting the import graph. go/packages decodes go list's JSON into
// many small strings, slices and maps, one Module per package, and
// interleaves them with the decoder's garbage; once that garbage is
// collected, the graph's objects are scattered over pages that each keep
// a few of them alive. During analysis those pages stay resident and
// partly empty, next to every worker's short-lived allocations, and the
// loss grows with the number of packages: on a generated module of 3,000
// packages the heap in use was twice the live heap (32 MB for 18). A deep
// copy made right after loading packs the graph densely, shares equal
// strings and modules, and lets the decoder's pages go: the archvet
// process's peak RSS on that module fell by a fifth (about 63 to 51 MiB),
// and did not change on 300 packages (bench/scale.sh).

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/packages"
)

// compact returns a deep copy of the import graph of pkgs (see above),
// in the same order. Syntax and types, which a metaMode load has not,
// are shared, not copied.
func compact(pkgs []*packages.Package) []*packages.Package {
	c := &compacter{
		pkgs:  map[*packages.Package]*packages.Package{},
		mods:  map[*packages.Module]*packages.Module{},
		byMod: map[string]*packages.Module{},
		strs:  map[string]string{},
	}
	out := make([]*packages.Package, len(pkgs))
	for i, p := range pkgs {
		out[i] = c.pkg(p)
	}
	return out
}

type compacter struct {
	pkgs  map[*packages.Package]*packages.Package // old to new
	mods  map[*packages.Module]*packages.Module   // old to new
	byMod map[string]*packages.Module             // new modules by content
	strs  map[string]string                       // each string once
}

func (c *compacter) str(s string) string {
	if t, ok := c.strs[s]; ok {
		return t
	}
	t := strings.Clone(s)
	c.strs[t] = t
	return t
}

func (c *compacter) list(l []string) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = c.str(s)
	}
	return out
}

// mod returns the copy of m, one for all equal modules: go/packages
// decodes a Module for each package.
func (c *compacter) mod(m *packages.Module) *packages.Module {
	if m == nil {
		return nil
	}
	if n, ok := c.mods[m]; ok {
		return n
	}
	n := *m
	n.Path, n.Version, n.Dir, n.GoMod, n.GoVersion = c.str(m.Path), c.str(m.Version), c.str(m.Dir), c.str(m.GoMod), c.str(m.GoVersion)
	n.Replace = c.mod(m.Replace)
	if m.Error == nil {
		var t string
		if m.Time != nil {
			t = m.Time.String()
		}
		// Replace is already shared, so its pointer identifies it.
		key := fmt.Sprintf("%q %q %q %q %q %t %t %p %q", n.Path, n.Version, n.Dir, n.GoMod, n.GoVersion, n.Main, n.Indirect, n.Replace, t)
		if same, ok := c.byMod[key]; ok {
			c.mods[m] = same
			return same
		}
		c.byMod[key] = &n
	}
	c.mods[m] = &n
	return &n
}

func (c *compacter) pkg(p *packages.Package) *packages.Package {
	if q, ok := c.pkgs[p]; ok {
		return q
	}
	q := *p
	c.pkgs[p] = &q
	q.ID, q.Name, q.PkgPath, q.Dir = c.str(p.ID), c.str(p.Name), c.str(p.PkgPath), c.str(p.Dir)
	q.ExportFile, q.Target, q.ForTest = c.str(p.ExportFile), c.str(p.Target), c.str(p.ForTest)
	q.GoFiles, q.CompiledGoFiles, q.OtherFiles = c.list(p.GoFiles), c.list(p.CompiledGoFiles), c.list(p.OtherFiles)
	q.EmbedFiles, q.EmbedPatterns, q.IgnoredFiles = c.list(p.EmbedFiles), c.list(p.EmbedPatterns), c.list(p.IgnoredFiles)
	q.Module = c.mod(p.Module)
	if p.Errors != nil {
		q.Errors = make([]packages.Error, len(p.Errors))
		for i, e := range p.Errors {
			q.Errors[i] = packages.Error{Pos: c.str(e.Pos), Msg: c.str(e.Msg), Kind: e.Kind}
		}
	}
	if p.Imports != nil {
		q.Imports = make(map[string]*packages.Package, len(p.Imports))
		for path, imp := range p.Imports {
			q.Imports[c.str(path)] = c.pkg(imp)
		}
	}
	return &q
}
