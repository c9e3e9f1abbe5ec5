// Package renamed imports the replacement under another name.
package renamed

import (
	"os"

	lfs "example.com/fixapp/internal/localfs"
)

// Read uses the existing import name lfs.
func Read() ([]byte, error) {
	if _, err := lfs.ReadFile("a"); err != nil {
		return nil, err
	}
	return os.ReadFile("b") // want `os.ReadFile is banned here \(read-through-localfs\)`
}

// Shadowed has a local lfs that hides the import.
func Shadowed() ([]byte, error) {
	lfs := "b"
	// nofix: lfs is shadowed here, and a second import of localfs would be noise
	return os.ReadFile(lfs) // want `os.ReadFile is banned here \(read-through-localfs\)`
}
