// Package legacyfs has a deprecated function and its successor in the
// same package.
package legacyfs

// Load is deprecated: use Read.
func Load(name string) ([]byte, error) { return Read(name) } // ok: allowed in legacyfs

// Read reads a file.
func Read(name string) ([]byte, error) { return nil, nil }
