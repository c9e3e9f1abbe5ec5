package sqltables

// PostgreSQL statements are parsed by PostgreSQL's own parser: libpg_query,
// compiled to WebAssembly and run by wazero (internal/pgquery, a fork of
// github.com/wasilibs/go-pgquery's runner), so archvet stays pure Go.
// Decisions:
//
//   - The parser returns the parse tree as JSON, which pgScanner reads
//     for table names without decoding it whole.
//   - A table is a RangeVar, the parser's node for a table name (FROM,
//     JOIN, INTO, UPDATE, DELETE and USING, MERGE and its source, COPY,
//     TRUNCATE, LOCK, DDL), or an object of a DROP of
//     tables, views or foreign tables. A RangeFunction (generate_series(...)
//     in FROM) is not a table.
//   - The WebAssembly module is compiled at the first parse of a process,
//     about a second of CPU, or loaded from the store's code directory
//     (CodeStore) if an earlier process compiled it there. One instance
//     serves the process, so parses are serialised.
//   - PostgreSQL has no ? placeholder (database/sql drivers for it take
//     $1), but code written for sqlx's Rebind has one. A statement that
//     does not parse is parsed again with each ? outside quotes and
//     comments made $n; if that parses, its tables are the statement's,
//     since a placeholder is never a table. The jsonb operator ? parses the
//     first time and is never rewritten.

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
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
	tree, err := p.pgParse(stmt)
	var perr *pgquery.Error
	if errors.As(err, &perr) {
		if alt, ok := numberPlaceholders(stmt); ok {
			if t, err2 := p.pgParse(alt); err2 == nil {
				tree, err = t, nil
			}
		}
		if err != nil {
			return nil, nil, &Error{Msg: pgMessage(perr, stmt)}
		}
	}
	if err != nil {
		return nil, nil, err // the parser's failure, not the statement's
	}
	stmts, err := scanTree(tree)
	if err != nil {
		return nil, nil, err
	}
	ctes = map[string]bool{}
	for _, r := range stmts {
		names = append(names, r.names...)
		maps.Copy(ctes, r.ctes)
	}
	return names, ctes, nil
}

// scanTree returns the statements of a parse tree.
func scanTree(tree string) ([]rawStmt, error) {
	sc := &pgScanner{src: tree, ctes: map[string]bool{}}
	if err := sc.value(); err != nil {
		return nil, fmt.Errorf("the postgres parser's tree does not decode: %w", err)
	}
	return sc.stmts, nil
}

// pgParse returns the parse tree of stmt.
func (p *Parser) pgParse(stmt string) (string, error) {
	parser, err := p.pgParser()
	if err != nil {
		return "", err
	}
	return parser.ParseToJSON(stmt)
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
	tree, err := p.pgParse(batch)
	if err != nil {
		return nil, false
	}
	raws, err := scanTree(tree)
	if err != nil {
		return nil, false
	}
	out = make([]pgNames, len(stmts))
	for i := range out {
		out[i].ctes = map[string]bool{}
	}
	for _, r := range raws {
		end := r.loc + r.length
		if r.length == 0 {
			end = len(batch)
		}
		i, _ := slices.BinarySearch(ends, r.loc+1) // the first region that ends after the statement starts
		if i == len(ends) || end > ends[i] {
			return nil, false // the statement runs over a separator
		}
		out[i].names = append(out[i].names, r.names...)
		maps.Copy(out[i].ctes, r.ctes)
	}
	return out, true
}

// A rawStmt is one statement of a parse tree and where it lies in the
// text parsed: from loc, length bytes (0: to the end).
type rawStmt struct {
	loc, length int
	pgNames
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

// A pgScanner reads the JSON parse tree for the few fields that name
// tables, without building the tree: the whole tree decoded by
// encoding/json costs more than the parse.
type pgScanner struct {
	src   string
	i     int
	stmts []rawStmt // the statements read, each with what it names
	// What the statement being read names so far.
	names []Table
	ctes  map[string]bool
}

// value reads one JSON value at s.i.
func (s *pgScanner) value() error {
	s.space()
	if s.i >= len(s.src) {
		return fmt.Errorf("unexpected end at %d", s.i)
	}
	switch s.src[s.i] {
	case '{':
		return s.object()
	case '[':
		s.i++
		for {
			if s.space(); s.i < len(s.src) && s.src[s.i] == ']' {
				s.i++
				return nil
			}
			if err := s.value(); err != nil {
				return err
			}
			if s.space(); s.i < len(s.src) && s.src[s.i] == ',' {
				s.i++
			}
		}
	case '"':
		_, err := s.str()
		return err
	default: // a number, true, false or null
		start := s.i
	scan:
		for ; s.i < len(s.src); s.i++ {
			switch s.src[s.i] {
			case ',', ']', '}', ' ', '\t', '\n', '\r':
				break scan
			}
		}
		if s.i == start {
			return fmt.Errorf("unexpected %q at %d", s.src[s.i], s.i)
		}
		return nil
	}
}

// object reads an object at s.i and records what it names: a RangeVar
// (the parser's node for a table name, wrapped or not) has relname and
// maybe schemaname, a CommonTableExpr ctename.
func (s *pgScanner) object() error {
	s.i++ // {
	var rel, schema string
	raw, loc, length := false, 0, 0 // a RawStmt: {"stmt": ..., "stmt_location": ..., "stmt_len": ...}
	for {
		if s.space(); s.i < len(s.src) && s.src[s.i] == '}' {
			s.i++
			break
		}
		key, err := s.str()
		if err != nil {
			return err
		}
		if s.space(); s.i >= len(s.src) || s.src[s.i] != ':' {
			return fmt.Errorf("no colon at %d", s.i)
		}
		s.i++
		s.space()
		start := s.i
		switch key {
		case "relname", "schemaname", "ctename":
			v, err := s.str()
			if err != nil {
				return err
			}
			v = strings.ToLower(v)
			switch key {
			case "relname":
				rel = v
			case "schemaname":
				schema = v
			default:
				s.ctes[v] = true
			}
		case "stmt_location", "stmt_len":
			if err := s.value(); err != nil {
				return err
			}
			n, err := strconv.Atoi(s.src[start:s.i])
			if err != nil {
				return err
			}
			if key == "stmt_location" {
				loc = n
			} else {
				length = n
			}
		default:
			if err := s.value(); err != nil {
				return err
			}
			switch key {
			case "DropStmt":
				s.drop(s.src[start:s.i])
			case "stmt":
				raw = true
			}
		}
		if s.space(); s.i < len(s.src) && s.src[s.i] == ',' {
			s.i++
		}
	}
	if rel != "" {
		s.names = append(s.names, Table{Schema: schema, Name: rel})
	}
	if raw {
		s.stmts = append(s.stmts, rawStmt{loc, length, pgNames{s.names, s.ctes}})
		s.names, s.ctes = nil, map[string]bool{}
	}
	return nil
}

// str reads a string at s.i and returns its value.
func (s *pgScanner) str() (string, error) {
	if s.i >= len(s.src) || s.src[s.i] != '"' {
		return "", fmt.Errorf("no string at %d", s.i)
	}
	// Most strings of the tree, keys all, are short and have no escape:
	// a loop over their bytes beats strings.IndexByte.
	for j := s.i + 1; j < len(s.src) && s.src[j] != '\\'; j++ {
		if s.src[j] == '"' {
			v := s.src[s.i+1 : j]
			s.i = j + 1
			return v, nil
		}
	}
	start, escaped := s.i, false
	for s.i++; s.i < len(s.src); s.i++ {
		switch s.src[s.i] {
		case '\\':
			if s.i+1 == len(s.src) {
				s.i = len(s.src)
				return "", fmt.Errorf("unterminated string at %d", start)
			}
			s.i++
			escaped = true
		case '"':
			s.i++
			lit := s.src[start:s.i]
			if !escaped {
				return lit[1 : len(lit)-1], nil
			}
			var v string
			err := json.Unmarshal([]byte(lit), &v)
			return v, err
		}
	}
	return "", fmt.Errorf("unterminated string at %d", start)
}

func (s *pgScanner) space() {
	for ; s.i < len(s.src); s.i++ {
		switch s.src[s.i] {
		case ' ', '\t', '\n', '\r':
		default:
			return
		}
	}
}

// drop records the tables a DROP TABLE, VIEW or FOREIGN TABLE names:
// lists of one to three strings (catalog, schema, name).
func (s *pgScanner) drop(obj string) {
	var d struct {
		RemoveType string `json:"removeType"`
		Objects    []struct {
			List struct {
				Items []struct {
					String struct {
						Sval string `json:"sval"`
					} `json:"String"`
				} `json:"items"`
			} `json:"List"`
		} `json:"objects"`
	}
	if json.Unmarshal([]byte(obj), &d) != nil {
		return
	}
	switch d.RemoveType {
	case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE":
	default:
		return
	}
	for _, o := range d.Objects {
		var parts []string
		for _, it := range o.List.Items {
			parts = append(parts, strings.ToLower(it.String.Sval))
		}
		switch len(parts) {
		case 1:
			s.names = append(s.names, Table{Name: parts[0]})
		case 2, 3:
			s.names = append(s.names, Table{Schema: parts[len(parts)-2], Name: parts[len(parts)-1]})
		}
	}
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
		case strings.HasPrefix(stmt[i:], "--"):
			end := strings.IndexByte(stmt[i:], '\n')
			if end < 0 {
				return true
			}
			i += end
		case strings.HasPrefix(stmt[i:], "/*"):
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
