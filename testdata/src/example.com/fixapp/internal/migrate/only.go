package migrate

import "os"

// Only is the file's only use of os: the fix removes the import.
func Only() ([]byte, error) {
	return os.ReadFile("only") // want `os.ReadFile is banned here \(read-through-localfs\)`
}
