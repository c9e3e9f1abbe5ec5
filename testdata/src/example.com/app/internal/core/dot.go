package core

import . "os"

func dot() {
	_, _ = ReadFile("x") // want `os.ReadFile is banned here \(storage-gate\)`
	_ = Getenv("x")      // ok: not banned
}
