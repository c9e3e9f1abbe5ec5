package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"golang.org/x/tools/go/packages"

	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/driver"
	"github.com/archvet/archvet/internal/resolve"
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

// checkConfigMode is all check-config needs of the checked packages:
// their files, to find rules files and judge globs, and their modules,
// to tell the main module from dependencies. Types of the packages
// targets name are loaded by resolve, from export data.
const checkConfigMode = packages.NeedName | packages.NeedFiles | packages.NeedModule

// tablesMode is what check-config adds to checkConfigMode when a rules
// file has a table register (docs/tables.md).
const tablesMode = packages.NeedImports | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo

// hasTables reports whether some rules file has a table register.
func hasTables(cfgs map[*packages.Package]*config.Config) bool {
	for _, c := range cfgs {
		for _, s := range c.Scopes {
			if s.Tables != nil {
				return true
			}
		}
	}
	return false
}

// checkConfig is the check-config subcommand. It returns the exit code.
func checkConfig(args []string, stderr io.Writer) int {
	fset := flag.NewFlagSet("archvet check-config", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var (
		configPath = fset.String("config", "", "rules file (default: nearest rules.yaml above each package)")
		strict     = fset.Bool("strict", false, "warnings about the rules (globs matching no file, banned packages no module provides) are errors")
		dir        = fset.String("C", "", "run as if started in this directory")
	)
	fset.Usage = func() {
		fmt.Fprint(stderr, checkConfigUsage)
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	opts := driver.Options{Dir: *dir, Patterns: fset.Args(), Config: *configPath, Tests: true, Strict: *strict}
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	pkgs, err := packages.Load(&packages.Config{Mode: checkConfigMode, Dir: opts.Dir, Tests: opts.Tests}, patterns...)
	if err != nil {
		fmt.Fprintf(stderr, "archvet: loading packages: %v\n", err)
		return exitError
	}
	cfgs, err := driver.Configs(opts, pkgs)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return exitError
	}
	if hasTables(cfgs) {
		// A table register's entries are judged by the statements in the
		// code, which only syntax and types show: load again with them.
		pkgs, err = packages.Load(&packages.Config{Mode: checkConfigMode | tablesMode, Dir: opts.Dir, Tests: opts.Tests}, patterns...)
		if err != nil {
			fmt.Fprintf(stderr, "archvet: loading packages: %v\n", err)
			return exitError
		}
		if cfgs, err = driver.Configs(opts, pkgs); err != nil {
			fmt.Fprintf(stderr, "%v\n", err)
			return exitError
		}
	}
	checked, err := resolve.CheckAll(cfgs, resolve.Options{Dir: opts.Dir, Env: opts.Env, Patterns: opts.Patterns, Tests: opts.Tests, Strict: opts.Strict})
	for _, w := range checked.Warnings {
		fmt.Fprintf(stderr, "archvet: warning: %s\n", w)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return exitError
	}
	return exitClean
}
