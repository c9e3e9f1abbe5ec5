package resolve

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
)

// staleGlobs returns an error for each in or allow glob that matches no
// file of the checked packages: it changes nothing the run checks.
func staleGlobs(cfg *config.Config, checked []*packages.Package) []*config.Error {
	files, dirs := relFiles(cfg, checked)
	var out []*config.Error
	check := func(kind, id, what string, globs []*config.Glob) {
		for _, g := range globs {
			if slices.ContainsFunc(dirs, g.Match) || slices.ContainsFunc(files, g.Match) {
				continue // dirs first: few, and a directory match covers its files
			}
			out = append(out, &config.Error{File: cfg.File, Line: g.Pos.Line, Col: g.Pos.Col, Kind: kind, ID: id,
				Msg: fmt.Sprintf("%s: %q matches no file of the checked packages%s", what, g.Text, didYouMean(suggestGlob(g.Text, dirs, files)))})
		}
	}
	for _, r := range cfg.Rules {
		check("rule", r.ID, "in", r.In)
		check("rule", r.ID, "allow", r.Allow)
	}
	for _, s := range cfg.Scopes {
		if s.Params != nil {
			check("scope", s.ID, "params.in", s.Params.In)
			check("scope", s.ID, "params.allow", s.Params.Allow)
		}
		if s.Calls != nil {
			check("scope", s.ID, "calls.allow", s.Calls.Allow)
		}
		if s.Create != nil {
			check("scope", s.ID, "create.allow", s.Create.Allow)
		}
	}
	return out
}

// relFiles returns the files of the packages below the rules root and
// the directories holding them, relative to the root, sorted.
func relFiles(cfg *config.Config, pkgs []*packages.Package) (files, dirs []string) {
	for _, p := range pkgs {
		for _, list := range [][]string{p.GoFiles, p.CompiledGoFiles, p.OtherFiles, p.IgnoredFiles} {
			for _, f := range list {
				rel, ok := cfg.Rel(f)
				if !ok {
					continue // outside the root, such as cgo output in the build cache
				}
				files = append(files, rel)
				for d := path.Dir(rel); d != "."; d = path.Dir(d) {
					dirs = append(dirs, d)
				}
			}
		}
	}
	slices.Sort(files)
	slices.Sort(dirs)
	return slices.Compact(files), slices.Compact(dirs)
}

// suggestGlob suggests a path for a glob that is a plain path, with or
// without a trailing "/**".
func suggestGlob(text string, dirs, files []string) string {
	base, suffix := text, ""
	if b, ok := strings.CutSuffix(text, "/**"); ok {
		base, suffix = b, "/**"
	}
	base = strings.TrimSuffix(base, "/")
	if strings.ContainsAny(base, "*?[{") {
		return "" // a pattern: no single path to compare with
	}
	s := config.Suggest(base, append(slices.Clone(dirs), files...))
	if s == "" {
		return ""
	}
	return s + suffix
}
