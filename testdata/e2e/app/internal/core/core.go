// Package core is the business logic.
package core

import (
	"io/ioutil"
	"os"

	"example.com/app/internal/scope"
)

// Load reads a document.
func Load(s scope.Scope, name string) ([]byte, error) {
	return os.ReadFile(name)
}

// Drain reads everything.
func Drain(s scope.Scope) ([]byte, error) { return ioutil.ReadAll(os.Stdin) }

// Count counts a tenant's documents.
func Count(tenant string) int {
	_ = scope.New(tenant)
	return 0
}
