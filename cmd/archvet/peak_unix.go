//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"runtime"
	"syscall"
)

// peakRSS returns the largest resident set size of the archvet process so
// far, in bytes, without the go commands it ran (bench/scale.sh reads it
// from -v to tell the two apart), and false if the system does not say.
func peakRSS() (int64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	maxrss := int64(ru.Maxrss) //nolint:unconvert // int32 on 32-bit platforms
	if runtime.GOOS == "darwin" {
		return maxrss, true // bytes
	}
	return maxrss * 1024, true // KiB
}
