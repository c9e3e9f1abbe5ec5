// Package web is the shop's HTTP layer.
package web

import (
	"example.com/shop/internal/clients"
	"example.com/shop/internal/core"
)

// Serve serves the shop.
func Serve() { core.Checkout(clients.Payments{}.Charge) }

// Render renders a page.
func Render() string { return "page" }
