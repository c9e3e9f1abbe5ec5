// Package a is in alpha, and through beta depends on alpha again.
package a

import "example.com/arch/internal/beta/b" // want `import of "example.com/arch/internal/beta/b" closes a cycle alpha -> beta -> alpha through example.com/arch/internal/beta/b -> example.com/arch/internal/alpha/a2 \(no-cycles\): components form a hierarchy`

var _ = b.B
