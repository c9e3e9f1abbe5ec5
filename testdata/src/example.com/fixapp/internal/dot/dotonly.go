package dot

import (
	. "os"
	"strings"
)

// Only is the file's only use of the dot import: the fix removes it.
func Only(name string) ([]byte, error) {
	return ReadFile(strings.ToLower(name)) // want `os.ReadFile is banned here \(read-through-localfs\)`
}
