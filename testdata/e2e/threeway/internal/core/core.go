// Package core has a new finding, a baselined one, a warning, a
// suppressed finding and a suppression that suppresses nothing.
package core

import (
	"io/ioutil"
	"os"
)

// Load has a new finding.
func Load(name string) ([]byte, error) {
	return os.ReadFile(name)
}

// Save has the finding the baseline records.
func Save(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}

// Legacy has a suppressed finding.
func Legacy(name string) ([]byte, error) {
	//archvet:ignore storage-gate migrated in the next release
	return os.ReadFile(name)
}

// Stale has a suppression with nothing to suppress.
func Stale() int {
	//archvet:ignore storage-gate kept from an old version
	return 1
}

var _ = ioutil.Discard
