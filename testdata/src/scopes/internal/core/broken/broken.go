// Package broken does not type-check; the analyzer must neither panic nor
// guess.
package broken

import (
	"example.com/app/internal/repo"
	"example.com/app/internal/scope"
)

func Load(x Undefined) {} // ok: the parameter did not type-check

func LoadSlice(xs []Undefined) {} // ok: the parameter did not type-check

func Call(s scope.Scope, r *repo.Repo) {
	r.Query(undefined)        // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
	r.Query(undefined, s)     // ok: passes the scope, despite the other error
	r.Nope(s)                 // ok: no such method
	use(scope.Scope{Nope: 1}) // want `composite literal fabricates example.com/app/internal/scope.Scope`
	use(Undefined{})          // ok: did not type-check
	var z Undefined           // ok: did not type-check
	f := r.Nope               // ok: did not type-check
	g := undefinedFunc        // ok: did not type-check
	use(z, f, g)
}

func use(...any) {}
