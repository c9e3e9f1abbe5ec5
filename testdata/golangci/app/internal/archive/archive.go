// Package archive keeps old reports, and reaches into report, its sibling.
package archive

import "example.com/app/internal/report" // want: layered

// Keep archives a report.
func Keep(path string, data []byte) error { return report.Save(path, data) }
