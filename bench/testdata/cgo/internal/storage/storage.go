// Package storage may read files, with or without cgo.
package storage
