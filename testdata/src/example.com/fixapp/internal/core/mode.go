package core

import "os"

// Protect makes a file private. os.Chmod takes an os.FileMode, an alias
// of io/fs.FileMode, which localfs.Chmod takes: a named type from
// another package, compared by path across loads.
func Protect(name string) error {
	return os.Chmod(os.ExpandEnv(name), 0o600) // want `os.Chmod is banned here \(chmod-through-localfs\)`
}
