// Package ports declares interfaces that core packages implement.
package ports

import (
	"sort"

	"example.com/app/internal/ports/base"
)

// Sink embeds base.Flusher.
type Sink interface {
	base.Flusher
	Write(p []byte) (int, error)
}

// Store is a generic interface.
type Store[T any] interface {
	Put(id string, v T) error
	Get(id string) (T, error)
}

// Namer names things.
type Namer interface{ Name() string }

// Number is a constraint, not a method set.
type Number interface{ ~int | ~int64 }

// Sorted reports whether x is sorted; it makes sort reachable from the
// packages that import ports.
func Sorted(x sort.Interface) bool { return sort.IsSorted(x) }
