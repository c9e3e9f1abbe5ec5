package core

import (
	//archvet:ignore layered the render call is being moved out of core
	"example.com/arch/internal/web/render" // ok: suppressed by the directive above
)

var _ = render.Page
