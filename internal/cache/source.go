package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Source keys. A package's key built by PackageInputs names its
// dependencies' export data, which only a go list that builds them
// (-export) reports; that go list is most of an unchanged re-run. A source
// key names, instead, the contents of every file of every package below
// (SourceDigests), which a go list that builds nothing reports: an edit
// anywhere below changes it, as it may change the export data. It is
// coarser than the export key (an edit of a function body below misses,
// where the export key hits while the export data is the same), so a
// driver keeps both: it answers an unchanged re-run from source keys alone,
// and a re-run after an edit from export keys.
//
// A source key is sound only where the files below decide the export data.
// They do not for a cgo package outside GOROOT, whose C headers may lie
// anywhere: a driver writes a source key only for a package with no such
// package below it, which it can tell only from a load with compiled files
// (CgoBelow). A source key that was written stays sound as long as it
// hits, since a hit means every file below is unchanged, so none became
// cgo either.

// SourceMode is what SourceDigests and SourceInputs need go/packages to
// load: no export data, no compiled files, so no build.
const SourceMode = packages.NeedName | packages.NeedFiles | packages.NeedEmbedFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule

// SourceDigests holds, for each package of a loaded graph, a digest of the
// contents of its files and of every package below it.
type SourceDigests struct {
	m      map[*packages.Package]depDigest
	goroot string
}

// SourceDigestsOf returns the source digests of pkgs and of every package
// they import, directly or not, with the files' sums taken through m (nil:
// read each); goroot is the build's GOROOT. The result is only read
// afterwards, so goroutines may share it.
func SourceDigestsOf(pkgs []*packages.Package, m *HashMemo, goroot string) *SourceDigests {
	d := &SourceDigests{m: map[*packages.Package]depDigest{}, goroot: goroot}
	for _, p := range pkgs {
		d.visit(p, m)
	}
	return d
}

// inGoroot reports whether p's files are in GOROOT.
func (d *SourceDigests) inGoroot(p *packages.Package) bool {
	return d.goroot != "" && inDir(d.goroot, pkgDirOf(p))
}

func (d *SourceDigests) visit(p *packages.Package, m *HashMemo) depDigest {
	if dd, ok := d.m[p]; ok {
		return dd
	}
	d.m[p] = depDigest{err: fmt.Errorf("import cycle through %s", p.ID)} // replaced below
	h := sha256.New()
	field(h, "source digest v1", p.ID)
	var err error
	for _, name := range sourceFiles(p) {
		sum, e := m.Sum(name)
		if e != nil && err == nil {
			err = fmt.Errorf("source digest of %s: %w", p.ID, e)
		}
		field(h, "file", name, string(sum[:]))
	}
	var lines []string
	for _, dep := range p.Imports {
		if cgoImport(dep) && d.inGoroot(p) {
			continue
		}
		dd := d.visit(dep, m)
		if dd.err != nil && err == nil {
			err = dd.err
		}
		lines = append(lines, dep.ID+"\x00"+dd.sum)
	}
	slices.Sort(lines)
	field(h, "deps", lines...)
	dd := depDigest{sum: hex.EncodeToString(h.Sum(nil)), err: err}
	d.m[p] = dd
	return dd
}

// cgoImport reports whether dep is one of the imports cgo adds to a
// package, which only a load with compiled files lists. A standard
// library package's edges to them are not followed, so that its digest
// is the same from both loads: edits of GOROOT's syscall and runtime/cgo
// are not seen through them (a package outside GOROOT that imports them
// sees them), which only a toolchain edited in place could have.
func cgoImport(dep *packages.Package) bool {
	switch dep.PkgPath {
	case "runtime/cgo", "syscall", "unsafe":
		return true
	}
	return false
}

// Digest returns the source digest of p, if d holds one.
func (d *SourceDigests) Digest(p *packages.Package) (string, error) {
	if d == nil {
		return "", fmt.Errorf("no source digests")
	}
	dd, ok := d.m[p]
	if !ok {
		return "", fmt.Errorf("no source digest for %s", p.ID)
	}
	return dd.sum, dd.err
}

// sourceFiles returns the files of p that a source key covers, sorted:
// its Go files (cgo files among them), other files (C, assembly, ...) and
// embedded files. Compiled files are left out: a load without a build does
// not report them, and where they differ from the Go files (cgo), the
// source key is not written (CgoBelow).
func sourceFiles(p *packages.Package) []string {
	var out []string
	for _, list := range [][]string{p.GoFiles, p.OtherFiles, p.EmbedFiles} {
		out = append(out, list...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// SourceInputs returns base with the package's part of the inputs filled
// from pkg, loaded with at least SourceMode, for a source key: its ID, its
// files as sourceFiles lists them, and each direct dependency with its
// source digest from d. It fails if a file below cannot be read.
func SourceInputs(base Inputs, pkg *packages.Package, d *SourceDigests) (Inputs, error) {
	in := base
	in.Package = pkg.ID
	in.Files = sourceFiles(pkg)
	in.Options = append(slices.Clip(in.Options), "key=source")
	in.Deps = nil
	for _, dep := range pkg.Imports {
		if cgoImport(dep) && d.inGoroot(pkg) {
			continue // as in visit
		}
		sum, err := d.Digest(dep)
		if err != nil {
			return Inputs{}, fmt.Errorf("cache inputs for %s: %w", pkg.ID, err)
		}
		in.Deps = append(in.Deps, Dep{Path: dep.ID, Export: "source " + sum})
	}
	return in, nil
}

// CgoBelow reports whether pkg, or a package below it, is a cgo package
// outside goroot, in a graph loaded with compiled files: a cgo package is
// one whose compiled Go files are not all among its Go files. A source key
// of pkg is sound only if it reports false. The standard library's cgo
// packages (net, os/user) are let through: their C headers are the
// system's, and their Go files, with the toolchain's version and the
// build's settings, decide what cgo makes of them. memo holds the answers
// for a run's graph.
func CgoBelow(p *packages.Package, goroot string, memo map[*packages.Package]bool) bool {
	if v, ok := memo[p]; ok {
		return v
	}
	memo[p] = false // a loaded graph has no cycles; this would end one
	v := isCgo(p) && (goroot == "" || !inDir(goroot, pkgDirOf(p)))
	for _, dep := range p.Imports {
		if CgoBelow(dep, goroot, memo) {
			v = true
		}
	}
	memo[p] = v
	return v
}

// isCgo reports whether some compiled Go file of p is not one of its Go
// files: one cgo generated.
func isCgo(p *packages.Package) bool {
	for _, f := range p.CompiledGoFiles {
		if !slices.Contains(p.GoFiles, f) {
			return true
		}
	}
	return false
}

func pkgDirOf(p *packages.Package) string {
	if len(p.GoFiles) > 0 {
		return filepath.Dir(p.GoFiles[0])
	}
	return ""
}

// inDir reports whether path is dir or below it.
func inDir(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && path != "" && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
