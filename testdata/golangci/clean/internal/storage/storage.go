// Package storage is the one gate to the file system.
package storage

import "os"

// Storage reads and writes files under Dir.
type Storage struct{ Dir string }

// Get returns the content of the file name.
func (s Storage) Get(name string) ([]byte, error) {
	return os.ReadFile(s.Dir + "/" + name) // ok: allowed in internal/storage
}

// Put writes the file name.
func (s Storage) Put(name string, data []byte) error {
	return os.WriteFile(s.Dir+"/"+name, data, 0o644) // ok: allowed in internal/storage
}
