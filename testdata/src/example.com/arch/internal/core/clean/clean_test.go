package clean

import (
	"testing"

	"example.com/arch/internal/web" // want `import of "example.com/arch/internal/web" makes core depend on web \(layered\)`
)

func TestTidy(t *testing.T) { web.Serve() }
