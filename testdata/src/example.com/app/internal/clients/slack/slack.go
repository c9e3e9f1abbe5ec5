// Package slack is a client integration.
package slack

// Post posts a message.
func Post(string) {}
