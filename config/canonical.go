package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Canonical returns c as a rules file in canonical form: every setting the
// compiled config holds, in a fixed order, with defaults written out
// (severity), root absolute, baseline relative to the rules file's
// directory, lists as lists and nothing else (no comments, no positions).
// Parsing the result, as if it were the same rules file, yields a config
// that checks the same things, whose Canonical form is the same bytes: two
// configs with equal canonical forms are the same rules.
func (c *Config) Canonical() []byte {
	f := canonFile{Version: 1, Root: filepath.ToSlash(c.Root), Generated: c.Generated, Rules: []canonRule{}}
	if c.Baseline != "" {
		rel, err := filepath.Rel(c.dir, c.Baseline)
		if err != nil {
			rel = c.Baseline // not below a common root (another volume); Parse joins it as given
		}
		f.Baseline = filepath.ToSlash(rel)
	}
	for _, r := range c.Rules {
		f.Rules = append(f.Rules, canonRule{
			ID: r.ID, Severity: string(r.Severity), Ban: targetTexts(r.Ban),
			In: globTexts(r.In), Allow: globTexts(r.Allow),
			Hint: r.Hint, UseInstead: r.UseInstead, URL: r.URL,
		})
	}
	for _, s := range c.Scopes {
		cs := canonScope{ID: s.ID, Severity: string(s.Severity), Type: s.Type.Text, Hint: s.Hint, URL: s.URL}
		if p := s.Params; p != nil {
			cs.Params = &canonParams{In: globTexts(p.In), Allow: globTexts(p.Allow), AfterContext: p.AfterContext}
		}
		if p := s.Calls; p != nil {
			cs.Calls = &canonCalls{Require: targetTexts(p.Require), Allow: globTexts(p.Allow)}
			if s.Tables != nil {
				cs.Calls.SQL = "first-string"
				if p.SQL.Index != SQLFirstString {
					cs.Calls.SQL = p.SQL.Index
				}
			}
		}
		if t := s.Tables; t != nil {
			cs.Tables = &canonTables{Tenant: tableTexts(t.Tenant), Global: tableTexts(t.Global), Dialect: t.Dialect}
		}
		if p := s.Create; p != nil {
			cs.Create = &canonCreate{Constructors: targetTexts(p.Constructors), Allow: globTexts(p.Allow)}
		}
		f.Scopes = append(f.Scopes, cs)
	}
	for _, comp := range c.Components {
		cc := canonComponent{ID: comp.ID, In: globTexts(comp.In)}
		for _, p := range comp.Packages {
			cc.Packages = append(cc.Packages, p.Text)
		}
		f.Components = append(f.Components, cc)
	}
	for _, k := range c.Contracts {
		f.Contracts = append(f.Contracts, canonContract(k))
	}
	out, err := yaml.Marshal(f)
	if err != nil {
		panic(fmt.Sprintf("internal error: encoding a canonical rules file: %v", err)) // strings, bools and lists always encode
	}
	return out
}

// The canonical rules file; field order is key order.
type (
	canonFile struct {
		Version    int              `yaml:"version"`
		Root       string           `yaml:"root"`
		Generated  bool             `yaml:"generated,omitempty"`
		Baseline   string           `yaml:"baseline,omitempty"`
		Rules      []canonRule      `yaml:"rules"` // always written: "rules: []" alone is a valid, empty config
		Scopes     []canonScope     `yaml:"scopes,omitempty"`
		Components []canonComponent `yaml:"components,omitempty"`
		Contracts  []map[string]any `yaml:"contracts,omitempty"` // keyed by kind; see canonContract
	}
	canonComponent struct {
		ID       string   `yaml:"id"`
		In       []string `yaml:"in,omitempty"`
		Packages []string `yaml:"packages,omitempty"`
	}
	canonTables struct {
		Tenant  []string `yaml:"tenant,omitempty"`
		Global  []string `yaml:"global,omitempty"`
		Dialect string   `yaml:"dialect"`
	}
	canonRule struct {
		ID         string   `yaml:"id"`
		Severity   string   `yaml:"severity"`
		Ban        []string `yaml:"ban"`
		In         []string `yaml:"in,omitempty"`
		Allow      []string `yaml:"allow,omitempty"`
		Hint       string   `yaml:"hint"`
		UseInstead string   `yaml:"use_instead,omitempty"`
		URL        string   `yaml:"url,omitempty"`
	}
	canonScope struct {
		ID       string       `yaml:"id"`
		Severity string       `yaml:"severity"`
		Type     string       `yaml:"type"`
		Params   *canonParams `yaml:"params,omitempty"`
		Calls    *canonCalls  `yaml:"calls,omitempty"`
		Create   *canonCreate `yaml:"create,omitempty"`
		Tables   *canonTables `yaml:"tables,omitempty"`
		Hint     string       `yaml:"hint"`
		URL      string       `yaml:"url,omitempty"`
	}
	canonParams struct {
		In           []string `yaml:"in,omitempty"`
		Allow        []string `yaml:"allow,omitempty"`
		AfterContext bool     `yaml:"after_context,omitempty"`
	}
	canonCalls struct {
		Require []string `yaml:"require"`
		Allow   []string `yaml:"allow,omitempty"`
		SQL     any      `yaml:"sql,omitempty"` // an index, or "first-string"
	}
	canonCreate struct {
		Constructors []string `yaml:"constructors,omitempty"`
		Allow        []string `yaml:"allow,omitempty"`
	}
)

func targetTexts(ts []*Target) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text
	}
	return out
}

func globTexts(gs []*Glob) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Text)
	}
	return out
}

// canonContract writes a contract as a mapping whose kind key holds its
// body, in a fixed key order (yaml sorts map keys).
func canonContract(k *Contract) map[string]any {
	m := map[string]any{"id": k.ID, "severity": string(k.Severity), "hint": k.Hint}
	ids := func(cs []*Component) []string {
		out := []string{}
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	switch k.Kind {
	case ContractLayers:
		var layers []string
		for _, l := range k.Layers {
			layers = append(layers, strings.Join(ids(l), " | "))
		}
		m["layers"] = layers
	case ContractForbidden:
		m["forbidden"] = map[string][]string{"from": ids(k.From), "to": ids(k.To)}
	case ContractOnly:
		m["only"] = map[string][]string{"from": ids(k.From), "to": ids(k.To)}
	case ContractIndependent, ContractAcyclic:
		m[string(k.Kind)] = ids(k.Components)
	}
	if k.Direct {
		m["direct"] = true
	}
	if len(k.Allow) > 0 {
		m["allow"] = globTexts(k.Allow)
	}
	if len(k.IgnoreImports) > 0 {
		var edges []string
		for _, e := range k.IgnoreImports {
			edges = append(edges, e.Text)
		}
		m["ignore_imports"] = edges
	}
	if k.URL != "" {
		m["url"] = k.URL
	}
	return m
}

func tableTexts(ps []*TablePattern) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Text)
	}
	return out
}
