// Command archvet enforces architecture rules on Go code.
//
//	archvet [flags] [packages]                 check packages (default ./...)
//	archvet -fix|-diff [flags] [packages]      apply suggested fixes, or print them as a diff
//	archvet baseline write [flags] [packages]  record the findings in the baseline
//	archvet check-config [flags] [packages]    only check the rules files
//	archvet graph [flags] [packages]           draw the architecture
//	archvet help | version
//	go vet -vettool=$(which archvet) ./...     the same, run by go vet
//
// Exit codes: 0 no error-severity findings, 1 findings, 2 usage, config
// or load error. With -fix, findings that were fixed do not count.
//
// The command parses flags and writes output; the pipeline (loading,
// rules, analysis, suppression, baselines) is internal/driver's.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/cache"
	"github.com/archvet/archvet/internal/driver"
	"github.com/archvet/archvet/report"
)

// Exit codes.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

func main() {
	if isVetInvocation(os.Args[1:]) {
		os.Exit(vetMain(os.Args[1:]))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `archvet enforces architecture rules on Go code.

Usage:
	archvet [flags] [packages]                 check packages (default ./...)
	archvet -fix|-diff [flags] [packages]      apply suggested fixes, or print them as a diff
	archvet baseline write [flags] [packages]  record the findings in the baseline
	archvet check-config [flags] [packages]    only check the rules files
	archvet init [flags]                       write a starter rules.yaml from what the module uses
	archvet rules [flags]                      list the rules and scopes in force
	archvet explain [flags] ID                 print one rule or scope whole
	archvet graph [flags] [packages]           draw the architecture (mermaid, dot, svg, html)
	archvet cache clean|dir                    remove archvet's cached results, or print where they are
	archvet nogo -o DIR [flags]                write a Go package with the analyzers and rules, for Bazel's nogo
	archvet help                               print this help
	archvet version                            print archvet's version
	go vet -vettool=$(which archvet) [packages]

Exit codes: 0 no error-severity findings, 1 findings, 2 usage, config or load error.

Flags:
`

// subcommands are the words archvet takes as a first argument.
var subcommands = []string{"baseline", "cache", "check-config", "explain", "graph", "help", "init", "nogo", "rules", "version"}

// run is the standalone command. It returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "baseline":
			return runBaseline(args[1:], stdout, stderr)
		case "check-config":
			return checkConfig(args[1:], stdout, stderr)
		case "init":
			return runInit(args[1:], stdout, stderr)
		case "rules":
			return runRules(args[1:], stdout, stderr)
		case "explain":
			return runExplain(args[1:], stdout, stderr)
		case "graph":
			return runGraph(args[1:], stdout, stderr) // graph.go
		case "cache":
			return runCache(args[1:], stdout, stderr) // cache.go
		case "nogo":
			return runNogo(args[1:], stderr) // nogo.go
		case "help":
			f := newFlags("archvet", usage, stdout)
			f.set.Usage()
			return exitClean
		case "version":
			fmt.Fprintf(stdout, "archvet %s\n", version)
			return exitClean
		}
		if s := config.Suggest(args[0], subcommands); s != "" && !strings.ContainsAny(args[0], "./") && !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "archvet: unknown command %q; did you mean %q? (archvet help lists the commands)\n", args[0], s)
			return exitError
		}
	}
	f := newFlags("archvet", usage, stderr)
	format := f.set.String("format", "text", "output format: "+strings.Join(formats, ", "))
	fix := f.set.Bool("fix", false, "apply suggested fixes; findings they fix no longer count")
	diff := f.set.Bool("diff", false, "print suggested fixes as a unified diff instead of applying them")
	if code, ok := f.parse(args, stdout); !ok {
		return code
	}
	if *f.version {
		fmt.Fprintf(stdout, "archvet %s\n", version)
		return exitClean
	}
	if !slices.Contains(formats, *format) {
		fmt.Fprintf(stderr, "archvet: unknown -format %q; use one of %s\n", *format, strings.Join(formats, ", "))
		return exitError
	}
	switch {
	case *fix && *diff:
		fmt.Fprintln(stderr, "archvet: -fix and -diff exclude each other: -fix writes the fixes, -diff prints them")
		return exitError
	case *diff && *format != report.FormatText:
		fmt.Fprintf(stderr, "archvet: -diff prints a diff and cannot be combined with -format %s\n", *format)
		return exitError
	}
	opts := f.options()
	if *fix || *diff {
		opts.Cache = nil // cached entries hold no fixes
	}
	var p *progress
	if stderr == io.Writer(os.Stderr) && isTerminal(os.Stderr) {
		p = newProgress(stderr, 2*time.Second)
		opts.Progress = p.update
	}
	res, err := driver.Run(opts)
	if p != nil {
		p.close() // before anything else is printed
	}
	if err != nil {
		return failed(stdout, stderr, *format, err)
	}
	f.verbose(stderr, res)
	printNotes(stderr, res)
	if *fix || *diff {
		return runFix(stdout, stderr, *format, *diff, res) // fix.go
	}
	color := stdout == io.Writer(os.Stdout) && useColor(os.Stdout)
	if err := write(stdout, *format, res, color); err != nil {
		fmt.Fprintf(stderr, "archvet: writing output: %v\n", err)
		return exitError
	}
	summarize(stderr, res, *format)
	return exitCode(res)
}

// printNotes writes a run's warnings about the rules, its problems and
// its notes on stderr.
func printNotes(stderr io.Writer, res *driver.Result) {
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "archvet: warning: %s\n", w)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(stderr, "archvet: %s\n", p)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(stderr, "archvet: %s\n", n)
	}
}

// exitCode is the exit code of a run: 2 if a package did not load, 1 if
// an error-severity finding is left, else 0.
func exitCode(res *driver.Result) int {
	switch {
	case len(res.Problems) > 0:
		return exitError
	case driver.HasErrors(res.Findings):
		return exitFindings
	}
	return exitClean
}

// failed reports an error that stopped the run before it had findings.
// In the CI formats the document is still written, carrying the error,
// so that a CI step that uploads it uploads the reason.
func failed(stdout, stderr io.Writer, format string, err error) int {
	lines := strings.Split(err.Error(), "\n")
	for _, l := range lines {
		fmt.Fprintln(stderr, prefixed(l))
	}
	if format != report.FormatText && format != report.FormatTasks {
		if werr := report.Write(stdout, format, nil, report.Options{Version: version, Errors: lines}); werr != nil {
			fmt.Fprintf(stderr, "archvet: writing output: %v\n", werr)
		}
	}
	return exitError
}

// prefixed starts a line archvet prints with "archvet: ", once.
func prefixed(line string) string {
	if strings.HasPrefix(line, "archvet: ") {
		return line
	}
	return "archvet: " + line
}

// formats are report's formats and the task report, which needs the
// baselines' progress.
var formats = append(report.Formats(), report.FormatTasks)

func write(w io.Writer, format string, res *driver.Result, color bool) error {
	if format == report.FormatTasks {
		return report.WriteTasks(w, res.All, res.Tasks) // a to-do list: baselined findings too
	}
	return report.Write(w, format, res.Findings, report.Options{
		Version:  version,
		Rules:    res.RuleInfos(),
		Warnings: res.Warnings,
		Errors:   res.Problems,
		Color:    color,
		ReadFile: func(name string) ([]byte, error) {
			if !filepath.IsAbs(name) {
				name = filepath.Join(res.Dir, name) // relative to -C, not to the process
			}
			return os.ReadFile(name)
		},
	})
}

// flags are the flags every subcommand shares: one set, so that -C,
// -config, -baseline, -tests and -strict mean the same everywhere.
type flags struct {
	set      *flag.FlagSet
	dir      *string
	config   *string
	baseline *string
	tests    *bool
	strict   *bool
	verb     *bool
	version  *bool
	cache    *string
	patterns []string
}

func newFlags(name, usage string, out io.Writer) *flags {
	set := flag.NewFlagSet(name, flag.ContinueOnError)
	set.SetOutput(out)
	f := &flags{
		set:      set,
		config:   set.String("config", "", "rules file for every package (default: $"+config.EnvConfig+", else the nearest rules.yaml above each package)"),
		dir:      set.String("C", "", "run as if started in this directory; relative paths in other flags are relative to it"),
		baseline: set.String("baseline", "", "baseline file (default: the rules file's baseline, or .archvet-baseline.json next to it); off for none"),
		tests:    set.Bool("tests", true, "also check test files"),
		strict:   set.Bool("strict", false, "warnings about the rules (globs matching no file, banned packages no module provides) are errors"),
		verb:     set.Bool("v", false, "say which rules file governs which packages, how long loading and analysing took, and archvet's peak memory"),
		version:  set.Bool("version", false, "print archvet's version and exit"),
		cache:    set.String("cache", "", "result cache: off to check every package afresh (default: $"+cache.Env+", else the user cache directory; see archvet cache)"),
	}
	set.Usage = func() {
		fmt.Fprint(set.Output(), usage)
		set.PrintDefaults()
	}
	return f
}

// parse parses args; flags may follow the package patterns, as with go
// vet. It returns false with the exit code when the command should stop
// (help was asked for: printed on stdout, exit 0; or a usage error).
func (f *flags) parse(args []string, stdout io.Writer) (int, bool) {
	for len(args) > 0 {
		if err := f.set.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.set.SetOutput(stdout)
				f.set.Usage()
				return exitClean, false
			}
			return exitError, false
		}
		args = f.set.Args()
		// Take the patterns up to the next flag, and parse on from there.
		i := slices.IndexFunc(args, func(a string) bool { return strings.HasPrefix(a, "-") && a != "-" })
		if i < 0 {
			f.patterns = append(f.patterns, args...)
			break
		}
		f.patterns = append(f.patterns, args[:i]...)
		args = args[i:]
	}
	return 0, true
}

// options are the driver options the flags say.
func (f *flags) options() driver.Options {
	cfg := *f.config
	if cfg == "" {
		cfg = os.Getenv(config.EnvConfig)
	}
	opts := driver.Options{Dir: *f.dir, Patterns: f.patterns, Config: cfg, Baseline: *f.baseline, Tests: *f.tests, Strict: *f.strict}
	if *f.cache != "off" {
		opts.Cache, _ = cache.Open() // nil, no cache, if ARCHVET_CACHE=off or there is nowhere to put one
	}
	return opts
}

// verbose says, with -v, which rules file governs which packages.
func (f *flags) verbose(stderr io.Writer, res *driver.Result) {
	if !*f.verb {
		return
	}
	for _, g := range res.Governed() {
		name := g.Rules
		if abs, err := filepath.Abs(name); err == nil {
			name = displayName(res.Dir, abs) // as -C sees it
		}
		fmt.Fprintf(stderr, "archvet: %s governs %s\n", name, strings.Join(g.Packages, " "))
	}
	peak := ""
	if n, ok := peakRSS(); ok { // peak_unix.go
		peak = fmt.Sprintf("; peak RSS %.1f MiB", float64(n)/(1<<20))
	}
	if res.Unbuilt() {
		fmt.Fprintf(stderr, "archvet: took %s, all %d packages from the result cache, without building%s\n", res.LoadTime.Round(1e6), res.Cached, peak)
		return
	}
	fmt.Fprintf(stderr, "archvet: loading took %s, analysing %s (%d packages from the result cache)%s\n", res.LoadTime.Round(1e6), res.AnalyseTime.Round(1e6), res.Cached, peak)
}

// summarize writes one line about the findings on stderr, for people:
// only with the text format, whose stdout is meant for them too.
func summarize(stderr io.Writer, res *driver.Result, format string) {
	if format != report.FormatText || len(res.Findings) == 0 {
		return
	}
	fmt.Fprintf(stderr, "archvet: %s\n", report.Summary(res.Findings, res.Fixable()))
}
