// Package dot uses os through dot imports.
package dot

import "example.com/fixapp/internal/localfs"

var _ = localfs.ReadFile // ok: the replacement
