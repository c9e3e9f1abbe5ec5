// Package storage is the storage gate.
package storage

import "os"

// Read reads a file.
func Read(name string) ([]byte, error) { return os.ReadFile(name) }
