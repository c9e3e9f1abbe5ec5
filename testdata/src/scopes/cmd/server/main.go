// Command server is in every scope's create.allow.
package main

import (
	"context"

	"example.com/app/internal/actor"
	"example.com/app/internal/repo"
	"example.com/app/internal/scope"
)

func main() {
	s := scope.Global()         // ok: cmd is in create.allow
	ctx := context.Background() // ok: cmd is in request-context's create.allow
	a := actor.System()         // ok: cmd is in actor-scope's create.allow
	_, _ = ctx, a
	(&repo.Repo{}).Exec(*s, "q") // ok: passes the scope
	(&repo.Repo{}).Query("q")    // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
}
