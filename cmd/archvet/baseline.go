package main

// archvet baseline write: records the current findings in the baseline
// files (internal/driver, internal/baseline), so that later runs report
// only new ones.

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/archvet/archvet/internal/driver"
)

const baselineUsage = `Usage:
	archvet baseline write [flags] [packages]

Records the findings in packages (default ./...) in the baseline file, so
that later runs report only new findings. An existing baseline only
shrinks: fixed findings are dropped, and new ones are not added unless
-grow is given. -force replaces a baseline that cannot be read.

Flags:
`

// runBaseline is "archvet baseline ...". It returns the exit code.
func runBaseline(args []string, stdout, stderr io.Writer) int {
	f := newFlags("archvet baseline write", baselineUsage, stderr)
	grow := f.set.Bool("grow", false, "also record findings the baseline does not have yet")
	force := f.set.Bool("force", false, "replace a baseline file that cannot be read, instead of failing")
	if len(args) == 0 || args[0] != "write" {
		f.set.Usage()
		return exitError
	}
	if code, ok := f.parse(args[1:], stdout); !ok {
		return code
	}
	opts := f.options()
	if opts.Baseline == driver.BaselineOff {
		fmt.Fprintf(stderr, "archvet: -baseline=%s makes no sense when writing the baseline\n", driver.BaselineOff)
		return exitError
	}
	res, err := driver.RunAll(opts)
	if err != nil {
		return failed(stdout, stderr, "text", err)
	}
	if len(res.Problems) > 0 {
		for _, p := range res.Problems {
			fmt.Fprintf(stderr, "archvet: %s\n", p)
		}
		// Findings in a package that did not load are incomplete, and
		// would look fixed.
		fmt.Fprintf(stderr, "archvet: baseline not written: some packages could not be loaded and checked completely\n")
		return exitError
	}
	writes, err := res.WriteBaselines(opts, *grow, *force)
	for _, w := range writes {
		reportWrite(stderr, res.Dir, w)
	}
	if err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	if len(writes) == 0 {
		fmt.Fprintf(stderr, "archvet: no packages to check; baseline not written\n")
		return exitError
	}
	return exitClean
}

// report says what writing one baseline changed.
func reportWrite(stderr io.Writer, wd string, w driver.BaselineWrite) {
	name := displayName(wd, w.Path)
	var changes []string
	if w.Change.Removed > 0 {
		changes = append(changes, plural(w.Change.Removed, "fixed finding")+" removed")
	}
	if w.Change.Added > 0 {
		changes = append(changes, plural(w.Change.Added, "new finding")+" added")
	}
	summary := ""
	if len(changes) > 0 {
		summary = " (" + strings.Join(changes, ", ") + ")"
	}
	fmt.Fprintf(stderr, "archvet: wrote %s: %s%s\n", name, plural(w.Total, "finding"), summary)
	if n := w.Change.Refused; n > 0 {
		them := "them"
		if n == 1 {
			them = "it"
		}
		fmt.Fprintf(stderr, "archvet: refused to add %s to %s; fix %s, or record %[3]s with `archvet baseline write -grow`\n", plural(n, "new finding"), name, them)
	}
}

// displayName returns path relative to wd if it is below wd.
func displayName(wd, path string) string {
	if rel, err := filepath.Rel(wd, path); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return path
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
