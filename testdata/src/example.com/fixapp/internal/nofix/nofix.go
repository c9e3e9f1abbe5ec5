// Package nofix has findings that get no fix under any driver.
package nofix

import "os"

// Write writes a file.
func Write() error {
	// nofix: localfs.WriteFile's signature differs from os.WriteFile's
	return os.WriteFile("x", nil, 0o644) // want `os.WriteFile is banned here \(write-through-localfs\)`
}

// Open opens a file.
func Open() (*os.File, error) {
	// nofix: the rule's use_instead is prose
	return os.Open("x") // want `os.Open is banned here \(no-open\)`
}
