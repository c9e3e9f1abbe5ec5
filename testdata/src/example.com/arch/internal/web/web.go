// Package web is the top layer.
package web

import (
	"example.com/arch/internal/core/clean" // ok: web is above core
	"example.com/arch/internal/web/render" // ok: within web
)

var _ = render.Page
var _ = clean.Tidy
