// Package cgo uses cgo. The analyzer sees the files cmd/cgo writes, which
// say they are generated, so files() skips them like any generated file:
// nothing in this file is checked (a known limitation, in README).
package cgo

// int twice(int x) { return 2 * x; }
import "C"

import "example.com/app/internal/scope"

func Twice(x int) int { return int(C.twice(C.int(x))) } // ok: cgo output counts as generated

func Make(s scope.Scope) scope.Scope { return scope.Scope{} } // ok: cgo output counts as generated
