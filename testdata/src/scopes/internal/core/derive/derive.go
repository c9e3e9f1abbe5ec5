// Package derive holds required calls whose arguments were computed from
// the scope but carry none of it: errors, booleans and numbers.
package derive

import (
	"example.com/app/internal/repo"
	"example.com/app/internal/scope"
)

// Level is a number with a name of its own.
type Level int

func schema(tenant string) string            { return "t_" + tenant }
func handle(s scope.Scope, job string) error { return nil }
func allowed(s scope.Scope) bool             { return true }
func quota(s scope.Scope) int                { return 0 }
func level(s scope.Scope) Level              { return 0 }
func share(s scope.Scope) float64            { return 0 }
func filter(s scope.Scope) string            { return s.Filter() }

func Laundered(s scope.Scope, stmt string) {
	err := handle(s, "job")
	_ = repo.Raw[int](schema(s.TenantID), stmt, err) // want `^call to example.com/app/internal/repo.Raw passes no example.com/app/internal/scope.Scope \(tenant-scope\)`
	_ = repo.Raw[int](stmt, handle(s, "job"))        // want `call to example.com/app/internal/repo.Raw passes no`
	_ = repo.Raw[int](stmt, allowed(s))              // want `call to example.com/app/internal/repo.Raw passes no`
	_ = repo.Raw[int](stmt, quota(s))                // want `call to example.com/app/internal/repo.Raw passes no`
	_ = repo.Raw[int](stmt, level(s))                // want `call to example.com/app/internal/repo.Raw passes no`
	_ = repo.Raw[int](stmt, share(s)*2)              // want `call to example.com/app/internal/repo.Raw passes no`
	ok := allowed(s)
	_ = repo.Raw[int](stmt, ok) // want `call to example.com/app/internal/repo.Raw passes no`
	n := len(filter(s))
	_ = repo.Raw[int](stmt, n) // want `call to example.com/app/internal/repo.Raw passes no`
}

func Derived(s scope.Scope, stmt string) error {
	err := handle(s, "job")
	_ = repo.Raw[int](stmt, s, err)            // ok: passes the scope itself
	_ = repo.Raw[int](stmt, filter(s))         // ok: a string made from the scope is derived
	_ = repo.Raw[int](stmt, repo.Scoped(s))    // ok: an option made from the scope
	_ = repo.Raw[int](stmt, &s, allowed(s))    // ok: a pointer to the scope, next to a bool
	_ = repo.Raw[int](stmt, []any{filter(s)})  // ok: a literal holding a derived string
	_ = repo.Raw[bool](schema(filter(s)), err) // ok: a string computed from a derived string
	return err
}
