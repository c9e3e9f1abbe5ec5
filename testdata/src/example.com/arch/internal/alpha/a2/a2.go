// Package a2 is in alpha.
package a2

// A2 is a leaf.
var A2 = 2
