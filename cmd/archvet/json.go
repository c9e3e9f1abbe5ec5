package main

import (
	"encoding/json"
	"io"

	"github.com/archvet/archvet/report"
)

// writeJSON is a stand-in until package report grows its writers.
func writeJSON(w io.Writer, fs []report.Finding) error {
	if fs == nil {
		fs = []report.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"findings": fs})
}
