//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

// peakRSS is not known on this system.
func peakRSS() (int64, bool) { return 0, false }
