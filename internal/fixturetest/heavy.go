package fixturetest

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// heavyMu serializes heavy sections within a test binary, where the
// file lock may not be available.
var heavyMu sync.Mutex

// Heavy marks the rest of the test, up to the returned release, as a
// heavy section: one that loads packages with their dependencies from
// source (analysistest.RunWithSuggestedFixes, or a load for an analyzer
// with facts). Heavy sections never overlap, within a test binary nor,
// where files can be locked, across the test binaries that go test runs
// at once: two of them together would take the test command past its
// memory budget. Callers must release, usually with defer.
func Heavy(t testing.TB) (release func()) {
	t.Helper()
	heavyMu.Lock()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "archvet-fixturetest-heavy.lock"), os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Logf("no lock across test binaries: %v", err)
		return heavyMu.Unlock
	}
	if err := lockFile(f); err != nil {
		t.Logf("no lock across test binaries: %v", err)
	}
	return func() {
		_ = f.Close() // releases the lock
		heavyMu.Unlock()
	}
}
