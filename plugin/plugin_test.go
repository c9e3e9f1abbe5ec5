package plugin_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/archvet/archvet/internal/fixturetest"
	"github.com/archvet/archvet/plugin"
)

// appDir is the fixture package tree; it is also the working directory of
// the tests that need one, since relative paths resolve against it.
var appDir = filepath.Join("testdata", "src", "example.com", "app")

// inlineRules is the content of appDir/rules.yaml as golangci-lint hands it
// to the plugin: parsed YAML, keys lowercased.
func inlineRules() map[string]any {
	return map[string]any{
		"version": 1,
		"rules": []any{map[string]any{
			"id":    "storage-gate",
			"ban":   []any{"os.ReadFile"},
			"allow": []any{"internal/storage/**"},
			"hint":  "all file access goes through storage.Get",
		}},
	}
}

// chdirApp makes appDir the working directory and returns the testdata
// directory as an absolute path.
func chdirApp(t *testing.T) string {
	t.Helper()
	testdata, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(appDir)
	return testdata
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(plugin.Name)
	if err != nil {
		t.Fatal(err)
	}
	chdirApp(t)
	if _, err := newPlugin(map[string]any{"config": "rules.yaml"}); err != nil {
		t.Fatal(err)
	}
}

// TestFindings runs the plugin's analyzers on the fixture, with the rules
// from the rules file and inline: the allow glob must be relative to the
// working directory in both cases.
func TestFindings(t *testing.T) {
	for name, settings := range map[string]any{
		"rules file": map[string]any{"config": "rules.yaml"},
		"inline":     map[string]any{"rules": inlineRules()},
	} {
		t.Run(name, func(t *testing.T) {
			testdata := chdirApp(t)
			for _, a := range buildAnalyzers(t, settings) {
				if a.Name == "archvet" { // reports for the wrapped suite
					fixturetest.Run(t, fixturetest.Load(t, testdata, "example.com/app/..."), a)
					return
				}
			}
			t.Fatal("no archvet analyzer")
		})
	}
}

func TestAnalyzers(t *testing.T) {
	chdirApp(t)
	p, err := plugin.New(map[string]any{"config": "rules.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if mode := p.GetLoadMode(); mode != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", mode, register.LoadModeTypesInfo)
	}
	first, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(first); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range first {
		names = append(names, a.Name)
	}
	got := strings.Join(names, " ")
	if !regexp.MustCompile(`^directives bans scopes archvet archvet_rules_[0-9a-f]{16}$`).MatchString(got) {
		t.Errorf("analyzer names %q, want the suite and then archvet_rules_<hash>", got)
	}
	second, _ := p.BuildAnalyzers()
	for i := range first {
		if first[i] == second[i] {
			t.Errorf("BuildAnalyzers returned analyzer %s twice; want fresh analyzers", first[i].Name)
		}
	}
}

// TestCacheKey checks that the name of the cache key analyzer follows the
// content of the rules, wherever they come from.
func TestCacheKey(t *testing.T) {
	chdirApp(t)
	key := func(settings any) string {
		as := buildAnalyzers(t, settings)
		return as[len(as)-1].Name
	}
	file := key(map[string]any{"config": "rules.yaml"})
	if again := key(map[string]any{"config": "rules.yaml"}); again != file {
		t.Errorf("same rules file, different keys: %s, %s", file, again)
	}

	edited := filepath.Join(t.TempDir(), "rules.yaml")
	data, err := os.ReadFile("rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "ban: [os.ReadFile]", "ban: [os.WriteFile]", 1))
	if err := os.WriteFile(edited, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if other := key(map[string]any{"config": edited}); other == file {
		t.Errorf("different rules, same key %s", file)
	}

	rules := inlineRules()
	inline := key(map[string]any{"rules": rules})
	rules["rules"].([]any)[0].(map[string]any)["ban"] = []any{"os.WriteFile"}
	if other := key(map[string]any{"rules": rules}); other == inline {
		t.Errorf("different inline rules, same key %s", inline)
	}
}

func TestSettingsErrors(t *testing.T) {
	badRule := inlineRules()
	badRule["rules"].([]any)[0].(map[string]any)["bann"] = []any{"os.Remove"}
	for _, tt := range []struct {
		name     string
		settings any
		want     string // a regexp
	}{
		{"none", nil, `^settings: set config to the path of a rules file, or rules to inline rules$`},
		{"empty", map[string]any{}, `^settings: set config`},
		{"unknown key", map[string]any{"config": "rules.yaml", "rulez": true}, `^settings: decoding settings: json: unknown field "rulez"$`},
		{"config not a string", map[string]any{"config": 3}, `^settings: decoding settings: json: cannot unmarshal number into .*config`},
		{"rules not a mapping", map[string]any{"rules": []any{"x"}}, `^settings: decoding settings: json: cannot unmarshal array into .*rules`},
		{"both", map[string]any{"config": "rules.yaml", "rules": inlineRules()}, `^settings: config and rules are both set; use one$`},
		{"missing rules file", map[string]any{"config": "nope.yaml"}, `^reading rules: open nope.yaml: `},
		{"bad rules file", map[string]any{"config": "../../../bad-rules.yaml"}, `^\.\./\.\./\.\./bad-rules.yaml:4:5: .*unknown key "bann"`},
		// Inline rules have no positions worth showing: golangci-lint parsed them.
		{"bad inline rules", map[string]any{"rules": badRule}, `^linters\.settings\.custom\.archvet\.settings\.rules: .*unknown key "bann"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			chdirApp(t)
			_, err := plugin.New(tt.settings)
			if err == nil {
				t.Fatalf("New(%v) succeeded, want an error matching %s", tt.settings, tt.want)
			}
			if !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Errorf("New(%v) error:\n%v\nwant a match for %s", tt.settings, err, tt.want)
			}
		})
	}
}

func buildAnalyzers(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	p, err := plugin.New(settings)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	return as
}
