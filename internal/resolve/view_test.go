package resolve

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/archvet/archvet/config"
)

// TestCheckView checks that a target is judged as far as one package
// sees: a misspelled name in a package it imports is an error, a target
// in a package out of view is not judged.
func TestCheckView(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "a.go", "package a\n\nimport \"os\"\n\nvar _ = os.Args\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("example.com/a", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("rules.yaml", []byte(`version: 1
rules:
  - id: fs
    ban: [os.ReadFiel, os.ReadFile, net/http.Gett]
    hint: h
`))
	if err != nil {
		t.Fatal(err)
	}
	errs := CheckView(cfg, pkg)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `no function, variable, constant or type ReadFiel in package "os"; did you mean "ReadFile"?`) {
		t.Errorf("CheckView = %v; want one error, for os.ReadFiel (net/http is out of view)", errs)
	}
}
