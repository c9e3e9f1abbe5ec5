package main

// archvet nogo writes a Go package that holds archvet's analyzers with a
// rules file embedded (go:embed), for drivers that take analyzers as Go
// values rather than running archvet: Bazel's nogo above all, whose
// analyzers are go_library targets exporting a variable named Analyzer, so
// each analyzer also gets a subpackage of its own. The rules file is
// validated when the package is written; editing it means writing the
// package again.
//
// Globs in the rules are relative to the rules file's directory, which the
// generated package finds at run time as a path below the workspace root
// (the working directory of Bazel's nogo actions, or ARCHVET_NOGO_ROOT).

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"golang.org/x/mod/modfile"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
)

const nogoUsage = `archvet nogo writes a Go package holding archvet's analyzers with the
rules embedded, for Bazel's nogo (see docs/performance.md). DIR/<name>
holds one package per analyzer, each exporting Analyzer; DIR itself
exports Analyzers, all of them.

Usage:
	archvet nogo -o DIR [flags]

Flags:
`

// rootMarkers mark a workspace root, searched for above the rules file:
// Bazel's first, then Go's.
var rootMarkers = []string{"MODULE.bazel", "WORKSPACE.bazel", "WORKSPACE", "go.work", "go.mod"}

func runNogo(args []string, stderr io.Writer) int {
	fset := flag.NewFlagSet("archvet nogo", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var (
		out        = fset.String("o", "", "directory to write the package to (required)")
		configPath = fset.String("config", "", "rules file (default: rules.yaml in the current directory or above)")
		importPath = fset.String("importpath", "", "import path of the package in DIR (default: from the go.mod above DIR)")
		root       = fset.String("root", "", "workspace root the rules file's location is recorded against (default: the nearest directory above the rules file holding "+strings.Join(rootMarkers, ", ")+")")
	)
	fset.Usage = func() {
		fmt.Fprint(stderr, nogoUsage)
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	if *out == "" || fset.NArg() > 0 {
		fset.Usage()
		return exitError
	}
	if err := writeNogo(*out, *configPath, *importPath, *root); err != nil {
		fmt.Fprintf(stderr, "archvet nogo: %v\n", err)
		return exitError
	}
	return exitClean
}

func writeNogo(out, rulesPath, importPath, root string) error {
	if rulesPath == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		if rulesPath, err = config.Find(wd); err != nil {
			return err
		}
		if rulesPath == "" {
			return fmt.Errorf("no %s here or above; name one with -config", config.DefaultFile)
		}
	}
	data, err := os.ReadFile(rulesPath)
	if err != nil {
		return err
	}
	cfg, err := config.Parse(rulesPath, data)
	if err != nil {
		return err
	}
	out, err = filepath.Abs(out)
	if err != nil {
		return err
	}
	if importPath == "" {
		if importPath, err = dirImportPath(out); err != nil {
			return fmt.Errorf("%w; name the package's import path with -importpath", err)
		}
	}
	rulesDir := filepath.Dir(cfg.File)
	if rulesDir, err = filepath.Abs(rulesDir); err != nil {
		return err
	}
	if root == "" {
		root = findUp(rulesDir, rootMarkers)
	}
	if root, err = filepath.Abs(root); err != nil {
		return err
	}
	rel, err := filepath.Rel(root, rulesDir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("rules file %s is not below the workspace root %s", cfg.File, root)
	}

	name := packageName(filepath.Base(out))
	var names []string
	for _, a := range analyzers.Suite(cfg) {
		names = append(names, a.Name)
	}
	files := map[string][]byte{filepath.Join(out, config.DefaultFile): data}
	src, err := render(nogoRootTmpl, map[string]any{
		"Package": name, "Rules": filepath.Base(cfg.File), "RulesFile": config.DefaultFile,
		"RulesDir": filepath.ToSlash(rel), "Names": names,
	})
	if err != nil {
		return err
	}
	files[filepath.Join(out, name+".go")] = src
	for _, n := range names {
		src, err := render(nogoAnalyzerTmpl, map[string]any{"Package": packageName(n), "Root": name, "ImportPath": importPath, "Name": n})
		if err != nil {
			return err
		}
		files[filepath.Join(out, n, n+".go")] = src
	}
	for path, content := range files {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o666); err != nil {
			return err
		}
	}
	return nil
}

// dirImportPath returns the import path of dir from the go.mod above it.
func dirImportPath(dir string) (string, error) {
	mod := findUp(dir, []string{"go.mod"})
	if mod == "" {
		return "", fmt.Errorf("no go.mod above %s", dir)
	}
	data, err := os.ReadFile(filepath.Join(mod, "go.mod"))
	if err != nil {
		return "", err
	}
	path := modfile.ModulePath(data)
	if path == "" {
		return "", fmt.Errorf("%s has no module line", filepath.Join(mod, "go.mod"))
	}
	rel, err := filepath.Rel(mod, dir)
	if err != nil {
		return "", err
	}
	if rel == "." {
		return path, nil
	}
	return path + "/" + filepath.ToSlash(rel), nil
}

// findUp returns the nearest directory at or above dir (which need not
// exist) holding one of the files named, or "".
func findUp(dir string, names []string) string {
	for {
		for _, n := range names {
			if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
				return dir
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// packageName turns a directory name into a package name.
func packageName(base string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if r == '_' || ('a' <= r && r <= 'z') || ('0' <= r && r <= '9' && b.Len() > 0) {
			b.WriteRune(r)
		}
	}
	if s := b.String(); s != "" && !token.IsKeyword(s) {
		return s
	}
	return "archvetnogo"
}

func render(t *template.Template, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, err
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("internal error: generated code does not parse: %w", err)
	}
	return src, nil
}

var nogoRootTmpl = template.Must(template.New("root").Parse(`// Code generated by "archvet nogo"; DO NOT EDIT.

// Package {{.Package}} holds archvet's analyzers with the rules of {{.Rules}}
// embedded, for Bazel's nogo and other drivers that take analyzers as Go
// values. The subpackages {{range $i, $n := .Names}}{{if $i}}, {{end}}{{$n}}{{end}} each export one of them as
// Analyzer, as nogo wants. Write the package again after editing the rules.
//
// The rules' globs are relative to {{printf "%q" .RulesDir}} below the
// workspace root: ARCHVET_NOGO_ROOT if set, else the working directory
// (where Bazel runs nogo).
package {{.Package}}

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
)

//go:embed {{.RulesFile}}
var rules []byte

// rulesDir is the rules file's directory, relative to the workspace root.
const rulesDir = {{printf "%q" .RulesDir}}

// Analyzers are archvet's analyzers with the embedded rules.
var Analyzers = suite()

func suite() []*analysis.Analyzer {
	root := os.Getenv("ARCHVET_NOGO_ROOT")
	if root == "" {
		root, _ = os.Getwd()
	}
	name := filepath.Join(root, filepath.FromSlash(rulesDir), {{printf "%q" .Rules}})
	cfg, err := config.Parse(name, rules)
	if err != nil {
		// The rules compiled when this package was written, so only a
		// different archvet version gets here: report it on every package.
		return []*analysis.Analyzer{ {{- range .Names}}failing({{printf "%q" .}}, err), {{end -}} }
	}
	return analyzers.Suite(cfg)
}

func failing(name string, err error) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: name,
		Doc:  "archvet's " + name + " analyzer, whose embedded rules do not compile",
		Run: func(*analysis.Pass) (any, error) {
			return nil, fmt.Errorf("archvet nogo: embedded rules: %w", err)
		},
	}
}

// Analyzer returns the analyzer of Analyzers with the given name, or nil.
func Analyzer(name string) *analysis.Analyzer {
	for _, a := range Analyzers {
		if a.Name == name {
			return a
		}
	}
	return nil
}
`))

var nogoAnalyzerTmpl = template.Must(template.New("analyzer").Parse(`// Code generated by "archvet nogo"; DO NOT EDIT.

// Package {{.Package}} exports archvet's {{.Name}} analyzer with the rules
// embedded in package {{.Root}}, for Bazel's nogo.
package {{.Package}}

import {{.Root}} "{{.ImportPath}}"

// Analyzer is archvet's {{.Name}} analyzer.
var Analyzer = {{.Root}}.Analyzer({{printf "%q" .Name}})
`))
