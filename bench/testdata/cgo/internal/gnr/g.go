// Package gnr uses banned types and methods through generics.
package gnr

import (
	"sync"
	"sync/atomic"
)

// Box holds a value.
type Box[T any] struct{ v T }

// Make boxes v.
func Make[T any](v T) Box[T] { return Box[T]{v} }

var _ = Make[sync.Mutex] // want: a type argument

var p atomic.Pointer[int] // want: an instantiated generic type

var _ = p.Load // want: a method value of an instantiated generic type

var q atomic.Pointer[string] // want

// F loads q.
func F() *string { return q.Load() } // want
