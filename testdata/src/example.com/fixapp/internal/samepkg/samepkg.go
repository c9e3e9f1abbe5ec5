// Package samepkg calls a deprecated function whose successor lives in
// the same package: the import stays.
package samepkg

import "example.com/fixapp/internal/legacyfs"

// Load reads through the deprecated function.
func Load() ([]byte, error) {
	return legacyfs.Load("x") // want `example.com/fixapp/internal/legacyfs.Load is banned here \(legacy-load\)`
}
