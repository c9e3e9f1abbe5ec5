// Package tools is governed by tools/rules.yaml alone.
package tools

import "os"

// Home reads the environment.
func Home() string { return os.Getenv("HOME") }

// Read reads a file, which the module's rules would ban.
func Read(name string) ([]byte, error) { return os.ReadFile(name) } // ok: tools/rules.yaml governs here
