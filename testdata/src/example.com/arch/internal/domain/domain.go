// Package domain depends on the standard library only.
package domain

import (
	"errors"                         // ok: std is what domain may depend on
	"example.com/arch/internal/util" // want `import of "example.com/arch/internal/util" makes domain depend on util \(domain-pure\): domain depends on the standard library only`
)

var _, _ = errors.New, util.Util
