//go:build go1.18

package core

import "os"

func tagged() {
	_, _ = os.ReadFile("x") // want `os.ReadFile is banned here`
}
