// Package cgo uses cgo. The analyzer sees the files cmd/cgo writes, which
// say they are generated; their //line directives lead back here, so they
// are checked as this file.
package cgo

// int twice(int x) { return 2 * x; }
import "C"

import "example.com/app/internal/scope"

func Twice(x int) int { return int(C.twice(C.int(x))) } // want `exported function Twice must take`

func Make(s scope.Scope) scope.Scope { return scope.Scope{} } // want `example.com/app/internal/scope.Scope`
