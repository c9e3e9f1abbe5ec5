// Package util holds small helpers.
package util

// Cents converts euros to cents.
func Cents(euros int) int { return euros * 100 }
