package storage

/*
static int twice(int x) { return 2 * x; }
*/
import "C" // ok: cgo's own import of unsafe is not the user's

import "os"

// Read reads a file.
func Read(name string) ([]byte, error) {
	_ = C.twice(2)
	return os.ReadFile(name) // ok: storage is allowed, cgo or not
}
