package driver

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFixNoTestCycle checks that no use_instead fix makes a package
// import the replacement's package when the replacement's own in-package
// tests import that package: the fix would compile, but the replacement's
// tests would not (import cycle). Found by bench/robust.sh on std.
func TestFixNoTestCycle(t *testing.T) {
	for _, tc := range []struct {
		name    string
		test    bool // whether repl's in-package test imports user
		fixable int
	}{{"no test import", false, 1}, {"test imports the fixed package", true, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"go.mod":       "module example.com/m\n\ngo 1.22\n",
				"rules.yaml":   "version: 1\nrules:\n  - id: read\n    ban: os.ReadFile\n    in: [user/**]\n    hint: h\n    use_instead: example.com/m/repl.Read\n",
				"repl/repl.go": "package repl\n\nimport \"os\"\n\n// Read reads a file.\nfunc Read(name string) ([]byte, error) { return os.ReadFile(name) }\n",
				"user/user.go": "package user\n\nimport \"os\"\n\n// Load loads.\nfunc Load() ([]byte, error) { return os.ReadFile(\"x\") }\n",
			}
			if tc.test {
				files["repl/repl_test.go"] = "package repl\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/user\"\n)\n\nfunc TestRead(t *testing.T) { _, _ = user.Load() }\n"
			}
			for name, data := range files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res, err := Run(Options{Dir: dir, Tests: true, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 || res.Fixable() != tc.fixable {
				t.Errorf("%d findings, %d fixable; want 1 finding, %d fixable", len(res.Findings), res.Fixable(), tc.fixable)
			}
		})
	}
}
