// Package wire is in internal/ of another module.
package wire

// Protocol is spoken.
var Protocol = "wire"
