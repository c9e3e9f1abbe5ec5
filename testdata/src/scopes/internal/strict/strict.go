// Package strict is governed by tenant-strict, whose params section does
// not accept a leading context.
package strict

import (
	"context"
	"io"

	"example.com/app/internal/scope"
)

func Load(s scope.Scope) {} // ok: takes the scope first

func LoadCtx(ctx context.Context, s scope.Scope) {} // want `^exported function LoadCtx must take example.com/app/internal/scope.Scope as its first parameter, not context.Context \(tenant-strict\): batch jobs take the scope first, before any context$`

func Ping() {} // want `^exported function Ping must take example.com/app/internal/scope.Scope as its first parameter, but has no parameters \(tenant-strict\)`

// Buffer implements io.Writer; with interfaces: strict its methods are
// checked all the same.
type Buffer struct{}

var _ io.Writer = (*Buffer)(nil)

func (b *Buffer) Write(p []byte) (int, error) { return len(p), nil } // want `^exported method \(\*Buffer\).Write must take example.com/app/internal/scope.Scope as its first parameter, not \[\]byte \(tenant-strict\)`

func (b *Buffer) Error() string { return "" } // ok: standard methods such as Error are never checked
