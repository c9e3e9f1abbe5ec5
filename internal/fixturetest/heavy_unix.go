//go:build unix

package fixturetest

import (
	"errors"
	"os"
	"syscall"
)

// lockFile waits for an exclusive lock on f, held until f is closed.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
		// interrupted by a signal (the runtime's preemption): wait again
	}
}
