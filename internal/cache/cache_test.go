package cache

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func testCache(t *testing.T) *Cache {
	t.Helper()
	c, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func key(s string) Key {
	var k Key
	copy(k[:], s)
	return k
}

type finding struct {
	Rule string `json:"rule"`
	File string `json:"file"`
	Line int    `json:"line"`
}

func TestRoundTrip(t *testing.T) {
	c := testCache(t)
	if _, ok := c.Get(key("a")); ok {
		t.Fatal("empty cache: hit")
	}
	want := []finding{{"storage-gate", "/m/a.go", 3}, {"no-exec", "/m/b.go", 9}}
	if err := PutFindings(c, key("a"), want); err != nil {
		t.Fatal(err)
	}
	if err := PutFindings[finding](c, key("b"), nil); err != nil {
		t.Fatal(err)
	}
	got, ok := GetFindings[finding](c, key("a"))
	if !ok || !slices.Equal(got, want) {
		t.Errorf("GetFindings(a) = %v, %t; want %v, true", got, ok, want)
	}
	if got, ok := GetFindings[finding](c, key("b")); !ok || len(got) != 0 {
		t.Errorf("GetFindings(b) = %v, %t; want a hit with no findings", got, ok)
	}
	if _, ok := c.Get(key("c")); ok {
		t.Error("Get(c): hit for a key never stored")
	}
}

func TestOff(t *testing.T) {
	t.Setenv(Env, "off")
	c, err := Open()
	if err != nil || c != nil {
		t.Fatalf("Open with %s=off = %v, %v; want nil, nil", Env, c, err)
	}
	// A disabled cache stores nothing and misses, without failing.
	if err := c.Put(key("a"), []byte("x")); err != nil {
		t.Error(err)
	}
	if err := PutFindings(c, key("a"), []finding{{Rule: "r"}}); err != nil {
		t.Error(err)
	}
	if _, ok := c.Get(key("a")); ok {
		t.Error("disabled cache: hit")
	}
	if err := c.Trim(); err != nil {
		t.Error(err)
	}
	if err := c.Clean(); err != nil {
		t.Error(err)
	}
	if c.Dir() != "" {
		t.Errorf("disabled cache: Dir() = %q", c.Dir())
	}
}

func TestOpenEnv(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	t.Setenv(Env, dir)
	c, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	if c.Dir() != dir {
		t.Errorf("Dir() = %q, want %q", c.Dir(), dir)
	}
	if err := c.Put(key("a"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, key("a").String()[:2], key("a").String()+entrySuffix)); err != nil {
		t.Errorf("entry not under %s: %v", Env, err)
	}

	t.Setenv(Env, "relative/dir")
	if _, err := Open(); err == nil || !strings.Contains(err.Error(), "not an absolute path") {
		t.Errorf("Open with a relative %s: error %v, want one saying it is not absolute", Env, err)
	}
}

// TestCorruptEntry: a torn or damaged entry file reads as a miss, and the
// next Put repairs it.
func TestCorruptEntry(t *testing.T) {
	c := testCache(t)
	k := key("a")
	if err := c.Put(k, []byte("the payload")); err != nil {
		t.Fatal(err)
	}
	name := c.path(k)
	good, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)-1] ^= 1
	other := encode(key("b"), []byte("the payload")) // another key's entry at this name
	for name2, data := range map[string][]byte{
		"empty":       nil,
		"truncated":   good[:len(good)-3],
		"header only": good[:len(magic)+len(k)],
		"bit flipped": flipped,
		"other key":   other,
		"longer":      append(bytes.Clone(good), 'x'),
	} {
		if err := os.WriteFile(name, data, 0o666); err != nil {
			t.Fatal(err)
		}
		if p, ok := c.Get(k); ok {
			t.Errorf("%s entry: hit with %q", name2, p)
		}
	}
	if err := c.Put(k, []byte("again")); err != nil {
		t.Fatal(err)
	}
	if p, ok := c.Get(k); !ok || string(p) != "again" {
		t.Errorf("after Put over a corrupt entry: Get = %q, %t", p, ok)
	}
}

// TestConcurrentWriters: goroutines write different payloads under one key
// while others read the entry's file. Every read finds no file (before the
// first rename) or one whole entry, and no temporary file is left behind. Entries are
// replaced by rename, which is the same between processes as between
// goroutines.
func TestConcurrentWriters(t *testing.T) {
	c := testCache(t)
	k := key("shared")
	payloads := map[string]bool{}
	for i := range 8 {
		payloads[strings.Repeat(fmt.Sprintf("writer %d;", i), 2000+i*500)] = true // entries of different lengths
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []string
	hits := 0
	for p := range payloads {
		wg.Go(func() {
			for range 20 {
				if err := c.Put(k, []byte(p)); err != nil {
					mu.Lock()
					bad = append(bad, err.Error())
					mu.Unlock()
				}
			}
		})
		wg.Go(func() {
			for range 50 {
				// Read the file itself: Get would hide a torn file
				// behind the checksum as a miss.
				raw, err := os.ReadFile(c.path(k))
				if err != nil {
					continue // before the first rename
				}
				got, ok := decode(k, raw)
				mu.Lock()
				switch {
				case !ok:
					bad = append(bad, fmt.Sprintf("read a partial or mixed entry of %d bytes", len(raw)))
				case !payloads[string(got)]:
					bad = append(bad, fmt.Sprintf("read %d bytes that no writer wrote", len(got)))
				default:
					hits++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("%d problems, first: %s", len(bad), bad[0])
	}
	if got, ok := c.Get(k); !ok || !payloads[string(got)] {
		t.Errorf("after the writers: Get = %d bytes, %t; want one writer's payload", len(got), ok)
	}
	t.Logf("%d of %d concurrent reads hit", hits, 8*50)
	tmps, _ := filepath.Glob(filepath.Join(c.dir, "*", tmpPrefix+"*"))
	if len(tmps) > 0 {
		t.Errorf("temporary files left behind: %v", tmps)
	}
}

// TestTrim: over MaxBytes, Trim removes the least recently used entries
// until 3/4 of MaxBytes is left; a Get refreshes an entry's time; Trim works
// at most once an hour; stale temporary files go.
func TestTrim(t *testing.T) {
	c := testCache(t)
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	payload := bytes.Repeat([]byte("x"), 1000)
	entrySize := int64(len(encode(Key{}, payload)))
	const n = 10
	for i := range n {
		k := key(fmt.Sprint(i))
		if err := c.Put(k, payload); err != nil {
			t.Fatal(err)
		}
		// Entry i was last used i hours after the first.
		mt := now.Add(time.Duration(i-3*n) * time.Hour)
		if err := os.Chtimes(c.path(k), mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	// Reading entry 0, the oldest, makes it the newest.
	if _, ok := c.Get(key("0")); !ok {
		t.Fatal("miss")
	}
	stale := filepath.Join(c.dir, key("0").String()[:2], tmpPrefix+"crashed")
	fresh := filepath.Join(c.dir, key("0").String()[:2], tmpPrefix+"writing")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, payload, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	old := now.Add(-2 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(fresh, now, now); err != nil {
		t.Fatal(err)
	}

	// Compiled code counts with the entries: this file, the least
	// recently written, goes first; a temporary file of the compiler
	// goes when it is an hour old, as the cache's own.
	codeSub := filepath.Join(c.CodeDir(), "wazero-v1-amd64-linux")
	code, codeTmp := filepath.Join(codeSub, "0123abcd"), filepath.Join(codeSub, "0123abcd.42.tmp")
	if err := os.MkdirAll(codeSub, 0o777); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{code, codeTmp} {
		if err := os.WriteFile(p, bytes.Repeat([]byte("c"), int(entrySize)), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old.Add(-100*time.Hour), old.Add(-100*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}

	c.MaxBytes = 6 * entrySize // 10 entries are too many; 3/4 of 6 leaves 4
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{code, codeTmp} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s survived Trim", p)
		}
	}
	var kept []string
	for i := range n {
		if _, ok := c.Get(key(fmt.Sprint(i))); ok {
			kept = append(kept, fmt.Sprint(i))
		}
	}
	if want := []string{"0", "7", "8", "9"}; !slices.Equal(kept, want) {
		t.Errorf("after Trim, entries kept: %v; want %v (the most recently used)", kept, want)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a temporary file two hours old survived Trim")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("Trim removed a temporary file a writer may still use: %v", err)
	}

	// Within the hour, Trim does nothing; after it, it trims again.
	for i := range n {
		if err := c.Put(key(fmt.Sprint(i)), payload); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(30 * time.Minute)
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if got := countEntries(t, c); got != n {
		t.Errorf("Trim half an hour after the last: %d entries left, want all %d", got, n)
	}
	now = now.Add(time.Hour)
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if got := countEntries(t, c); got != 4 {
		t.Errorf("Trim an hour and a half after the last: %d entries left, want 4", got)
	}
}

func countEntries(t *testing.T, c *Cache) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(c.dir, "*", "*"+entrySuffix))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}

func TestGetRefreshesOldMtime(t *testing.T) {
	c := testCache(t)
	k := key("a")
	if err := c.Put(k, []byte("x")); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * mtimeInterval).Truncate(time.Second)
	if err := os.Chtimes(c.path(k), old, old); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(k); !ok {
		t.Fatal("miss")
	}
	info, err := os.Stat(c.path(k))
	if err != nil {
		t.Fatal(err)
	}
	if !info.ModTime().After(old) {
		t.Errorf("Get left the entry's time at %v", info.ModTime())
	}
}

// TestClean removes the entries and the cache's own files, and nothing
// else in the directory.
func TestClean(t *testing.T) {
	c := testCache(t)
	for _, s := range []string{"a", "b", "c"} {
		if err := c.Put(key(s), []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	codeSub := filepath.Join(c.CodeDir(), "wazero-v1-amd64-linux")
	if err := os.MkdirAll(codeSub, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(codeSub, "0123abcd"), []byte("code"), 0o666); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(c.dir, "notes.txt")
	if err := os.WriteFile(foreign, []byte("mine"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := c.Clean(); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"a", "b", "c"} {
		if _, ok := c.Get(key(s)); ok {
			t.Errorf("entry %s survived Clean", s)
		}
	}
	des, err := os.ReadDir(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, de := range des {
		left = append(left, de.Name())
	}
	if want := []string{readmeFile, "notes.txt"}; !slices.Equal(left, want) {
		t.Errorf("after Clean the directory holds %v, want %v", left, want)
	}
	// The cache works after Clean.
	if err := c.Put(key("a"), []byte("a")); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(key("a")); !ok {
		t.Error("Put after Clean: miss")
	}
}

// TestConcurrentProcesses runs writer processes (this test binary, in
// TestWriterProcess) that put different payloads under one key of one
// cache directory and trim it, while this process reads the entry's file.
func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes; skipped with -short")
	}
	dir := t.TempDir()
	k := key("shared")
	var cmds []*exec.Cmd
	for i := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWriterProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), writerEnv+"="+dir, fmt.Sprintf("%s_ID=%d", writerEnv, i))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	done := make(chan error, len(cmds))
	for _, cmd := range cmds {
		go func() { done <- cmd.Wait() }()
	}
	c, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	reads, whole := 0, 0
	for finished := 0; finished < len(cmds); {
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("writer process: %v", err)
			}
			finished++
		default:
		}
		raw, err := os.ReadFile(c.path(k))
		if err != nil {
			continue // before the first rename
		}
		reads++
		p, ok := decode(k, raw)
		if !ok || !strings.HasPrefix(string(p), "writer ") {
			t.Fatalf("read a partial or foreign entry of %d bytes", len(raw))
		}
		whole++
	}
	if reads == 0 {
		t.Fatal("no read overlapped the writers, so this test proves nothing")
	}
	t.Logf("%d reads of whole entries while 4 processes wrote", whole)
}

const writerEnv = "ARCHVET_CACHE_TEST_WRITER"

// TestWriterProcess is TestConcurrentProcesses's writer; it does nothing
// unless started by it.
func TestWriterProcess(t *testing.T) {
	dir := os.Getenv(writerEnv)
	if dir == "" {
		t.Skip("a helper process of TestConcurrentProcesses")
	}
	c, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	payload := []byte(strings.Repeat("writer "+os.Getenv(writerEnv+"_ID")+";", 20000))
	for range 200 {
		if err := c.Put(key("shared"), payload); err != nil {
			t.Fatal(err)
		}
		if err := c.Trim(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestToolIDIsTheBuildID checks that on ELF the tool ID is the Go build
// ID the go command prints for the executable, read without hashing it.
func TestToolIDIsTheBuildID(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ELF only")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	id, err := ToolID()
	if want := "buildid " + strings.TrimSpace(string(out)); err != nil || id != want {
		t.Errorf("ToolID() = %q, %v; want %q", id, err, want)
	}
}
