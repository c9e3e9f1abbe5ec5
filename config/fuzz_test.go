package config

// Fuzz tests of the rules decoder, the target parser and the glob
// compiler. Seeds come from every rules file in the repository, the YAML
// blocks of the README and docs, and testdata/fuzz/<FuzzName>/ (crashers
// found so far, kept as regression inputs). `go test ./config` runs the
// seeds; bash bench/fuzz.sh fuzzes (see bench/README.md).

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// seedRulesFiles returns the rules files shipped in the repository and
// the YAML blocks of the README and docs.
func seedRulesFiles(f *testing.F) [][]byte {
	f.Helper()
	var out [][]byte
	err := filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules"):
			return filepath.SkipDir
		case d.IsDir():
			return nil
		case strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yaml.in"):
			data, err := os.ReadFile(p)
			out = append(out, data)
			return err
		case strings.HasSuffix(p, ".md"):
			data, err := os.ReadFile(p)
			for _, m := range regexp.MustCompile("(?s)```ya?ml\n(.*?)```").FindAllSubmatch(data, -1) {
				out = append(out, m[1], append([]byte("version: 1\n"), m[1]...))
			}
			return err
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	if len(out) < 10 {
		f.Fatalf("found %d seed rules files; the repository was not walked", len(out))
	}
	return out
}

// FuzzParse checks that any bytes decode to an error or a valid config,
// never a panic, and that a config survives a round trip through its
// canonical form: Parse(Canonical(c)) compiles to the same rules as c
// (sameRules), and its canonical form is the same bytes.
func FuzzParse(f *testing.F) {
	for _, data := range seedRulesFiles(f) {
		f.Add(data)
	}
	// Strings YAML must quote to keep: the canonical form writes them back.
	for _, h := range []string{"a: b", "'q'", `"x\ty"`, "true", "1e3", "0x10", `"a\u2028b"`, `"a\u0085b"`, `"\u00a0x"`, `"a\x01b"`, `"\ufeffa"`, "a #b", "&a x", "!x y"} {
		f.Add([]byte("version: 1\nroot: ./sub\nbaseline: ../b.json\nrules:\n  - id: a\n    ban: os\n    in: \"*\"\n    hint: " + h + "\nscopes:\n  - id: s\n    type: context.Context\n    params: {}\n    create: {}\n    hint: " + h + "\n"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "rules.yaml" // Parse reads nothing from disk
		c, err := Parse(file, data)
		if err != nil {
			if c != nil {
				t.Fatalf("Parse returned a config and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), file) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		canon := c.Canonical()
		c2, err := Parse(file, canon)
		if err != nil {
			t.Fatalf("the canonical form does not parse: %v\ninput:\n%s\ncanonical:\n%s", err, data, canon)
		}
		if d1, d2 := dumpRules(c), dumpRules(c2); d1 != d2 {
			t.Fatalf("the canonical form compiles to other rules:\n%s\nthen:\n%s\ninput:\n%s\ncanonical:\n%s", d1, d2, data, canon)
		}
		if canon2 := c2.Canonical(); !bytes.Equal(canon, canon2) {
			t.Fatalf("the canonical form is not stable:\n%s\nthen:\n%s", canon, canon2)
		}
	})
}

// dumpRules prints every field of a compiled config except those that
// say where it came from (File, positions, the content hash) and the glob
// regexps, which are a function of the glob text. Walking the structs by
// reflection keeps the comparison complete when fields are added.
func dumpRules(c *Config) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(c).Elem(), "")
	return b.String()
}

func dumpValue(b *strings.Builder, v reflect.Value, indent string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil\n")
			return
		}
		dumpValue(b, v.Elem(), indent)
	case reflect.Struct:
		b.WriteString(v.Type().Name() + "{\n")
		for i := range v.NumField() {
			switch name := v.Type().Field(i).Name; name {
			case "File", "Pos", "UseInsteadPos", "hash", "byID", "re", "dir", "schema", "name":
				continue // where the rules came from, or derived from other fields
			default:
				b.WriteString(indent + "  " + name + ": ")
				dumpValue(b, v.Field(i), indent+"  ")
			}
		}
		b.WriteString(indent + "}\n")
	case reflect.Slice:
		b.WriteString("[\n")
		for i := range v.Len() {
			b.WriteString(indent + "  ")
			dumpValue(b, v.Index(i), indent+"  ")
		}
		b.WriteString(indent + "]\n")
	case reflect.String:
		fmt.Fprintf(b, "%q\n", v.String())
	case reflect.Bool:
		fmt.Fprintf(b, "%v\n", v.Bool())
	case reflect.Int:
		fmt.Fprintf(b, "%d\n", v.Int())
	default:
		panic(fmt.Sprintf("dumpRules: no case for %v", v.Kind())) // a new kind of field: teach dumpValue
	}
}

// TestDumpRulesSeesEverything checks that dumpRules tells configs apart
// that differ in any setting, so FuzzParse's comparison can fail.
func TestDumpRulesSeesEverything(t *testing.T) {
	base := "version: 1\nrules:\n  - id: a\n    ban: [os.Open]\n    in: [x]\n    hint: h\nscopes:\n  - id: s\n    type: context.Context\n    params: {in: [y]}\n    hint: h\n"
	variants := []string{
		strings.Replace(base, "os.Open", "os.Create", 1),
		strings.Replace(base, "in: [x]", "in: [z]", 1),
		strings.Replace(base, "hint: h\nscopes", "hint: g\nscopes", 1),
		strings.Replace(base, "params: {in: [y]}", "params: {in: [y], after_context: true}", 1),
		strings.Replace(base, "version: 1\n", "version: 1\ngenerated: true\n", 1),
		strings.Replace(base, "version: 1\n", "version: 1\nbaseline: b.json\n", 1),
		strings.Replace(base, "version: 1\n", "version: 1\nroot: sub\n", 1),
		strings.Replace(base, "    hint: h\nscopes", "    hint: h\n    severity: warning\nscopes", 1),
	}
	c, err := Parse("rules.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range variants {
		c2, err := Parse("rules.yaml", []byte(v))
		if err != nil {
			t.Fatalf("%v\n%s", err, v)
		}
		if dumpRules(c) == dumpRules(c2) {
			t.Errorf("dumpRules does not tell apart:\n%s\nfrom:\n%s", base, v)
		}
	}
	indented := strings.ReplaceAll(base, "\n  ", "\n    ") // same rules, other positions
	if c2, err := Parse("rules.yaml", []byte(indented)); err != nil || dumpRules(c) != dumpRules(c2) {
		t.Errorf("dumpRules depends on positions (err %v)", err)
	}
}

// FuzzParseTarget checks that any text parses to an error or a target
// that is consistent: it keeps its text, parses again to the same target,
// names a valid package path, and its literal names match themselves.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{
		"os", "io/ioutil", "os.ReadFile", "os.{Open,Create}", "net/http.Get*", "example.com/app/internal/clients/...",
		"(*net/http.Client).Do", "(example.com/app/repo.Repo).{Get,Put}", "(*example.com/app/list.List[T]).Push",
		"gopkg.in/yaml.v3", "gopkg.in/yaml.v3.Unmarshal", "net/http.{Get,Head,Post,PostForm,DefaultClient,DefaultServeMux}",
		"os.{A,B}x", "a.{", "(x).", "(.T).M", "os.日本", "", " os", "...", "a/.../b", ".x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		tg, err := ParseTarget(text)
		if err != nil {
			if tg != nil {
				t.Fatalf("ParseTarget(%q) returned a target and an error: %v", text, err)
			}
			return
		}
		if tg.Text != text || !validPkgPath(tg.Pkg) {
			t.Fatalf("ParseTarget(%q) = text %q, package %q", text, tg.Text, tg.Pkg)
		}
		again, err := ParseTarget(tg.Text)
		if err != nil || !reflect.DeepEqual(tg, again) {
			t.Fatalf("ParseTarget(%q) is not repeatable: %+v then %+v, %v", text, tg, again, err)
		}
		switch tg.Kind {
		case TargetPackage:
			if tg.Name != nil || tg.Recv != "" || !tg.MatchPackage(tg.Pkg) || tg.MatchPackage(tg.Pkg+"x") {
				t.Fatalf("package target %q: %+v", text, tg)
			}
			if tg.Recursive != tg.MatchPackage(tg.Pkg+"/sub") {
				t.Fatalf("package target %q: Recursive %v but matches %q: %v", text, tg.Recursive, tg.Pkg+"/sub", !tg.Recursive)
			}
		case TargetSymbol, TargetMethod:
			if tg.Name == nil || len(tg.Name.alts) == 0 || tg.Recursive || (tg.Kind == TargetMethod) != (tg.Recv != "") {
				t.Fatalf("target %q: %+v", text, tg)
			}
			names, literal := tg.Name.Literal()
			for _, n := range names {
				if !tg.Name.Match(n) {
					t.Fatalf("target %q: the name %q it lists does not match itself", text, n)
				}
				if tg.Kind == TargetSymbol && !tg.MatchPackageLevel(tg.Pkg, n) {
					t.Fatalf("target %q: MatchPackageLevel(%q, %q) is false", text, tg.Pkg, n)
				}
			}
			if !literal && len(names) != 0 {
				t.Fatalf("target %q: Literal returned names and false", text)
			}
		default:
			t.Fatalf("target %q: kind %v", text, tg.Kind)
		}
	})
}

// FuzzGlob checks the glob compiler and matcher. Any pattern compiles or
// is an error, never a panic, and for a glob g that compiles:
//
//   - below a directory: if g matches the path d, it matches d/x for
//     every non-empty x; and g/** matches d/x too (a glob that matches a
//     directory matches every file below it, so g and g/** govern the
//     same files below d);
//   - g/** matches only paths g matches;
//   - for a pattern whose only special characters are * and ?, matching
//     a path exactly is path.Match.
func FuzzGlob(f *testing.F) {
	for _, s := range [][3]string{
		{"internal/**", "internal/storage", "a.go"},
		{"**/*_test.go", "x/y", "z_test.go"},
		{"cmd/**", "cmd", "x"},
		{"internal/storage", "internal/storage", "local/fs.go"},
		{"internal/{a,b}/*.go", "internal/a/x.go", "y"},
		{"[a-c]?/**/x", "b1/p/q/x", "z"},
		{"[!a]x", "bx", "c"},
		{"**", "", "a"},
		{"a/**/b", "a/b", "c"},
		{"日本/*", "日本/語", "x"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, pattern, dir, below string) {
		re, err := compileGlob(pattern)
		if err != nil {
			if re != nil {
				t.Fatalf("compileGlob(%q) returned a regexp and an error: %v", pattern, err)
			}
			return
		}
		g := &Glob{Text: pattern, re: re}
		if below != "" && !strings.HasPrefix(below, "/") && g.Match(dir) {
			if !g.Match(dir + "/" + below) {
				t.Fatalf("%q matches %q but not %q below it", pattern, dir, dir+"/"+below)
			}
			if re2, err := compileGlob(pattern + "/**"); err == nil && !(&Glob{re: re2}).Match(dir+"/"+below) {
				t.Fatalf("%q matches %q but %q does not match %q below it", pattern, dir, pattern+"/**", dir+"/"+below)
			}
		}
		if re2, err := compileGlob(pattern + "/**"); err == nil && (&Glob{re: re2}).Match(dir) && !g.Match(dir) {
			t.Fatalf("%q matches %q but %q does not", pattern+"/**", dir, pattern)
		}
		if !strings.ContainsAny(pattern, "[]{}") && !strings.Contains(pattern, "**") && !strings.HasSuffix(pattern, "/") {
			want, err := path.Match(pattern, dir)
			if err == nil && re.MatchString(dir) != want {
				t.Fatalf("%q on %q: compiled glob says %v, path.Match %v", pattern, dir, !want, want)
			}
		}
	})
}
