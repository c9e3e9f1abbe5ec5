// Package storage is the gate to the file system.
package storage

import "os"

// Get returns the content of the file name.
func Get(name string) ([]byte, error) {
	return os.ReadFile(name) // ok: allowed in internal/storage, relative to the working directory
}
