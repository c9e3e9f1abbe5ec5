// Package jobs is core's sibling.
package jobs

import "example.com/arch/internal/web" // ok: layered ignores the jobs -> web edge (ignore_imports)

// Run runs.
func Run() { web.Serve() }
