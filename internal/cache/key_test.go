package cache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKeyInputs: every input changes the key, and the order of the
// unordered ones does not.
func TestKeyInputs(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write(a, "package p\n")
	write(b, "package p\n\nfunc F() {}\n")
	base := func() Inputs {
		return Inputs{
			Tool: "tool1", GoVersion: "go1.26.8 go1.24", GOOS: "linux", GOARCH: "amd64",
			Tags: []string{"x", "y"}, Options: []string{"tests=true", "generated=false"},
			Package: "example.com/p", Files: []string{a, b},
			Deps:  []Dep{{"fmt", "/c/01/aa-d"}, {"os", "/c/02/bb-d"}},
			Rules: []string{"hash1"},
		}
	}
	k0 := mustKey(t, base())

	changes := map[string]func(in *Inputs){
		"tool":            func(in *Inputs) { in.Tool = "tool2" },
		"go version":      func(in *Inputs) { in.GoVersion = "go1.26.8 go1.25" },
		"GOOS":            func(in *Inputs) { in.GOOS = "darwin" },
		"GOARCH":          func(in *Inputs) { in.GOARCH = "arm64" },
		"a tag":           func(in *Inputs) { in.Tags = []string{"x"} },
		"an option":       func(in *Inputs) { in.Options = []string{"tests=false", "generated=false"} },
		"package":         func(in *Inputs) { in.Package = "example.com/p [example.com/p.test]" },
		"a file fewer":    func(in *Inputs) { in.Files = []string{a} },
		"dep export":      func(in *Inputs) { in.Deps = []Dep{{"fmt", "/c/01/aa-d"}, {"os", "/c/03/cc-d"}} },
		"a dep more":      func(in *Inputs) { in.Deps = append(in.Deps, Dep{"io", "/c/04/dd-d"}) },
		"rules hash":      func(in *Inputs) { in.Rules = []string{"hash2"} },
		"a rules file":    func(in *Inputs) { in.Rules = []string{"hash1", "hash3"} },
		"rules order":     func(in *Inputs) { in.Rules = []string{"hash3", "hash1"} },
		"fields mingled":  func(in *Inputs) { in.GOOS, in.GOARCH = "linuxamd", "64" },
		"tag into option": func(in *Inputs) { in.Tags = []string{"x"}; in.Options = append(in.Options, "y") },
	}
	seen := map[Key]string{k0: "base"}
	for name, change := range changes {
		in := base()
		change(&in)
		k := mustKey(t, in)
		if prev, ok := seen[k]; ok {
			t.Errorf("changing %s gives the key of %s", name, prev)
		}
		seen[k] = name
	}

	same := map[string]func(in *Inputs){
		"tags reordered":    func(in *Inputs) { in.Tags = []string{"y", "x"} },
		"options reordered": func(in *Inputs) { in.Options = []string{"generated=false", "tests=true"} },
		"files reordered":   func(in *Inputs) { in.Files = []string{b, a} },
		"deps reordered":    func(in *Inputs) { in.Deps = []Dep{{"os", "/c/02/bb-d"}, {"fmt", "/c/01/aa-d"}} },
	}
	for name, change := range same {
		in := base()
		change(&in)
		if k := mustKey(t, in); k != k0 {
			t.Errorf("%s: the key changed", name)
		}
	}

	// File content, not file times, is what counts.
	write(b, "package p\n\nfunc F() { println() }\n")
	k1 := mustKey(t, base())
	if k1 == k0 {
		t.Error("editing a file did not change the key")
	}
	write(b, "package p\n\nfunc F() {}\n")
	if k := mustKey(t, base()); k != k0 {
		t.Error("restoring the file's content did not restore the key")
	}
	// A renamed file with the same content is another input: findings
	// name files.
	c := filepath.Join(dir, "c.go")
	write(c, "package p\n\nfunc F() {}\n")
	in := base()
	in.Files = []string{a, c}
	if mustKey(t, in) == k0 {
		t.Error("renaming a file did not change the key")
	}
}

func TestKeyErrors(t *testing.T) {
	in := Inputs{Tool: "t", Package: "example.com/p", Files: []string{filepath.Join(t.TempDir(), "gone.go")}}
	if _, err := in.Key(); err == nil || !strings.Contains(err.Error(), "example.com/p") {
		t.Errorf("Key with a missing file: error %v, want one naming the package", err)
	}
	in = Inputs{Package: "example.com/p"}
	if _, err := in.Key(); err == nil {
		t.Error("Key without a tool ID: no error")
	}
}

func TestToolID(t *testing.T) {
	id, err := ToolID()
	if err != nil {
		t.Fatal(err)
	}
	hash := len(id) == 64 && strings.Trim(id, "0123456789abcdef") == ""
	if !hash && !strings.HasPrefix(id, "buildid ") {
		t.Errorf("ToolID() = %q, want the Go build ID or 64 hex digits", id)
	}
	if id2, _ := ToolID(); id2 != id {
		t.Errorf("ToolID changed within a process: %q, %q", id, id2)
	}
}

func mustKey(t *testing.T, in Inputs) Key {
	t.Helper()
	k, err := in.Key()
	if err != nil {
		t.Fatal(err)
	}
	return k
}
