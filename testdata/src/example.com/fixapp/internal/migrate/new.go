// Package migrate is half-way through a migration to localfs: new.go
// uses it already, so its types are visible to the analyzer.
package migrate

import "example.com/fixapp/internal/localfs"

// Config reads the configuration.
func Config() ([]byte, error) { return localfs.ReadFile("config.yaml") } // ok: the replacement
