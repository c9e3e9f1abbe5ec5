// Package multi is governed by several rules that ban the same things:
// every rule that bans a reference reports it, with its own id.
package multi

import (
	"io/ioutil" // want `import of "io/ioutil" is banned here \(no-ioutil\)` `import of "io/ioutil" is banned here \(multi-legacy-io\)`
	"os"
)

// A warning rule listed before an error rule on the same target: both
// report, so the error still fails the run.
func read() ([]byte, error) {
	return os.ReadFile("x") // want `os.ReadFile is banned here \(storage-gate\)` `os.ReadFile is banned here \(multi-warn-first\)` `os.ReadFile is banned here \(multi-fs\)`
}

// Ignoring one rule silences that rule only.
func ignored() ([]byte, error) {
	//archvet:ignore multi-warn-first the warning is known here
	return os.ReadFile("y") // want `os.ReadFile is banned here \(storage-gate\)` `os.ReadFile is banned here \(multi-fs\)`
}

// A directive naming two rules of which only one fires is reported for
// the other.
func half() ([]byte, error) {
	//archvet:ignore multi-warn-first,no-ioutil the warning is known here // want `//archvet directive for no-ioutil suppresses nothing`
	return os.ReadFile("z") // want `os.ReadFile is banned here \(storage-gate\)` `os.ReadFile is banned here \(multi-fs\)`
}

var _ = ioutil.Discard
