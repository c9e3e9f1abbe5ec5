// Command app prints files, some of them bypassing the storage gate.
package main

import (
	"fmt"
	"os"

	"example.com/app/internal/storage"
)

func main() {
	data, err := os.ReadFile("config.txt") // want: storage-gate
	if err != nil {
		return
	}
	fmt.Println(string(data))

	legacy, _ := os.ReadFile("legacy.txt") //nolint:archvet // ok: golangci-lint drops every archvet finding on this line
	fmt.Println(string(legacy))

	//archvet:ignore storage-gate the seed is read once at startup, before storage exists
	seed, _ := os.ReadFile("seed.txt") // ok: suppressed by the archvet:ignore directive above
	fmt.Println(string(seed))

	//archvet:ignore storage-gate this directive suppresses nothing // want: archvet-unused-directive
	fmt.Println("no file access here")

	s := storage.Storage{Dir: "."}
	fmt.Println(s.Get("config.txt")) // ok: goes through the gate
}
