// Command app reads a file past the gate.
package main

import (
	"os"

	"example.com/app/internal/storage"
)

func main() {
	os.ReadFile("a.txt") // want `os.ReadFile is banned here \(storage-gate\): all file access goes through storage.Get`
	storage.Get("b.txt") // ok: through the gate
}
