// Package cgouse imports "C": archvet checks the file cmd/cgo writes for it
// under this file's name.
package cgouse

// int one(void) { return 1; }
import "C" // ok: cmd/cgo writes import _ "unsafe" here; the user imported no unsafe

import "os"

func one() int { return int(C.one()) }

func read() {
	_, _ = os.ReadFile("x") // want `os.ReadFile is banned here \(storage-gate\)`
}
