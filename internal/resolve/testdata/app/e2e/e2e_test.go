// Package e2e has only test files.
package e2e

import "testing"

func TestApp(t *testing.T) {}
