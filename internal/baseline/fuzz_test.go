package baseline_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/archvet/archvet/internal/baseline"
)

// FuzzParse checks that any bytes read as a baseline are an error naming
// the file or a baseline that survives a round trip: Marshal, parsed
// again, gives the same entries and the same bytes. Seeds: the inputs of
// TestParseErrors, a baseline as Marshal writes it, and
// testdata/fuzz/FuzzParse/ (crashers found so far).
func FuzzParse(f *testing.F) {
	const entry = `{"rule":"r","file":"a.go","decl":"F","message":"m","count":1}`
	for _, s := range []string{
		`{"version":1,"findings":[]}`,
		`{"version":1,"findings":[` + entry + `,` + entry + `]}`,
		`{"version":1,"findings":[` + entry + `,{"rule":"s","file":"b/c.go","decl":"(*T).M","message":"x <-chan T \"q\"","count":3}]}`,
		`{"version":2,"findings":[]}`,
		`{"findings":[]}`,
		`{"version":1}`,
		`{"version":1,"findings":null}`,
		`{"version":1,"findings":[{"rule":"r","file":"a.go","count":0}]}`,
		`{"version":1,"findings":[],"extra":true}`,
		"{\n\"version\": 1,\n\"findings\": [}",
		`{"version":"1"}`,
		`{"version":1,"findings":[]} {}`,
		"{\n  \"version\": 1,\n  \"findings\": [\n    {\n      \"rule\": \"storage-gate\",\n      \"file\": \"internal/core/core.go\",\n      \"decl\": \"Load\",\n      \"message\": \"os.ReadFile is banned here (storage-gate)\",\n      \"count\": 2\n    }\n  ]\n}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "dir/b.json"
		b, err := baseline.Parse(path, data)
		if err != nil {
			if b != nil {
				t.Fatalf("Parse returned a baseline and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), path) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		entries, n := b.Entries(), 0
		for i, e := range entries {
			if e.Rule == "" || e.File == "" || e.Count < 1 {
				t.Fatalf("entry %d is not valid: %+v", i, e)
			}
			if i > 0 && entries[i-1] == e {
				t.Fatalf("entry %d appears twice: %+v", i, e)
			}
			n += e.Count
		}
		if b.Len() != n {
			t.Fatalf("Len() = %d, the entries count %d", b.Len(), n)
		}
		out := b.Marshal()
		b2, err := baseline.Parse(path, out)
		if err != nil {
			t.Fatalf("what Marshal wrote does not parse: %v\n%s", err, out)
		}
		if !slices.Equal(entries, b2.Entries()) {
			t.Fatalf("entries changed in a round trip:\n%+v\n%+v", entries, b2.Entries())
		}
		if out2 := b2.Marshal(); !bytes.Equal(out, out2) {
			t.Fatalf("Marshal is not stable:\n%s\nthen:\n%s", out, out2)
		}
	})
}
