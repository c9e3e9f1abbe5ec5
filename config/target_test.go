package config

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// TestPackageTargetSkipsLocals checks that a package target matches the
// package's package-level objects, fields and methods, but not its
// locals, which only the package's own code can refer to.
func TestPackageTargetSkipsLocals(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "a.go", "package a\n\ntype T struct{ F int }\n\nfunc (T) M() {}\n\nvar V int\n\nfunc G(p int) { l := p; _ = l }\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{}).Check("example.com/a", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	target, err := ParseTarget("example.com/a")
	if err != nil {
		t.Fatal(err)
	}
	for id, obj := range info.Defs {
		if obj == nil {
			continue // the package clause
		}
		want := map[string]bool{"T": true, "F": true, "M": true, "V": true, "G": true}[id.Name]
		if got := target.MatchObject(obj); got != want {
			t.Errorf("MatchObject(%s) = %t, want %t", id.Name, got, want)
		}
	}
}
