// Package util is the bottom layer.
package util

import "example.com/arch/internal/web/render" // want `import of "example.com/arch/internal/web/render" makes util depend on web \(layered\)`

// Util is useful.
var Util = render.Page
