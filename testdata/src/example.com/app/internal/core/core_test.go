package core

import (
	"os"
	"testing"
)

func TestX(t *testing.T) {
	_, _ = os.ReadFile("testdata/x") // want `os.ReadFile is banned here`
}
