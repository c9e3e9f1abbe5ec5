package migrate

import (
	"os"
	"testing"
)

// A test file: analysed in the package's test variant only.
func TestHome(t *testing.T) {
	if _, err := os.ReadFile("testdata/home"); err == nil { // want `os.ReadFile is banned here \(read-through-localfs\)`
		t.Log("found")
	}
}
