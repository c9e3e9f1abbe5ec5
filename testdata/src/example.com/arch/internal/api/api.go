// Package api may not depend on web.
package api

import "example.com/arch/internal/core/clean" // ok: clean reaches web only from its tests, which are not part of it

var _ = clean.Tidy
