package sqltables

// PostgreSQL statements are parsed by PostgreSQL's own parser: libpg_query,
// compiled to WebAssembly and run by wazero (github.com/wasilibs/go-pgquery),
// so archvet stays pure Go. Decisions:
//
//   - Only the parser package is imported, which returns the parse tree as
//     JSON; go-pgquery's root package would import pg_query_go, whose own
//     parser is cgo, and make a default build compile PostgreSQL in C.
//   - A table is a RangeVar, the parser's node for a table name (FROM,
//     JOIN, INTO, UPDATE, DELETE and USING, MERGE and its source, COPY,
//     TRUNCATE, LOCK, DDL), or an object of a DROP of
//     tables, views or foreign tables. A RangeFunction (generate_series(...)
//     in FROM) is not a table.
//   - The WebAssembly module is compiled at the first parse of a process
//     (about a second) and each concurrent caller would compile its own
//     instance, so parses are serialised: one instance per process.
//   - PostgreSQL has no ? placeholder (database/sql drivers for it take
//     $1), but code written for sqlx's Rebind has one. A statement that
//     does not parse is parsed again with each ? outside quotes and
//     comments made $n; if that parses, its tables are the statement's,
//     since a placeholder is never a table. The jsonb operator ? parses the
//     first time and is never rewritten.

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	pgparser "github.com/wasilibs/go-pgquery/parser"
)

// pgMu serialises parses: see the decisions above.
var pgMu sync.Mutex

// parsePG returns the tables and CTE names of a PostgreSQL statement.
func parsePG(stmt string) (names []Table, ctes map[string]bool, err error) {
	tree, err := pgParse(stmt)
	if err != nil {
		if alt, ok := numberPlaceholders(stmt); ok {
			if t, err2 := pgParse(alt); err2 == nil {
				tree, err = t, nil
			}
		}
		if err != nil {
			return nil, nil, &Error{Msg: pgMessage(err, stmt)}
		}
	}
	sc := &pgScanner{src: tree, ctes: map[string]bool{}}
	if err := sc.value(); err != nil {
		return nil, nil, fmt.Errorf("the postgres parser's tree does not decode: %w", err)
	}
	return sc.names, sc.ctes, nil
}

func pgParse(stmt string) (string, error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	return pgparser.ParseToJSON(stmt)
}

// pgMessage returns the parser's message with the line and column (in
// characters, from 1) at which it stopped, as the TiDB parser gives them.
func pgMessage(err error, stmt string) string {
	msg := err.Error()
	// The error's type is internal to go-pgquery; its Cursorpos field (a
	// 1-based character offset) is read by reflection, and the message
	// stands alone without it.
	v := reflect.Indirect(reflect.ValueOf(err))
	if v.Kind() != reflect.Struct {
		return msg
	}
	f := v.FieldByName("Cursorpos")
	if !f.IsValid() || !f.CanInt() || f.Int() <= 0 {
		return msg
	}
	line, col, pos := 1, 1, int(f.Int())
	for _, r := range stmt {
		if pos--; pos == 0 {
			break
		}
		if col++; r == '\n' {
			line, col = line+1, 1
		}
	}
	return fmt.Sprintf("line %d column %d: %s", line, col, msg)
}

// A pgScanner reads the JSON parse tree for the few fields that name
// tables, without building the tree: the whole tree decoded by
// encoding/json costs more than the parse.
type pgScanner struct {
	src   string
	i     int
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
		for s.i < len(s.src) && strings.IndexByte(",]} \t\n\r", s.src[s.i]) < 0 {
			s.i++
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
		default:
			if err := s.value(); err != nil {
				return err
			}
			if key == "DropStmt" {
				s.drop(s.src[start:s.i])
			}
		}
		if s.space(); s.i < len(s.src) && s.src[s.i] == ',' {
			s.i++
		}
	}
	if rel != "" {
		s.names = append(s.names, Table{Schema: schema, Name: rel})
	}
	return nil
}

// str reads a string at s.i and returns its value.
func (s *pgScanner) str() (string, error) {
	if s.i >= len(s.src) || s.src[s.i] != '"' {
		return "", fmt.Errorf("no string at %d", s.i)
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
	for s.i < len(s.src) && strings.IndexByte(" \t\n\r", s.src[s.i]) >= 0 {
		s.i++
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
	n := 0
	for i := 0; i < len(stmt); i++ {
		c := stmt[i]
		skip := 0
		switch {
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		case c == '\'' || c == '"':
			if end := strings.IndexByte(stmt[i+1:], c); end >= 0 {
				skip = end + 2 // a doubled quote ends and restarts the literal: same result
			}
		case strings.HasPrefix(stmt[i:], "--"):
			if end := strings.IndexByte(stmt[i:], '\n'); end >= 0 {
				skip = end
			} else {
				skip = len(stmt) - i
			}
		case strings.HasPrefix(stmt[i:], "/*"):
			if end := strings.Index(stmt[i+2:], "*/"); end >= 0 {
				skip = end + 4
			}
		case c == '$':
			// A dollar quote: $$...$$ or $tag$...$tag$.
			if j := strings.IndexByte(stmt[i+1:], '$'); j >= 0 && isTag(stmt[i+1:i+1+j]) {
				tag := stmt[i : i+j+2]
				if end := strings.Index(stmt[i+len(tag):], tag); end >= 0 {
					skip = len(tag) + end + len(tag)
				}
			}
		}
		if skip == 0 {
			skip = 1
		}
		b.WriteString(stmt[i : i+skip])
		i += skip - 1
	}
	return b.String(), n > 0
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
