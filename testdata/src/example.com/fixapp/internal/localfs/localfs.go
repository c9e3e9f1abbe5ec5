// Package localfs is the file access gate of the fixapp fixture: the
// replacement that the rules' use_instead names.
package localfs

import (
	"io/fs"
	"os"

	"example.com/fixapp/internal/root"
)

// ReadFile reads a file below the data root. Its signature is
// os.ReadFile's, so references to os.ReadFile can be rewritten to it.
func ReadFile(name string) ([]byte, error) { return os.ReadFile(root.Join(name)) } // ok: internal/localfs is allowed

// WriteFile writes a file with fixed permissions. Its signature differs
// from os.WriteFile's, so no fix is offered for os.WriteFile.
func WriteFile(name string, data []byte) error { return os.WriteFile(root.Join(name), data, 0o600) } // ok: allowed

// Chmod changes a file's mode. It takes an fs.FileMode, which
// os.Chmod's os.FileMode is an alias of: the signatures are identical.
func Chmod(name string, mode fs.FileMode) error { return os.Chmod(root.Join(name), mode) } // ok: allowed
