// Package root knows where the data lives. localfs imports it, so root
// cannot use localfs: its findings get no fix.
package root

import (
	"os"
	"strings"
)

// Dir returns the data root.
func Dir() string {
	// nofix: localfs imports root, so importing localfs here would be an import cycle
	data, err := os.ReadFile("/etc/fixapp/root") // want `os.ReadFile is banned here \(read-through-localfs\)`
	if err != nil {
		return "/var/lib/fixapp"
	}
	return strings.TrimSpace(string(data))
}

// Join returns the path of name below the data root.
func Join(name string) string { return Dir() + "/" + name }
