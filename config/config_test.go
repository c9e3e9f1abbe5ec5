package config_test

import (
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archvet/archvet/config"
)

const valid = `version: 1
rules:
  - id: storage-gate
    ban:
      - os.{Open,Create}
      - (*os.File).Write
      - io/ioutil
      - example.com/app/internal/clients/...
      - gopkg.in/yaml.v3
    in: [internal/**]
    allow: [internal/storage/**, "internal/localfs/*.go"]
    hint: all file access goes through storage.Storage
    use_instead: example.com/app/internal/storage.Storage
scopes:
  - id: tenant-scope
    type: example.com/app/internal/scope.Scope
    params: {in: [internal/core/**], after_context: true}
    calls: {require: ["(*example.com/app/internal/repo.Repo).{Query,Exec}"]}
    create: {constructors: [example.com/app/internal/scope.New], allow: [cmd/**]}
    hint: thread the caller's scope
`

func TestParseValid(t *testing.T) {
	cfg, err := config.Parse("rules.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.Rule("storage-gate")
	if r == nil || len(r.Ban) != 5 || r.Severity != config.SeverityError || r.UseInstead == "" {
		t.Fatalf("storage-gate compiled wrong: %+v", r)
	}
	kinds := []config.TargetKind{config.TargetSymbol, config.TargetMethod, config.TargetPackage, config.TargetPackage, config.TargetSymbol}
	for i, k := range kinds {
		if r.Ban[i].Kind != k {
			t.Errorf("ban[%d] %q: kind %v, want %v", i, r.Ban[i].Text, r.Ban[i].Kind, k)
		}
	}
	if !r.Ban[4].OrPackage || !r.Ban[4].MatchPackage("gopkg.in/yaml.v3") {
		t.Errorf("gopkg.in/yaml.v3 should also read as a package")
	}
	if !r.Ban[3].MatchPackage("example.com/app/internal/clients/slack") || r.Ban[3].MatchPackage("example.com/app/internal/clientsx") {
		t.Errorf("pkg/... must match on path element boundaries")
	}
	s := cfg.Scope("tenant-scope")
	if s == nil || s.Type.Pkg != "example.com/app/internal/scope" || !s.Params.AfterContext || len(s.Calls.Require) != 1 {
		t.Fatalf("tenant-scope compiled wrong: %+v", s)
	}
	if got := cfg.IDs(); strings.Join(got, ",") != "storage-gate,tenant-scope" {
		t.Errorf("IDs() = %v", got)
	}
	if cfg.Hash() == "" {
		t.Error("empty hash")
	}
}

func TestApplies(t *testing.T) {
	cfg, err := config.Parse("rules.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.Rule("storage-gate")
	for rel, want := range map[string]bool{
		"internal/core/a.go":          true,
		"internal/storage/a.go":       false, // allow internal/storage/**
		"internal/storage/local/b.go": false,
		"internal/storagex/a.go":      true, // not below internal/storage
		"internal/localfs/a.go":       false,
		"internal/localfs/sub/a.go":   true,  // *.go matches one element only
		"cmd/x/main.go":               false, // not in internal/**
	} {
		if got := r.Applies(rel, true); got != want {
			t.Errorf("Applies(%q) = %v, want %v", rel, got, want)
		}
	}
	if r.Applies("", false) {
		t.Error("a rule with `in` must not govern files outside the root")
	}
}

func TestGlobs(t *testing.T) {
	for _, tc := range []struct {
		glob, path string
		want       bool
	}{
		{"internal/**", "internal/a/b.go", true},
		{"internal/**", "internalx/a.go", false},
		{"**/*_test.go", "a/b/c_test.go", true},
		{"**/*_test.go", "c_test.go", true},
		{"**/*_test.go", "c.go", false},
		{"internal/*/store.go", "internal/a/store.go", true},
		{"internal/*/store.go", "internal/a/b/store.go", false},
		{"internal/{a,b}", "internal/b/x.go", true},
		{"internal/{a,b}", "internal/c/x.go", false},
		{"internal/[ab]?.go", "internal/ax.go", true},
		{"internal/[!ab]?.go", "internal/ax.go", false},
		{"internal", "internal/deep/x.go", true},
		{"a/**/z.go", "a/z.go", true},
		{"a/**/z.go", "a/b/c/z.go", true},
		{"données/*.go", "données/x.go", true},
		{"a/**", "a/odd\nname.go", true}, // found by FuzzGlob: file names may hold newlines
	} {
		y := "version: 1\nrules:\n  - id: r\n    ban: os\n    allow: [\"" + tc.glob + "\"]\n    hint: h\n"
		cfg, err := config.Parse("rules.yaml", []byte(y))
		if err != nil {
			t.Fatalf("%q: %v", tc.glob, err)
		}
		if got := !cfg.Rule("r").Applies(tc.path, true); got != tc.want {
			t.Errorf("glob %q on %q: %v, want %v", tc.glob, tc.path, got, tc.want)
		}
	}
}

// TestErrors checks every error message, with its position and rule id.
func TestErrors(t *testing.T) {
	rule := func(body string) string {
		return "version: 1\nrules:\n  - id: r\n    hint: h\n" + body
	}
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"yaml syntax", "version: 1\nrules: [\n", []string{`rules.yaml:2:1: invalid YAML: did not find expected node content`}},
		{"tab indent", "version: 1\nrules:\n\t- id: r\n", []string{`rules.yaml:3:1: invalid YAML: a tab indents this line; YAML indents with spaces only`}},
		{"unquoted brace list in a flow list", rule("    ban: [os.{Open,Create}]\n"), []string{`rules.yaml:5:10: invalid YAML: a brace list inside [ ] must be quoted, like ["os.{Open,Create}"], or written as a block list (- os.{Open,Create})`}},
		{"anchors and aliases", "version: 1\nx: &h use storage\nrules:\n  - {id: r, ban: os, hint: *h}\n", []string{
			`rules.yaml:2:4: YAML anchor &h: anchors and aliases are not supported in rules files; write the value out`,
			`rules.yaml:4:28: YAML alias *h: anchors and aliases are not supported in rules files; write the value out`,
		}},
		{"empty file", "", []string{`rules.yaml: empty rules file; it needs at least version: 1 and one rule or scope`}},
		{"not a mapping", "- a\n", []string{`rules.yaml:1:1: rules file must be a mapping, not a list`}},
		{"missing version", "rules:\n  - {id: r, ban: os, hint: h}\n", []string{`rules.yaml:1:1: missing version: 1`}},
		{"bad version", "version: 2\nrules: []\n", []string{`rules.yaml:1:10: unsupported version 2; this archvet reads version 1`}},
		{"unknown top key", "version: 1\nrulez: []\n", []string{
			`rules.yaml:2:1: unknown key "rulez"; did you mean "rules"?`,
		}},
		{"rules not a list", "version: 1\nrules: {}\n", []string{`rules.yaml:2:8: rules must be a list, not a mapping`}},
		{"unknown rule key", rule("    ban: os\n    alow: [x]\n"), []string{`rules.yaml:6:5: rule "r": unknown key "alow"; did you mean "allow"?`}},
		{"duplicate key", rule("    ban: os\n    ban: io\n"), []string{`rules.yaml:6:5: rule "r": key "ban" appears twice`}},
		{"missing id", "version: 1\nrules:\n  - ban: os\n    hint: h\n", []string{`rules.yaml:3:5: rule: missing id`}},
		{"empty id", "version: 1\nrules:\n  - id: \"\"\n    ban: os\n    hint: h\n", []string{`rules.yaml:3:9: rule: id must not be empty`}},
		{"bad id", "version: 1\nrules:\n  - id: Storage_Gate\n    ban: os\n    hint: h\n", []string{`rules.yaml:3:9: rule "Storage_Gate": id "Storage_Gate" must be lowercase-kebab, like storage-gate`}},
		{"reserved id", "version: 1\nrules:\n  - id: archvet-directive\n    ban: os\n    hint: h\n", []string{`rules.yaml:3:9: rule "archvet-directive": id "archvet-directive" is reserved for archvet's own findings`}},
		{"duplicate id", "version: 1\nrules:\n  - {id: r, ban: os, hint: h}\n  - {id: r, ban: io, hint: h}\n", []string{`rules.yaml:4:10: rule "r": duplicate id "r"; first defined at rules.yaml:3:10`}},
		{"missing ban", rule(""), []string{`rules.yaml:3:5: rule "r": missing ban: list what the rule bans`}},
		{"empty ban", rule("    ban: []\n"), []string{`rules.yaml:5:10: rule "r": ban is empty`}},
		{"ban entry not a string", rule("    ban: [{a: b}]\n"), []string{`rules.yaml:5:11: rule "r": ban: each entry must be a string, not a mapping`}},
		{"bad severity", rule("    ban: os\n    severity: fatal\n"), []string{`rules.yaml:6:15: rule "r": severity must be error or warning, not "fatal"`}},
		{"missing hint", "version: 1\nrules:\n  - id: r\n    ban: os\n", []string{`rules.yaml:3:5: rule "r": missing hint: tell the developer what to do instead`}},
		{"empty hint", "version: 1\nrules:\n  - id: r\n    ban: os\n    hint: \"\"\n", []string{`rules.yaml:5:11: rule "r": hint must not be empty`}},
		{"multiline hint", "version: 1\nrules:\n  - id: r\n    ban: os\n    hint: \"a\\nb\"\n", []string{`rules.yaml:5:11: rule "r": hint must be one line`}},
		{"hint not a string", "version: 1\nrules:\n  - id: r\n    ban: os\n    hint: [a]\n", []string{
			`rules.yaml:5:11: rule "r": hint must be a string, not a list`,
			`rules.yaml:5:11: rule "r": hint must not be empty`,
		}},
		{"bad target", rule("    ban: \"os.Read File\"\n"), []string{`rules.yaml:5:10: rule "r": ban: target "os.Read File": "Read File" is not an identifier (wildcards * and ? and one {a,b} list are allowed)`}},
		{"bad package", rule("    ban: \"os//x\"\n"), []string{`rules.yaml:5:10: rule "r": ban: target "os//x" is not a package path, a pkg.Name symbol or a (pkg.Type).Method method`}},
		{"bad method", rule("    ban: \"(*os.File)Write\"\n"), []string{`rules.yaml:5:10: rule "r": ban: target "(*os.File)Write": a method is written (*pkg/path.Type).Name or (pkg/path.Type).Name`}},
		{"bad receiver", rule("    ban: \"(*File).Write\"\n"), []string{`rules.yaml:5:10: rule "r": ban: target "(*File).Write": receiver "File" is not pkg/path.Type`}},
		{"unbalanced brace", rule("    ban: \"os.{Open,Create\"\n"), []string{`rules.yaml:5:10: rule "r": ban: target "os.{Open,Create": unbalanced braces in "{Open,Create"`}},
		{"nested braces", rule("    ban: \"os.{A,{B}}\"\n"), []string{`rules.yaml:5:10: rule "r": ban: target "os.{A,{B}}": only one brace list, not nested, is allowed in "{A,{B}}"`}},
		{"empty alternative", rule("    ban: \"os.{A,}\"\n"), []string{`rules.yaml:5:10: rule "r": ban: target "os.{A,}": empty alternative in "{A,}"`}},
		{"brace in package", rule("    ban: \"{os,io}.Open\"\n"), []string{`rules.yaml:5:10: rule "r": ban: target "{os,io}.Open": a brace list is allowed only in the name after the package path`}},
		{"bad recursive", rule("    ban: \"./...\"\n"), []string{`rules.yaml:5:10: rule "r": ban: target "./...": "." is not a package path`}},
		{"bad glob", rule("    ban: os\n    allow: [\"internal/[ab\"]\n"), []string{`rules.yaml:6:13: rule "r": allow: glob "internal/[ab": unmatched [`}},
		{"absolute glob", rule("    ban: os\n    in: [/abs]\n"), []string{`rules.yaml:6:10: rule "r": in: glob "/abs" must be relative to the rules root`}},
		{"dotdot glob", rule("    ban: os\n    in: [../x]\n"), []string{`rules.yaml:6:10: rule "r": in: glob "../x" has an empty, . or .. element`}},
		{"partial doublestar", rule("    ban: os\n    in: [a/**x]\n"), []string{`rules.yaml:6:10: rule "r": in: glob "a/**x": ** must be a whole path element`}},
		{"unbalanced glob brace", rule("    ban: os\n    in: [\"a/{b\"]\n"), []string{`rules.yaml:6:10: rule "r": in: glob "a/{b": unmatched {`}},
		{"relative url", rule("    ban: os\n    url: docs/x.md\n"), []string{`rules.yaml:6:10: rule "r": url "docs/x.md" must be an absolute http or https URL`}},
		{"generated not bool", "version: 1\ngenerated: yes please\nrules:\n  - {id: r, ban: os, hint: h}\n", []string{`rules.yaml:2:12: generated must be true or false, not "yes please"`}},
		{"several errors at once", "version: 1\nrules:\n  - id: a\n    ban: \"os.{\"\n  - id: b\n    hint: h\n    ban: os\n    in: [\"[\"]\n", []string{
			`rules.yaml:4:10: rule "a": ban: target "os.{": unbalanced braces in "{"`,
			`rules.yaml:3:5: rule "a": missing hint: tell the developer what to do instead`,
			`rules.yaml:8:10: rule "b": in: glob "[": unmatched [`,
		}},
		{"scope missing type", "version: 1\nscopes:\n  - id: s\n    hint: h\n    params: {in: [a]}\n", []string{`rules.yaml:3:5: scope "s": missing type: the scope's named type, like example.com/app/scope.Scope`}},
		{"scope type wildcard", "version: 1\nscopes:\n  - id: s\n    hint: h\n    type: a/b.S*\n    params: {}\n", []string{`rules.yaml:5:11: scope "s": type must name one type, without wildcards or brace lists`}},
		{"scope type package", "version: 1\nscopes:\n  - id: s\n    hint: h\n    type: a/b\n    params: {}\n", []string{`rules.yaml:5:11: scope "s": type must be one pkg/path.Type, not "a/b"`}},
		{"scope checks nothing", "version: 1\nscopes:\n  - id: s\n    hint: h\n    type: a/b.S\n", []string{`rules.yaml:3:5: scope "s": scope checks nothing: give it params, calls or create`}},
		{"scope unknown key", "version: 1\nscopes:\n  - id: s\n    hint: h\n    type: a/b.S\n    params: {inn: [x]}\n", []string{`rules.yaml:6:14: scope "s": params: unknown key "inn"; did you mean "in"?`}},
		{"scope require package", "version: 1\nscopes:\n  - id: s\n    hint: h\n    type: a/b.S\n    calls: {require: [a/repo]}\n", []string{`rules.yaml:6:23: scope "s": calls.require: "a/repo" names a package; name functions or methods`}},
		{"scope require empty", "version: 1\nscopes:\n  - id: s\n    hint: h\n    type: a/b.S\n    calls: {allow: [x]}\n", []string{`rules.yaml:6:12: scope "s": calls.require must list at least one function or method`}},
		{"scope after_context", "version: 1\nscopes:\n  - id: s\n    hint: h\n    type: a/b.S\n    params: {after_context: 1}\n", []string{`rules.yaml:6:29: scope "s": params.after_context must be true or false, not "1"`}},
		{"id shared by rule and scope", "version: 1\nrules:\n  - {id: x, ban: os, hint: h}\nscopes:\n  - {id: x, hint: h, type: a/b.S, params: {}}\n", []string{`rules.yaml:5:10: scope "x": duplicate id "x"; first defined at rules.yaml:3:10`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse("rules.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			got := strings.Split(err.Error(), "\n")
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", err, strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestMatchObject(t *testing.T) {
	pkg := types.NewPackage("example.com/db", "db")
	conn := types.NewTypeName(0, pkg, "Conn", nil)
	named := types.NewNamed(conn, types.NewStruct(nil, nil), nil)
	pkg.Scope().Insert(conn)
	recv := types.NewVar(0, pkg, "c", types.NewPointer(named))
	exec := types.NewFunc(0, pkg, "Exec", types.NewSignatureType(recv, nil, nil, nil, nil, false))
	named.AddMethod(exec)
	open := types.NewFunc(0, pkg, "Open", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	pkg.Scope().Insert(open)
	other := types.NewPackage("example.com/other/db", "db")
	otherOpen := types.NewFunc(0, other, "Open", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	other.Scope().Insert(otherOpen)
	yaml := types.NewPackage("gopkg.in/yaml.v3", "yaml")
	marshal := types.NewFunc(0, yaml, "Marshal", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	yaml.Scope().Insert(marshal)

	for _, tc := range []struct {
		target string
		obj    types.Object
		want   bool
	}{
		{"example.com/db.Open", open, true},
		{"example.com/db.Open", otherOpen, false},
		{"example.com/db.{Open,Close}", open, true},
		{"example.com/db.O*", open, true},
		{"example.com/db.Exec", exec, false}, // a method is not a package-level symbol
		{"(*example.com/db.Conn).Exec", exec, true},
		{"(example.com/db.Conn).Exec", exec, true}, // pointer-ness is not part of the identity
		{"(*example.com/db.Conn).Open", exec, false},
		{"(*example.com/other/db.Conn).Exec", exec, false},
		{"example.com/db.Conn", conn, true},
		{"example.com/db", exec, true},
		{"example.com/...", otherOpen, true},
		{"example.com/d/...", open, false},
		{"gopkg.in/yaml.v3", marshal, true}, // the package reading
		{"gopkg.in/yaml.v3.Marshal", marshal, true},
		{"gopkg.in/yaml.v3.Unmarshal", marshal, false},
	} {
		tgt, err := config.ParseTarget(tc.target)
		if err != nil {
			t.Fatal(err)
		}
		if got := tgt.MatchObject(tc.obj); got != tc.want {
			t.Errorf("%s matches %v: %v, want %v", tc.target, tc.obj, got, tc.want)
		}
		if tc.obj.Pkg().Scope().Lookup(tc.obj.Name()) != tc.obj {
			continue // not package-level: MatchPackageLevel does not apply
		}
		if got := tgt.MatchPackageLevel(tc.obj.Pkg().Path(), tc.obj.Name()); got != tc.want {
			t.Errorf("%s matches %s.%s as package-level: %v, want %v", tc.target, tc.obj.Pkg().Path(), tc.obj.Name(), got, tc.want)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("rules.yaml", "outside the module")
	write("mod/go.mod", "module m\n")
	write("mod/a/b/x.go", "package b\n")
	if got, _ := config.Find(filepath.Join(root, "mod", "a", "b")); got != "" {
		t.Errorf("Find crossed the module root: %q", got)
	}
	write("mod/a/rules.yaml", "")
	if got, _ := config.Find(filepath.Join(root, "mod", "a", "b")); got != filepath.Join(root, "mod", "a", "rules.yaml") {
		t.Errorf("Find = %q", got)
	}
	write("go.work", "go 1.22\nuse ./mod\n")
	if got, _ := config.Find(filepath.Join(root, "mod")); got != filepath.Join(root, "rules.yaml") {
		t.Errorf("Find in a workspace = %q, want the workspace root's", got)
	}
}

// TestRelRelativeFilename: drivers such as Bazel's nogo name files
// relative to the working directory; Rel takes them from there.
func TestRelRelativeFilename(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cfg, err := config.Parse(filepath.Join(dir, "rules.yaml"), []byte("version: 1\nrules:\n  - id: r\n    ban: [os]\n    hint: h\n"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"pkg/a.go":                      "pkg/a.go",
		filepath.Join(dir, "pkg/b.go"):  "pkg/b.go",
		filepath.Join("..", "other.go"): "",
	} {
		got, ok := cfg.Rel(name)
		if got != want || ok != (want != "") {
			t.Errorf("Rel(%q) = %q, %t; want %q, %t", name, got, ok, want, want != "")
		}
	}
}
