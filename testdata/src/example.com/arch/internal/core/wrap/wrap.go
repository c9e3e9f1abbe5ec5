// Package wrap is core code that imports core, which breaks the layers.
package wrap

import "example.com/arch/internal/core" // ok: within core; what core brings in is reported at core's own imports

var _ = core.Tidy
