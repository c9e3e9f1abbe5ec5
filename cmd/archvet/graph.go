package main

// Design: the graph command runs the same check as `archvet` (rules,
// baselines) for the findings, and loads the import graph again on its
// own, names and files only, parsing import specs for their positions: a
// light load next to the check's full one, and no change to the driver.
// SVG and HTML need a layout: archvet runs the archvet-graphviz command
// (Graphviz built to WebAssembly) rather than linking it, because linking
// it would cost every archvet run, go vet's one per package included, the
// library's start-up (see internal/archgraph/graphviz).

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/archgraph"
	"github.com/archvet/archvet/internal/driver"
	"github.com/archvet/archvet/report"
)

const graphUsage = `archvet graph draws the architecture of packages (default ./...):
components as nodes with their package counts, the imports between them
as edges with import counts, imports with findings in red, imports with
only baselined findings dashed. Mermaid and DOT are written by archvet
itself; SVG and HTML are laid out by archvet-graphviz (Graphviz built to
WebAssembly, no system Graphviz), found next to archvet or on PATH. The
HTML page is self-contained: click a component for its packages, an edge
for its imports and findings.

Usage:
	archvet graph [flags] [packages]

Flags:
`

// graphFormats are the formats of archvet graph.
var graphFormats = []string{"mermaid", "dot", "svg", "html"}

// graphLoadMode is what the import graph needs: paths, files, modules.
const graphLoadMode = packages.NeedName | packages.NeedFiles | packages.NeedModule

// runGraph is the graph subcommand. It returns the exit code: 0 when the
// picture was written, whatever it shows; 2 on a usage, config, load or
// layout error, and when a package did not load completely (the picture
// is written all the same).
func runGraph(args []string, stdout, stderr io.Writer) int {
	f := newFlags("archvet graph", graphUsage, stderr)
	format := f.set.String("format", "mermaid", "output format: "+strings.Join(graphFormats, ", "))
	out := f.set.String("o", "", "write to this file instead of standard output (relative to -C)")
	unassigned := f.set.Bool("unassigned", false, "draw the packages no component claims as one node, "+archgraph.UnassignedID)
	if code, ok := f.parse(args, stdout); !ok {
		return code
	}
	if !slices.Contains(graphFormats, *format) {
		fmt.Fprintf(stderr, "archvet graph: unknown -format %q; use one of %s\n", *format, strings.Join(graphFormats, ", "))
		return exitError
	}
	in, title, complete, err := graphInput(f.options(), stderr)
	if err != nil {
		for _, l := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(stderr, prefixed(l))
		}
		return exitError
	}
	in.GroupUnassigned = *unassigned
	var b bytes.Buffer
	if err := renderGraph(&b, *format, archgraph.Build(in), title); err != nil {
		fmt.Fprintf(stderr, "archvet graph: %v\n", err)
		return exitError
	}
	if *out != "" {
		path := *out
		if !filepath.IsAbs(path) {
			path = filepath.Join(*f.dir, path) // relative to -C, as every path flag
		}
		err = os.WriteFile(path, b.Bytes(), 0o644)
	} else {
		_, err = stdout.Write(b.Bytes())
	}
	if err != nil {
		fmt.Fprintf(stderr, "archvet graph: writing output: %v\n", err)
		return exitError
	}
	if !complete {
		return exitError // drawn, but a package did not load: as archvet, fail
	}
	return exitClean
}

func renderGraph(w io.Writer, format string, g *archgraph.Graph, title string) error {
	switch format {
	case "mermaid":
		return archgraph.Mermaid(w, g)
	case "dot":
		return archgraph.DOT(w, g)
	}
	var dot bytes.Buffer
	if err := archgraph.DOT(&dot, g); err != nil {
		return err
	}
	svg, err := layout(dot.Bytes())
	if err != nil {
		return err
	}
	if format == "svg" {
		_, err = w.Write(svg)
		return err
	}
	return archgraph.HTML(w, g, title, svg)
}

// graphvizCommand is the name of the layout command.
const graphvizCommand = "archvet-graphviz"

// layout runs archvet-graphviz on the DOT graph: the one next to this
// executable, or else the one on PATH.
func layout(dot []byte) ([]byte, error) {
	path, err := exec.LookPath(graphvizCommand)
	if self, serr := os.Executable(); serr == nil {
		if p := filepath.Join(filepath.Dir(self), graphvizCommand); isFile(p) {
			path, err = p, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("-format svg and html need %s, next to archvet or on PATH: go install github.com/archvet/archvet/cmd/%s (mermaid and dot need nothing)", graphvizCommand, graphvizCommand)
	}
	cmd := exec.Command(path)
	var stdout, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(dot), &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("laying out the graph: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// graphInput runs archvet over the packages, for their findings, and
// loads their import graph. complete is false if a package could not be
// loaded or type-checked completely (reported on stderr).
func graphInput(opts driver.Options, stderr io.Writer) (in archgraph.Input, title string, complete bool, err error) {
	res, err := driver.Run(opts)
	if err != nil {
		return archgraph.Input{}, "", false, err
	}
	printNotes(stderr, res)
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	pkgs, err := packages.Load(&packages.Config{Mode: graphLoadMode, Dir: opts.Dir, Tests: opts.Tests}, patterns...)
	if err != nil {
		return archgraph.Input{}, "", false, fmt.Errorf("loading packages: %w", err)
	}
	cfgs, err := driver.Configs(opts, pkgs)
	if err != nil {
		return archgraph.Input{}, "", false, err
	}
	in = architecture(pkgs, cfgs)
	in.Packages = importGraph(res.Dir, pkgs)
	fresh := map[string]bool{}
	for _, f := range res.Findings {
		fresh[findingKey(f)] = true
	}
	for _, f := range res.All {
		in.Findings = append(in.Findings, archgraph.Finding{
			Pos:       archgraph.Position{File: f.File, Line: f.Line, Col: f.Column},
			Rule:      f.Rule,
			Message:   f.Text(),
			Baselined: !fresh[findingKey(f)],
		})
	}
	return in, graphTitle(pkgs), len(res.Problems) == 0, nil
}

// findingKey identifies a finding among the run's.
func findingKey(f report.Finding) string {
	return fmt.Sprintf("%s:%d:%d:%s:%s", f.File, f.Line, f.Column, f.Rule, f.Message)
}

// importGraph returns the packages with the import specs of their files,
// a package's test variants merged into it. File names are shown as the
// driver shows findings' files: relative to dir when below it.
func importGraph(dir string, pkgs []*packages.Package) []archgraph.Package {
	byPath := map[string]*archgraph.Package{}
	seenFile := map[string]bool{}
	fset := token.NewFileSet()
	var order []string
	for _, p := range pkgs {
		if p.Name == "main" && strings.HasSuffix(p.ID, ".test") {
			continue // generated by go test
		}
		path := p.PkgPath
		switch {
		case p.ForTest != "":
			path = p.ForTest // p [p.test]: p with its tests
		case strings.HasSuffix(p.Name, "_test"):
			path = strings.TrimSuffix(path, "_test") // p_test, p's external tests
		}
		ap := byPath[path]
		if ap == nil {
			ap = &archgraph.Package{Path: path}
			byPath[path] = ap
			order = append(order, path)
		}
		for _, file := range p.GoFiles {
			if ap.Dir == "" {
				ap.Dir = filepath.Dir(file)
			}
			if seenFile[file] {
				continue // shared by a package and its test variant
			}
			seenFile[file] = true
			f, err := parser.ParseFile(fset, file, nil, parser.ImportsOnly)
			if err != nil && f == nil {
				continue // unreadable: the check reported it
			}
			for _, spec := range f.Imports {
				ip, err := strconv.Unquote(spec.Path.Value)
				if err != nil {
					continue // malformed: a syntax error the check reported
				}
				pos := fset.Position(spec.Pos())
				ap.Imports = append(ap.Imports, archgraph.Import{Path: ip, Pos: archgraph.Position{File: displayPath(dir, file), Line: pos.Line, Col: pos.Column}})
			}
		}
	}
	slices.Sort(order)
	out := make([]archgraph.Package, 0, len(order))
	for _, path := range order {
		out = append(out, *byPath[path])
	}
	return out
}

// displayPath returns filename relative to wd, slash-separated, when it is
// below wd, as the driver writes findings' files.
func displayPath(wd, filename string) string {
	if rel, err := filepath.Rel(wd, filename); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return filename
}

// architecture returns the components of the packages: Assign, and the
// declared Components and Layers when the rules declare them. It is the
// one place that maps packages to components.
//
// A rules file with components assigns packages by them
// (config.ComponentOf), lists them all, and lays out its first layers
// contract top to bottom. A rules file without components makes each
// package directory below its root a component, named by the directory
// relative to the root.
func architecture(pkgs []*packages.Package, cfgs map[*packages.Package]*config.Config) archgraph.Input {
	rulesOf := map[string]*config.Config{} // package directory -> its rules
	for p, c := range cfgs {
		for _, f := range p.GoFiles {
			rulesOf[filepath.Dir(f)] = c
		}
	}
	var declared *config.Config // the first rules file, in path order, that declares components
	for _, c := range cfgs {
		if len(c.Components) > 0 && (declared == nil || c.File < declared.File) {
			declared = c
		}
	}
	assign := func(path, dir string) string {
		c, ok := rulesOf[dir]
		if !ok {
			c = declared // an imported package outside the packages drawn: std, a module
		}
		if c == nil {
			return ""
		}
		if len(c.Components) > 0 {
			rel := ""
			if dir != "" {
				rel = c.RelDir(dir)
			}
			if comp := c.ComponentOf(path, rel); comp != nil {
				return comp.ID
			}
			return ""
		}
		if !ok || dir == "" {
			return "" // outside the packages drawn
		}
		rel, err := filepath.Rel(c.Root, dir)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "" // outside the rules' root
		}
		if rel == "." {
			return path // the root's package: named by its import path
		}
		return filepath.ToSlash(rel)
	}
	in := archgraph.Input{Assign: assign}
	if declared == nil {
		return in
	}
	for _, comp := range declared.Components {
		in.Components = append(in.Components, comp.ID)
	}
	for _, k := range declared.Contracts {
		if len(k.Layers) == 0 {
			continue // not a layers contract
		}
		for _, layer := range k.Layers {
			var ids []string
			for _, comp := range layer {
				ids = append(ids, comp.ID)
			}
			in.Layers = append(in.Layers, ids)
		}
		break // one layout: the first layers contract's
	}
	return in
}

// graphTitle names the picture after the main module.
func graphTitle(pkgs []*packages.Package) string {
	for _, p := range pkgs {
		if p.Module != nil && p.Module.Main {
			return p.Module.Path + ": architecture"
		}
	}
	return "architecture"
}
