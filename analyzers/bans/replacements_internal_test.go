package bans

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// keySrc declares the functions whose signature keys TestSignatureKey
// checks; twice type-checked, it gives two loads of the same package.
const keySrc = `package p

import (
	"fmt"
	"io/fs"
)

type T struct{}

type A = T

type G[X any] struct{}

type S = []byte

func Named(name string, data []byte, perm fs.FileMode) error { return nil }
func Alias(A, S, any) *T                                      { return nil }
func Variadic(rune, ...any) (int, error)                      { return 0, nil }
func Generic[K comparable, V any](m map[K]V) []K               { return nil }
func Renamed[Key comparable, Val any](m map[Key]Val) []Key     { return nil }
func Stringer[K comparable, V fmt.Stringer](m map[K]V) []K     { return nil }
func Union[T ~int | ~string](T)                                {}
func Chans(<-chan int, chan<- int, chan int, [4]G[string])     {}
func Struct(struct {
	x int
	T "tag"
}) {
}
func Iface(interface {
	M()
	fmt.Stringer
}) {
}
func FuncParam(fn func(...byte) bool) {}
`

func checkKeySrc(t *testing.T) *types.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", keySrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Each call has its own importer, so the two loads share no
	// package; export data, not source: fmt from source costs seconds.
	conf := types.Config{Importer: importer.ForCompiler(fset, "gc", nil)}
	pkg, err := conf.Check("example.com/p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

func TestSignatureKey(t *testing.T) {
	t.Parallel()
	p1, p2 := checkKeySrc(t), checkKeySrc(t)
	key := func(p *types.Package, name string) string {
		return signatureKey(p.Scope().Lookup(name).(*types.Func).Signature())
	}
	for name, want := range map[string]string{
		"Named":     "func(string, []uint8, io/fs.FileMode) error",
		"Alias":     "func(example.com/p.T, []uint8, interface{}) *example.com/p.T",
		"Variadic":  "func(int32, ...interface{}) (int, error)",
		"Generic":   "func[comparable, interface{}](map[$0]$1) []$0",
		"Renamed":   "func[comparable, interface{}](map[$0]$1) []$0",
		"Stringer":  "func[comparable, fmt.Stringer](map[$0]$1) []$0",
		"Union":     "func[interface{; ~int | ~string}]($0)",
		"Chans":     "func(<-chan(int), chan<-(int), chan(int), [4]example.com/p.G[string])",
		"Struct":    `func(struct{example.com/p.x int, example.com/p.T "tag"})`,
		"Iface":     "func(interface{M func(), String func() string; fmt.Stringer})",
		"FuncParam": "func(func(...uint8) bool)",
	} {
		if got := key(p1, name); got != want {
			t.Errorf("signatureKey(%s) = %q, want %q", name, got, want)
		}
		if key(p2, name) != key(p1, name) {
			t.Errorf("signatureKey(%s) differs between loads: %q and %q", name, key(p1, name), key(p2, name))
		}
	}
}
