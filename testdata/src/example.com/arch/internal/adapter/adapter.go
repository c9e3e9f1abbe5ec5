// Package adapter belongs to no component.
package adapter

import "thirdparty.com/cloud/internal/wire" // ok: adapter is unassigned

// Wire wires.
var Wire = wire.Protocol
