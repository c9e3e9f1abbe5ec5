// Package clean is core code whose only forbidden import is in a test.
package clean

// Tidy is clean.
var Tidy = 1
