package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A HashMemo remembers files' SHA-256 sums between runs, so that a run
// whose files did not change stats them instead of reading them: on a
// large tree, reading and hashing every file is most of what an unchanged
// re-run costs beyond go list.
//
// A sum is reused only while the file's stat (inode, device, size,
// modification and change time) is what it was when the sum was taken,
// and only if the file had not changed for memoSettle before then: a
// write in the same tick of the file system's clock as the hashing
// cannot leave the stat as it was. The change time cannot be set by a
// program (touch -r and tar set the modification time only), so a file
// rewritten with its old size and modification time is hashed again.
// Where the stat has no change time or inode (not Linux), nothing is
// remembered.
type HashMemo struct {
	now func() time.Time

	mu    sync.Mutex
	prev  map[string]memoEntry
	next  map[string]memoEntry
	stale map[string]bool // files of prev that changed: their entries are not kept
	// verified is set when Changed found every file of prev unchanged:
	// their stats need not be taken again by the same run.
	verified bool
	dirty    bool
}

type memoEntry struct {
	stat fileStat
	sum  [sha256.Size]byte
}

// A fileStat is what a file's sum is remembered under.
type fileStat struct {
	ino, dev     uint64
	size         int64
	mtime, ctime int64 // in nanoseconds
}

// memoSettle is how long a file must have been unchanged before its sum
// is remembered.
const memoSettle = 2 * time.Second

// A memo keeps the files the last run used, and those earlier runs used
// (a run over part of the tree) while they number at most as many again
// plus memoSlack: files deleted or renamed since drop out then.
const memoSlack = 1000

// memoKey is the key of the memo entry for the runs in dir.
func memoKey(dir string) Key {
	return Key(sha256.Sum256([]byte("archvet file hashes v1\x00" + dir)))
}

// LoadHashMemo returns the memo of the runs in dir (the working
// directory: runs in one tree share it). A missing or unreadable entry
// gives an empty memo. A nil Cache gives a memo that remembers nothing
// beyond this run.
func (c *Cache) LoadHashMemo(dir string) *HashMemo {
	m := &HashMemo{now: time.Now, prev: map[string]memoEntry{}, next: map[string]memoEntry{}}
	if c == nil {
		return m
	}
	m.now = c.now
	data, ok := c.Get(memoKey(dir))
	if !ok {
		return m
	}
	for line := range strings.Lines(string(data)) {
		name, e, ok := decodeMemoLine(strings.TrimSuffix(line, "\n"))
		if !ok {
			clear(m.prev) // not a memo this version wrote: start afresh
			break
		}
		m.prev[name] = e
	}
	return m
}

// SaveHashMemo stores m as the memo of the runs in dir if the run added
// to it.
func (c *Cache) SaveHashMemo(dir string, m *HashMemo) error {
	if c == nil || m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.dirty {
		return nil
	}
	all := m.next
	if len(m.prev) <= len(m.next)+memoSlack {
		all = maps.Clone(m.prev)
		for name := range m.stale {
			delete(all, name)
		}
		maps.Copy(all, m.next)
	}
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(all)) {
		e := all[name]
		fmt.Fprintf(&b, "%s\t%d\t%d\t%d\t%d\t%d\t%s\n", strconv.Quote(name), e.stat.ino, e.stat.dev, e.stat.size, e.stat.mtime, e.stat.ctime, hex.EncodeToString(e.sum[:]))
	}
	return c.Put(memoKey(dir), []byte(b.String()))
}

func decodeMemoLine(line string) (string, memoEntry, bool) {
	f := strings.Split(line, "\t")
	if len(f) != 7 {
		return "", memoEntry{}, false
	}
	name, err := strconv.Unquote(f[0])
	if err != nil {
		return "", memoEntry{}, false
	}
	var e memoEntry
	var errs [5]error
	e.stat.ino, errs[0] = strconv.ParseUint(f[1], 10, 64)
	e.stat.dev, errs[1] = strconv.ParseUint(f[2], 10, 64)
	e.stat.size, errs[2] = strconv.ParseInt(f[3], 10, 64)
	e.stat.mtime, errs[3] = strconv.ParseInt(f[4], 10, 64)
	e.stat.ctime, errs[4] = strconv.ParseInt(f[5], 10, 64)
	for _, err := range errs {
		if err != nil {
			return "", memoEntry{}, false
		}
	}
	sum, err := hex.DecodeString(f[6])
	if err != nil || len(sum) != sha256.Size {
		return "", memoEntry{}, false
	}
	copy(e.sum[:], sum)
	return name, e, true
}

// Sum returns the SHA-256 sum of the named file's contents. A nil memo
// reads and hashes the file.
func (m *HashMemo) Sum(name string) ([sha256.Size]byte, error) {
	if m == nil {
		return fileHash(name)
	}
	m.mu.Lock()
	e, ok := m.next[name] // this run took its stat already
	if !ok && m.verified {
		e, ok = m.prev[name]
	}
	m.mu.Unlock()
	if ok {
		m.remember(name, e, false)
		return e.sum, nil
	}
	info, err := os.Stat(name)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	st, ok := statOf(info)
	if !ok {
		return fileHash(name)
	}
	m.mu.Lock()
	e, ok = m.prev[name]
	m.mu.Unlock()
	if ok && e.stat == st {
		m.remember(name, e, false)
		return e.sum, nil
	}
	if ok {
		m.forget(name) // changed: if it is not remembered below, Changed must not see its old stat
	}
	sum, err := fileHash(name)
	if err != nil {
		return sum, err
	}
	// Remember the sum only if the file is as it was before it was read
	// and had settled by then.
	after, err := os.Stat(name)
	if err != nil {
		return sum, nil
	}
	if st2, ok := statOf(after); ok && st2 == st {
		settled := m.now().Add(-memoSettle).UnixNano()
		if st.mtime < settled && st.ctime < settled {
			m.remember(name, memoEntry{st, sum}, true)
		}
	}
	return sum, nil
}

// Empty reports whether m holds no sum from an earlier run: there was
// none in its directory, or the system's stat gives no change time or
// inode to remember sums under.
func (m *HashMemo) Empty() bool {
	if m == nil {
		return true
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.prev) == 0
}

// Changed reports whether a file whose sum m holds from an earlier run
// changed since, by its stat: it is gone, or its stat differs. If none
// did, the run takes their sums from m without taking their stats again.
func (m *HashMemo) Changed() bool {
	if m == nil {
		return true
	}
	m.mu.Lock()
	prev := m.prev
	m.mu.Unlock()
	for name, e := range prev {
		info, err := os.Stat(name)
		if err != nil {
			return true
		}
		if st, ok := statOf(info); !ok || st != e.stat {
			return true
		}
	}
	m.mu.Lock()
	m.verified = true
	m.mu.Unlock()
	return false
}

func (m *HashMemo) forget(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stale == nil {
		m.stale = map[string]bool{}
	}
	m.stale[name], m.dirty = true, true
}

func (m *HashMemo) remember(name string, e memoEntry, changed bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.next[name]; !ok {
		m.next[name] = e
		if changed {
			m.dirty = true
		}
	}
}
