package resolve

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
)

// staleGlobs returns an error for each in or allow glob that judge
// accepts and that matches no file of the checked packages: it changes
// nothing the run checks.
func staleGlobs(cfg *config.Config, checked []*packages.Package, judge func(*config.Glob) bool) []*config.Error {
	files, dirs := relFiles(cfg, checked)
	var out []*config.Error
	check := func(kind, id, what string, globs []*config.Glob) {
		for _, g := range globs {
			if slices.ContainsFunc(dirs, g.Match) || slices.ContainsFunc(files, g.Match) {
				continue // dirs first: few, and a directory match covers its files
			}
			if !judge(g) {
				continue // it may match files outside what the run loaded
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

// judgeable returns which globs a run can judge: all of them if it
// covers the whole rules root (all), else those that can only match
// below one of the covered directories dirs (relative to root): whose
// leading path elements without wildcards are such a directory or lie
// below one, and not in a nested module below it, which a ./... pattern
// does not load.
func judgeable(root string, all bool, dirs []string) func(*config.Glob) bool {
	if all {
		return func(*config.Glob) bool { return true }
	}
	return func(g *config.Glob) bool {
		lit := literalPrefix(g.Text)
		for _, d := range dirs {
			rest, ok := strings.CutPrefix(lit+"/", d+"/")
			if !ok {
				continue
			}
			return !nestedModule(root, d, rest)
		}
		return false
	}
}

// literalPrefix returns the leading elements of a glob that hold no
// wildcard, brace list or class: "svc/internal" for "svc/internal/*.go"
// and for "svc/internal", "" for "**/*.pb.go".
func literalPrefix(glob string) string {
	elems := strings.Split(strings.TrimSuffix(glob, "/"), "/")
	n := 0
	for _, e := range elems {
		if strings.ContainsAny(e, "*?[{") {
			break
		}
		n++
	}
	return strings.Join(elems[:n], "/")
}

// nestedModule reports whether a directory on the path rest (slash-
// separated, ending in "/"), below dir below root, holds a go.mod: the
// files there belong to another module.
func nestedModule(root, dir, rest string) bool {
	p := filepath.Join(root, filepath.FromSlash(dir))
	for _, e := range strings.Split(strings.TrimSuffix(rest, "/"), "/") {
		if e == "" {
			continue
		}
		p = filepath.Join(p, e)
		if fi, err := os.Stat(filepath.Join(p, "go.mod")); err == nil && !fi.IsDir() {
			return true
		}
	}
	return false
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
