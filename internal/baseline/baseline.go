// Package baseline records the findings a project has accepted for now,
// so that a run reports, and fails on, only the findings that are new.
//
// Design notes:
//   - An entry names findings by rule id, file, enclosing top-level
//     declaration and message, with a count; never by line. Code added
//     above a baselined finding does not resurrect it. A finding that
//     moves to another declaration or file, or whose message changes,
//     is new.
//   - An entry is a report.Identity with its file made relative to the
//     baseline: the message is the bare one, without the rule's hint and
//     replacement, so rewording a hint in the rules file does not turn
//     every baselined finding into a new one.
//   - Counts make matching exact. If the baseline records a key N times and
//     a run finds it N+k times, k findings are new: the last k in source
//     order, since a run's findings come sorted by position.
//   - Files are stored relative to the baseline file's directory,
//     slash-separated, so a baseline works from any working directory, on
//     any operating system and in any checkout.
//   - A baseline only shrinks: Update lowers counts as findings are fixed
//     and never raises them unless asked to grow.
//   - A run that checks some packages says nothing about the others. An
//     entry is in a run's scope only if the run checked its file or the
//     file no longer exists; other entries (other packages, files excluded
//     by build tags, test files in a run without tests) are neither
//     matched nor counted as fixed, and Update keeps them as they are.
//   - The file is indented JSON, sorted by file, rule, declaration and
//     message, with a trailing newline: the same findings always give the
//     same bytes, and a shrinking baseline reads well in a diff.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/report"
)

// DefaultFile is the name of the baseline file, which lives next to the
// rules file unless the rules file's baseline key names another.
const DefaultFile = ".archvet-baseline.json"

// Version is the version of the file format this package reads and writes.
const Version = 1

// Path returns where the baseline of the rules cfg lives: cfg.Baseline if
// the rules file sets one, else DefaultFile in the rules file's directory.
// The path is absolute.
func Path(cfg *config.Config) (string, error) {
	if cfg.Baseline != "" {
		return cfg.Baseline, nil
	}
	rules, err := filepath.Abs(cfg.File)
	if err != nil {
		return "", fmt.Errorf("locating baseline: %w", err)
	}
	return filepath.Join(filepath.Dir(rules), DefaultFile), nil
}

// A Key identifies the findings one entry of a baseline stands for.
type Key struct {
	Rule    string // rule or scope id
	File    string // relative to the baseline's directory, slash-separated
	Decl    string // enclosing top-level declaration, as in report.Finding
	Message string // the finding's message without the rule's hint
}

// An Entry is a key with the number of findings it stands for, as stored
// in the baseline file.
type Entry struct {
	Rule    string `json:"rule"`
	File    string `json:"file"`
	Decl    string `json:"decl"`
	Message string `json:"message"`
	Count   int    `json:"count"`
}

func (e Entry) key() Key { return Key{e.Rule, e.File, e.Decl, e.Message} }

// fileFormat is the JSON document of a baseline file. Findings is a
// pointer so that a file without the list, or with null, is told from
// an empty baseline.
type fileFormat struct {
	Version  int      `json:"version"`
	Findings *[]Entry `json:"findings"`
}

// A Baseline is a set of accepted findings, counted by key, that belongs
// to a baseline file: its entries' files are relative to the file's
// directory. Make one with New or Read. A Baseline is not changed after
// it is made; Update returns a new one.
type Baseline struct {
	path   string      // absolute path of the baseline file
	dir    string      // its directory
	counts map[Key]int // every count is at least 1
}

// New returns an empty baseline for the file at path, which need not
// exist.
func New(path string) (*Baseline, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("locating baseline: %w", err)
	}
	return &Baseline{path: abs, dir: filepath.Dir(abs), counts: map[Key]int{}}, nil
}

// Read reads the baseline file at path. If there is no such file, the
// error wraps fs.ErrNotExist.
func Read(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes the content of the baseline file at path; path also
// names the file in errors. Decoding is strict: unknown keys, a version
// other than Version, an entry without rule or file, a count below 1 and
// a key that appears twice are all errors.
func Parse(path string, data []byte) (*Baseline, error) {
	b, err := New(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc fileFormat
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: invalid baseline: %s", where(path, data, err), strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: invalid baseline: data after the JSON document", path)
	}
	if doc.Version != Version {
		return nil, fmt.Errorf("%s: unsupported baseline version %d; this archvet reads version %d", path, doc.Version, Version)
	}
	if doc.Findings == nil {
		return nil, fmt.Errorf("%s: invalid baseline: %s (an empty baseline has \"findings\": []); delete the file and run `archvet baseline write` to record the current findings", path, missingFindings(data))
	}
	var errs []error
	for i, e := range *doc.Findings {
		switch k := e.key(); {
		case e.Rule == "" || e.File == "":
			errs = append(errs, fmt.Errorf("%s: findings[%d]: rule and file must not be empty", path, i))
		case e.Count < 1:
			errs = append(errs, fmt.Errorf("%s: findings[%d]: count is %d; it must be at least 1", path, i, e.Count))
		case b.counts[k] > 0:
			errs = append(errs, fmt.Errorf("%s: findings[%d]: the same rule, file, decl and message appear twice; add the counts", path, i))
		default:
			b.counts[k] = e.Count
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return b, nil
}

// missingFindings says how a baseline that decoded without a findings
// list lacks it.
func missingFindings(data []byte) string {
	var raw struct {
		Findings json.RawMessage `json:"findings"`
	}
	if json.Unmarshal(data, &raw) == nil && raw.Findings != nil {
		return "findings is null, not a list"
	}
	return "no findings list"
}

// where names the position of a JSON decoding error as path:line.
func where(path string, data []byte, err error) string {
	var off int64
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	default:
		return path
	}
	off = min(max(off, 0), int64(len(data)))
	return fmt.Sprintf("%s:%d", path, 1+bytes.Count(data[:off], []byte("\n")))
}

// Path returns the absolute path of the baseline's file.
func (b *Baseline) Path() string { return b.path }

// Len returns the number of findings the baseline records.
func (b *Baseline) Len() int {
	n := 0
	for _, c := range b.counts {
		n += c
	}
	return n
}

// Entries returns the baseline's entries, sorted by file, rule,
// declaration and message.
func (b *Baseline) Entries() []Entry {
	out := make([]Entry, 0, len(b.counts))
	for k, c := range b.counts {
		out = append(out, Entry{k.Rule, k.File, k.Decl, k.Message, c})
	}
	slices.SortFunc(out, func(x, y Entry) int {
		return cmp.Or(
			strings.Compare(x.File, y.File),
			strings.Compare(x.Rule, y.Rule),
			strings.Compare(x.Decl, y.Decl),
			strings.Compare(x.Message, y.Message))
	})
	return out
}

// Marshal returns the content of the baseline file: the same entries
// always give the same bytes.
func (b *Baseline) Marshal() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // messages quote types like <-chan T; keep them readable
	entries := b.Entries()
	if err := enc.Encode(fileFormat{Version, &entries}); err != nil {
		panic(fmt.Sprintf("internal error: encoding a baseline: %v", err)) // strings and ints always encode
	}
	return buf.Bytes()
}

// Write writes the baseline to its file, replacing the file in one step
// so that a reader never sees half of it.
func (b *Baseline) Write() error {
	tmp, err := os.CreateTemp(b.dir, ".archvet-baseline-*.tmp")
	if err != nil {
		return fmt.Errorf("writing baseline: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // fails harmlessly once renamed
	_, err = tmp.Write(b.Marshal())
	err = errors.Join(err, tmp.Chmod(0o644), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), b.path)
	}
	if err != nil {
		return fmt.Errorf("writing baseline: %w", err)
	}
	return nil
}

// Key returns the key of a finding whose File is relative to wd (or
// absolute, as report.Finding allows).
func (b *Baseline) Key(f report.Finding, wd string) Key {
	id := f.Identity()
	return Key{Rule: id.Rule, File: b.rel(absFile(id.File, wd)), Decl: id.Decl, Message: id.Message}
}

// absFile resolves a Finding.File against the directory it is relative to.
func absFile(file, wd string) string {
	p := filepath.FromSlash(file)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(wd, p)
}

// rel returns abs relative to the baseline's directory, slash-separated.
// A file outside it keeps a relative path with ".." elements, which still
// resolves from the baseline's directory.
func (b *Baseline) rel(abs string) string {
	if r, err := filepath.Rel(b.dir, abs); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(abs) // another volume: no relative path exists
}

// inScope reports whether run says anything about k's findings: it
// checked k's file, or the file is gone (and its findings with it).
func (b *Baseline) inScope(k Key, run Run) bool {
	abs := filepath.Join(b.dir, filepath.FromSlash(k.File))
	if filepath.IsAbs(filepath.FromSlash(k.File)) {
		abs = filepath.Clean(filepath.FromSlash(k.File))
	}
	if run.Checked[abs] {
		return true
	}
	_, err := os.Lstat(abs)
	return errors.Is(err, fs.ErrNotExist)
}

// A Run is what one archvet run found in the files a baseline covers.
type Run struct {
	WD       string           // absolute directory the findings' files are relative to
	Findings []report.Finding // in source order, as the driver sorts them
	Checked  map[string]bool  // absolute, clean paths of the files the run analysed
}

// Outcome is the result of applying a baseline to a run.
type Outcome struct {
	// Baselined[i] reports whether the baseline covers run.Findings[i].
	Baselined []bool
	New       int // findings the baseline does not cover
	Fixed     int // findings the baseline records in scope that the run no longer found
	Recorded  int // findings the baseline records in the run's scope; Fixed of them are done
}

// Apply matches a run's findings against the baseline. For each key, the
// first findings in run order are covered, up to the key's count; any
// further ones are new.
func (b *Baseline) Apply(run Run) Outcome {
	left := make(map[Key]int, len(b.counts))
	for k, c := range b.counts {
		left[k] = c
	}
	o := Outcome{Baselined: make([]bool, len(run.Findings))}
	for i, f := range run.Findings {
		k := b.Key(f, run.WD)
		if left[k] > 0 {
			left[k]--
			o.Baselined[i] = true
		} else {
			o.New++
		}
	}
	for k, c := range b.counts {
		if b.inScope(k, run) {
			o.Recorded += c
			o.Fixed += left[k]
		}
	}
	return o
}

// Change says how Update changed a baseline.
type Change struct {
	Removed int // fixed findings dropped
	Added   int // new findings recorded (only when growing)
	Refused int // new findings not recorded, because the baseline may only shrink
}

// Update returns the baseline a run leaves: for each key in the run's
// scope, the smaller of the recorded and the current count, so fixed
// findings are dropped and new ones are refused; with grow, the current
// count, so new findings are recorded too. Keys out of the run's scope
// keep their counts.
func (b *Baseline) Update(run Run, grow bool) (*Baseline, Change) {
	cur := map[Key]int{}
	for _, f := range run.Findings {
		cur[b.Key(f, run.WD)]++
	}
	out := &Baseline{path: b.path, dir: b.dir, counts: map[Key]int{}}
	var ch Change
	for k, old := range b.counts {
		if cur[k] == 0 && !b.inScope(k, run) {
			out.counts[k] = old
			continue // the run did not check this file
		}
		ch.Removed += max(old-cur[k], 0)
	}
	for k, now := range cur {
		old := b.counts[k]
		switch {
		case grow:
			ch.Added += max(now-old, 0)
			out.counts[k] = now
		default:
			ch.Refused += max(now-old, 0)
			if n := min(old, now); n > 0 {
				out.counts[k] = n
			}
		}
	}
	return out, ch
}
