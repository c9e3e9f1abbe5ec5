// Package auth is in tenant-scope's create.allow: it is where scopes are born.
package auth

import (
	"context"

	"example.com/app/internal/scope"
)

func Middleware(ctx context.Context, user, role, tenant string) scope.Scope {
	return scope.New(user, role, tenant) // ok: internal/web/auth is in create.allow
}

func System() *scope.Scope {
	return &scope.Scope{Role: "system"} // ok: internal/web/auth is in create.allow
}

func Anonymous() (scope.Scope, context.Context) {
	var s scope.Scope              // ok: internal/web/auth is in create.allow
	return s, context.Background() // ok: internal/web is in request-context's create.allow
}
