// Package jobs runs the shop's background jobs.
package jobs

import (
	"example.com/shop/internal/core"
	"example.com/shop/internal/util"
	"example.com/shop/internal/web"
)

// Run runs the jobs.
func Run() {
	_ = core.Checkout(func(int) error { return nil })
	_ = util.Cents(1)
	_ = web.Render()
}
