package sqltables

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// codeStore is a CodeStore in memory, with a code directory on disk.
type codeStore struct {
	mapStore
	dir string
}

func (s codeStore) CodeDir() string { return s.dir }

// TestCodeStore checks that the postgres parser keeps its compiled code in
// a CodeStore's directory and that the next process loads it instead of
// compiling again. Each run is a process of its own (TestCodeStoreProcess):
// the parser is started once per process.
func TestCodeStore(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the postgres parser in a process of its own")
	}
	dir := t.TempDir()
	run := func() {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCodeStoreProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "ARCHVET_TEST_CODEDIR="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
	run()
	entries, err := filepath.Glob(filepath.Join(dir, "*", "*"))
	if err != nil || len(entries) != 1 {
		t.Fatalf("compiled code in %s: %v %v; want one entry", dir, entries, err)
	}
	before, err := os.Stat(entries[0])
	if err != nil {
		t.Fatal(err)
	}
	run()
	after, err := os.Stat(entries[0])
	if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("the second process wrote %s again (%v): it compiled instead of loading", entries[0], err)
	}
}

// TestCodeStoreProcess is TestCodeStore's child: it parses with a
// CodeStore for $ARCHVET_TEST_CODEDIR.
func TestCodeStoreProcess(t *testing.T) {
	dir := os.Getenv("ARCHVET_TEST_CODEDIR")
	if dir == "" {
		t.Skip("run by TestCodeStore")
	}
	p, err := New("postgres")
	if err != nil {
		t.Fatal(err)
	}
	p.SetStore(codeStore{mapStore{}, dir})
	p.Prepare([]string{"SELECT * FROM invoices", "UPDATE a SET x = 1 FROM b"})
	got, err := p.Tables("UPDATE a SET x = 1 FROM b")
	if err != nil || fmt.Sprint(got) != "[a b]" {
		t.Errorf("got %v, %v; want [a b]", got, err)
	}
}
