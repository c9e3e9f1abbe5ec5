package clean_test

import (
	"testing"

	"example.com/arch/internal/core/clean" // ok: within core
	"example.com/arch/internal/web/render" // want `import of "example.com/arch/internal/web/render" makes core depend on web \(layered\)`
)

func TestExt(t *testing.T) { _, _ = clean.Tidy, render.Page }
