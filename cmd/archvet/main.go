// Command archvet enforces architecture rules on Go code.
//
//	archvet [flags] [packages]                 check packages (default ./...)
//	archvet -fix|-diff [flags] [packages]      apply suggested fixes, or print them as a diff
//	archvet baseline write [flags] [packages]  record the findings in the baseline
//	archvet check-config [flags] [packages]    only check the rules files
//	go vet -vettool=$(which archvet) ./...     the same, run by go vet
//
// Exit codes: 0 no error-severity findings, 1 findings, 2 usage, config
// or load error. With -fix, findings that were fixed do not count.
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
	go vet -vettool=$(which archvet) [packages]

Flags:
`

// run is the standalone command. It returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "baseline" {
		return runBaseline(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "check-config" {
		return checkConfig(args[1:], stderr)
	}
	if len(args) > 0 && args[0] == "cache" {
		return runCache(args[1:], stdout, stderr) // cache.go
	}
	if len(args) > 0 && args[0] == "nogo" {
		return runNogo(args[1:], stderr) // nogo.go
	}
	fset := flag.NewFlagSet("archvet", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var (
		configPath = fset.String("config", "", "rules file (default: nearest rules.yaml above each package)")
		format     = fset.String("format", "text", "output format: "+strings.Join(formats, ", "))
		tests      = fset.Bool("tests", true, "also check test files")
		dir        = fset.String("C", "", "run as if started in this directory")
		baseFile   = fset.String("baseline", "", "baseline file (default: the rules file's baseline, or .archvet-baseline.json next to it); off for none")
		strict     = fset.Bool("strict", false, "warnings about the rules (globs matching no file, banned packages no module provides) are errors")
		fix        = fset.Bool("fix", false, "apply suggested fixes; findings they fix no longer count")
		diff       = fset.Bool("diff", false, "print suggested fixes as a unified diff instead of applying them")
	)
	fset.Usage = func() {
		fmt.Fprint(stderr, usage)
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	if !slices.Contains(formats, *format) {
		fmt.Fprintf(stderr, "archvet: unknown -format %q; use one of %s\n", *format, strings.Join(formats, ", "))
		return exitError
	}
	res, err := check(driver.Options{Dir: *dir, Patterns: fset.Args(), Config: *configPath, Tests: *tests, Strict: *strict}, *baseFile, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return exitError
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "archvet: warning: %s\n", w)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(stderr, "archvet: %s\n", p)
	}
	if *fix || *diff {
		return runFix(stdout, stderr, *format, *diff, res) // fix.go
	}
	if err := write(stdout, *format, res); err != nil {
		fmt.Fprintf(stderr, "archvet: writing output: %v\n", err)
		return exitError
	}
	switch {
	case len(res.Problems) > 0:
		return exitError
	case hasErrors(res.Findings):
		return exitFindings
	}
	return exitClean
}

// formats are report's formats and the task report, which needs the
// baseline's progress (see baseline.go).
var formats = append(report.Formats(), report.FormatTasks)

func write(w io.Writer, format string, res *checked) error {
	if format == report.FormatTasks {
		return report.WriteTasks(w, res.All, res.Tasks) // a to-do list: baselined findings too
	}
	return report.Write(w, format, res.Findings, report.Options{
		Version: version,
		Rules:   res.RuleInfos(),
		ReadFile: func(name string) ([]byte, error) {
			if !filepath.IsAbs(name) {
				name = filepath.Join(res.Dir, name) // relative to -C, not to the process
			}
			return os.ReadFile(name)
		},
	})
}

func hasErrors(fs []report.Finding) bool {
	for _, f := range fs {
		if f.Severity == "error" {
			return true
		}
	}
	return false
}
