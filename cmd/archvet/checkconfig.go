package main

import (
	"fmt"
	"io"

	"github.com/archvet/archvet/internal/driver"
)

const checkConfigUsage = `archvet check-config checks the rules files in force for packages
(default ./...) without analysing them: the rules must compile, every
target must name something that exists, and with -strict every in and
allow glob must match a file of the packages. Exit code 0 means the rules
are good (warnings go to stderr), 2 that they are not.

Usage:
	archvet check-config [flags] [packages]

Flags:
`

// checkConfig is the check-config subcommand. It returns the exit code.
func checkConfig(args []string, stdout, stderr io.Writer) int {
	f := newFlags("archvet check-config", checkConfigUsage, stderr)
	if code, ok := f.parse(args, stdout); !ok {
		return code
	}
	opts := f.options()
	opts.Tests = true // test files decide whether globs are stale too
	warnings, err := driver.CheckConfig(opts)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "archvet: warning: %s\n", w)
	}
	if err != nil {
		return failed(stdout, stderr, "text", err)
	}
	return exitClean
}
