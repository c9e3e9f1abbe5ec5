// Package b is in beta.
package b

import "example.com/arch/internal/alpha/a2" // ok: a2 leads nowhere; the cycle is reported where it leaves alpha

// B is b.
var B = a2.A2
