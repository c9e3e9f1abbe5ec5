// Package strict is governed by tenant-strict, whose params section does
// not accept a leading context.
package strict

import (
	"context"

	"example.com/app/internal/scope"
)

func Load(s scope.Scope) {} // ok: takes the scope first

func LoadCtx(ctx context.Context, s scope.Scope) {} // want `^exported function LoadCtx must take example.com/app/internal/scope.Scope as its first parameter, not context.Context \(tenant-strict\): batch jobs take the scope first, before any context$`

func Ping() {} // want `^exported function Ping must take example.com/app/internal/scope.Scope as its first parameter, but has no parameters \(tenant-strict\)`
