// Command peer serves bench/compare.sh, which runs archvet side by side
// with golangci-lint. It writes the golangci-lint v2 configuration that
// enforces an archvet rules file's ban rules with golangci-lint's own
// linters, and compares the two tools' findings:
//
//	go run ./bench/peer config -rules rules.yaml -module DIR [-tests=false] >.golangci.yml
//	go run ./bench/peer compare -rules rules.yaml -module DIR archvet.json golangci.json
//
// The mapping, rule by rule:
//
//   - a package target ("io/ioutil") becomes a depguard deny entry matching
//     the path exactly ("io/ioutil$"); a recursive one ("pkg/...") a prefix
//     entry ("pkg"), which depguard matches on bytes, not on path segments;
//   - a symbol target ("os.{Open,Create}", "net/http.Get*") becomes a
//     forbidigo pattern with analyze-types: pattern `^[^.]+\.(Open|Create)$`
//     against forbidigo's "pkgname.Name" text, pkg `^os$` against the
//     object's package path;
//   - a method target ("(*net/http.Client).Do") becomes the pattern
//     `^[^.]+\.Client\.Do$` with pkg `^net/http$`: forbidigo's text for a
//     method value or call through a variable of the receiver's type;
//   - the rule's `in` and `allow` globs become exclusion rules on the rule's
//     issues: `path-except` the `in` globs, `path` the `allow` globs, matched
//     against paths relative to the module (relative-path-mode: gomod).
//
// Each depguard description and forbidigo message is "[archvet:<rule id>]",
// which is how exclusions and compare.sh tell the rules apart. Scopes have
// no equivalent and are left out. Semantics differ at the edges: depguard
// matches recursive bans on byte prefixes; forbidigo sees identifiers and
// selectors (not promoted methods through embedding, nor method
// expressions), while archvet resolves every use through go/types.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/archvet/archvet/config"
)

const usage = `usage:
	peer config -rules rules.yaml [-module dir] [-tests=false]
	peer compare -rules rules.yaml [-module dir] archvet.json golangci.json`

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "config" && os.Args[1] != "compare") {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	rules := fs.String("rules", "", "archvet rules file")
	module := fs.String("module", ".", "the module's directory, which golangci-lint's paths are relative to")
	tests := fs.Bool("tests", true, "also lint test files (config)")
	_ = fs.Parse(os.Args[2:]) // ExitOnError
	want := map[string]int{"config": 0, "compare": 2}[os.Args[1]]
	if *rules == "" || fs.NArg() != want {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	cfg, err := config.Load(*rules)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var out string
	if os.Args[1] == "config" {
		out, err = translate(cfg, *module, *tests)
	} else {
		out, err = compare(cfg, *module, fs.Arg(0), fs.Arg(1))
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "peer %s: %v\n", os.Args[1], err)
		os.Exit(2)
	}
	if _, err := os.Stdout.WriteString(out); err != nil {
		fmt.Fprintf(os.Stderr, "peer %s: %v\n", os.Args[1], err)
		os.Exit(2)
	}
}

// translate returns the golangci-lint configuration for cfg's ban rules.
func translate(cfg *config.Config, moduleDir string, tests bool) (string, error) {
	absModule, err := filepath.Abs(moduleDir)
	if err != nil {
		return "", err
	}
	prefix, err := filepath.Rel(absModule, cfg.Root)
	if err != nil || strings.HasPrefix(prefix, "..") {
		return "", fmt.Errorf("rules root %s is not inside module %s", cfg.Root, absModule)
	}
	prefix = filepath.ToSlash(prefix)

	var dep, forbid, excl strings.Builder
	for _, r := range cfg.Rules {
		tag := "[archvet:" + r.ID + "]"
		var deny []string
		for _, t := range r.Ban {
			switch t.Kind {
			case config.TargetPackage:
				pkg := t.Pkg + "$"
				if t.Recursive {
					pkg = t.Pkg
				}
				deny = append(deny, pkg)
			case config.TargetSymbol:
				fmt.Fprintf(&forbid, "        - pattern: %s\n          pkg: %s\n          msg: %s\n",
					quote(`^[^.]+\.`+names(t.Name)+`$`), quote(`^`+regexp.QuoteMeta(t.Pkg)+`$`), quote(tag))
			case config.TargetMethod:
				fmt.Fprintf(&forbid, "        - pattern: %s\n          pkg: %s\n          msg: %s\n",
					quote(`^[^.]+\.`+regexp.QuoteMeta(t.Recv)+`\.`+names(t.Name)+`$`), quote(`^`+regexp.QuoteMeta(t.Pkg)+`$`), quote(tag))
			}
		}
		if len(deny) > 0 {
			fmt.Fprintf(&dep, "        %s:\n          list-mode: lax\n          files: [\"$all\"]\n          deny:\n", r.ID)
			for _, d := range deny {
				fmt.Fprintf(&dep, "            - pkg: %s\n              desc: %s\n", quote(d), quote(tag))
			}
		}
		text := quote(regexp.QuoteMeta(tag))
		if re := globsRegexp(prefix, r.In); re != "" {
			fmt.Fprintf(&excl, "      - path-except: %s\n        text: %s\n", quote(re), text)
		} else if prefix != "." {
			fmt.Fprintf(&excl, "      - path-except: %s\n        text: %s\n", quote(`^`+regexp.QuoteMeta(prefix)+`/`), text)
		}
		if re := globsRegexp(prefix, r.Allow); re != "" {
			fmt.Fprintf(&excl, "      - path: %s\n        text: %s\n", quote(re), text)
		}
	}

	generated := "strict" // archvet, like go vet, skips files ast.IsGenerated recognises
	if cfg.Generated {
		generated = "disable"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Generated by bench/peer from %s. DO NOT EDIT.\n", filepath.Base(cfg.File))
	fmt.Fprintf(&b, "version: \"2\"\nrun:\n  relative-path-mode: gomod\n  tests: %t\n", tests)
	b.WriteString("linters:\n  default: none\n  enable: [depguard, forbidigo]\n  settings:\n")
	if dep.Len() > 0 {
		b.WriteString("    depguard:\n      rules:\n" + dep.String())
	}
	b.WriteString("    forbidigo:\n      analyze-types: true\n      exclude-godoc-examples: false\n      forbid:\n")
	if forbid.Len() == 0 {
		b.WriteString("        - pattern: '^$' # forbidigo needs a pattern; this one matches nothing\n")
	}
	b.WriteString(forbid.String())
	fmt.Fprintf(&b, "  exclusions:\n    generated: %s\n", generated)
	if excl.Len() > 0 {
		b.WriteString("    rules:\n" + excl.String())
	}
	b.WriteString("issues:\n  max-issues-per-linter: 0\n  max-same-issues: 0\n  uniq-by-line: false\n")
	return b.String(), nil
}

// names returns a regexp group for the names a pattern matches: its brace
// alternatives, with * and ? wildcards.
func names(p *config.NamePattern) string {
	var alts []string
	for _, a := range p.Alternatives() {
		re := regexp.QuoteMeta(a)
		re = strings.ReplaceAll(re, `\*`, `[^.]*`)
		re = strings.ReplaceAll(re, `\?`, `[^.]`)
		alts = append(alts, re)
	}
	return "(" + strings.Join(alts, "|") + ")"
}

// globsRegexp returns one regexp matching the module-relative paths that
// any of globs matches, or "" for no globs. A glob also matches every path
// below a directory it matches (config.Glob.Match).
func globsRegexp(prefix string, globs []*config.Glob) string {
	if len(globs) == 0 {
		return ""
	}
	var alts []string
	for _, g := range globs {
		re := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(g.Regexp(), "(?s)"), "^"), "$")
		alts = append(alts, "(?:"+re+")")
	}
	p := ""
	if prefix != "." {
		p = regexp.QuoteMeta(prefix) + "/"
	}
	return "(?s)^" + p + "(?:" + strings.Join(alts, "|") + ")(?:/.*)?$"
}

// quote returns s as a single-quoted YAML scalar.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
