package driver

// Drivers that run archvet's analyzers one package at a time, in their
// own process (go vet's unitchecker, golangci-lint), see their
// diagnostics only as diagnostics: any of them fails the run, and there
// is no place to apply a baseline. UnitSuite makes them behave as
// archvet ./... does: each analyzer of the suite runs wrapped, its
// diagnostics held back; one more analyzer, which requires them all,
// turns them into findings as Analyze does, drops those the package's
// baseline covers, and reports the rest, except warnings when the caller
// prints those itself so that they do not fail the run. It also resolves
// the rules' targets as far as the package can see (resolve.CheckView).

import (
	"errors"
	"fmt"
	"os"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/analyzers"
	"github.com/archvet/archvet/config"
	"github.com/archvet/archvet/internal/cache"
	"github.com/archvet/archvet/internal/resolve"
	"github.com/archvet/archvet/report"
)

// UnitSuite returns the analyzers for cfg that a one-package-at-a-time
// driver runs: the wrapped suite and, last, the analyzer named "archvet"
// that reports for it. baselineFile is "" for the rules file's own
// baseline, BaselineOff for none, or a file. If warn is not nil, warning
// findings are passed to it as "file:line:col: warning: message" lines,
// sorted, instead of being reported.
//
// opts adjust the analyzers, as for analyzers.Suite: a one-package driver
// can load use_instead replacements on demand with
// analyzers.WithReplacementLookup(ReplacementLoader(...)).
func UnitSuite(cfg *config.Config, baselineFile string, warn func(lines []string), opts ...analyzers.Option) []*analysis.Analyzer {
	if hasRegister(cfg) {
		opts = append(opts, unitStatementStore()...)
	}
	var wrapped []*analysis.Analyzer
	for _, a := range analyzers.Suite(cfg, opts...) {
		wrapped = append(wrapped, hold(a))
	}
	u := &unit{cfg: cfg, baseline: baselineFile, warn: warn}
	return append(wrapped, &analysis.Analyzer{
		Name:             "archvet",
		Doc:              "report archvet's findings as archvet ./... does\n\nIt applies the baseline and the severities to the findings of archvet's other analyzers.",
		URL:              analyzers.DocURL,
		Requires:         wrapped,
		RunDespiteErrors: true,
		Run:              u.run,
	})
}

// held is what a held-back analyzer returns: the wrapped analyzer's
// result and the diagnostics it reported.
type held struct {
	result any
	diags  []analysis.Diagnostic
}

// hold returns an analyzer that runs a and holds its diagnostics back.
func hold(a *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.ResultType = reflect.TypeFor[*held]()
	w.Run = func(pass *analysis.Pass) (any, error) {
		h := &held{}
		p := *pass
		p.Report = func(d analysis.Diagnostic) { h.diags = append(h.diags, d) }
		var err error
		h.result, err = a.Run(&p)
		return h, err
	}
	return &w
}

// unit is the reporting analyzer's configuration; it is not changed
// after UnitSuite returns.
type unit struct {
	cfg      *config.Config
	baseline string
	warn     func([]string)
}

func (u *unit) run(pass *analysis.Pass) (any, error) {
	if pass.Pkg == nil {
		return nil, nil // no types: the analyzers found nothing either
	}
	// A target that cannot resolve, as far as this package can tell.
	if errs := resolve.CheckView(u.cfg, pass.Pkg); len(errs) > 0 {
		return nil, fmt.Errorf("the rules cannot match:\n%w", errors.Join(errs...))
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("locating working directory: %w", err)
	}
	var findings []report.Finding
	diag := map[report.Finding]analysis.Diagnostic{}
	for _, a := range pass.Analyzer.Requires {
		for _, d := range pass.ResultOf[a].(*held).diags {
			f := NewFinding(wd, u.cfg, pass.Fset, pass.Files, pass.Pkg.Path(), d)
			if _, dup := diag[f]; !dup {
				diag[f] = d
				findings = append(findings, f)
			}
		}
	}
	report.Sort(findings)
	if u.baseline != BaselineOff {
		var files []string
		for _, f := range pass.Files {
			if tok := pass.Fset.File(f.FileStart); tok != nil {
				files = append(files, tok.Name())
			}
		}
		if findings, err = FilterPackage(u.cfg, u.baseline, wd, findings, files); err != nil {
			return nil, err
		}
	}
	var warnings []string
	for _, f := range findings {
		if u.warn != nil && f.Severity == config.SeverityWarning {
			pos := pass.Fset.Position(diag[f].Pos) // absolute, as go vet shortens it
			warnings = append(warnings, fmt.Sprintf("%s:%d:%d: warning: %s", pos.Filename, f.Line, f.Column, f.Text()))
			continue // the caller prints it: a warning does not fail the run
		}
		pass.Report(diag[f])
	}
	if len(warnings) > 0 {
		u.warn(warnings)
	}
	return nil, nil
}

// hasRegister reports whether a scope of cfg has a table register.
func hasRegister(cfg *config.Config) bool {
	for _, s := range cfg.Scopes {
		if s.Tables != nil {
			return true
		}
	}
	return false
}

// unitStatementStore returns the option that keeps the register's parses
// in the result cache's directory ($ARCHVET_CACHE applies as for
// archvet ./...): go vet runs a process per package, and each would
// start the SQL parser anew. None if the cache is off.
func unitStatementStore() []analyzers.Option {
	c, err := cache.Open()
	if err != nil || c == nil {
		return nil
	}
	if s := StatementStore(c); s != nil {
		return []analyzers.Option{analyzers.WithStatementStore(s)}
	}
	return nil
}
