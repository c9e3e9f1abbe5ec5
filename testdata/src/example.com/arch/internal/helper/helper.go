// Package helper belongs to no component: contracts do not govern it,
// but chains pass through it.
package helper

import "example.com/arch/internal/web/render" // ok: helper is unassigned

// Help helps.
var Help = render.Page
