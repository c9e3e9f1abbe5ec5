// Package billing is a feature independent of projects.
package billing

import (
	"example.com/arch/internal/projects" // want `import of "example.com/arch/internal/projects" makes billing depend on projects \(features-apart\): features talk through core`
	"example.com/arch/internal/shared"   // ok: features-apart is direct, and shared reaches projects only indirectly
)

var _, _ = projects.List, shared.Both
