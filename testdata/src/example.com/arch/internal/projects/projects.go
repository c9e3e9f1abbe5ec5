// Package projects is a feature.
package projects

// List lists.
var List = 1
