//go:build unix

package fixturetest

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestHeavyLocksFile checks that a heavy section takes the file lock
// that other test binaries wait for, and keeps it after release.
func TestHeavyLocksFile(t *testing.T) {
	tryLock := func() bool {
		f, err := os.Open(filepath.Join(os.TempDir(), "archvet-fixturetest-heavy.lock"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close() //nolint:errcheck // opened for reading, to try a lock on it
		return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
	}
	release := Heavy(t)
	if tryLock() {
		t.Error("the lock file is not locked during a heavy section")
	}
	release()
	if tryLock() {
		t.Error("the lock file is not locked after a heavy section: another binary's could start while this one holds its memory")
	}
}
