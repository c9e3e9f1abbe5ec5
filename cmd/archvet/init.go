package main

// archvet init, archvet rules and archvet explain: writing a first rules
// file, and reading the one in force.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/driver"
	"github.com/archvet/archvet/internal/starter"
)

const initUsage = `Usage:
	archvet init [flags]

Writes a starter rules.yaml at the root of the module in the working
directory (or -C), built from what the module uses today: file access,
HTTP clients, os/exec, database/sql and cloud SDKs, each allowed exactly
where it is used now, and a scope stanza to fill in. -o - prints it
instead; an existing file is kept unless -force is given.

Flags:
`

func runInit(args []string, stdout, stderr io.Writer) int {
	f := newFlags("archvet init", initUsage, stderr)
	out := f.set.String("o", "", "where to write the rules (default: rules.yaml at the module root; - for stdout)")
	force := f.set.Bool("force", false, "replace an existing rules file")
	if code, ok := f.parse(args, stdout); !ok {
		return code
	}
	opts := f.options()
	opts.Tests = false // test files' file access is usually fine; the rules govern them all the same
	pkgs, err := driver.LoadTyped(opts)
	if err != nil {
		return failed(stdout, stderr, "text", err)
	}
	var root, module string
	for _, p := range pkgs {
		if p.Module != nil && p.Module.Main {
			root, module = p.Module.Dir, p.Module.Path
			break
		}
	}
	if root == "" {
		fmt.Fprintln(stderr, "archvet: init needs a module: run it where go.mod is, or pass -C")
		return exitError
	}
	data, err := starter.Generate(pkgs, root, module)
	if err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	if *out == "-" {
		_, err := stdout.Write(data)
		if err != nil {
			fmt.Fprintf(stderr, "archvet: %v\n", err)
			return exitError
		}
		return exitClean
	}
	path := *out
	if path == "" {
		path = filepath.Join(root, config.DefaultFile)
	} else if !filepath.IsAbs(path) {
		path = filepath.Join(*f.dir, path)
	}
	if _, err := os.Stat(path); err == nil && !*force {
		fmt.Fprintf(stderr, "archvet: %s exists; keep it, or replace it with archvet init -force\n", path)
		return exitError
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stderr, "archvet: wrote %s; check it with archvet check-config, then run archvet ./...\n", path)
	return exitClean
}

const rulesUsage = `Usage:
	archvet rules [flags]
	archvet explain [flags] ID

rules lists the rules and scopes of the rules file that governs the
working directory (or -C, or the file -config names); explain prints one
of them whole: what it checks, where it applies, its hint, replacement
and link.

Flags:
`

// loadRules compiles the rules file that governs the flags' directory.
func loadRules(f *flags) (*config.Config, error) {
	base, err := filepath.Abs(*f.dir)
	if err != nil {
		return nil, err
	}
	path, err := config.Locate(f.options().Config, base, base)
	if err != nil {
		return nil, err
	}
	if wd, err := os.Getwd(); err == nil {
		path = displayName(wd, path) // as the user would write it
	}
	return config.Load(path)
}

func runRules(args []string, stdout, stderr io.Writer) int {
	f := newFlags("archvet rules", rulesUsage, stderr)
	if code, ok := f.parse(args, stdout); !ok {
		return code
	}
	cfg, err := loadRules(f)
	if err != nil {
		return failed(stdout, stderr, "text", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s:\n", cfg.File)
	for _, id := range cfg.IDs() {
		m, _ := cfg.Meta(id)
		fmt.Fprintf(&b, "  %-24s %-6s %-8s %s\n", id, m.Kind, m.Severity, m.Hint)
	}
	_, err = io.WriteString(stdout, b.String())
	if err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	return exitClean
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	f := newFlags("archvet explain", rulesUsage, stderr)
	if code, ok := f.parse(args, stdout); !ok {
		return code
	}
	if len(f.patterns) != 1 {
		fmt.Fprintln(stderr, "archvet: explain takes one rule or scope id; archvet rules lists them")
		return exitError
	}
	cfg, err := loadRules(f)
	if err != nil {
		return failed(stdout, stderr, "text", err)
	}
	id := f.patterns[0]
	text, ok := explain(cfg, id)
	if !ok {
		msg := fmt.Sprintf("archvet: %s has no rule or scope %q", cfg.File, id)
		if s := config.Suggest(id, cfg.IDs()); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		fmt.Fprintln(stderr, msg)
		return exitError
	}
	if _, err := io.WriteString(stdout, text); err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	return exitClean
}

// explain describes the rule or scope id of cfg.
func explain(cfg *config.Config, id string) (string, bool) {
	m, ok := cfg.Meta(id)
	if !ok || m.Kind == "archvet" {
		return "", false
	}
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%-12s %s\n", k+":", v)
		}
	}
	globs := func(gs []*config.Glob) string {
		var s []string
		for _, g := range gs {
			s = append(s, g.Text)
		}
		return strings.Join(s, ", ")
	}
	targets := func(ts []*config.Target) string {
		var s []string
		for _, t := range ts {
			s = append(s, t.Text)
		}
		return strings.Join(s, ", ")
	}
	anchor := m.Kind + "s"
	switch {
	case cfg.Rule(id) != nil:
		r := cfg.Rule(id)
		line("rule", fmt.Sprintf("%s (%s:%d:%d)", id, cfg.File, r.Pos.Line, r.Pos.Col))
		line("severity", string(r.Severity))
		line("bans", targets(r.Ban))
		if len(r.In) > 0 {
			line("in", globs(r.In))
		} else {
			line("in", "every file under "+cfg.Root)
		}
		line("allow", globs(r.Allow))
		anchor = "bans"
	case cfg.Scope(id) != nil:
		s := cfg.Scope(id)
		line("scope", fmt.Sprintf("%s (%s:%d:%d)", id, cfg.File, s.Pos.Line, s.Pos.Col))
		line("severity", string(s.Severity))
		line("type", s.Type.Text)
		if s.Params != nil {
			line("params", "exported functions take the scope first; in: "+or(globs(s.Params.In), "everywhere")+"; allow: "+or(globs(s.Params.Allow), "nowhere"))
		}
		if s.Calls != nil {
			line("calls", "must be given a scope: "+targets(s.Calls.Require)+"; allow: "+or(globs(s.Calls.Allow), "nowhere"))
		}
		if s.Create != nil {
			line("create", "scopes are made only by "+or(targets(s.Create.Constructors), "no constructor")+" in "+or(globs(s.Create.Allow), "no file"))
		}
	}
	line("hint", m.Hint)
	line("use instead", m.UseInstead)
	line("url", analyzers.RuleURL(m.URL, anchor))
	return b.String(), true
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
