package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
)

// The go vet protocol: go vet runs the tool once as "archvet -V=full" to
// key its cache, once as "archvet -flags" to learn which flags to pass
// on, and then once per package as "archvet [flags] path/to/vet.cfg".
//
// go vet caches results under the -V=full answer, so that answer names
// both the archvet executable and the content of the rules file in force:
// editing rules.yaml changes the answer, and go vet re-runs.

// configEnv names a rules file for go vet runs, as -config does.
const configEnv = "ARCHVET_CONFIG"

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
		cfgPath = os.Getenv(configEnv)
	}
	rules, code := vetRules(args, cfgPath)
	if code != exitClean {
		return code
	}
	// unitchecker.Main parses the flags go vet passes; it must accept
	// -config too, though its value was read above.
	flag.String("config", "", "rules file (default: nearest rules.yaml above the package; or $"+configEnv+")")
	unitchecker.Main(analyzers.Suite(rules)...) // exits
	return exitClean
}

// vetRules compiles the rules for the package described by the vet.cfg
// file in args. For -flags it returns an empty rule set. Dependency-only
// runs (VetxOnly) make the contracts analyzer's facts, so they use the
// rules of the dependency's own directory, or -config/$ARCHVET_CONFIG:
// the same rules as the vetted package whenever both lie in one module
// or the rules are named explicitly (docs/contracts.md).
func vetRules(args []string, cfgPath string) (*config.Config, int) {
	empty, _ := config.Parse("rules.yaml", []byte("version: 1\nrules: []\n"))
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") {
		return empty, exitClean // -flags
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
		return nil, exitError
	}
	if cfgPath == "" {
		dir := unit.Dir
		if dir == "" && len(unit.GoFiles) > 0 {
			dir = filepath.Dir(unit.GoFiles[0])
		}
		cfgPath, err = config.Find(dir)
		if unit.VetxOnly && (err != nil || cfgPath == "") {
			// A dependency outside any rules file's reach (the standard
			// library, the module cache): its contract facts are made
			// without rules, and importers judge it by its path alone.
			return empty, exitClean
		}
		if err != nil || cfgPath == "" {
			fmt.Fprintf(os.Stderr, "archvet: no %s found in %s or its parents up to the module root; write one or pass -config\n", config.DefaultFile, dir)
			return nil, exitError
		}
	}
	rules, err := config.Load(cfgPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return nil, exitError
	}
	return rules, exitClean
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
// executable and of the rules file that go vet runs from here will use.
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
	rules := os.Getenv(configEnv)
	if rules == "" {
		wd, _ := os.Getwd()
		rules, _ = config.Find(wd)
	}
	if rules != "" {
		fmt.Fprintf(h, "\x00rules %s\x00", rules)
		_ = hashFile(h, rules) // a missing file is reported by the per-package run
	}
	fmt.Fprintf(stdout, "archvet version %s buildID=%s\n", version, hex.EncodeToString(h.Sum(nil))[:32])
	return exitClean
}

func hashFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, f)
	return errors.Join(err, f.Close())
}
