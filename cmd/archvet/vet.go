package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/baseline"
	"github.com/archvet/archvet/internal/driver"
)

// The go vet protocol: go vet runs the tool once as "archvet -V=full" to
// key its cache, once as "archvet -flags" to learn which flags to pass
// on, and then once per package as "archvet [flags] path/to/vet.cfg".
//
// go vet caches results under the -V=full answer, so that answer names
// the archvet executable and the content of every rules file and
// baseline that can govern a package below the working directory:
// editing any of them changes the answer, and go vet re-runs.
//
// unitchecker runs the analyzers and fails the unit on any diagnostic.
// To behave as "archvet ./..." does, the analyzers run wrapped (vetSuite):
// their diagnostics are collected, turned into findings as the driver
// does, filtered by the package's baseline, and then errors are reported
// to unitchecker while warnings are printed and do not fail the run.

// isVetInvocation reports whether args are go vet's, not a user's.
func isVetInvocation(args []string) bool {
	for _, a := range args {
		if a == "-V=full" || a == "-flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

func vetMain(args []string) int {
	for _, a := range args {
		if a == "-V=full" {
			return printVersion(os.Stdout, os.Stderr)
		}
	}
	cfgPath := flagValue(args, "config")
	if cfgPath == "" {
		cfgPath = os.Getenv(config.EnvConfig)
	}
	rules, vetxOnly, code := vetRules(args, cfgPath)
	if code != exitClean {
		return code
	}
	// unitchecker.Main parses the flags go vet passes; it must accept
	// archvet's too, though their values were read above.
	flag.String("config", "", "rules file (default: $"+config.EnvConfig+", else the nearest rules.yaml above the package)")
	flag.String("baseline", "", "baseline file (default: the rules file's); off for none")
	// Warnings go to stderr, which go vet shows, rather than to
	// unitchecker, whose diagnostics go vet counts as failures (since Go
	// 1.26 it always asks for them as JSON, so -json says nothing about
	// what the user asked for).
	warn := func(lines []string) {
		vetStderr.Lock()
		defer vetStderr.Unlock()
		fmt.Fprintln(os.Stderr, strings.Join(lines, "\n"))
	}
	// A use_instead fix needs the replacement's types; a package that does
	// not import it yet gets them from the go command, once per unit.
	repls := analyzers.WithReplacementLookup(driver.ReplacementLoader("", nil))
	if vetxOnly {
		// A dependency, for its facts alone (the contracts analyzer's):
		// go vet discards its diagnostics, so nothing is reported.
		unitchecker.Main(analyzers.Suite(rules)...) // exits
	}
	unitchecker.Main(driver.UnitSuite(rules, flagValue(args, "baseline"), warn, repls)...) // exits
	return exitClean
}

// vetStderr serializes the warnings of concurrent analyzer runs.
var vetStderr sync.Mutex

// vetRules compiles the rules for the package described by the vet.cfg
// file in args. For -flags it returns an empty rule set. Dependency-only
// runs (VetxOnly) make the contracts analyzer's facts, so they use the
// rules of the dependency's own directory, or -config/$ARCHVET_CONFIG:
// the same rules as the vetted package whenever both lie in one module
// or the rules are named explicitly (docs/contracts.md).
func vetRules(args []string, cfgPath string) (rules *config.Config, vetxOnly bool, code int) {
	empty, _ := config.Parse("rules.yaml", []byte("version: 1\nrules: []\n"))
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") {
		return empty, false, exitClean // -flags
	}
	var unit struct {
		Dir      string
		GoFiles  []string
		VetxOnly bool
	}
	data, err := os.ReadFile(last)
	if err == nil {
		err = json.Unmarshal(data, &unit)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "archvet: reading %s: %v\n", last, err)
		return nil, false, exitError
	}
	dir := unit.Dir
	if dir == "" && len(unit.GoFiles) > 0 {
		dir = filepath.Dir(unit.GoFiles[0])
	}
	if unit.VetxOnly && cfgPath == "" {
		if found, err := config.Find(dir); err != nil || found == "" {
			// A dependency outside any rules file's reach (the standard
			// library, the module cache): its contract facts are made
			// without rules, and importers judge it by its path alone.
			return empty, true, exitClean
		}
	}
	wd, _ := os.Getwd()
	path, err := config.Locate(cfgPath, wd, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, prefixed(err.Error()))
		return nil, unit.VetxOnly, exitError
	}
	rules, err = config.Load(path)
	if err != nil {
		for _, l := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(os.Stderr, prefixed(l))
		}
		return nil, unit.VetxOnly, exitError
	}
	return rules, unit.VetxOnly, exitClean
}

// flagValue returns the value of -name=value or -name value in args.
func flagValue(args []string, name string) string {
	for i, a := range args {
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// printVersion answers -V=full. cmd/go uses the whole line as the cache
// key when the version is not "devel", so the line carries a hash of the
// executable and of every rules file and baseline that go vet runs from
// here can use.
func printVersion(stdout, stderr io.Writer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	h := sha256.New()
	if err := hashFile(h, exe); err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	wd, _ := os.Getwd()
	for _, f := range governingFiles(wd) {
		fmt.Fprintf(h, "\x00%s\x00", f)
		_ = hashFile(h, f) // a missing file is reported by the per-package run
	}
	fmt.Fprintf(stdout, "archvet version %s buildID=%s\n", version, hex.EncodeToString(h.Sum(nil))[:32])
	return exitClean
}

// governingFiles lists, sorted, the rules files that can govern a package
// below wd ($ARCHVET_CONFIG, the nearest rules.yaml above wd, and every
// rules.yaml below it) and their baselines.
func governingFiles(wd string) []string {
	var rules []string
	if env := os.Getenv(config.EnvConfig); env != "" {
		rules = append(rules, env)
	}
	if above, _ := config.Find(wd); above != "" {
		rules = append(rules, above)
	}
	_ = filepath.WalkDir(wd, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable: nothing of it can be vetted either
		}
		if d.IsDir() && path != wd && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_") || d.Name() == "testdata" || d.Name() == "vendor") {
			return filepath.SkipDir // the go command ignores these too
		}
		if !d.IsDir() && d.Name() == config.DefaultFile {
			rules = append(rules, path)
		}
		return nil
	})
	files := slices.Clone(rules)
	for _, r := range rules {
		if cfg, err := config.Load(r); err == nil {
			if b, err := baseline.Path(cfg); err == nil {
				files = append(files, b)
			}
		}
	}
	slices.Sort(files)
	return slices.Compact(files)
}

func hashFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, f)
	return errors.Join(err, f.Close())
}
