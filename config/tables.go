package config

// The table register of a scope: which tables hold tenant data and which
// are global, and which argument of a required call holds the SQL
// statement. Decisions:
//
//   - Names match without regard to case, as unquoted SQL names do; a
//     register that needs "Invoices" and "invoices" apart is not one a
//     person could read.
//   - An entry is name or schema.name; either part may hold * (any run of
//     characters). A reference schema.name in a statement matches the
//     entries with a schema first, and failing those the entries without
//     one: public.invoices is invoices unless the register says
//     otherwise. An unqualified reference matches only unqualified
//     entries.
//   - Every table belongs to one list: an entry listed twice, a name in
//     both lists and two patterns that some name matches both are errors,
//     so that the list an entry is in is the whole answer.
//   - The dialect is required: the same statement reads differently in
//     MySQL ("x" is a string there) and PostgreSQL.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Dialects are the SQL dialects a table register may name.
var Dialects = []string{"postgres", "mysql", "sqlite"}

// SQLFirstString is the SQLArg.Index that means "the first argument whose
// parameter is a string".
const SQLFirstString = -1

// SQLArg says which argument of a required call holds its SQL statement.
type SQLArg struct {
	Index int // 0-based, receiver not counted; SQLFirstString for the first string argument
	Pos   Pos // of the sql value; zero if the key is absent
}

// ScopeTables is a scope's register of tenant and global tables. A
// required call whose statement is constant needs the scope only if the
// statement touches a tenant table.
type ScopeTables struct {
	Tenant, Global []*TablePattern
	Dialect        string // one of Dialects
	Pos            Pos    // of the tables key
}

// A TablePattern is one entry of a register.
type TablePattern struct {
	Text         string // as written
	Pos          Pos
	schema, name *namePattern // schema nil: an unqualified entry
}

// A namePattern matches one part of a table name: a literal, or a pattern
// with * when the part has one.
type namePattern struct {
	lit string
	re  *regexp.Regexp // nil for a literal
}

// MatchString reports whether s matches; a literal is compared as it is,
// which is most entries and the cheaper test on every table of every
// statement.
func (p *namePattern) MatchString(s string) bool {
	if p.re == nil {
		return s == p.lit
	}
	return p.re.MatchString(s)
}

// TableClass says which list of a register a table is in.
type TableClass int

// Table classes.
const (
	TableUnlisted TableClass = iota // in neither list
	TableTenant
	TableGlobal
)

// Lookup returns the list that the table schema.name (schema "" if
// unqualified) is in, and the entry that says so.
func (t *ScopeTables) Lookup(schema, name string) (TableClass, *TablePattern) {
	schema, name = strings.ToLower(schema), strings.ToLower(name)
	if schema != "" {
		if c, p := t.lookup(schema, name, true); p != nil {
			return c, p
		}
	}
	return t.lookup(schema, name, false)
}

func (t *ScopeTables) lookup(schema, name string, qualified bool) (TableClass, *TablePattern) {
	for _, l := range []struct {
		c  TableClass
		ps []*TablePattern
	}{{TableTenant, t.Tenant}, {TableGlobal, t.Global}} {
		for _, p := range l.ps {
			if (p.schema != nil) != qualified || qualified && !p.schema.MatchString(schema) {
				continue // an entry for another kind of reference, or another schema
			}
			if p.name.MatchString(name) {
				return l.c, p
			}
		}
	}
	return TableUnlisted, nil
}

var tableEntryRE = regexp.MustCompile(`^[A-Za-z0-9_$*]+(\.[A-Za-z0-9_$*]+)?$`)

// tableEntry compiles one entry of a register.
func tableEntry(s string) (*TablePattern, error) {
	if !tableEntryRE.MatchString(s) {
		return nil, fmt.Errorf("%q is not a table name or pattern: use name or schema.name, with * for any run of characters", s)
	}
	p := &TablePattern{Text: s}
	schema, name, ok := strings.Cut(strings.ToLower(s), ".")
	if !ok {
		p.name = compileName(schema) // no dot: the whole entry is the name
		return p, nil
	}
	p.schema, p.name = compileName(schema), compileName(name)
	return p, nil
}

// compileName compiles one part of an entry.
func compileName(s string) *namePattern {
	if !strings.Contains(s, "*") {
		return &namePattern{lit: s}
	}
	return &namePattern{lit: s, re: regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(s), `\*`, ".*") + "$")}
}

// overlap reports whether some table reference matches both a and b.
func overlap(a, b *TablePattern) bool {
	as, an, _ := strings.Cut(strings.ToLower(a.Text), ".")
	bs, bn, _ := strings.Cut(strings.ToLower(b.Text), ".")
	if (a.schema == nil) != (b.schema == nil) {
		return false // one is for qualified references, the other for unqualified ones
	}
	if a.schema == nil {
		an, bn = as, bs
	} else if !intersect(as, bs) {
		return false
	}
	return intersect(an, bn)
}

// intersect reports whether some string matches both patterns, where *
// matches any run of characters and everything else itself.
func intersect(p, q string) bool {
	memo := map[[2]int]bool{}
	var f func(i, j int) bool
	f = func(i, j int) bool {
		k := [2]int{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var r bool
		switch {
		case i == len(p) && j == len(q):
			r = true
		case i < len(p) && p[i] == '*':
			r = f(i+1, j) || j < len(q) && f(i, j+1) // the star matches nothing, or absorbs q[j]
		case j < len(q) && q[j] == '*':
			r = f(i, j+1) || i < len(p) && f(i+1, j)
		case i < len(p) && j < len(q):
			r = p[i] == q[j] && f(i+1, j+1)
		}
		memo[k] = r
		return r
	}
	return f(0, 0)
}

// sqlArg decodes calls.sql: an argument index or "first-string".
func (c *compiler) sqlArg(f field) SQLArg {
	a := SQLArg{Index: SQLFirstString}
	if f.val == nil {
		return a
	}
	a.Pos = pos(f.val)
	if f.val.Kind == yaml.ScalarNode && f.val.Tag == "!!int" {
		n, err := strconv.Atoi(f.val.Value)
		if err == nil && n >= 0 {
			a.Index = n
			return a
		}
	}
	if f.val.Kind == yaml.ScalarNode && f.val.Value == "first-string" {
		return a
	}
	c.errorf(f.val, "calls.sql must be an argument index (0 for the first argument, receiver not counted) or first-string, not %s", kindName(f.val))
	return a
}

// tables decodes a scope's register. calls is the scope's calls section,
// nil if absent.
func (c *compiler) tables(f field, calls *ScopeCalls) *ScopeTables {
	errs := len(c.errs)
	m := c.mapping(f.val, "tables", "tenant", "global", "dialect")
	t := &ScopeTables{Pos: pos(f.key)}
	switch d := c.str(m["dialect"], "tables.dialect"); {
	case m["dialect"].key == nil:
		c.errorf(f.val, "missing tables.dialect: %s", strings.Join(Dialects, ", "))
	case contains(Dialects, d):
		t.Dialect = d
	case d != "":
		c.errorf(m["dialect"].val, "tables.dialect: unknown dialect %q%s; use %s", d, didYouMean(suggest(d, Dialects)), strings.Join(Dialects, ", "))
	}
	seen := map[string]string{} // lower-case text to the list it is in
	var all []*TablePattern
	for _, list := range []struct {
		what string
		out  *[]*TablePattern
	}{{"tables.tenant", &t.Tenant}, {"tables.global", &t.Global}} {
		for _, n := range c.strings(m[list.what[len("tables."):]], list.what) {
			p, err := tableEntry(n.Value)
			if err != nil {
				c.errorf(n, "%s: %v", list.what, err)
				continue
			}
			p.Pos = pos(n)
			key := strings.ToLower(p.Text)
			if first, ok := seen[key]; ok {
				if first == list.what {
					c.errorf(n, "%s: table %q is listed twice", list.what, p.Text)
				} else {
					c.errorf(n, "%s: table %q is also in %s; a table is tenant or global, not both", list.what, p.Text, first)
				}
				continue
			}
			seen[key] = list.what
			for _, q := range all {
				if overlap(p, q) {
					c.errorf(n, "%s: %q overlaps %q at line %d: some table would match both; make them disjoint", list.what, p.Text, q.Text, q.Pos.Line)
					break
				}
			}
			all = append(all, p)
			*list.out = append(*list.out, p)
		}
	}
	if len(all) == 0 && len(c.errs) == errs {
		c.errorf(f.val, "tables lists no table: give tables.tenant or tables.global")
	}
	if calls == nil {
		c.errorf(f.key, "tables needs calls.require: the register decides which required calls need the scope")
	}
	return t
}
