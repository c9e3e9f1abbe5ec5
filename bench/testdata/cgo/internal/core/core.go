// Package core calls C and reads a file outside the storage package.
package core

// Twice doubles x; it is here so that the package has a file without cgo
// and still builds when cgo is off.
func Twice(x int) int { return 2 * x }
