package fixturetest

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"
)

// heavy serializes the heavy sections of a test binary; its file lock,
// taken by the first, keeps other test binaries' heavy sections out.
var heavy struct {
	sync.Mutex
	lockOnce sync.Once
	file     *os.File // the locked file: kept reachable, or its finalizer would close it
}

// Heavy marks the rest of the test, up to the returned release, as a
// heavy section: one that loads packages with their dependencies from
// source (analysistest.RunWithSuggestedFixes, or a load for an analyzer
// with facts), which takes hundreds of megabytes under -race. Heavy
// sections never overlap in a test binary. Across the test binaries
// that go test runs at once, where files can be locked, the first heavy
// section of a binary waits until no other binary has had one, and the
// binary keeps the lock until it exits: a Go process gives little of its
// peak memory back, so the next heavy binary must wait for the exit, or
// two peaks would add up past the test command's memory budget. Callers
// must release, usually with defer.
func Heavy(t testing.TB) (release func()) {
	t.Helper()
	heavy.Lock()
	heavy.lockOnce.Do(func() {
		f, err := os.OpenFile(filepath.Join(os.TempDir(), "archvet-fixturetest-heavy.lock"), os.O_CREATE|os.O_RDWR, 0o666)
		if err == nil {
			heavy.file = f // open, and locked, until the binary exits
			err = lockFile(f)
		}
		if err != nil {
			t.Logf("heavy sections of other test binaries may overlap this one's: %v", err)
		}
	})
	return func() {
		debug.FreeOSMemory() // what can be given back, for the other binaries
		heavy.Unlock()
	}
}
