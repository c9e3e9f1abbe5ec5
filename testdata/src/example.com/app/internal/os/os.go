// Package os is a local package that happens to share the standard
// library's name and a function name.
package os

// ReadFile is not the standard library's.
func ReadFile(name string) ([]byte, error) { return nil, nil }
