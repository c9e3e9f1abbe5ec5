// Package core does not import localfs, so the analyzer cannot see its
// types: its fixes come from the replacements that archvet's driver
// loads (analyzers.WithReplacements). Under go vet they get none.
package core

import "os"

// Load is the file's only use of os: the fix replaces the import.
func Load(name string) ([]byte, error) {
	return os.ReadFile(name) // want `os.ReadFile is banned here \(read-through-localfs\)`
}
