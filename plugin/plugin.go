// Package plugin registers archvet as a golangci-lint v2 module plugin
// named "archvet".
//
// A custom golangci-lint binary that blank-imports this package (see
// the README) runs archvet's analyzers on the packages it lints,
// with the rules given in .golangci.yml:
//
//	linters:
//	  settings:
//	    custom:
//	      archvet:
//	        type: module
//	        settings:
//	          config: rules.yaml     # a rules file, or
//	          rules: {...}           # the same content inline
//
// Two things a module plugin cannot see shape this package.
//
// First, golangci-lint hands a plugin only its settings, not the location
// of the configuration file they came from, and it expands its
// ${config-path} placeholder only in the settings of built-in linters. So
// the plugin finds that file as golangci-lint does (configDir: -c or
// --config on the command line, else .golangci.{yml,yaml,toml,json} in
// the working directory or its parents), and resolves a relative config
// path, a relative baseline and the root of inline rules against its
// directory.
//
// Second, golangci-lint caches lint results per package, keyed by the
// package's files, the hash of the linters' settings and the names of the
// analyzers that ran. The settings name a rules file but do not hold its
// content, so an edited rules file would be answered from the cache with
// results of the old rules. To key the cache on the rules themselves, the
// plugin adds to the suite one analyzer that reports nothing and whose name
// carries the rules' content hash (see cacheKeyAnalyzer).
package plugin

import (
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/driver"
)

// Name is the name the plugin registers under: the key below
// linters.settings.custom in .golangci.yml, and the linter name in
// golangci-lint's output and in //nolint directives.
const Name = "archvet"

// inlineFile stands for the inline rules in error messages. Its directory,
// the working directory, is the root that the rules' globs are relative to.
const inlineFile = "linters.settings.custom.archvet.settings.rules"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings, decoded strictly from
// linters.settings.custom.archvet.settings: an unknown key is an error.
// Exactly one of Config and Rules must be set.
type Settings struct {
	// Config is the path of a rules file, relative to the directory of
	// golangci-lint's configuration file.
	Config string `json:"config"`
	// Rules is the content of a rules file, written as YAML in place.
	Rules map[string]any `json:"rules"`
	// Baseline is the baseline file, relative to the directory of
	// golangci-lint's configuration file: "" for the rules file's own,
	// "off" for none.
	Baseline string `json:"baseline"`
}

// New returns the plugin for the given settings, as golangci-lint passes
// them. It reads and compiles the rules at once, so that a bad rules file
// stops golangci-lint before any package is loaded.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	dir := configDir(os.Args[1:])
	cfg, err := load(s, dir)
	if err != nil {
		return nil, err
	}
	b := s.Baseline
	if b != "" && b != driver.BaselineOff && !filepath.IsAbs(b) {
		b = filepath.Join(dir, b)
	}
	return &plugin{cfg: cfg, baseline: b}, nil
}

// load compiles the rules the settings name or hold, finding a relative
// rules file in dir.
func load(s Settings, dir string) (*config.Config, error) {
	switch {
	case s.Config != "" && s.Rules != nil:
		return nil, errors.New("settings: config and rules are both set; use one")
	case s.Config != "":
		path, err := config.Locate(s.Config, dir, dir)
		if err != nil {
			return nil, err
		}
		return config.Load(shorten(path))
	case s.Rules != nil:
		return parseInline(s.Rules, dir)
	}
	return nil, errors.New("settings: set config to the path of a rules file, or rules to inline rules")
}

// configDir returns the directory of golangci-lint's configuration file,
// found as golangci-lint finds it: named by -c or --config in args, else
// the first .golangci.{yml,yaml,toml,json} in the working directory or
// its parents. It is the working directory if there is none.
func configDir(args []string) string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for i, a := range args {
		v, ok := "", false
		switch {
		case a == "-c" || a == "--config":
			if i+1 < len(args) {
				v, ok = args[i+1], true
			}
		case strings.HasPrefix(a, "--config="):
			v, ok = strings.TrimPrefix(a, "--config="), true
		case strings.HasPrefix(a, "-c="):
			v, ok = strings.TrimPrefix(a, "-c="), true
		}
		if ok && v != "" {
			if !filepath.IsAbs(v) {
				v = filepath.Join(wd, v)
			}
			return filepath.Dir(v)
		}
	}
	for d := wd; ; d = filepath.Dir(d) {
		for _, name := range []string{".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json"} {
			if fi, err := os.Stat(filepath.Join(d, name)); err == nil && !fi.IsDir() {
				return d
			}
		}
		if filepath.Dir(d) == d {
			return wd
		}
	}
}

// shorten returns path relative to the working directory, so that
// messages name the rules file as a user run from there writes it.
func shorten(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil {
		return rel
	}
	return path
}

// parseInline compiles inline rules. golangci-lint has already parsed them
// into maps (and lowercased their keys), so they are written back out as
// YAML for the config package. Positions in that text mean nothing to the
// user, so they are dropped from error messages, which still name the rule
// and the entry.
func parseInline(rules map[string]any, dir string) (*config.Config, error) {
	data, err := yaml.Marshal(rules)
	if err != nil {
		return nil, fmt.Errorf("settings: rules: %w", err)
	}
	cfg, err := config.Parse(filepath.Join(dir, inlineFile), data)
	if err != nil {
		return nil, withoutPositions(err)
	}
	return cfg, nil
}

// withoutPositions clears the line and column of every *config.Error in
// err, which may be a join of several.
func withoutPositions(err error) error {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for i, e := range errs {
		var ce *config.Error
		if errors.As(e, &ce) {
			c := *ce
			c.File, c.Line, c.Col = inlineFile, 0, 0 // Parse was given the file in the config's directory, for the root
			errs[i] = &c
		}
	}
	return errors.Join(errs...)
}

// plugin implements register.LinterPlugin.
type plugin struct {
	cfg      *config.Config
	baseline string // absolute, "" for the rules file's own, or "off"
}

// BuildAnalyzers returns fresh analyzers for the compiled rules, wrapped
// so that the baseline applies as under archvet ./... (driver.UnitSuite;
// golangci-lint has no severity of its own for a plugin's findings, so
// warnings are reported too), and the analyzer that keys golangci-lint's
// cache on the rules.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	repls := analyzers.WithReplacementLookup(driver.ReplacementLoader("", nil)) // fixes where the replacement is not imported yet
	return append(driver.UnitSuite(p.cfg, p.baseline, nil, repls), cacheKeyAnalyzer(p.cfg.Hash())), nil
}

// GetLoadMode reports that archvet's analyzers need type information.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// cacheKeyAnalyzer returns an analyzer that does nothing and is named after
// hash. golangci-lint keys each package's cached results on the names of
// the analyzers that produced them, so a new rules hash discards them.
func cacheKeyAnalyzer(hash string) *analysis.Analyzer {
	const n = 16 // hex digits: 64 bits is plenty to tell rule sets apart
	if len(hash) > n {
		hash = hash[:n]
	}
	name := "archvet_rules_" + hash
	if !token.IsIdentifier(name) {
		panic(fmt.Sprintf("internal error: config hash %q makes an invalid analyzer name", hash))
	}
	return &analysis.Analyzer{
		Name: name,
		Doc:  "key golangci-lint's result cache on the archvet rules\n\nThis analyzer reports nothing; its name carries a hash of the rules.",
		URL:  analyzers.DocURL + "#golangci-lint",
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	}
}
