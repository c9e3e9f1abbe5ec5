// Package repo runs SQL statements.
package repo

// DB is a database handle.
type DB struct{}

// Query runs a query; args may carry the tenant's scope.
func (db *DB) Query(q string, args ...any) ([]string, error) { return nil, nil }
