// Package storage declares methods of every kind: promoted, interface,
// platform-specific and unexported.
package storage

import (
	"io"
	"os"
)

// Storage is an interface with an embedded method.
type Storage interface {
	Read(name string) ([]byte, error)
	io.Closer
}

// File promotes the methods of *os.File.
type File struct{ *os.File }

// Open is a function.
func Open(name string) (*File, error) {
	f, err := os.Open(name)
	return &File{f}, err
}

func openRaw() {} // unexported: absent from export data

func (f *File) sync() {} // unexported method

// List is generic.
type List[T any] struct{ items []T }

// Push has a generic pointer receiver.
func (l *List[T]) Push(v T) { l.items = append(l.items, v) }
