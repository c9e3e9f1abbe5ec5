// Package cache stores archvet's findings for each package between runs of
// the standalone command, the way go vet and golangci-lint keep theirs, so
// that an unchanged package is answered without parsing or type-checking
// it.
//
// # The key
//
// An entry is found by a Key, a SHA-256 over everything that can change a
// package's findings (Inputs):
//
//   - archvet itself: ToolID, a hash of the running executable, so any
//     change of analyzers, of the finding format or of this package misses;
//   - the Go toolchain's version and the module's go directive, GOOS,
//     GOARCH, the build tags, and the driver's options that change what is
//     reported (whether test files are checked, for example);
//   - the package: its ID as go/packages gives it (test variants differ),
//     and the name and content of each of its files, Go, cgo and embedded
//     files alike (names matter, since findings name files);
//   - its dependencies: for each direct import, its import path and the
//     identity of its export data, and a digest of the same for every
//     package below it (DepDigests), so that a key costs the graph's
//     edges, not packages times dependencies, to compute. The go
//     command's build cache names an export data file by the hash of its
//     content, so the file's path (go list -export) is such an identity; a
//     build ID or a content hash serves as well. Export data is what
//     type-checking the package reads of a dependency, so a change in a
//     dependency's exported API (a moved method, a changed type) changes
//     the key, and a change in its function bodies does not;
//   - the rules: the hash of each rules file governing any of the package's
//     files (config.Config.Hash covers the file's content and root), and
//     the rules' resolved form where resolution against the loaded packages
//     changes what they match.
//
// A package may also be keyed by a source key (source.go), which names the
// contents of every file below it instead of export data, so that an
// unchanged re-run can be answered from a load that builds nothing. The
// variables of the build that decide the export data besides the files
// (GOEXPERIMENT, CGO_ENABLED, GOFLAGS, GOOS, GOARCH, the toolchain's
// version) are in both keys.
//
// A file's content is hashed at most once per change: a HashMemo keeps
// each file's sum under its inode, size, modification and change time,
// and a later run that finds the same stat (on Linux, where the change
// time cannot be set by programs) takes the sum instead of reading the
// file. See HashMemo for why a stat cannot hide an edit.
//
// Nothing that is applied after the cache belongs in the key: the baseline
// filters cached findings like fresh ones, and output paths are made
// relative to the working directory after the cache (entries hold absolute
// paths).
//
// # Storage
//
// Entries live under os.UserCacheDir()/archvet, or the directory that
// ARCHVET_CACHE names; ARCHVET_CACHE=off disables the cache (Open returns
// a nil *Cache, whose methods do nothing and miss). Each entry is one file,
// written to a temporary file in the same directory and renamed into place,
// so concurrent runs never read a partial entry; each carries a checksum of
// its payload, so a torn or corrupt file (a crash before the data reached
// the disk) reads as a miss. A hit refreshes the entry's modification time
// at most once an hour, and Trim, at most once an hour, removes the least
// recently used entries while the total exceeds MaxBytes, the way cmd/go's
// cache trims by modification time. CodeDir holds compiled WebAssembly (the
// postgres parser's), which Trim and Clean treat as entries.
package cache

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Env is the environment variable that names the cache directory, or
// disables the cache with the value "off".
const Env = "ARCHVET_CACHE"

// DefaultMaxBytes is the size a Cache is trimmed to by default.
const DefaultMaxBytes = 512 << 20

const (
	entrySuffix = "-a"
	tmpPrefix   = ".tmp-"
	trimFile    = "trim.txt"
	// codeDir holds compiled WebAssembly (CodeDir), in subdirectories
	// the compiler names.
	codeDir    = "wasm-code"
	readmeFile = "README"
	magic      = "archvet-cache-1\n"
	// mtimeInterval is how stale an entry's modification time may get
	// before a hit refreshes it; trimInterval how often Trim does work.
	mtimeInterval = time.Hour
	trimInterval  = time.Hour
	// tmpMaxAge is the age past which Trim removes temporary files that a
	// crashed writer left behind.
	tmpMaxAge = time.Hour
)

const readme = `This directory holds cached archvet results, one file per package.
It can be removed at any time; "archvet cache clean" does so.
`

// A Cache is a directory of entries. A nil *Cache is a disabled cache. A
// Cache is safe for concurrent use, by goroutines and by processes.
type Cache struct {
	dir string
	// MaxBytes bounds the total size of the entries, enforced by Trim. Set
	// it before the Cache is used.
	MaxBytes int64
	now      func() time.Time // for tests
}

// Open opens the cache directory that ARCHVET_CACHE names, or else
// os.UserCacheDir()/archvet, creating it if need be. It returns nil and no
// error if ARCHVET_CACHE is "off".
func Open() (*Cache, error) {
	dir, err := Dir()
	if err != nil || dir == "" {
		return nil, err
	}
	return OpenDir(dir)
}

// Dir returns the cache directory Open uses, or "" if the cache is off.
func Dir() (string, error) {
	switch dir := os.Getenv(Env); dir {
	case "off":
		return "", nil
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("locating the cache directory (set %s to choose one, or to off): %w", Env, err)
		}
		return filepath.Join(base, "archvet"), nil
	default:
		if !filepath.IsAbs(dir) {
			return "", fmt.Errorf("%s=%q is not an absolute path", Env, dir)
		}
		return dir, nil
	}
}

// OpenDir opens the cache in dir, creating the directory if need be.
func OpenDir(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("opening cache: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, readmeFile)); errors.Is(err, fs.ErrNotExist) {
		_ = writeAtomic(dir, readmeFile, []byte(readme)) // informative only
	}
	return &Cache{dir: dir, MaxBytes: DefaultMaxBytes, now: time.Now}, nil
}

// Dir returns the cache's directory, or "" for a disabled cache.
func (c *Cache) Dir() string {
	if c == nil {
		return ""
	}
	return c.dir
}

// CodeDir returns the directory to keep compiled WebAssembly in: the
// postgres parser's compiled module (internal/pgquery). Trim counts its
// files with the entries, and Clean removes them.
func (c *Cache) CodeDir() string { return filepath.Join(c.dir, codeDir) }

// A Key identifies an entry: see Inputs.
type Key [sha256.Size]byte

func (k Key) String() string { return hex.EncodeToString(k[:]) }

func (c *Cache) path(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, s[:2], s+entrySuffix)
}

// Get returns the payload stored under k. It reports false for a miss,
// for a disabled cache, and for an entry that is unreadable or corrupt.
func (c *Cache) Get(k Key) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	name := c.path(k)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, false // a miss, or removed by a concurrent Trim
	}
	payload, ok := decode(k, data)
	if !ok {
		return nil, false // torn or corrupt: the next Put replaces it
	}
	c.touch(name)
	return payload, true
}

// touch refreshes name's modification time if it is older than
// mtimeInterval, so that Trim keeps entries in use.
func (c *Cache) touch(name string) {
	info, err := os.Stat(name)
	if err != nil {
		return // removed meanwhile
	}
	if now := c.now(); now.Sub(info.ModTime()) > mtimeInterval {
		_ = os.Chtimes(name, now, now) // best effort: a stale time only makes trimming earlier
	}
}

// Put stores payload under k, replacing any entry there atomically.
func (c *Cache) Put(k Key, payload []byte) error {
	if c == nil {
		return nil
	}
	s := k.String()
	sub := filepath.Join(c.dir, s[:2])
	if err := os.MkdirAll(sub, 0o777); err != nil {
		return fmt.Errorf("writing cache entry: %w", err)
	}
	if err := writeAtomic(sub, s+entrySuffix, encode(k, payload)); err != nil {
		return fmt.Errorf("writing cache entry: %w", err)
	}
	return nil
}

// Entry format: magic, the key, the payload's length (8 bytes, big
// endian), the payload's SHA-256, the payload.
func encode(k Key, payload []byte) []byte {
	sum := sha256.Sum256(payload)
	b := make([]byte, 0, len(magic)+len(k)+8+len(sum)+len(payload))
	b = append(b, magic...)
	b = append(b, k[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(len(payload)))
	b = append(b, sum[:]...)
	return append(b, payload...)
}

func decode(k Key, data []byte) ([]byte, bool) {
	head := len(magic) + len(k) + 8 + sha256.Size
	if len(data) < head || string(data[:len(magic)]) != magic || !bytes.Equal(data[len(magic):len(magic)+len(k)], k[:]) {
		return nil, false
	}
	n := binary.BigEndian.Uint64(data[len(magic)+len(k):])
	payload := data[head:]
	if uint64(len(payload)) != n || sha256.Sum256(payload) != [sha256.Size]byte(data[head-sha256.Size:head]) {
		return nil, false
	}
	return payload, true
}

// writeAtomic writes data to dir/name through a temporary file in dir and
// a rename, so that readers see the old file or the new one, never a part.
func writeAtomic(dir, name string, data []byte) error {
	f, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		_ = os.Remove(f.Name()) // nothing else refers to it
	}
	return err
}

// GetFindings returns the findings stored under k, decoded from JSON into
// T. The cache does not know what a finding is: T is the caller's type,
// and a change to it changes ToolID and so every key.
func GetFindings[T any](c *Cache, k Key) ([]T, bool) {
	data, ok := c.Get(k)
	if !ok {
		return nil, false
	}
	var fs []T
	if err := json.Unmarshal(data, &fs); err != nil {
		return nil, false // not ours to fail on: analyse the package again
	}
	return fs, true
}

// PutFindings stores findings under k as JSON. An empty list is stored
// too: a package with no findings is the common case worth caching.
func PutFindings[T any](c *Cache, k Key, findings []T) error {
	if c == nil {
		return nil
	}
	if findings == nil {
		findings = []T{}
	}
	data, err := json.Marshal(findings)
	if err != nil {
		return fmt.Errorf("encoding findings for the cache: %w", err)
	}
	return c.Put(k, data)
}

// Trim removes least recently used entries while the entries' total size
// exceeds MaxBytes, leaving at most 3/4 of it, and removes temporary files
// older than an hour. It does the work at most once an hour per directory
// (across processes too, through trim.txt), so a driver calls it after
// every run.
func (c *Cache) Trim() error {
	if c == nil {
		return nil
	}
	now := c.now()
	marker := filepath.Join(c.dir, trimFile)
	if info, err := os.Stat(marker); err == nil && now.Sub(info.ModTime()) < trimInterval && info.ModTime().Before(now.Add(time.Minute)) {
		return nil // trimmed recently, by this process or another
	}
	// Claim this interval before the walk, so concurrent runs do not all
	// walk the directory.
	if err := writeAtomic(c.dir, trimFile, []byte(now.UTC().Format(time.RFC3339)+"\n")); err != nil {
		return fmt.Errorf("trimming cache: %w", err)
	}
	_ = os.Chtimes(marker, now, now)
	return c.trim(now)
}

type entry struct {
	path  string
	size  int64
	mtime time.Time
}

func (c *Cache) trim(now time.Time) error {
	var entries []entry
	var total int64
	var errs []error
	code := c.codeSubdirs()
	for _, sub := range append(c.subdirs(), code...) {
		des, err := os.ReadDir(sub)
		if err != nil {
			continue // removed by a concurrent Clean
		}
		isCode := slices.Contains(code, sub)
		for _, de := range des {
			info, err := de.Info()
			if err != nil {
				continue // removed meanwhile
			}
			p := filepath.Join(sub, de.Name())
			switch {
			case strings.HasPrefix(de.Name(), tmpPrefix) || isCode && strings.HasSuffix(de.Name(), ".tmp"):
				if now.Sub(info.ModTime()) > tmpMaxAge {
					errs = append(errs, ignoreNotExist(os.Remove(p)))
				}
			case (isCode || strings.HasSuffix(de.Name(), entrySuffix)) && info.Mode().IsRegular():
				entries = append(entries, entry{p, info.Size(), info.ModTime()})
				total += info.Size()
			}
		}
	}
	if total > c.MaxBytes {
		slices.SortFunc(entries, func(a, b entry) int { return a.mtime.Compare(b.mtime) })
		for _, e := range entries {
			if total <= c.MaxBytes/4*3 {
				break
			}
			errs = append(errs, ignoreNotExist(os.Remove(e.path)))
			total -= e.size
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("trimming cache: %w", err)
	}
	return nil
}

// subdirs returns the cache's two-hex-digit entry directories.
func (c *Cache) subdirs() []string {
	des, err := os.ReadDir(c.dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, de := range des {
		if de.IsDir() && isHex2(de.Name()) {
			out = append(out, filepath.Join(c.dir, de.Name()))
		}
	}
	return out
}

// codeSubdirs returns the directories below CodeDir, one for each
// version of the WebAssembly compiler that has used it.
func (c *Cache) codeSubdirs() []string {
	des, err := os.ReadDir(c.CodeDir())
	if err != nil {
		return nil
	}
	var out []string
	for _, de := range des {
		if de.IsDir() {
			out = append(out, filepath.Join(c.CodeDir(), de.Name()))
		}
	}
	return out
}

func isHex2(s string) bool {
	if len(s) != 2 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

func ignoreNotExist(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Clean removes every entry and the files the cache keeps beside them. It
// removes nothing else, in case ARCHVET_CACHE names a directory that holds
// other files too.
func (c *Cache) Clean() error {
	if c == nil {
		return nil
	}
	var errs []error
	for _, sub := range c.subdirs() {
		des, _ := os.ReadDir(sub)
		for _, de := range des {
			if n := de.Name(); strings.HasSuffix(n, entrySuffix) || strings.HasPrefix(n, tmpPrefix) {
				errs = append(errs, ignoreNotExist(os.Remove(filepath.Join(sub, n))))
			}
		}
		_ = os.Remove(sub) // fails if something else is in it, which stays
	}
	for _, sub := range c.codeSubdirs() {
		des, _ := os.ReadDir(sub)
		for _, de := range des {
			if de.Type().IsRegular() {
				errs = append(errs, ignoreNotExist(os.Remove(filepath.Join(sub, de.Name()))))
			}
		}
		_ = os.Remove(sub)
	}
	_ = os.Remove(c.CodeDir())
	des, _ := os.ReadDir(c.dir)
	for _, de := range des {
		if n := de.Name(); n == trimFile || strings.HasPrefix(n, tmpPrefix) {
			errs = append(errs, ignoreNotExist(os.Remove(filepath.Join(c.dir, n))))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cleaning cache: %w", err)
	}
	return nil
}

var toolID = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("identifying archvet's build: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", fmt.Errorf("identifying archvet's build: %w", err)
	}
	defer f.Close() //nolint:errcheck // read-only: closing cannot lose data
	if id := goBuildID(f); id != "" {
		return "buildid " + id, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("identifying archvet's build: %w", err)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("identifying archvet's build: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
})

// goBuildID returns the Go build ID the go command stamps into an ELF
// executable (the .note.go.buildid note; "go tool buildid" prints it), or
// "" if there is none. It names the binary's content as a hash of all of
// it would, since the go command derives it from the build's inputs and
// output, but reading it costs microseconds, not the 100 ms of hashing
// a 30 MB executable on every run.
func goBuildID(f *os.File) string {
	ef, err := elf.NewFile(f)
	if err != nil {
		return "" // not ELF (macOS, Windows): hash the file
	}
	s := ef.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	data, err := s.Data()
	if err != nil || len(data) < 12 {
		return ""
	}
	order := ef.ByteOrder
	namesz, descsz := order.Uint32(data[0:4]), order.Uint32(data[4:8])
	start := 12 + (namesz+3)&^3
	if uint64(start)+uint64(descsz) > uint64(len(data)) || descsz == 0 {
		return ""
	}
	return string(data[start : start+descsz])
}

// ToolID returns a hash of the running executable: archvet's build ID for
// cache keys. It is computed once per process.
func ToolID() (string, error) { return toolID() }
