// Package vend is a vendored third-party package.
package vend

// Vendored is vendored.
var Vendored = 1
