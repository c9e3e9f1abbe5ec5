package sqltables

// PostgreSQL statements are parsed by PostgreSQL's own parser: libpg_query,
// compiled to WebAssembly by internal/pgquery/wasm/build.sh and run by
// wazero (internal/pgquery), so archvet stays pure Go.
// Decisions:
//
//   - The parser returns, for each statement, its table names and CTE
//     names, read off the tree inside the module (pgquery.Parse).
//   - A table is a RangeVar, the parser's node for a table name (FROM,
//     JOIN, INTO, UPDATE, DELETE and USING, MERGE and its source, COPY,
//     TRUNCATE, LOCK, DDL), or an object of a DROP of
//     tables, views or foreign tables. A RangeFunction (generate_series(...)
//     in FROM) is not a table.
//   - The WebAssembly module is compiled at the first parse of a process,
//     about 0.4 s of CPU, or loaded from the store's code directory
//     (CodeStore) if an earlier process compiled it there. One instance
//     serves the process, so parses are serialised.
//   - PostgreSQL has no ? placeholder (database/sql drivers for it take
//     $1), but code written for sqlx's Rebind has one. A statement that
//     does not parse is parsed again with each ? outside quotes and
//     comments made $n; if that parses, its tables are the statement's,
//     since a placeholder is never a table. The jsonb operator ? parses the
//     first time and is never rewritten.

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/archvet/archvet/internal/pgquery"
)

// A CodeStore is a Store that also names a directory to keep the postgres
// parser's compiled code in, so that a process after the first on a
// machine loads the parser instead of compiling it.
type CodeStore interface {
	Store
	CodeDir() string
}

// pgParser returns the process's postgres parser, started at the first
// call with the code directory of p's store if it has one. If that
// directory cannot be used the parser is compiled in memory.
func (p *Parser) pgParser() (*pgquery.Parser, error) {
	var dir string
	if cs, ok := p.store.(CodeStore); ok {
		dir = cs.CodeDir()
	}
	pgOnce.Do(func() {
		pg, pgErr = pgquery.New(dir)
		if pgErr != nil && dir != "" {
			pg, pgErr = pgquery.New("")
		}
	})
	return pg, pgErr
}

var (
	pgOnce sync.Once
	pg     *pgquery.Parser
	pgErr  error
)

// parsePG returns the tables and CTE names of a PostgreSQL statement.
func (p *Parser) parsePG(stmt string) (names []Table, ctes map[string]bool, err error) {
	stmts, err := p.pgParse(stmt)
	var perr *pgquery.Error
	if errors.As(err, &perr) {
		if alt, ok := numberPlaceholders(stmt); ok {
			if s, err2 := p.pgParse(alt); err2 == nil {
				stmts, err = s, nil
			}
		}
		if err != nil {
			return nil, nil, &Error{Msg: pgMessage(perr, stmt)}
		}
	}
	if err != nil {
		return nil, nil, err // the parser's failure, not the statement's
	}
	ctes = map[string]bool{}
	for _, s := range stmts {
		names = pgAdd(names, ctes, s)
	}
	return names, ctes, nil
}

// pgAdd adds what s names to names, which it returns, and to ctes, in
// lower case: the register matches names without regard to case.
func pgAdd(names []Table, ctes map[string]bool, s pgquery.Stmt) []Table {
	for _, t := range s.Tables {
		names = append(names, Table{Schema: strings.ToLower(t.Schema), Name: strings.ToLower(t.Name)})
	}
	for _, c := range s.CTEs {
		ctes[strings.ToLower(c)] = true
	}
	return names
}

// pgParse parses a text of one statement or more.
func (p *Parser) pgParse(text string) ([]pgquery.Stmt, error) {
	parser, err := p.pgParser()
	if err != nil {
		return nil, err
	}
	return parser.Parse(text)
}

// Batches. A call of the parser costs far more than the statement it
// parses, so Prepare parses up to maxBatch statements in one call, joined
// by batchSep, and gives each the tables of the parse tree's statements
// that lie between its separators. This is sound only if the batch reads
// as the statements would alone:
//
//   - Only statements a simple lexer sees end outside any string, quoted
//     name and block comment are batched (batchable), and none with a
//     backslash (E'' strings), a dollar quote or a ? placeholder, whose
//     lexing that lexer does not follow. A -- comment at the end is
//     closed by the separator's leading newline.
//   - Each statement of the tree must lie between two separators: one
//     that contains a separator's semicolon means a separator was read as
//     part of a statement, and the batch is parsed one by one instead.
//   - A batch that does not parse is halved, and the halves parsed,
//     until the statement that does not parse is alone; Tables parses it
//     and reports its own error.

// batchSep separates the statements of a batch. Its leading newline ends
// a -- comment at the end of the statement before it.
const batchSep = "\n;\n"

// maxBatch is how many statements are parsed at a time.
const maxBatch = 64

// pgNames is what a parse tree says of a statement: the tables it names
// and the names of its CTEs.
type pgNames struct {
	names []Table
	ctes  map[string]bool
}

// parsePGBatch parses stmts in one call and returns what each names, or
// false if they must be parsed one by one.
func (p *Parser) parsePGBatch(stmts []string) (out []pgNames, ok bool) {
	defer func() {
		if recover() != nil {
			out, ok = nil, false // never panic on user code: Tables parses each alone and reports
		}
	}()
	// ends[i] is where statement i's region ends: the offset of the
	// semicolon after it, or the end of the batch.
	var b strings.Builder
	ends := make([]int, len(stmts))
	for i, stmt := range stmts {
		if i > 0 {
			b.WriteString(batchSep)
		}
		b.WriteString(stmt)
		ends[i] = b.Len() + 1 // the semicolon of the separator that follows
	}
	batch := b.String()
	ends[len(ends)-1] = len(batch)
	parsed, err := p.pgParse(batch)
	if err != nil {
		return nil, false
	}
	out = make([]pgNames, len(stmts))
	for i := range out {
		out[i].ctes = map[string]bool{}
	}
	for _, s := range parsed {
		end := s.Loc + s.Len
		if s.Len == 0 {
			end = len(batch)
		}
		i, _ := slices.BinarySearch(ends, s.Loc+1) // the first region that ends after the statement starts
		if i == len(ends) || end > ends[i] {
			return nil, false // the statement runs over a separator
		}
		out[i].names = pgAdd(out[i].names, out[i].ctes, s)
	}
	return out, true
}

// batchable reports whether stmt may be parsed in a batch: it ends
// outside any string, quoted name and block comment, and has no
// backslash (E” strings, whose escapes pgCode does not follow), no ?
// placeholder (its statement parses only on a second try) and no $ but
// in a parameter ($1).
func batchable(stmt string) bool {
	if strings.ContainsAny(stmt, `\?`) {
		return false
	}
	for i := range len(stmt) {
		if stmt[i] == '$' && (i+1 == len(stmt) || stmt[i+1] < '0' || stmt[i+1] > '9') {
			return false
		}
	}
	return pgCode(stmt, func(int) {})
}

// pgMessage returns the parser's message with the line and column (in
// characters, from 1) at which it stopped, as the TiDB parser gives them.
func pgMessage(err *pgquery.Error, stmt string) string {
	if err.Cursorpos <= 0 {
		return err.Message
	}
	line, col, pos := 1, 1, err.Cursorpos
	for _, r := range stmt {
		if pos--; pos == 0 {
			break
		}
		if col++; r == '\n' {
			line, col = line+1, 1
		}
	}
	return fmt.Sprintf("line %d column %d: %s", line, col, err.Message)
}

// numberPlaceholders returns stmt with each ? outside quotes, dollar
// quotes and comments replaced by $1, $2..., and false if it has none.
func numberPlaceholders(stmt string) (string, bool) {
	var b strings.Builder
	n, last := 0, 0
	pgCode(stmt, func(i int) {
		if stmt[i] == '?' {
			n++
			b.WriteString(stmt[last:i] + "$" + strconv.Itoa(n))
			last = i + 1
		}
	})
	b.WriteString(stmt[last:])
	return b.String(), n > 0
}

// pgCode calls visit with the offset of each byte of stmt that is code:
// outside '...' strings, "..." names, dollar quotes ($$...$$,
// $tag$...$tag$), -- comments and /* */ comments, which nest, as
// PostgreSQL's lexer reads them (but for the backslash escapes of E”
// strings). It reports whether stmt ends outside them; a -- comment to
// the end counts as outside, since a newline ends it.
func pgCode(stmt string, visit func(i int)) bool {
	for i := 0; i < len(stmt); i++ {
		c := stmt[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(stmt[i+1:], c)
			if end < 0 {
				return false
			}
			i += end + 1 // a doubled quote ends and restarts it: same result
		case c == '-' && i+1 < len(stmt) && stmt[i+1] == '-':
			end := strings.IndexByte(stmt[i:], '\n')
			if end < 0 {
				return true
			}
			i += end
		case c == '/' && i+1 < len(stmt) && stmt[i+1] == '*':
			end := commentEnd(stmt[i:])
			if end < 0 {
				return false
			}
			i += end - 1
		case c == '$' && (i == 0 || !isTag(stmt[i-1:i])):
			// A dollar quote, or a parameter ($1); after a letter, a $ is
			// part of a name.
			j := strings.IndexByte(stmt[i+1:], '$')
			if j < 0 || !isTag(stmt[i+1:i+1+j]) {
				visit(i)
				continue
			}
			tag := stmt[i : i+j+2]
			end := strings.Index(stmt[i+len(tag):], tag)
			if end < 0 {
				return false
			}
			i += len(tag) + end + len(tag) - 1
		default:
			visit(i)
		}
	}
	return true
}

// commentEnd returns the length of the /* */ comment, nested comments
// included, that s starts with, or -1 if it does not end.
func commentEnd(s string) int {
	depth := 0
	for i := 0; i+1 < len(s); i++ {
		switch s[i : i+2] {
		case "/*":
			depth++
			i++
		case "*/":
			depth--
			i++
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// isTag reports whether s is the tag of a dollar quote: empty, or a
// letter or underscore followed by letters, digits and underscores.
func isTag(s string) bool {
	for i, r := range s {
		letter := r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}
