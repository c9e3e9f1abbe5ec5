// Package repo is the data layer whose methods need a scope when their
// statement touches a tenant table.
package repo

import "context"

// Repo runs statements.
type Repo struct{}

// Query runs a query; a scope goes among the args.
func (r *Repo) Query(ctx context.Context, q string, args ...any) ([]string, error) { return nil, nil }

// Exec runs a statement.
func (r *Repo) Exec(ctx context.Context, q string, args ...any) error { return nil }
