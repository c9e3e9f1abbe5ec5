package migrate

import "os"

// Function values: two fixes in one file. Neither removes the last use
// of os alone; the applier removes the import they leave unused.
var reader = os.ReadFile // want `os.ReadFile is banned here \(read-through-localfs\)`

func apply(read func(string) ([]byte, error)) ([]byte, error) { return read("x") }

// Values passes the banned function as an argument.
func Values() ([]byte, error) {
	_ = reader
	return apply(os.ReadFile) // want `os.ReadFile is banned here \(read-through-localfs\)`
}
