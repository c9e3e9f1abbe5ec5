// Package config reads, validates and compiles archvet rules files.
//
// A rules file is YAML, decoded strictly: an unknown key, a value of the
// wrong kind, a duplicate id, a bad glob or a malformed target is an error
// that names its file:line:col and the rule it belongs to, and every error
// in the file is reported at once. The result of Load or Parse is a
// *Config, which is immutable and safe for concurrent use by any number of
// analyzer passes.
//
// This package does not import golang.org/x/tools/go/analysis, so the
// rules can be compiled, tested and reused without a driver. It does use
// go/types, because rules are matched against type-checker objects.
package config

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DefaultFile is the name of the rules file archvet looks for.
const DefaultFile = "rules.yaml"

// Categories of archvet's findings about its own directives.
const (
	DirectiveID       = "archvet-directive"        // a malformed //archvet: directive
	UnusedDirectiveID = "archvet-unused-directive" // a directive that suppresses nothing
)

// Severity is how much a finding matters: errors fail a run, warnings do not.
// It is the one severity type of archvet: findings and reports use it too.
type Severity string

// Rank orders severities: a warning ranks below an error. Unknown
// severities rank as errors, so that nothing is hidden.
func (s Severity) Rank() int {
	if s == SeverityWarning {
		return 1
	}
	return 2
}

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Pos is a position in a rules file.
type Pos struct {
	Line, Col int
}

// Config is a compiled rules file. It is immutable and safe for
// concurrent use.
type Config struct {
	File      string // the rules file, as given to Load or Parse
	Root      string // absolute directory that in/allow globs are relative to
	Generated bool   // whether generated files are checked
	Baseline  string // absolute path of the baseline file; "" for the default
	Rules     []*Rule
	Scopes    []*Scope
	// Components and Contracts are the architecture contracts
	// (contracts.go), in file order.
	Components []*Component
	Contracts  []*Contract
	hash       string
	dir        string         // absolute directory of the rules file
	byID       map[string]any // *Rule, *Scope or *Contract
}

// A Rule bans targets outside allowed paths.
type Rule struct {
	ID         string
	Pos        Pos // of the rule's id key
	Severity   Severity
	Ban        []*Target
	In         []*Glob // empty: everywhere under the root
	Allow      []*Glob
	Hint       string
	UseInstead string
	// UseInsteadPos is where use_instead is written; zero if it is not.
	UseInsteadPos Pos
	URL           string // the rule's documentation; "" for archvet's default
}

// A Scope describes one scope type and where it must be threaded.
type Scope struct {
	ID       string
	Pos      Pos
	Severity Severity
	Type     *Target      // a TargetSymbol naming the scope's named type
	Params   *ScopeParams // nil if the section is absent
	Calls    *ScopeCalls
	Create   *ScopeCreate
	Tables   *ScopeTables // nil if the section is absent; see tables.go
	Hint     string
	URL      string
}

// ScopeParams says which exported functions must take the scope first.
type ScopeParams struct {
	In           []*Glob
	Allow        []*Glob
	AfterContext bool // a leading context.Context may precede the scope
}

// ScopeCalls says which calls must be given a scope.
type ScopeCalls struct {
	Require []*Target
	Allow   []*Glob
	SQL     SQLArg // the argument holding the statement, for the scope's Tables
}

// ScopeCreate says where scopes may be made.
type ScopeCreate struct {
	Constructors []*Target
	Allow        []*Glob
}

// Hash returns a hex SHA-256 of the rules file's content and root, for
// cache keys: two configs with the same hash check the same things.
func (c *Config) Hash() string { return c.hash }

// Rule returns the rule with the given id, or nil.
func (c *Config) Rule(id string) *Rule {
	r, _ := c.byID[id].(*Rule)
	return r
}

// Scope returns the scope with the given id, or nil.
func (c *Config) Scope(id string) *Scope {
	s, _ := c.byID[id].(*Scope)
	return s
}

// Severity returns the severity of the rule, scope or contract with the given id,
// and false if there is none.
func (c *Config) Severity(id string) (Severity, bool) {
	m, ok := c.Meta(id)
	return m.Severity, ok
}

// Meta is what findings of one rule, scope or archvet's own checks carry
// besides their message.
type Meta struct {
	ID         string
	Kind       string // "rule", "scope", "contract", or "archvet" for archvet's own checks
	Severity   Severity
	Hint       string
	UseInstead string
	URL        string // the entry's own url; "" for archvet's default
}

// Meta returns what findings under id carry, and false if id names no
// rule, scope or archvet check.
func (c *Config) Meta(id string) (Meta, bool) {
	switch id {
	case DirectiveID:
		return Meta{ID: id, Kind: "archvet", Severity: SeverityError, Hint: "write //archvet:ignore <rule-id> <reason> with a configured rule id"}, true
	case UnusedDirectiveID:
		return Meta{ID: id, Kind: "archvet", Severity: SeverityWarning, Hint: "remove the directive"}, true
	}
	if e, ok := c.byID[id].(interface{ Meta() Meta }); ok {
		return e.Meta(), true
	}
	return Meta{}, false
}

// Meta returns what findings of the rule carry.
func (r *Rule) Meta() Meta {
	return Meta{ID: r.ID, Kind: "rule", Severity: r.Severity, Hint: r.Hint, UseInstead: r.UseInstead, URL: r.URL}
}

// Meta returns what findings of the scope carry.
func (s *Scope) Meta() Meta {
	return Meta{ID: s.ID, Kind: "scope", Severity: s.Severity, Hint: s.Hint, URL: s.URL}
}

// WithHint appends a hint and a replacement to a finding's bare message,
// the way every archvet finding is printed: "msg: hint; use X".
func WithHint(msg, hint, useInstead string) string {
	if hint != "" {
		msg += ": " + hint
	}
	if useInstead != "" {
		msg += "; use " + useInstead
	}
	return msg
}

// IDs returns the ids of all rules, scopes and contracts in file order.
func (c *Config) IDs() []string {
	ids := make([]string, 0, len(c.Rules)+len(c.Scopes)+len(c.Contracts))
	for _, r := range c.Rules {
		ids = append(ids, r.ID)
	}
	for _, s := range c.Scopes {
		ids = append(ids, s.ID)
	}
	for _, k := range c.Contracts {
		ids = append(ids, k.ID)
	}
	return ids
}

// Rel returns filename relative to the rules root, slash-separated, and
// false if filename is not below the root. A relative filename is taken
// relative to the working directory, as drivers such as Bazel's nogo give
// them (relative to the execution root).
func (c *Config) Rel(filename string) (string, bool) {
	if !filepath.IsAbs(filename) {
		abs, err := filepath.Abs(filename)
		if err != nil {
			return "", false
		}
		filename = abs
	}
	rel, err := filepath.Rel(c.Root, filename)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// Applies reports whether the rule governs the file at rel (relative to
// the root, as returned by Rel; "" with inRoot false for files outside
// the root, which only a rule without `in` governs and no allow covers).
func (r *Rule) Applies(rel string, inRoot bool) bool {
	return governed(r.In, r.Allow, rel, inRoot)
}

// Governed reports whether a file is in `in` (or in is empty) and not in
// `allow`.
func governed(in, allow []*Glob, rel string, inRoot bool) bool {
	if !inRoot {
		return len(in) == 0
	}
	if len(in) > 0 && !anyMatch(in, rel) {
		return false
	}
	return !anyMatch(allow, rel)
}

// Governs reports whether a file at rel is governed by the section (see
// Rule.Applies).
func (p *ScopeParams) Governs(rel string, inRoot bool) bool {
	return governed(p.In, p.Allow, rel, inRoot)
}

// Governs reports whether calls in a file at rel must pass a scope.
func (p *ScopeCalls) Governs(rel string, inRoot bool) bool {
	return governed(nil, p.Allow, rel, inRoot)
}

// Governs reports whether creating a scope in a file at rel is a finding.
func (p *ScopeCreate) Governs(rel string, inRoot bool) bool {
	return governed(nil, p.Allow, rel, inRoot)
}

func anyMatch(globs []*Glob, rel string) bool {
	for _, g := range globs {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

// Load reads and compiles the rules file at path.
func Load(path string) (*Config, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("reading rules: %s is a directory; name the rules file itself, such as %s", path, filepath.Join(path, DefaultFile))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading rules: %w", err)
	}
	return Parse(path, data)
}

// Parse compiles rules given as YAML. filename is used in error messages,
// and globs are relative to its directory unless the file sets root.
func Parse(filename string, data []byte) (*Config, error) {
	abs, err := filepath.Abs(filename)
	if err != nil {
		return nil, fmt.Errorf("locating rules file: %w", err)
	}
	c, errs := compile(filename, filepath.Dir(abs), data)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sum := sha256.Sum256([]byte(c.Root + "\x00" + string(data)))
	c.hash = hex.EncodeToString(sum[:])
	return c, nil
}

// EnvConfig names the environment variable that, like -config, names one
// rules file for every package, under every way archvet is run.
const EnvConfig = "ARCHVET_CONFIG"

// Locate returns the rules file that governs the package directory dir:
// explicit if it is not "" (a -config flag, $ARCHVET_CONFIG or a plugin
// setting, made absolute against base, the directory relative paths on
// the command line are relative to), else the nearest DefaultFile in dir
// or its parents up to the workspace root (Find). Every way into archvet
// finds its rules with it.
func Locate(explicit, base, dir string) (string, error) {
	if explicit != "" {
		if !filepath.IsAbs(explicit) {
			explicit = filepath.Join(base, explicit)
		}
		return filepath.Clean(explicit), nil
	}
	path, err := Find(dir)
	if err != nil {
		return "", err
	}
	if path == "" {
		return "", fmt.Errorf("no %s found in %s or its parents up to the module root; write one (archvet init) or pass -config", DefaultFile, dir)
	}
	return path, nil
}

// Find looks for DefaultFile in dir and its parents, stopping at the
// workspace root: the nearest directory above holding go.work, or failing
// that go.mod. It returns "" and no error if there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	stop := boundary(dir)
	for {
		p := filepath.Join(dir, DefaultFile)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if dir == stop || parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// boundary returns the directory where Find stops.
func boundary(dir string) string {
	mod := ""
	for d := dir; ; d = filepath.Dir(d) {
		if exists(filepath.Join(d, "go.work")) {
			return d
		}
		if mod == "" && exists(filepath.Join(d, "go.mod")) {
			mod = d
		}
		if filepath.Dir(d) == d {
			return mod
		}
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Meta returns what findings of the contract carry.
func (k *Contract) Meta() Meta {
	return Meta{ID: k.ID, Kind: "contract", Severity: k.Severity, Hint: k.Hint, URL: k.URL}
}
