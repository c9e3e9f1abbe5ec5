package cache

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestHashMemo checks that a memo reuses a sum only while the file's
// stat is unchanged and the file had settled when it was hashed, and that
// a file rewritten with its old size and modification time is hashed
// again.
func TestHashMemo(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the memo remembers nothing without Linux's stat")
	}
	c := testCache(t)
	dir := t.TempDir()
	name := filepath.Join(dir, "a.go")
	write := func(data string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum := func(m *HashMemo) [sha256.Size]byte {
		t.Helper()
		s, err := m.Sum(name)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	write("package a\n")

	// Just written: not settled, so not remembered.
	now := time.Now()
	c.now = func() time.Time { return now }
	m := c.LoadHashMemo(dir)
	if got := sum(m); got != sha256.Sum256([]byte("package a\n")) {
		t.Fatal("wrong sum")
	}
	if err := c.SaveHashMemo(dir, m); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(memoKey(dir)); ok {
		t.Error("a file changed within memoSettle was remembered")
	}

	// Settled: remembered, and the next run takes the sum from the memo.
	// A memo holding a wrong sum for the file's stat proves it.
	now = now.Add(time.Minute)
	m = c.LoadHashMemo(dir)
	sum(m)
	if err := c.SaveHashMemo(dir, m); err != nil {
		t.Fatal(err)
	}
	m = c.LoadHashMemo(dir)
	e, ok := m.prev[name]
	if !ok {
		t.Fatal("a settled file was not remembered")
	}
	e.sum = sha256.Sum256([]byte("planted"))
	m.prev[name] = e
	if sum(m) != e.sum {
		t.Fatal("an unchanged file was hashed again")
	}
	if m.dirty {
		t.Error("a run that only reused sums would rewrite the memo")
	}

	// Rewritten with the same size, its modification time put back: the
	// change time differs, and the file is hashed again.
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // past the file system clock's tick
	write("package b\n")
	if err := os.Chtimes(name, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	m = c.LoadHashMemo(dir)
	m.prev[name] = e // the planted sum, under the old stat
	if got := sum(m); got != sha256.Sum256([]byte("package b\n")) {
		t.Errorf("a rewritten file with its old size and modification time got the remembered sum")
	}
}

// TestHashMemoCorrupt checks that a memo entry that does not decode gives
// an empty memo, not wrong sums.
func TestHashMemoCorrupt(t *testing.T) {
	c := testCache(t)
	dir := t.TempDir()
	for _, data := range []string{
		"\"a.go\"\t1\t2\t3\t4\n",                                     // too few fields
		"a.go\t1\t2\t3\t4\t5\t00\n",                                  // name unquoted
		"\"a.go\"\t1\t2\t3\t4\t5\tzz\n",                              // sum not hex
		"\"a.go\"\tx\t2\t3\t4\t5\t" + strings.Repeat("0", 64) + "\n", // inode not a number
	} {
		if err := c.Put(memoKey(dir), []byte(data)); err != nil {
			t.Fatal(err)
		}
		if m := c.LoadHashMemo(dir); len(m.prev) != 0 {
			t.Errorf("%q: memo holds %v", data, m.prev)
		}
	}
}

// TestHashMemoBounded checks that a memo keeps the files of earlier runs
// only while they are not many more than the last run's.
func TestHashMemoBounded(t *testing.T) {
	c := testCache(t)
	dir := t.TempDir()
	c.now = func() time.Time { return time.Now().Add(time.Hour) } // every file settled
	write := func(prefix string, n int) []string {
		t.Helper()
		var names []string
		for i := range n {
			name := filepath.Join(dir, fmt.Sprintf("%s%d.go", prefix, i))
			if err := os.WriteFile(name, []byte(name), 0o644); err != nil {
				t.Fatal(err)
			}
			names = append(names, name)
		}
		return names
	}
	run := func(names []string) int {
		t.Helper()
		m := c.LoadHashMemo(dir)
		for _, name := range names {
			if _, err := m.Sum(name); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.SaveHashMemo(dir, m); err != nil {
			t.Fatal(err)
		}
		return len(c.LoadHashMemo(dir).prev)
	}
	a := write("a", 100)
	if got := run(a); got != 100 {
		t.Fatalf("after a run over 100 files the memo holds %d", got)
	}
	// A run over part of the tree, with a new file: the others stay.
	if got := run(append(a[:1:1], write("b", 1)...)); got != 101 {
		t.Errorf("after a run over 2 files the memo holds %d, want 101", got)
	}
	// Files beyond the slack that the last run did not use go.
	if got := run(write("c", memoSlack+10)); got != 101+memoSlack+10 {
		t.Fatalf("the memo holds %d", got)
	}
	if got := run(write("d", 2)); got != 2 {
		t.Errorf("the memo holds %d files, want the last run's 2", got)
	}
}

// TestHashMemoChanged checks Changed, which a driver asks before it tries
// to answer a run without building: it sees a remembered file rewritten,
// and once a run has hashed the new contents without remembering them
// (not settled yet), the old stat is forgotten rather than kept.
func TestHashMemoChanged(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the memo remembers nothing without Linux's stat")
	}
	c := testCache(t)
	dir := t.TempDir()
	name := filepath.Join(dir, "a.go")
	if err := os.WriteFile(name, []byte("package a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Minute) // settled
	c.now = func() time.Time { return now }
	m := c.LoadHashMemo(dir)
	if !m.Empty() {
		t.Fatal("a memo of no run is not empty")
	}
	run := func() *HashMemo {
		t.Helper()
		m := c.LoadHashMemo(dir)
		if _, err := m.Sum(name); err != nil {
			t.Fatal(err)
		}
		if err := c.SaveHashMemo(dir, m); err != nil {
			t.Fatal(err)
		}
		return c.LoadHashMemo(dir)
	}
	if m := run(); m.Empty() || m.Changed() {
		t.Fatalf("after a run: empty %t, changed %t; want a memo of an unchanged file", m.Empty(), m.Changed())
	}
	if err := os.WriteFile(name, []byte("package a // edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if m := c.LoadHashMemo(dir); !m.Changed() {
		t.Error("a rewritten file was not seen")
	}
	now = time.Now() // the edit has not settled
	if m := run(); m.Changed() {
		t.Error("a run hashed the new contents, and the memo still holds the old stat")
	}
}
