// Package db uses the other packages.
package db

import (
	"example.com/app/scope"
	"example.com/app/storage"
)

// Get reads through storage under a scope.
func Get(s scope.Scope, name string) ([]byte, error) {
	f, err := storage.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return nil, nil
}
