// Package storage is the storage gate: the one place file access is allowed.
package storage

import "os"

// Read reads a file.
func Read(name string) ([]byte, error) {
	return os.ReadFile(name) // ok: internal/storage is allowed by storage-gate
}
