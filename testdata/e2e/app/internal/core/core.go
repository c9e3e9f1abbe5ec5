// Package core is the business logic.
package core

import (
	"io/ioutil"
	"os"
)

// Load reads a document.
func Load(name string) ([]byte, error) {
	return os.ReadFile(name)
}

// Drain reads everything.
func Drain() ([]byte, error) { return ioutil.ReadAll(os.Stdin) }
