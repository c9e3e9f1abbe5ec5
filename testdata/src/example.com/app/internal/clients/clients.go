// Package clients is the parent of the client integrations.
package clients
