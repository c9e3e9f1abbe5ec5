// Package dbalias re-exports db.Conn under another name.
package dbalias

import "example.com/app/internal/db" // ok: dbalias is allowed by db-gate

// C is an alias of the banned type.
type C = db.Conn // ok: dbalias is allowed by db-gate

// Wrapped embeds the banned type, so its methods are promoted.
type Wrapped struct {
	*db.Conn // ok: dbalias is allowed by db-gate
}
