package config_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/archvet/archvet/config"
)

// TestDocumentedConfigs parses every YAML example in the README and docs:
// a block that starts with "version: 1" must compile as a rules file, a
// block that starts with "rules:" or "scopes:" must compile once a version
// line is added, and every other YAML block must at least be valid YAML. It also compiles the
// repository's own rules.yaml and every rules file under testdata.
func TestDocumentedConfigs(t *testing.T) {
	docs, _ := filepath.Glob(filepath.Join("..", "docs", "*.md"))
	docs = append([]string{filepath.Join("..", "README.md")}, docs...)
	block := regexp.MustCompile("(?s)```ya?ml\n(.*?)```")
	rulesFiles := 0
	for _, doc := range docs {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range block.FindAllSubmatch(data, -1) {
			text := m[1]
			name := filepath.Base(doc) + " block " + string(rune('1'+i))
			if strings.HasPrefix(string(text), "rules:") || strings.HasPrefix(string(text), "scopes:") {
				text = append([]byte("version: 1\n"), text...)
			}
			if strings.HasPrefix(string(text), "version: 1") {
				rulesFiles++
				if _, err := config.Parse(filepath.Join("..", "rules.yaml"), text); err != nil {
					t.Errorf("%s does not compile:\n%v", name, err)
				}
				continue
			}
			var v any
			if err := yaml.Unmarshal(text, &v); err != nil {
				t.Errorf("%s is not valid YAML: %v", name, err)
			}
		}
	}
	if rulesFiles < 2 {
		t.Errorf("found %d rules files in the docs; the README's examples were not seen", rulesFiles)
	}
	shipped := []string{filepath.Join("..", "rules.yaml")}
	err := filepath.WalkDir(filepath.Join("..", "testdata"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == config.DefaultFile {
			shipped = append(shipped, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range shipped {
		if _, err := config.Load(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// TestQuickStartIsTheFixture checks that the README's quick start shows
// the rules file of testdata/e2e/app, whose output the end-to-end tests
// pin, so the README's example output stays true.
func TestQuickStartIsTheFixture(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rules, err := os.ReadFile(filepath.Join("..", "testdata", "e2e", "app", "rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```yaml\n"+string(rules)+"```") {
		t.Error("README's quick start does not show testdata/e2e/app/rules.yaml as it is")
	}
}

// TestReadmeAnchors checks that every link to a section of the README
// names a heading that exists, as GitHub derives anchors from headings.
func TestReadmeAnchors(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	inCode := false
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
		}
		if inCode || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimSpace(strings.TrimLeft(line, "#"))
		anchor := strings.Map(func(r rune) rune {
			switch {
			case r == ' ':
				return '-'
			case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
				return r
			case r >= 'A' && r <= 'Z':
				return r + 'a' - 'A'
			}
			return -1
		}, title)
		anchors[anchor] = true
	}
	links := regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(string(data), -1)
	for _, l := range links {
		if !anchors[l[1]] {
			t.Errorf("README links to #%s, but no heading makes that anchor", l[1])
		}
	}
	// The analyzers link their findings to these sections.
	for _, a := range []string{"bans", "scopes", "suppressing-findings", "golangci-lint"} {
		if !anchors[a] {
			t.Errorf("README has no section #%s, which findings link to", a)
		}
	}
}
