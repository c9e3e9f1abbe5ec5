// Package lib belongs to no component: chains pass through it.
package lib

import "example.com/three/internal/web"

// Name names the page.
func Name() string { return web.Title }
