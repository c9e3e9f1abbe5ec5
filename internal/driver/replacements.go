package driver

import (
	"go/types"
	"slices"
	"sync"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/analyzers/bans"
)

// ReplacementLoader returns a lookup for bans.WithReplacementLookup that
// loads the function a use_instead entry names with the go command, from
// export data, the first time it is asked for, in dir with env, and
// remembers the answer. It is safe for concurrent use.
func ReplacementLoader(dir string, env []string) func(useInstead string) (bans.Replacement, bool) {
	type answer struct {
		once sync.Once
		r    bans.Replacement
		ok   bool
	}
	var mu sync.Mutex
	answers := map[string]*answer{}
	return func(useInstead string) (bans.Replacement, bool) {
		mu.Lock()
		a := answers[useInstead]
		if a == nil {
			a = &answer{}
			answers[useInstead] = a
		}
		mu.Unlock()
		a.once.Do(func() { a.r, a.ok = loadReplacement(dir, env, useInstead) })
		return a.r, a.ok
	}
}

// loadReplacement loads the function useInstead names, and the packages
// its package imports, directly or not.
func loadReplacement(dir string, env []string, useInstead string) (bans.Replacement, bool) {
	pkgPath, name, ok := bans.UseInsteadFunc(useInstead)
	if !ok {
		return bans.Replacement{}, false // prose, a type or a method: never a fix
	}
	mode := packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps
	pkgs, err := packages.Load(&packages.Config{Mode: mode, Dir: dir, Env: env}, pkgPath)
	if err != nil || len(pkgs) != 1 || pkgs[0].Types == nil || len(pkgs[0].Errors) > 0 {
		return bans.Replacement{}, false // not loadable here: no fix, as before
	}
	fn, ok := pkgs[0].Types.Scope().Lookup(name).(*types.Func)
	if !ok {
		return bans.Replacement{}, false // not a function
	}
	var deps []string
	var imports []*packages.Package
	for _, imp := range pkgs[0].Imports {
		imports = append(imports, imp)
	}
	packages.Visit(imports, nil, func(p *packages.Package) { deps = append(deps, p.PkgPath) })
	return bans.NewReplacement(fn, slices.Compact(slices.Sorted(slices.Values(deps)))), true
}
