package core

import (
	"testing"

	"example.com/shop/internal/util"
)

func TestCheckout(t *testing.T) {
	if err := Checkout(func(int) error { return nil }); err != nil || util.Cents(1) != 100 {
		t.Fatal(err)
	}
}
