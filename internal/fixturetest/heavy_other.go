//go:build !unix

package fixturetest

import "os"

// lockFile does nothing: heavy sections are serialized within a test
// binary only.
func lockFile(*os.File) error { return nil }
