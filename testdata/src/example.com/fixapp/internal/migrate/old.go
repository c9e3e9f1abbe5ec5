package migrate

import (
	"fmt"
	"os"
)

// Home reads a file in the home directory; os stays imported for Getenv.
func Home(name string) ([]byte, error) {
	data, err := os.ReadFile(os.Getenv("HOME") + "/" + name) // want `os.ReadFile is banned here \(read-through-localfs\)`
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return data, nil
}
