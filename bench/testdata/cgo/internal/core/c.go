package core

/*
static int twice(int x) { return 2 * x; }
*/
import "C" // ok: cgo's own import of unsafe is not the user's

import "os"

// Load reads a file.
func Load(name string) ([]byte, error) {
	_ = C.twice(2)
	return os.ReadFile(name) // want: storage-gate, in a cgo file
}
