// Command app prints a file, reading it through the storage gate.
package main

import (
	"fmt"

	"example.com/clean/internal/storage"
)

func main() {
	s := storage.Storage{Dir: "."}
	data, err := s.Get("config.txt") // ok: goes through the gate
	if err != nil {
		return
	}
	fmt.Println(string(data))
}
