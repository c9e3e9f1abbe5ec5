package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"golang.org/x/tools/go/packages"
)

// PackageMode is what PackageInputs needs go/packages to load.
const PackageMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedEmbedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedExportFile

// PackageInputs returns base with the package's part of the inputs filled
// from pkg, loaded with at least PackageMode: its ID, its files (Go files,
// the compiled files cgo writes, other and embedded files), and each
// direct dependency with its export file and the digest of its own
// dependencies (Digests), which covers every package below it. It fails if
// a dependency has no export data (it did not compile), and the caller
// then analyses the package without the cache. d holds the digests of a
// run's graph; nil computes those below pkg.
func PackageInputs(base Inputs, pkg *packages.Package, d DepDigests) (Inputs, error) {
	in := base
	in.Package = pkg.ID
	in.Files = nil
	for _, list := range [][]string{pkg.GoFiles, pkg.CompiledGoFiles, pkg.OtherFiles, pkg.EmbedFiles} {
		for _, f := range list {
			if !slices.Contains(in.Files, f) {
				in.Files = append(in.Files, f)
			}
		}
	}
	if d == nil {
		d = Digests([]*packages.Package{pkg})
	}
	in.Deps = nil
	for _, dep := range pkg.Imports {
		if dep.PkgPath == "unsafe" {
			continue // built into the compiler: no export data, and it never changes
		}
		dd, ok := d[dep]
		if !ok {
			return Inputs{}, fmt.Errorf("cache inputs for %s: no digest for %s", pkg.ID, dep.ID)
		}
		if dd.err != nil {
			return Inputs{}, fmt.Errorf("cache inputs for %s: %w", pkg.ID, dd.err)
		}
		in.Deps = append(in.Deps, Dep{Path: dep.ID, Export: dep.ExportFile + " " + dd.sum})
	}
	return in, nil
}

// DepDigests holds, for each package of a loaded graph, a digest of
// everything below it: for each package it imports, the import's ID, its
// export data's identity (the export file) and, recursively, the import's
// own digest. A change in the export data of any package below a package
// changes its digest, as listing every transitive dependency in the key
// would, at a cost that grows with the graph's edges instead of with
// packages times dependencies. So does any change of the import graph
// below it (an import gained or lost, unsafe included), which an
// architecture contract's findings depend on even where no export data
// changes.
type DepDigests map[*packages.Package]depDigest

type depDigest struct {
	sum string
	err error // a package below has no export data
}

// Digests returns the digests of pkgs and of every package they import,
// directly or not. The result is only read afterwards, so goroutines may
// share it.
func Digests(pkgs []*packages.Package) DepDigests {
	d := DepDigests{}
	for _, p := range pkgs {
		d.visit(p)
	}
	return d
}

func (d DepDigests) visit(p *packages.Package) depDigest {
	if dd, ok := d[p]; ok {
		return dd
	}
	var lines []string
	var err error
	for _, dep := range p.Imports {
		if dep.PkgPath == "unsafe" {
			lines = append(lines, dep.ID) // no export data, but an edge of the graph
			continue
		}
		dd := d.visit(dep)
		switch {
		case err != nil:
		case dep.ExportFile == "":
			err = fmt.Errorf("no export data for %s", dep.ID)
		case dd.err != nil:
			err = dd.err
		}
		lines = append(lines, dep.ID+"\x00"+dep.ExportFile+"\x00"+dd.sum)
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		field(h, "dep", l)
	}
	dd := depDigest{sum: hex.EncodeToString(h.Sum(nil)), err: err}
	d[p] = dd
	return dd
}
