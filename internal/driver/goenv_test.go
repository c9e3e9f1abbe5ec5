package driver

import (
	"go/types"
	"os"
	"path/filepath"
	"testing"
)

// TestSizesFromGoEnv checks that Load gives every package the type sizes
// of the build go env describes: GOARCH=386 makes an int 4 bytes, whatever
// the machine's architecture.
func TestSizesFromGoEnv(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"go.mod": "module example.com/s\n\ngo 1.22\n",
		"s.go":   "package s\n\nimport \"unsafe\"\n\nvar _ = unsafe.Sizeof(0)\n", // unsafe: no dependency to build for 386
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		goarch string
		size   int64
	}{{"386", 4}, {"amd64", 8}} {
		env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOARCH="+tt.goarch)
		pkgs, err := Load(Options{Dir: dir, Env: env})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pkgs {
			if p.TypesSizes == nil {
				t.Fatalf("GOARCH=%s: %s has no TypesSizes", tt.goarch, p.ID)
			}
			if got := p.TypesSizes.Sizeof(types.Typ[types.Int]); got != tt.size {
				t.Errorf("GOARCH=%s: %s: int is %d bytes, want %d", tt.goarch, p.ID, got, tt.size)
			}
			if dep := p.Imports["unsafe"]; dep == nil || dep.TypesSizes == nil {
				t.Errorf("GOARCH=%s: unsafe, a dependency, has no TypesSizes", tt.goarch)
			}
		}
	}
}
