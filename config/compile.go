package config

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The decoder walks yaml.Node trees by hand rather than decoding into
// structs: yaml's KnownFields applies only to the first error and loses
// positions inside custom unmarshalers, while archvet must report every
// unknown key, wrong kind and bad value at once, each with its position.

var idRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// reservedIDs are the categories of archvet's findings about its own
// directives; rules may not take them.
var reservedIDs = map[string]bool{DirectiveID: true, UnusedDirectiveID: true}

type compiler struct {
	file string
	errs []error
	kind string // "rule" or "scope" while inside an entry
	id   string
}

func (c *compiler) errorf(n *yaml.Node, format string, args ...any) {
	e := &Error{File: c.file, Kind: c.kind, ID: c.id, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	c.errs = append(c.errs, e)
}

func pos(n *yaml.Node) Pos { return Pos{n.Line, n.Column} }

// field is a key and its value in a mapping.
type field struct {
	key, val *yaml.Node
}

// mapping checks that n is a mapping whose keys are all known and unique,
// and returns its fields by key. what names the mapping in messages.
func (c *compiler) mapping(n *yaml.Node, what string, known ...string) map[string]field {
	out := map[string]field{}
	if n.Kind != yaml.MappingNode {
		c.errorf(n, "%s must be a mapping, not %s", what, kindName(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		switch {
		case k.Kind != yaml.ScalarNode:
			c.errorf(k, "%skeys must be strings", prefix(what))
		case !contains(known, name):
			c.errorf(k, "%sunknown key %q%s", prefix(what), name, didYouMean(suggest(name, known)))
		case out[name].key != nil:
			c.errorf(k, "%skey %q appears twice", prefix(what), name)
		default:
			out[name] = field{k, v}
		}
	}
	return out
}

// prefix returns "what: " for messages about a nested mapping; entries
// (rules and scopes) are already named by the error's kind and id.
func prefix(what string) string {
	if what == "" {
		return ""
	}
	return what + ": "
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "empty"
}

// str decodes a string scalar.
func (c *compiler) str(f field, what string) string {
	if f.val == nil {
		return ""
	}
	if f.val.Kind != yaml.ScalarNode || f.val.Tag == "!!null" {
		c.errorf(f.val, "%s must be a string, not %s", what, kindName(f.val))
		return ""
	}
	return f.val.Value
}

// boolean decodes a boolean scalar.
func (c *compiler) boolean(f field, what string) bool {
	if f.val == nil {
		return false
	}
	if f.val.Kind != yaml.ScalarNode || f.val.Tag != "!!bool" {
		c.errorf(f.val, "%s must be true or false, not %s", what, kindName(f.val))
		return false
	}
	return f.val.Value == "true"
}

// strings decodes a string or a list of strings, returning the nodes.
func (c *compiler) strings(f field, what string) []*yaml.Node {
	if f.val == nil {
		return nil
	}
	items := []*yaml.Node{f.val}
	if f.val.Kind == yaml.SequenceNode {
		items = f.val.Content
	}
	var out []*yaml.Node
	for _, it := range items {
		if it.Kind != yaml.ScalarNode || it.Tag == "!!null" {
			c.errorf(it, "%s: each entry must be a string, not %s", what, kindName(it))
			continue
		}
		out = append(out, it)
	}
	return out
}

func (c *compiler) globs(f field, what string) []*Glob {
	var out []*Glob
	for _, n := range c.strings(f, what) {
		re, err := compileGlob(n.Value)
		if err != nil {
			c.errorf(n, "%s: %v", what, err)
			continue
		}
		out = append(out, &Glob{Text: n.Value, Pos: pos(n), re: re})
	}
	return out
}

func (c *compiler) targets(f field, what string) []*Target {
	return c.parseTargets(c.strings(f, what), what)
}

func (c *compiler) parseTargets(nodes []*yaml.Node, what string) []*Target {
	var out []*Target
	for _, n := range nodes {
		t, err := ParseTarget(n.Value)
		if err != nil {
			c.errorf(n, "%s: %v", what, err)
			continue
		}
		t.Pos = pos(n)
		out = append(out, t)
	}
	return out
}

// url decodes an absolute http(s) URL: findings link to it from editors,
// SARIF viewers and code scanning, none of which resolve relative ones.
func (c *compiler) url(f field) string {
	s := c.str(f, "url")
	if s == "" {
		return ""
	}
	if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.errorf(f.val, "url %q must be an absolute http or https URL", s)
		return ""
	}
	return s
}

func (c *compiler) severity(f field) Severity {
	switch s := c.str(f, "severity"); s {
	case "", "error":
		return SeverityError
	case "warning":
		return SeverityWarning
	default:
		c.errorf(f.val, "severity must be error or warning, not %q", s)
		return SeverityError
	}
}

func compile(file, dir string, data []byte) (*Config, []error) {
	c := &compiler{file: file}
	cfg := &Config{File: file, Root: dir, dir: dir, byID: map[string]any{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []error{yamlError(file, data, err)}
	}
	if errs := c.noAliases(&doc); len(errs) > 0 {
		return nil, errs
	}
	if len(doc.Content) == 0 {
		return nil, []error{&Error{File: file, Msg: "empty rules file; it needs at least version: 1 and one rule or scope"}}
	}
	if doc.Content[0].Kind != yaml.MappingNode {
		c.errorf(doc.Content[0], "rules file must be a mapping, not %s", kindName(doc.Content[0]))
		return nil, c.errs
	}
	top := c.mapping(doc.Content[0], "", "version", "root", "generated", "baseline", "rules", "scopes", "components", "contracts")
	switch v := c.str(top["version"], "version"); v {
	case "1":
	case "":
		if top["version"].key == nil {
			c.errorf(doc.Content[0], "missing version: 1")
		}
	default:
		c.errorf(top["version"].val, "unsupported version %s; this archvet reads version 1", v)
	}
	if root := c.str(top["root"], "root"); root != "" {
		if filepath.IsAbs(root) {
			cfg.Root = filepath.Clean(root)
		} else {
			cfg.Root = filepath.Join(dir, filepath.FromSlash(root))
		}
	}
	cfg.Generated = c.boolean(top["generated"], "generated")
	if b := c.str(top["baseline"], "baseline"); b != "" {
		cfg.Baseline = filepath.Join(dir, filepath.FromSlash(b))
	}
	ids := map[string]Pos{}
	for _, n := range c.list(top["rules"], "rules") {
		if r := c.rule(n, ids); r != nil {
			cfg.Rules = append(cfg.Rules, r)
			cfg.byID[r.ID] = r
		}
	}
	for _, n := range c.list(top["scopes"], "scopes") {
		if s := c.scope(n, ids); s != nil {
			cfg.Scopes = append(cfg.Scopes, s)
			cfg.byID[s.ID] = s
		}
	}
	c.contracts(cfg, top["components"], top["contracts"], ids) // contracts.go
	if top["rules"].key == nil && top["scopes"].key == nil && top["contracts"].key == nil && len(c.errs) == 0 {
		c.errorf(doc.Content[0], "no rules, scopes or contracts: nothing to check")
	}
	return cfg, c.errs
}

// yamlError turns a YAML syntax error into an Error that says what to do
// about the mistakes people make most in rules files: tabs, and brace
// lists in flow sequences.
func yamlError(file string, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := regexp.MustCompile(`^line (\d+): (.*)$`).FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1]) // digits by the regexp
		msg = m[2]
	}
	e := &Error{File: file, Line: line, Col: min(line, 1), Msg: "invalid YAML: " + msg}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if indent := len(l) - len(strings.TrimLeft(l, " \t")); strings.Contains(l[:indent], "\t") {
			e.Line, e.Col = i+1, strings.IndexByte(l, '\t')+1
			e.Msg = "invalid YAML: a tab indents this line; YAML indents with spaces only"
			return e
		}
	}
	unquotedBrace := regexp.MustCompile(`\[[^"'\]]*[^"'\s\[,]\{`)
	for i, l := range lines {
		if loc := unquotedBrace.FindStringIndex(l); loc != nil {
			e.Line, e.Col = i+1, loc[0]+1
			e.Msg = "invalid YAML: a brace list inside [ ] must be quoted, like [\"os.{Open,Create}\"], or written as a block list (- os.{Open,Create})"
			return e
		}
	}
	return e
}

// noAliases reports every YAML anchor and alias under n: a rules file is
// read by people scanning for a rule, and by other config layers, so
// every value is written out where it applies.
func (c *compiler) noAliases(n *yaml.Node) []error {
	var errs []error
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch {
		case n.Kind == yaml.AliasNode:
			errs = append(errs, &Error{File: c.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("YAML alias *%s: anchors and aliases are not supported in rules files; write the value out", n.Value)})
			return
		case n.Anchor != "":
			errs = append(errs, &Error{File: c.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("YAML anchor &%s: anchors and aliases are not supported in rules files; write the value out", n.Anchor)})
		}
		for _, ch := range n.Content {
			walk(ch)
		}
	}
	walk(n)
	return errs
}

func (c *compiler) list(f field, what string) []*yaml.Node {
	if f.val == nil {
		return nil
	}
	if f.val.Kind != yaml.SequenceNode {
		c.errorf(f.val, "%s must be a list, not %s", what, kindName(f.val))
		return nil
	}
	return f.val.Content
}

// peekID returns the id of a rule or scope mapping, if it has a string
// one, so that errors found before the id is checked can name it.
func peekID(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Value == "id" && v.Kind == yaml.ScalarNode {
			return v.Value
		}
	}
	return ""
}

// entryID decodes and checks the id of a rule or scope.
func (c *compiler) entryID(n *yaml.Node, f field, ids map[string]Pos) bool {
	if f.key == nil {
		c.errorf(n, "missing id")
		return false
	}
	id := c.str(f, "id")
	c.id = id
	switch {
	case id == "":
		c.errorf(f.val, "id must not be empty")
	case reservedIDs[id]:
		c.errorf(f.val, "id %q is reserved for archvet's own findings", id)
	case !idRE.MatchString(id):
		c.errorf(f.val, "id %q must be lowercase-kebab, like storage-gate", id)
	case ids[id] != (Pos{}):
		p := ids[id]
		c.errorf(f.val, "duplicate id %q; first defined at %s:%d:%d", id, c.file, p.Line, p.Col)
	default:
		ids[id] = pos(f.val)
		return true
	}
	return false
}

// entry starts decoding a rule or scope: errors from here until done is
// called name the entry's kind and id. ok reports whether the id is valid
// and new.
func (c *compiler) entry(n *yaml.Node, kind string, ids map[string]Pos, keys ...string) (m map[string]field, ok bool, done func()) {
	c.kind, c.id = kind, peekID(n)
	m = c.mapping(n, "", keys...)
	ok = c.entryID(n, m["id"], ids)
	return m, ok, func() { c.kind, c.id = "", "" }
}

func (c *compiler) rule(n *yaml.Node, ids map[string]Pos) *Rule {
	m, ok, done := c.entry(n, "rule", ids, "id", "severity", "ban", "in", "allow", "hint", "use_instead", "url")
	defer done()
	banNodes := c.strings(m["ban"], "ban")
	r := &Rule{
		ID:         c.id,
		Pos:        pos(n),
		Severity:   c.severity(m["severity"]),
		Ban:        c.parseTargets(banNodes, "ban"),
		In:         c.globs(m["in"], "in"),
		Allow:      c.globs(m["allow"], "allow"),
		Hint:       strings.TrimSpace(c.str(m["hint"], "hint")),
		UseInstead: strings.TrimSpace(c.str(m["use_instead"], "use_instead")),
		URL:        c.url(m["url"]),
	}
	if m["ban"].key == nil {
		c.errorf(n, "missing ban: list what the rule bans")
	} else if len(m["ban"].val.Content) == 0 && m["ban"].val.Kind == yaml.SequenceNode {
		c.errorf(m["ban"].val, "ban is empty")
	}
	if f := m["use_instead"]; f.val != nil {
		r.UseInsteadPos = pos(f.val)
	}
	c.checkHint(n, m["hint"], r.Hint)
	if !ok {
		return nil
	}
	return r
}

func (c *compiler) checkHint(n *yaml.Node, f field, hint string) {
	switch {
	case f.key == nil:
		c.errorf(n, "missing hint: tell the developer what to do instead")
	case hint == "":
		c.errorf(f.val, "hint must not be empty")
	case strings.ContainsAny(hint, "\n\r"):
		c.errorf(f.val, "hint must be one line")
	}
}

func (c *compiler) scope(n *yaml.Node, ids map[string]Pos) *Scope {
	m, ok, done := c.entry(n, "scope", ids, "id", "severity", "type", "params", "calls", "create", "tables", "hint", "url")
	defer done()
	s := &Scope{
		ID:       c.id,
		Pos:      pos(n),
		Severity: c.severity(m["severity"]),
		Hint:     strings.TrimSpace(c.str(m["hint"], "hint")),
		URL:      c.url(m["url"]),
	}
	if ts := c.targets(m["type"], "type"); len(ts) == 1 && ts[0].Kind == TargetSymbol {
		if _, lit := ts[0].Name.Literal(); lit && len(ts[0].Name.alts) == 1 {
			s.Type = ts[0]
		} else {
			c.errorf(m["type"].val, "type must name one type, without wildcards or brace lists")
		}
	} else if m["type"].key == nil {
		c.errorf(n, "missing type: the scope's named type, like example.com/app/scope.Scope")
	} else if len(ts) > 0 {
		c.errorf(m["type"].val, "type must be one pkg/path.Type, not %q", m["type"].val.Value)
	}
	if f := m["params"]; f.key != nil {
		pm := c.mapping(f.val, "params", "in", "allow", "after_context")
		s.Params = &ScopeParams{In: c.globs(pm["in"], "params.in"), Allow: c.globs(pm["allow"], "params.allow"), AfterContext: c.boolean(pm["after_context"], "params.after_context")}
	}
	if f := m["calls"]; f.key != nil {
		cm := c.mapping(f.val, "calls", "require", "allow", "sql")
		s.Calls = &ScopeCalls{Require: c.targets(cm["require"], "calls.require"), Allow: c.globs(cm["allow"], "calls.allow"), SQL: c.sqlArg(cm["sql"])}
		c.callTargets(f.val, s.Calls.Require, "calls.require")
		if cm["sql"].key != nil && m["tables"].key == nil {
			c.errorf(cm["sql"].key, "calls.sql is used only with tables: add the table register or remove it")
		}
	}
	if f := m["tables"]; f.key != nil {
		s.Tables = c.tables(f, s.Calls)
	}
	if f := m["create"]; f.key != nil {
		cm := c.mapping(f.val, "create", "constructors", "allow")
		s.Create = &ScopeCreate{Constructors: c.targets(cm["constructors"], "create.constructors"), Allow: c.globs(cm["allow"], "create.allow")}
		c.callTargets(nil, s.Create.Constructors, "create.constructors")
	}
	if s.Params == nil && s.Calls == nil && s.Create == nil {
		c.errorf(n, "scope checks nothing: give it params, calls or create")
	}
	c.checkHint(n, m["hint"], s.Hint)
	if !ok {
		return nil
	}
	return s
}

// callTargets checks that targets name functions or methods, not packages.
func (c *compiler) callTargets(n *yaml.Node, ts []*Target, what string) {
	if n != nil && len(ts) == 0 {
		c.errorf(n, "%s must list at least one function or method", what)
	}
	for _, t := range ts {
		if t.Kind == TargetPackage {
			c.errs = append(c.errs, &Error{File: c.file, Line: t.Pos.Line, Col: t.Pos.Col, Kind: c.kind, ID: c.id,
				Msg: fmt.Sprintf("%s: %q names a package; name functions or methods", what, t.Text)})
		}
	}
}
