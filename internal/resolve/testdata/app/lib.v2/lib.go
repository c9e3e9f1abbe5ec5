// Package lib has a dot in its directory name, like gopkg.in/yaml.v3.
package lib

// Parse is a function.
func Parse() {}
