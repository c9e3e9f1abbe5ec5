package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
	"strings"
)

// Inputs are everything that can change a package's findings; Key hashes
// them. See the package comment for why each is there.
type Inputs struct {
	Tool      string   // ToolID()
	GoVersion string   // the go command's version (go env GOVERSION) and the module's go directive
	GOOS      string   // of the build
	GOARCH    string   // of the build
	Tags      []string // build tags; order does not matter
	Options   []string // driver options that change findings, such as "tests=true"; order does not matter
	Package   string   // the package's ID (go/packages), which tells test variants apart
	Files     []string // absolute paths of every file of the package: Go, cgo, embedded and other files
	Deps      []Dep    // the package's direct dependencies, each covering those below it (PackageInputs); order does not matter
	Rules     []string // Hash of each rules file governing a file of the package, and of the rules' resolved form; order matters
}

// A Dep is a dependency of the package as its key sees it.
type Dep struct {
	Path   string // import path (as the package's ID, for test variants)
	Export string // identity of its export data (the export file's path in the build cache, a build ID or a content hash), and of those below it
}

// Key reads the package's files and returns the key for the inputs. An
// unreadable file is an error: the caller analyses the package without the
// cache rather than risk a key that misses an edit.
func (in *Inputs) Key() (Key, error) { return in.KeyMemo(nil) }

// KeyMemo is Key with the files' sums taken through m (nil: read each).
func (in *Inputs) KeyMemo(m *HashMemo) (Key, error) {
	if in.Tool == "" {
		return Key{}, fmt.Errorf("cache key for %s: no tool ID", in.Package)
	}
	h := sha256.New()
	field(h, "archvet cache key v1")
	field(h, "tool", in.Tool)
	field(h, "go", in.GoVersion)
	field(h, "platform", in.GOOS, in.GOARCH)
	field(h, "tags", sorted(in.Tags)...)
	field(h, "options", sorted(in.Options)...)
	field(h, "package", in.Package)
	files := sorted(in.Files)
	field(h, "files", files...)
	for _, name := range files {
		sum, err := m.Sum(name)
		if err != nil {
			return Key{}, fmt.Errorf("cache key for %s: %w", in.Package, err)
		}
		field(h, "file", name, string(sum[:]))
	}
	deps := slices.Clone(in.Deps)
	slices.SortFunc(deps, func(a, b Dep) int { return strings.Compare(a.Path, b.Path) })
	for _, d := range deps {
		field(h, "dep", d.Path, d.Export)
	}
	field(h, "rules", in.Rules...)
	var k Key
	h.Sum(k[:0])
	return k, nil
}

// field writes a label and values to h, each length-prefixed, so that no
// two different inputs write the same bytes.
func field(h hash.Hash, label string, values ...string) {
	var n [8]byte
	write := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])               // a hash.Hash never fails to write
		_, _ = io.WriteString(h, s) // likewise
	}
	write(label)
	binary.BigEndian.PutUint64(n[:], uint64(len(values)))
	h.Write(n[:])
	for _, v := range values {
		write(v)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func fileHash(name string) ([sha256.Size]byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	return sha256.Sum256(data), nil
}
