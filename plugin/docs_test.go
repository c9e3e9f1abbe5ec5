package plugin_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/archvet/archvet/plugin"
)

// docFiles may document the plugin, relative to this package: the
// README, and the section written for it.
var docFiles = []string{
	filepath.Join("..", "README.md"),
	filepath.Join("..", "docs", "golangci-lint.md"),
}

var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestDocExamples checks that every .golangci.yml example in the
// documentation gives the plugin settings it accepts.
func TestDocExamples(t *testing.T) {
	var abs []string // checkDocExamples changes the working directory
	for _, f := range docFiles {
		a, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		abs = append(abs, a)
	}
	n := 0
	for _, f := range abs {
		n += checkDocExamples(t, f)
	}
	if n < 2 {
		t.Errorf("found %d .golangci.yml examples enabling archvet in %v, want 2 or more (a rules file and inline rules)", n, docFiles)
	}
}

// checkDocExamples checks the examples in docFile, and returns how many
// there are.
func checkDocExamples(t *testing.T, docFile string) int {
	t.Helper()
	doc, err := os.ReadFile(docFile)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range yamlBlock.FindAllSubmatch(doc, -1) {
		var example struct {
			Linters struct {
				Settings struct {
					Custom map[string]struct {
						Type     string
						Settings map[string]any
					}
				}
			}
		}
		if err := yaml.Unmarshal(m[1], &example); err != nil {
			continue // not for golangci-lint: the count catches lost examples
		}
		archvet, ok := example.Linters.Settings.Custom[plugin.Name]
		if !ok {
			continue // not a .golangci.yml, or archvet is not in it
		}
		n++
		if archvet.Type != "module" {
			t.Errorf("%s: example has type %q, want module", docFile, archvet.Type)
		}
		t.Chdir(t.TempDir())
		if path, ok := archvet.Settings["config"].(string); ok {
			writeRules(t, path)
		}
		if _, err := plugin.New(archvet.Settings); err != nil {
			t.Errorf("%s: example settings rejected: %v\n%s", docFile, err, m[1])
		}
	}
	return n
}

// writeRules writes a valid rules file at path.
func writeRules(t *testing.T, path string) {
	t.Helper()
	const rules = "version: 1\nrules:\n  - id: storage-gate\n    ban: [os.ReadFile]\n    allow: [internal/storage/**]\n    hint: use storage\n"
	if err := os.WriteFile(path, []byte(rules), 0o644); err != nil {
		t.Fatal(err)
	}
}
