// Package base declares an interface that ports embeds; the packages that
// implement it do not import base.
package base

// Flusher flushes buffered data.
type Flusher interface{ Flush() error }
