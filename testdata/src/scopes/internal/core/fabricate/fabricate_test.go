package fabricate

import (
	"context"
	"testing"

	"example.com/app/internal/actor"
	"example.com/app/internal/scope"
)

func TestLiteral(t *testing.T) {
	s := scope.New("u", "admin", "t1") // ok: tests are in tenant-scope's create.allow
	use(&scope.Scope{})                // ok: tests are in tenant-scope's create.allow
	use(Literal(s))
	use(context.Background()) // ok: tests are in request-context's create.allow
	use(actor.System())       // want `call to example.com/app/internal/actor.System fabricates example.com/app/internal/actor.Actor outside create.allow \(actor-scope\)`
}
