// Package shared belongs to no component.
package shared

import "example.com/arch/internal/projects" // ok: shared is unassigned

// Both is shared.
var Both = projects.List
