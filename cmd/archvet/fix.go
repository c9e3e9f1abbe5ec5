package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/archvet/archvet/internal/driver"
	"github.com/archvet/archvet/report"
)

// runFix finishes a run with -fix or -diff. It fixes the findings the run
// reports: those a baseline covers are left alone, unless -baseline=off.
// With -fix it writes the fixed files and reports the findings no fix
// resolved: fixed findings no longer count toward the exit code. With
// -diff it writes nothing: the diff goes to stdout alone, so it can be
// piped to git apply, the findings no fix resolves go to stderr, and the
// exit code is that of a run without -diff, since every finding still
// stands. Packages that did not load or type-check are never fixed.
func runFix(stdout, stderr io.Writer, format string, diff bool, res *driver.Result) int {
	if len(res.Problems) > 0 {
		fmt.Fprintln(stderr, "archvet: not fixing anything: some packages did not load or type-check")
		return exitError
	}
	fx, err := res.Fix()
	if err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	for _, s := range fx.Skipped {
		fmt.Fprintf(stderr, "archvet: %s\n", s)
	}
	rest := withoutFixed(res, fx.Remaining)
	if diff {
		if err := fx.Diff(stdout); err != nil {
			fmt.Fprintf(stderr, "archvet: writing the diff: %v\n", err)
			return exitError
		}
		if err := write(stderr, "text", rest, false); err != nil {
			fmt.Fprintf(stderr, "archvet: writing output: %v\n", err)
			return exitError
		}
		fmt.Fprintf(stderr, "archvet: %s\n", fx.Summary(false))
		if driver.HasErrors(res.Findings) {
			return exitFindings
		}
		return exitClean
	}
	if err := fx.Write(); err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stderr, "archvet: %s\n", fx.Summary(true))
	if err := write(stdout, format, rest, false); err != nil {
		fmt.Fprintf(stderr, "archvet: writing output: %v\n", err)
		return exitError
	}
	if driver.HasErrors(rest.Findings) {
		return exitFindings
	}
	return exitClean
}

// withoutFixed returns res with only the remaining findings: those of
// res.Findings no fix resolved, and in All those and the baselined ones.
func withoutFixed(res *driver.Result, remaining []report.Finding) *driver.Result {
	r := *res
	r.Findings = remaining
	fixed := map[report.Finding]bool{}
	for _, f := range res.Findings {
		fixed[f] = true
	}
	for _, f := range remaining {
		delete(fixed, f)
	}
	r.All = slices.DeleteFunc(slices.Clone(res.All), func(f report.Finding) bool { return fixed[f] })
	return &r
}
