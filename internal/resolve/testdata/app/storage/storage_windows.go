//go:build windows

package storage

// WindowsOnly exists only on windows.
func WindowsOnly() {}

// Lock exists only on windows.
func (f *File) Lock() {}
