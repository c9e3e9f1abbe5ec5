package cache

import (
	"fmt"
	"slices"

	"golang.org/x/tools/go/packages"
)

// PackageMode is what PackageInputs needs go/packages to load.
const PackageMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedEmbedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedExportFile

// PackageInputs returns base with the package's part of the inputs filled
// from pkg, loaded with at least PackageMode: its ID, its files (Go files,
// the compiled files cgo writes, other and embedded files), and every
// dependency, direct or not, with its export file. It fails if a
// dependency has no export data (it did not compile), and the caller then
// analyses the package without the cache.
func PackageInputs(base Inputs, pkg *packages.Package) (Inputs, error) {
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
	in.Deps = nil
	seen := map[string]bool{}
	var visit func(p *packages.Package) error
	visit = func(p *packages.Package) error {
		for _, dep := range p.Imports {
			if seen[dep.ID] {
				continue // reached through another import
			}
			seen[dep.ID] = true
			if dep.PkgPath == "unsafe" {
				continue // built into the compiler: no export data, and it never changes
			}
			if dep.ExportFile == "" {
				return fmt.Errorf("cache inputs for %s: no export data for %s", pkg.ID, dep.ID)
			}
			in.Deps = append(in.Deps, Dep{Path: dep.ID, Export: dep.ExportFile})
			if err := visit(dep); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(pkg); err != nil {
		return Inputs{}, err
	}
	return in, nil
}
