// Package billing sees the scope type only through repo: it does not
// import internal/scope, yet the scope reaches it.
package billing

import "example.com/app/internal/repo"

func Charge(r *repo.Repo) {
	r.Get(nil, "invoice") // want `nil fabricates \*example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\)` `call to \(\*example.com/app/internal/repo.Repo\).Get passes no`
}
