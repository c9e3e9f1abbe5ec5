// Package core is the shop's business logic.
package core

import (
	"example.com/shop/internal/clients"
	"example.com/shop/internal/util"
)

// Checkout charges the cart.
func Checkout(charge func(int) error) error {
	_ = clients.Payments{}
	return charge(util.Cents(12))
}
