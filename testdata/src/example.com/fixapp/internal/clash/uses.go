// Package clash has local names that clash with the replacement's.
package clash

import "example.com/fixapp/internal/localfs"

var _ = localfs.ReadFile // ok: the replacement
