package bans

import (
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestImportable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from, to string
		want     bool
	}{
		{"example.com/app/core", "example.com/app/internal/localfs", true},
		{"example.com/app", "example.com/app/internal/localfs", true},
		{"example.com/app/internal/localfs/sub", "example.com/app/internal/localfs", true},
		{"example.com/other", "example.com/app/internal/localfs", false},
		{"example.com/application", "example.com/app/internal/localfs", false},
		{"example.com/app/x", "example.com/app/x/internal/y/internal/z", false},
		{"example.com/app/x/internal/y/w", "example.com/app/x/internal/y/internal/z", true},
		{"net/http", "internal/poll", true},
		{"example.com/app", "internal/poll", false},
		{"example.com/app/core", "example.com/app/core", false},
		{"example.com/app/core", "example.com/app/internalx", true},
		{"example.com/app/core_test", "example.com/app/internal/localfs", true},
	} {
		if got := importable(tc.from, tc.to); got != tc.want {
			t.Errorf("importable(%q, %q) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

// TestImportEdits checks the import edits of fixes on every layout of
// import declarations: each adds and deletes exactly one import and
// leaves a file that parses.
func TestImportEdits(t *testing.T) {
	t.Parallel()
	const x = `"example.com/x"`
	for _, tc := range []struct {
		name, src string
		del       string // import path to delete, as written; "" for none
		add       bool
		want      string // the import declarations after gofmt
	}{
		{"plain, add and delete", `import "os"`, `"os"`, true, "import (\n\t" + x + "\n)"},
		{"plain, add", `import "os"`, "", true, "import (\n\t" + x + "\n\t\"os\"\n)"},
		{"plain, delete", "import lfs " + x + "\nimport \"os\"", `"os"`, false, "import lfs " + x},
		{"plain, delete the first of two", "import \"os\"\nimport lfs " + x, `"os"`, false, "import lfs " + x},
		{"group, delete the last", "import (\n\t\"fmt\"\n\t\"os\"\n)", `"os"`, true, "import (\n\t" + x + "\n\t\"fmt\"\n)"},
		{"group, delete the first", "import (\n\t\"fmt\"\n\t\"os\"\n)", `"fmt"`, true, "import (\n\t" + x + "\n\t\"os\"\n)"},
		{"group, delete the middle", "import (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)", `"os"`, false, "import (\n\t\"fmt\"\n\t\"strings\"\n)"},
		{"group with comments", "import (\n\t\"fmt\" // f\n\t// o is os\n\t\"os\" // o\n)", `"os"`, true, "import (\n\t" + x + "\n\t\"fmt\" // f\n)"},
		{"sole spec of the group", "import (\n\t\"os\"\n)\n\nimport \"fmt\"", `"os"`, true, "import (\n\t" + x + "\n)\n\nimport \"fmt\""},
		{"sole spec of another group", "import (\n\t\"fmt\"\n\t\"strings\"\n)\n\nimport (\n\t\"os\"\n)", `"os"`, true, "import (\n\t" + x + "\n\t\"fmt\"\n\t\"strings\"\n)"},
		{"cgo only", "// #include <stdio.h>\nimport \"C\"", "", true, "// #include <stdio.h>\nimport \"C\"\nimport " + x},
		{"cgo and plain", "// #include <stdio.h>\nimport \"C\"\n\nimport \"os\"", `"os"`, true, "// #include <stdio.h>\nimport \"C\"\n\nimport (\n\t" + x + "\n)"},
		{"cgo and group", "import (\n\t\"os\"\n)\n\n// #include <stdio.h>\nimport \"C\"", "", true, "import (\n\t" + x + "\n\t\"os\"\n)\n\n// #include <stdio.h>\nimport \"C\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\n" + tc.src + "\n\nvar v = 1\n"
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			f := &fixFile{file: file}
			var edits []analysis.TextEdit
			if tc.add {
				edits = append(edits, f.addImport(fixTarget{pkgPath: "example.com/x", pkgName: "x", name: "F"}, "x")...)
			}
			if tc.del != "" {
				i := slices.IndexFunc(file.Imports, func(s *ast.ImportSpec) bool { return s.Path.Value == tc.del })
				del, ok := f.deleteImport(file.Imports[i], tc.add)
				if !ok {
					t.Fatal("no deletion")
				}
				edits = append(edits, del)
			}
			slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
			var out strings.Builder
			last := 0
			for _, e := range edits {
				start, end := fset.Position(e.Pos).Offset, fset.Position(e.End).Offset
				if !e.End.IsValid() {
					end = start
				}
				if start < last {
					t.Fatalf("edits overlap: %v", edits)
				}
				out.WriteString(src[last:start])
				out.Write(e.NewText)
				last = end
			}
			out.WriteString(src[last:])
			got, err := format.Source([]byte(out.String()))
			if err != nil {
				t.Fatalf("result does not parse: %v\n%s", err, out.String())
			}
			if want := "package p\n\n" + tc.want + "\n\nvar v = 1\n"; string(got) != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
