// Package report writes reports, and bypasses the storage gate.
package report

import "os"

// Save writes a report straight to disk.
func Save(path string, data []byte) error {
	return os.WriteFile(path, data, 0o644) // want: storage-gate
}

// reader is a method value of a banned function: a use, though not a call.
var reader = os.ReadFile // want: storage-gate

// Load reads a report through reader.
func Load(path string) ([]byte, error) { return reader(path) }
