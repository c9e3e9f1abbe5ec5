package driver

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadConfigFirst checks that an explicit rules file that does not
// parse fails the run before any package loads: here the patterns name
// a directory that does not exist, which loading would report instead.
func TestBadConfigFirst(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nrules: [\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	_, err := Run(Options{Dir: dir, Config: bad, Patterns: []string{"./no/such/dir/..."}})
	var cerr *ConfigError
	if !errors.As(err, &cerr) || !strings.Contains(err.Error(), "rules.yaml:2:1") {
		t.Fatalf("Run: %v; want the rules file's error", err)
	}
}
