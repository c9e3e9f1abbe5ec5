// Package repo is the data layer whose methods need a scope.
package repo

import "example.com/app/internal/scope"

// Repo reads and writes tenant data.
type Repo struct{ filter string }

// Option changes a query.
type Option struct{ filter string }

// Scoped returns an option that confines a query to s's tenant.
func Scoped(s scope.Scope) Option { return Option{filter: s.Filter()} }

// For returns a repo confined to s's tenant.
func (r *Repo) For(s scope.Scope) *Repo { return &Repo{filter: s.Filter()} }

// Query runs a query.
func (r *Repo) Query(q string, opts ...Option) ([]string, error) { return nil, nil }

// Exec runs a statement.
func (r *Repo) Exec(s scope.Scope, q string) error { return nil }

// Get loads a row.
func (r *Repo) Get(s *scope.Scope, id string) (string, error) { return "", nil }

// Count is not a required method.
func (r *Repo) Count() int { return 0 }

// Raw runs a query and decodes its result.
func Raw[T any](q string, args ...any) T {
	var zero T
	return zero
}
