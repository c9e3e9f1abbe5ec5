package driver

import (
	"crypto/sha256"

	"github.com/archvet/archvet/internal/cache"
	"github.com/archvet/archvet/internal/sqltables"
)

// StatementStore returns a store in c for what the table register's SQL
// statements parse to (sqltables.Store), or nil if c is nil or archvet
// cannot identify its own build: an entry is keyed on archvet's build ID,
// which fixes the parsers' versions, the dialect and the statement.
func StatementStore(c *cache.Cache) sqltables.Store {
	if c == nil {
		return nil
	}
	tool, err := cache.ToolID()
	if err != nil {
		return nil
	}
	return &statementStore{c: c, tool: tool}
}

type statementStore struct {
	c    *cache.Cache
	tool string
}

func (s *statementStore) key(dialect, stmt string) cache.Key {
	return cache.Key(sha256.Sum256([]byte("archvet sql statement\x00" + s.tool + "\x00" + dialect + "\x00" + stmt)))
}

func (s *statementStore) Load(dialect, stmt string) ([]byte, bool) {
	return s.c.Get(s.key(dialect, stmt))
}

func (s *statementStore) Save(dialect, stmt string, data []byte) {
	_ = s.c.Put(s.key(dialect, stmt), data) // a failure only costs a parse next time
}

// CodeDir implements sqltables.CodeStore: the postgres parser's compiled
// code is kept with the cache's entries.
func (s *statementStore) CodeDir() string { return s.c.CodeDir() }
