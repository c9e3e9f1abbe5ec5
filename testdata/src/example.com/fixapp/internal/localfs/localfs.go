// Package localfs is the file access gate of the fixapp fixture: the
// replacement that the rules' use_instead names.
package localfs

import "os"

// ReadFile reads a file. Its signature is os.ReadFile's, so references
// to os.ReadFile can be rewritten to it.
func ReadFile(name string) ([]byte, error) { return os.ReadFile(name) } // ok: internal/localfs is allowed

// WriteFile writes a file with fixed permissions. Its signature differs
// from os.WriteFile's, so no fix is offered for os.WriteFile.
func WriteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o600) } // ok: allowed
