// Package sqltables finds the tables an SQL statement reads or writes.
//
// Each dialect has a real parser of its grammar: postgres PostgreSQL's own
// (libpg_query run as WebAssembly, postgres.go), mysql and sqlite the TiDB
// parser (github.com/pingcap/tidb/pkg/parser), a pure-Go, goyacc-generated
// parser of MySQL's grammar. docs/tables.md says why these were chosen.
// Decisions:
//
//   - Every table name in the statement counts: FROM, JOIN, INTO, UPDATE,
//     DELETE, subqueries, set operations, CTE bodies, DDL. Names in
//     comments, string literals and column references are not tables, and
//     the parser never sees them as such.
//   - A CTE is not a table: an unqualified name equal to a CTE's name
//     declared anywhere in the statement refers to the CTE. (SQL scopes
//     CTE names to their WITH; a statement that names a CTE like a real
//     table in one branch and reads the real table in another is
//     misread as reading the CTE only. No real query does that.)
//   - The targets of a multi-table DELETE (DELETE t FROM invoices t) are
//     aliases of tables in its FROM, which count there.
//   - sqlite is an SQL mode of the MySQL grammar: "x" is an identifier
//     (ANSI_QUOTES), || concatenation and a backslash in a string itself;
//     mysql reads "x" as a string, as MySQL does by default. Syntax that
//     only SQLite has (UPDATE ... FROM, ON CONFLICT, RETURNING, [names])
//     does not parse: the caller treats such a statement as one it cannot
//     see into. That is safe; reading a statement as SQL it is not would
//     not be, so a # outside quotes and comments, a comment in MySQL,
//     makes an sqlite statement fail to parse rather than hide the rest of
//     its line.
//   - A Parser is not safe for concurrent use; make one per goroutine.
package sqltables

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // the value expressions the parser builds for literals
)

// Dialects lists the dialects Parse understands.
var Dialects = []string{"postgres", "mysql", "sqlite"}

// A Table is a table a statement names, as written: Schema is "" for an
// unqualified name. Names are lower-cased: archvet matches them without
// regard to case (see docs/tables.md).
type Table struct {
	Schema, Name string
}

// String returns the name as schema.name or name.
func (t Table) String() string {
	if t.Schema == "" {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// A Parser parses statements of one dialect and remembers the result of
// each distinct statement.
type Parser struct {
	dialect string
	p       *parser.Parser
	cache   map[string]result
	store   Store // nil for none
}

// A Store keeps what statements parsed to between runs, so that a run
// over packages whose statements did not change starts no parser: the
// postgres parser takes 0.02 to 0.4 s of CPU to start in each process. Load and
// Save are called with a dialect (or a dialect and " bundle", for the
// statements of a package together; see Prepare) and the text the entry
// is for; the Store keys its entries on both and on the parsers' versions.
type Store interface {
	Load(dialect, stmt string) ([]byte, bool)
	Save(dialect, stmt string, data []byte)
}

// SetStore makes p read and write the results of its parses through s.
func (p *Parser) SetStore(s Store) { p.store = s }

type result struct {
	tables []Table
	err    error
}

// New returns a parser for dialect, one of Dialects.
func New(dialect string) (*Parser, error) {
	var mode mysql.SQLMode
	switch dialect {
	case "mysql":
	case "postgres", "sqlite":
		mode = mysql.ModeANSIQuotes | mysql.ModePipesAsConcat | mysql.ModeNoBackslashEscapes
	default:
		return nil, fmt.Errorf("unknown SQL dialect %q", dialect)
	}
	var p *parser.Parser
	if dialect != "postgres" {
		p = parser.New()
		p.SetSQLMode(mode)
	}
	return &Parser{dialect: dialect, p: p, cache: map[string]result{}}, nil
}

// Tables returns the tables that stmt (one or more statements) reads or
// writes, sorted and without duplicates, or an error that says where the
// statement stops being SQL. Each distinct statement is parsed once.
func (p *Parser) Tables(stmt string) ([]Table, error) {
	if r, ok := p.cache[stmt]; ok {
		return r.tables, r.err
	}
	if p.store != nil {
		if data, ok := p.store.Load(p.dialect, stmt); ok {
			if r, ok := decodeResult(data); ok {
				p.cache[stmt] = r
				return r.tables, r.err
			}
		}
	}
	tables, err := p.parse(stmt)
	r := result{tables, err}
	p.cache[stmt] = r
	if p.store != nil {
		if data, ok := r.encode(); ok {
			p.store.Save(p.dialect, stmt, data)
		}
	}
	return tables, err
}

// encode returns r as a Store keeps it: "tables" and a line per table,
// schema and name apart by a tab, or "error" and the message; false for a
// failure that is not the statement's (a parser that panicked).
func (r result) encode() ([]byte, bool) {
	var b strings.Builder
	var perr *Error
	switch {
	case r.err == nil:
		b.WriteString("tables\n")
		for _, t := range r.tables {
			b.WriteString(t.Schema + "\t" + t.Name + "\n")
		}
	case errors.As(r.err, &perr):
		b.WriteString("error\n" + perr.Msg)
	default:
		return nil, false
	}
	return []byte(b.String()), true
}

// decodeResult reverses encode; false if data is not its output.
func decodeResult(data []byte) (result, bool) {
	kind, rest, _ := strings.Cut(string(data), "\n")
	switch kind {
	case "error":
		return result{err: &Error{Msg: rest}}, true
	case "tables":
		var r result
		for line := range strings.Lines(rest) {
			schema, name, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
			if !ok || name == "" {
				return result{}, false
			}
			r.tables = append(r.tables, Table{Schema: schema, Name: name})
		}
		return r, true
	}
	return result{}, false
}

func (p *Parser) parse(stmt string) (tables []Table, err error) {
	defer func() {
		if r := recover(); r != nil {
			tables, err = nil, fmt.Errorf("the %s parser failed: %v", p.dialect, r) // never panic on user code
		}
	}()
	var names []Table
	var ctes map[string]bool
	switch p.dialect {
	case "postgres":
		names, ctes, err = p.parsePG(stmt)
	default:
		names, ctes, err = p.parseTiDB(stmt)
	}
	if err != nil {
		return nil, err
	}
	return finish(names, ctes), nil
}

// finish returns the tables among names, without the references to the
// CTEs of ctes, sorted and without duplicates.
func finish(names []Table, ctes map[string]bool) []Table {
	var tables []Table
	for _, t := range names {
		if t.Schema == "" && ctes[t.Name] {
			continue // a reference to a CTE, not a table
		}
		tables = append(tables, t)
	}
	slices.SortFunc(tables, func(a, b Table) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(tables)
}

// Prepare parses, ahead of Tables, the statements of stmts that p has not
// seen, as many at a time as the dialect's parser allows: a call of the
// postgres parser costs more than the statement it parses (about 20 µs
// against 6 to 8), so statements are parsed in batches
// (postgres.go). Statements Prepare leaves out are parsed by Tables
// alone. With a store, the results of stmts are kept as one bundle, which
// a later Prepare of the same statements reads in one Load: a package
// whose statements did not change starts no parser. (One entry per
// statement would cost a file each to write and read; a package whose
// statements changed is parsed again, in batches.) Other dialects parse
// one statement at a time; Prepare does nothing for them.
func (p *Parser) Prepare(stmts []string) {
	if p.dialect != "postgres" {
		return
	}
	var unseen []string
	seen := map[string]bool{}
	for _, stmt := range stmts {
		if _, ok := p.cache[stmt]; !ok && !seen[stmt] {
			seen[stmt] = true
			unseen = append(unseen, stmt)
		}
	}
	if len(unseen) == 0 {
		return
	}
	slices.Sort(unseen)
	// With a store, they are kept together: one entry to read
	// for a package whose statements did not change, instead of one each.
	var bundle string
	if p.store != nil {
		bundle = bundleKey(unseen)
		if data, ok := p.store.Load(p.dialect+" bundle", bundle); ok && p.decodeBundle(data, unseen) {
			return
		}
	}
	var todo []string
	for _, stmt := range unseen {
		if batchable(stmt) {
			todo = append(todo, stmt)
		}
	}
	for len(todo) > 0 {
		batch := todo[:min(maxBatch, len(todo))]
		todo = todo[len(batch):]
		p.prepare(batch)
	}
	if p.store != nil {
		var b strings.Builder
		for _, stmt := range unseen {
			_, _ = p.Tables(stmt) // those not batched, parsed (or loaded) alone; the result is read from p.cache
			data, ok := p.cache[stmt].encode()
			if !ok {
				return // a parser failure, not the statement's: keep no bundle
			}
			fmt.Fprintf(&b, "%d\n%s", len(data), data)
		}
		p.store.Save(p.dialect+" bundle", bundle, []byte(b.String()))
	}
}

// bundleKey returns the text a bundle of stmts is keyed on: each
// statement with its length first, so that no two lists give one key.
func bundleKey(stmts []string) string {
	var b strings.Builder
	for _, stmt := range stmts {
		fmt.Fprintf(&b, "%d\n%s", len(stmt), stmt)
	}
	return b.String()
}

// decodeBundle fills p's cache with the results in data, a bundle for
// stmts, and reports whether data was one.
func (p *Parser) decodeBundle(data []byte, stmts []string) bool {
	rs := make([]result, len(stmts))
	rest := string(data)
	for i := range stmts {
		n, after, ok := strings.Cut(rest, "\n")
		size, err := strconv.Atoi(n)
		if !ok || err != nil || size < 0 || size > len(after) {
			return false
		}
		if rs[i], ok = decodeResult([]byte(after[:size])); !ok {
			return false
		}
		rest = after[size:]
	}
	if rest != "" {
		return false
	}
	for i, stmt := range stmts {
		p.cache[stmt] = rs[i]
	}
	return true
}

// prepare parses batch together, or if that fails its halves: one
// statement that does not parse costs a few more calls, not the batch.
// A statement left alone is for Tables to parse and report.
func (p *Parser) prepare(batch []string) {
	if len(batch) < 2 {
		return
	}
	results, ok := p.parsePGBatch(batch)
	if !ok {
		p.prepare(batch[:len(batch)/2])
		p.prepare(batch[len(batch)/2:])
		return
	}
	for i, stmt := range batch {
		p.cache[stmt] = result{tables: finish(results[i].names, results[i].ctes)} // kept in the store in Prepare's bundle
	}
}

// parseTiDB returns the tables and CTE names of a MySQL or SQLite
// statement.
func (p *Parser) parseTiDB(stmt string) (names []Table, ctes map[string]bool, err error) {
	defer func() {
		// The TiDB parser panics on some valid input (a decimal literal
		// of more digits than its MyDecimal holds). That is a property
		// of the statement, as a syntax error is: the statement does
		// not parse here.
		if r := recover(); r != nil {
			msg, _, _ := strings.Cut(fmt.Sprint(r), ". ")
			names, ctes, err = nil, nil, &Error{Msg: fmt.Sprintf("the %s parser cannot read the statement: %s", p.dialect, msg)}
		}
	}()
	if p.dialect == "sqlite" {
		if i := hashOutsideQuotes(stmt); i >= 0 {
			return nil, nil, &Error{Msg: fmt.Sprintf("offset %d: # is an operator in %s but starts a comment in the MySQL grammar archvet parses it with", i, p.dialect)}
		}
	}
	nodes, _, err := p.p.Parse(stmt, "", "")
	if err != nil {
		return nil, nil, &Error{Msg: parseMessage(err)}
	}
	v := &visitor{ctes: map[string]bool{}}
	for _, n := range nodes {
		n.Accept(v)
	}
	if v.empty {
		// The MySQL grammar takes "" (or ``) for a name; no register
		// entry can match it, and PostgreSQL rejects it.
		return nil, nil, &Error{Msg: `a table is named by an empty quoted name ("")`}
	}
	return v.names, v.ctes, nil
}

// An Error is a statement that does not parse.
type Error struct {
	Msg string // like: line 1 column 14 near "FROM x"
}

func (e *Error) Error() string { return e.Msg }

// parseMessage shortens the parser's error to its position and the text
// it stopped at, on one line.
func parseMessage(err error) string {
	s := err.Error()
	if i := strings.Index(s, "line "); i >= 0 {
		s = s[i:]
	}
	s = strings.Join(strings.Fields(s), " ")
	const max = 80
	if len(s) > max {
		s = s[:max] + "..."
	}
	return s
}

type visitor struct {
	names []Table
	ctes  map[string]bool
	empty bool // a table name is empty
}

func (v *visitor) Enter(n ast.Node) (ast.Node, bool) {
	switch n := n.(type) {
	case *ast.TableName:
		if n.Name.L == "" {
			v.empty = true
		}
		v.names = append(v.names, Table{Schema: n.Schema.L, Name: n.Name.L})
	case *ast.CommonTableExpression:
		v.ctes[n.Name.L] = true
	case *ast.DeleteTableList:
		return n, true // DELETE t FROM invoices t: the targets are aliases of tables in FROM
	}
	return n, false
}

func (v *visitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// hashOutsideQuotes returns the offset of the first # in stmt that is not
// inside a '...' string, a "..." or `...` identifier, a -- comment or a
// /* */ comment, or -1.
func hashOutsideQuotes(stmt string) int {
	for i := 0; i < len(stmt); i++ {
		switch c := stmt[i]; {
		case c == '#':
			return i
		case c == '\'' || c == '"' || c == '`':
			end := strings.IndexByte(stmt[i+1:], c)
			if end < 0 {
				return -1 // unterminated: the parser reports it
			}
			i += end + 1 // a doubled quote ends and restarts the literal: same result
		case strings.HasPrefix(stmt[i:], "--"):
			end := strings.IndexByte(stmt[i:], '\n')
			if end < 0 {
				return -1
			}
			i += end
		case strings.HasPrefix(stmt[i:], "/*"):
			end := strings.Index(stmt[i+2:], "*/")
			if end < 0 {
				return -1
			}
			i += end + 3
		}
	}
	return -1
}
