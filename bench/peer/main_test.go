package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/archvet/archvet/config"
)

const rulesYAML = `version: 1
rules:
  - id: gate
    ban: [os.ReadFile, "net/http.{Get,Post*}", "(*net/http.Client).Do", io/ioutil, example.com/m/cmd/...]
    in: [internal/**, "pkg/*/api"]
    allow: ["**/*_test.go", internal/store]
    hint: h
`

func parse(t *testing.T, dir string) *config.Config {
	t.Helper()
	cfg, err := config.Parse(filepath.Join(dir, "rules.yaml"), []byte(rulesYAML))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestGlobsRegexp: the exclusion regexps accept exactly the module-relative
// paths the globs match, with the rules root at the module root or below.
func TestGlobsRegexp(t *testing.T) {
	for _, sub := range []string{"", "svc"} {
		module := t.TempDir()
		cfg := parse(t, filepath.Join(module, sub))
		r := cfg.Rules[0]
		in := regexp.MustCompile(globsRegexp(filepath.ToSlash(filepath.Join(".", sub)), r.In))
		allow := regexp.MustCompile(globsRegexp(filepath.ToSlash(filepath.Join(".", sub)), r.Allow))
		for _, rel := range []string{
			"internal/a.go", "internal/x/y/z.go", "internalx/a.go", "pkg/a/api/x.go", "pkg/a/b/api/x.go",
			"pkg/a/api", "cmd/x_test.go", "internal/store/s.go", "internal/storex/s.go", "main.go",
		} {
			path := rel
			if sub != "" {
				path = sub + "/" + rel
			}
			if got, want := in.MatchString(path), anyMatch(r.In, rel); got != want {
				t.Errorf("root %q: in regexp matches %q: %t, glob: %t", sub, path, got, want)
			}
			if got, want := allow.MatchString(path), anyMatch(r.Allow, rel); got != want {
				t.Errorf("root %q: allow regexp matches %q: %t, glob: %t", sub, path, got, want)
			}
			if sub != "" && in.MatchString(rel) && !strings.HasPrefix(rel, sub) {
				t.Errorf("root %q: in regexp matches %q, outside the root", sub, rel)
			}
		}
	}
}

func anyMatch(globs []*config.Glob, rel string) bool {
	for _, g := range globs {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

func TestTranslate(t *testing.T) {
	module := t.TempDir()
	out, err := translate(parse(t, module), module, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"enable: [depguard, forbidigo]",
		"tests: false",
		"- pkg: 'io/ioutil$'",
		"- pkg: 'example.com/m/cmd'\n",
		`- pattern: '^[^.]+\.(ReadFile)$'` + "\n          pkg: '^os$'",
		`- pattern: '^[^.]+\.(Get|Post[^.]*)$'` + "\n          pkg: '^net/http$'",
		`- pattern: '^[^.]+\.Client\.(Do)$'`,
		"msg: '[archvet:gate]'",
		"desc: '[archvet:gate]'",
		"text: '\\[archvet:gate\\]'",
		"uniq-by-line: false",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("config lacks %q:\n%s", want, out)
		}
	}
	// forbidigo matches "pkgname.Name"; the pattern must accept the
	// banned names and nothing more.
	re := regexp.MustCompile(`^[^.]+\.` + names(parse(t, module).Rules[0].Ban[1].Name) + `$`)
	for text, want := range map[string]bool{"http.Get": true, "http.PostForm": true, "http.Post": true, "http.GetX": false, "http.Client.Get": false} {
		if re.MatchString(text) != want {
			t.Errorf("pattern for net/http.{Get,Post*} matches %q: %t", text, !want)
		}
	}
}
