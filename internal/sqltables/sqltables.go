// Package sqltables finds the tables an SQL statement reads or writes.
//
// Statements are parsed by the TiDB parser (github.com/pingcap/tidb/pkg/parser),
// a pure-Go, goyacc-generated parser of MySQL's grammar; docs/tables.md
// says why it was chosen over pg_query and vitess. Decisions:
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
//   - Dialects are SQL modes of the one grammar: postgres and sqlite read
//     "x" as an identifier (ANSI_QUOTES), || as concatenation and a
//     backslash in a string as itself; mysql reads "x" as a string, as
//     MySQL does by default. Syntax that only PostgreSQL or SQLite has
//     (UPDATE ... FROM, :: casts, ON CONFLICT, RETURNING) does not parse:
//     the caller treats such a statement as one it cannot see into. That
//     is safe; reading a statement as SQL it is not would not be, so a #
//     outside quotes and comments, an operator in PostgreSQL but a comment
//     in MySQL, makes a postgres or sqlite statement fail to parse rather
//     than hide the rest of its line.
//   - A Parser is not safe for concurrent use; make one per goroutine.
package sqltables

import (
	"fmt"
	"slices"
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
}

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
	p := parser.New()
	p.SetSQLMode(mode)
	return &Parser{dialect: dialect, p: p, cache: map[string]result{}}, nil
}

// Tables returns the tables that stmt (one or more statements) reads or
// writes, sorted and without duplicates, or an error that says where the
// statement stops being SQL. Each distinct statement is parsed once.
func (p *Parser) Tables(stmt string) ([]Table, error) {
	if r, ok := p.cache[stmt]; ok {
		return r.tables, r.err
	}
	tables, err := p.parse(stmt)
	p.cache[stmt] = result{tables, err}
	return tables, err
}

func (p *Parser) parse(stmt string) (tables []Table, err error) {
	defer func() {
		if r := recover(); r != nil {
			tables, err = nil, fmt.Errorf("the %s parser failed: %v", p.dialect, r) // never panic on user code
		}
	}()
	if p.dialect != "mysql" {
		if i := hashOutsideQuotes(stmt); i >= 0 {
			return nil, &Error{Msg: fmt.Sprintf("offset %d: # is an operator in %s but starts a comment in the MySQL grammar archvet parses with", i, p.dialect)}
		}
	}
	nodes, _, err := p.p.Parse(stmt, "", "")
	if err != nil {
		return nil, &Error{Msg: parseMessage(err)}
	}
	v := &visitor{ctes: map[string]bool{}}
	for _, n := range nodes {
		n.Accept(v)
	}
	for _, t := range v.names {
		if t.Schema == "" && v.ctes[t.Name] {
			continue // a reference to a CTE, not a table
		}
		tables = append(tables, t)
	}
	slices.SortFunc(tables, func(a, b Table) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(tables), nil
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
}

func (v *visitor) Enter(n ast.Node) (ast.Node, bool) {
	switch n := n.(type) {
	case *ast.TableName:
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
