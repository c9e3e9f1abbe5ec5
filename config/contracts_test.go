package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archvet/archvet/config"
)

const contractsYAML = `version: 1
components:
  - id: web
    in: [internal/web/**]
  - id: core
    in: [internal/core]
  - id: jobs
    in: [internal/jobs/**]
  - id: util
    in: [internal/util/**]
  - id: cloud
    packages: [github.com/aws/aws-sdk-go-v2/...]
  - id: stdlib
    packages: [std]
contracts:
  - id: layered
    layers: [web, "core | jobs", util]
    ignore_imports: ["example.com/app/internal/web/... -> example.com/app/internal/util"]
    hint: dependencies point down the layers
  - id: core-without-cloud
    forbidden: {from: [core], to: [cloud]}
    allow: ["**/*_test.go"]
    severity: warning
    hint: core gets its clients injected
  - id: apart
    independent: [web, jobs]
    direct: true
    hint: features talk through core
  - id: util-small
    only: {from: [util], may_depend_on: [stdlib]}
    hint: util depends on the standard library only
  - id: no-cycles
    acyclic: [web, core, jobs]
    hint: break the cycle
`

func TestContracts(t *testing.T) {
	cfg, err := config.Parse("rules.yaml", []byte(contractsYAML))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.IDs(), ","); got != "layered,core-without-cloud,apart,util-small,no-cycles" {
		t.Errorf("IDs() = %s", got)
	}
	if sev, ok := cfg.Severity("core-without-cloud"); !ok || sev != config.SeverityWarning {
		t.Errorf("Severity(core-without-cloud) = %v, %v", sev, ok)
	}
	comp := func(id string) *config.Component { return cfg.Component(id) }
	for _, tc := range []struct {
		path, dir string
		want      string
	}{
		{"example.com/app/internal/web", "internal/web", "web"},
		{"example.com/app/internal/web/render", "internal/web/render", "web"},
		{"example.com/app/internal/core", "internal/core", "core"},
		{"example.com/app/internal/core/sub", "internal/core/sub", "core"}, // a directory glob covers what lies below
		{"example.com/app/internal/corex", "internal/corex", ""},
		{"example.com/app/cmd/app", "cmd/app", ""},
		{"github.com/aws/aws-sdk-go-v2/s3", "", "cloud"},
		{"github.com/aws/aws-sdk-go-v2/s3", "vendor/github.com/aws/aws-sdk-go-v2/s3", "cloud"},                  // vendored: by its path
		{"example.com/app/vendor/github.com/aws/aws-sdk-go-v2", "vendor/github.com/aws/aws-sdk-go-v2", "cloud"}, // GOPATH vendoring
		{"net/http", "", "stdlib"},
		{"app/internal/tool", "internal/tool", ""}, // no dot, but in the module: never std
		{"github.com/aws/aws-sdk-go-v2x", "", ""},
	} {
		got := cfg.ComponentOf(tc.path, tc.dir)
		if (got == nil && tc.want != "") || (got != nil && got.ID != tc.want) {
			t.Errorf("ComponentOf(%q, %q) = %v, want %q", tc.path, tc.dir, got, tc.want)
		}
	}
	layered := cfg.Contract("layered")
	for _, tc := range []struct {
		from, to string
		want     bool
	}{
		{"web", "core", false}, {"core", "web", true}, {"core", "jobs", true}, {"jobs", "core", true},
		{"util", "core", true}, {"core", "util", false}, {"core", "core", false}, {"core", "cloud", false},
	} {
		if got := layered.Forbids(comp(tc.from), comp(tc.to)); got != tc.want {
			t.Errorf("layered forbids %s -> %s: %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
	if got := layered.LayerOf(comp("jobs")); got != 1 {
		t.Errorf("LayerOf(jobs) = %d, want 1", got)
	}
	if !layered.Ignores("example.com/app/internal/web/render", "example.com/app/internal/util") || layered.Ignores("example.com/app/internal/core", "example.com/app/internal/util") {
		t.Error("ignore_imports matched the wrong edges")
	}
	if k := cfg.Contract("core-without-cloud"); !k.Forbids(comp("core"), comp("cloud")) || k.Forbids(comp("web"), comp("cloud")) || !k.Exempt("internal/core/a_test.go", true) {
		t.Error("forbidden compiled wrong")
	}
	if k := cfg.Contract("apart"); !k.Direct || !k.Forbids(comp("web"), comp("jobs")) || k.Forbids(comp("web"), comp("core")) {
		t.Error("independent compiled wrong")
	}
	if k := cfg.Contract("util-small"); k.Forbids(comp("util"), comp("stdlib")) || !k.Forbids(comp("util"), comp("web")) || k.Forbids(comp("util"), nil) {
		t.Error("only compiled wrong")
	}
	if k := cfg.Contract("no-cycles"); k.Kind != config.ContractAcyclic || len(k.Components) != 3 || k.Forbids(comp("web"), comp("core")) {
		t.Error("acyclic compiled wrong")
	}
}

// TestContractErrors checks every error about components and contracts,
// with its position and id.
func TestContractErrors(t *testing.T) {
	const comps = "version: 1\ncomponents:\n  - {id: web, in: [web]}\n  - {id: core, in: [core]}\n  - {id: util, in: [util]}\ncontracts:\n"
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"unknown component", comps + "  - {id: k, hint: h, layers: [web, cor]}\n", []string{
			`rules.yaml:7:36: contract "k": layers: unknown component "cor"; did you mean "core"?`,
		}},
		{"unknown sibling", comps + "  - {id: k, hint: h, layers: [web, \"core | utl\"]}\n", []string{
			`rules.yaml:7:36: contract "k": layers: unknown component "utl"; did you mean "util"?`,
		}},
		{"twice in layers", comps + "  - {id: k, hint: h, layers: [web, core, web]}\n", []string{
			`rules.yaml:7:42: contract "k": layers: component "web" appears twice; a component is in one layer`,
		}},
		{"sibling twice", comps + "  - {id: k, hint: h, layers: [web, \"core | core\"]}\n", []string{
			`rules.yaml:7:36: contract "k": layers: component "core" appears twice; a component is in one layer`,
		}},
		{"one layer", comps + "  - {id: k, hint: h, layers: [web]}\n", []string{
			`rules.yaml:7:30: contract "k": layers needs at least two entries, top first; one layer constrains nothing`,
		}},
		{"empty from", comps + "  - {id: k, hint: h, forbidden: {from: [], to: [web]}}\n", []string{
			`rules.yaml:7:40: contract "k": forbidden.from is empty; list component ids`,
		}},
		{"missing to", comps + "  - {id: k, hint: h, forbidden: {from: [web]}}\n", []string{
			`rules.yaml:7:33: contract "k": missing forbidden.to: list component ids`,
		}},
		{"from and to", comps + "  - {id: k, hint: h, forbidden: {from: [web], to: [web]}}\n", []string{
			`rules.yaml:7:51: contract "k": forbidden: component "web" is in both from and to; a component may always use itself`,
		}},
		{"only to and may_depend_on", comps + "  - {id: k, hint: h, only: {from: [web], to: [core], may_depend_on: [util]}}\n", []string{
			`rules.yaml:7:54: contract "k": only: to and may_depend_on are the same list; give one`,
		}},
		{"independent of one", comps + "  - {id: k, hint: h, independent: [web]}\n", []string{
			`rules.yaml:7:35: contract "k": independent needs at least two components`,
		}},
		{"acyclic twice", comps + "  - {id: k, hint: h, acyclic: [web, web]}\n", []string{
			`rules.yaml:7:37: contract "k": acyclic: component "web" appears twice`,
		}},
		{"acyclic direct", comps + "  - {id: k, hint: h, acyclic: [web, core], direct: true}\n", []string{
			`rules.yaml:7:52: contract "k": direct does not apply to acyclic: cycles are judged along whole import chains`,
		}},
		{"no kind", comps + "  - {id: k, hint: h}\n", []string{
			`rules.yaml:7:5: contract "k": contract says nothing: give it one of layers, forbidden, independent, only or acyclic`,
		}},
		{"two kinds", comps + "  - {id: k, hint: h, layers: [web, core], independent: [web, core]}\n", []string{
			`rules.yaml:7:43: contract "k": a contract has one kind; this one has both layers and independent: split it`,
		}},
		{"unknown key", comps + "  - {id: k, hint: h, layer: [web, core]}\n", []string{
			`rules.yaml:7:22: contract "k": unknown key "layer"; did you mean "layers"?`,
			`rules.yaml:7:5: contract "k": contract says nothing: give it one of layers, forbidden, independent, only or acyclic`,
		}},
		{"bad ignore edge", comps + "  - {id: k, hint: h, layers: [web, core], ignore_imports: [\"a/b\"]}\n", []string{
			`rules.yaml:7:60: contract "k": ignore_imports: "a/b" must be one edge, from-pattern -> to-pattern`,
		}},
		{"bad ignore pattern", comps + "  - {id: k, hint: h, layers: [web, core], ignore_imports: [\"a/b -> ./x\"]}\n", []string{
			`rules.yaml:7:60: contract "k": ignore_imports: "./x" is not an import path, a path/... pattern or std`,
		}},
		{"missing hint", comps + "  - {id: k, layers: [web, core]}\n", []string{
			`rules.yaml:7:5: contract "k": missing hint: tell the developer what to do instead`,
		}},
		{"id shared with a rule", "version: 1\nrules:\n  - {id: k, ban: os, hint: h}\ncomponents:\n  - {id: web, in: [web]}\n  - {id: core, in: [core]}\ncontracts:\n  - {id: k, hint: h, layers: [web, core]}\n", []string{
			`rules.yaml:8:10: contract "k": duplicate id "k"; first defined at rules.yaml:3:10`,
		}},
		{"overlapping components", "version: 1\ncomponents:\n  - {id: a, in: [web/**]}\n  - {id: b, in: [web], packages: [std]}\n  - {id: c, packages: [std]}\ncontracts:\n  - {id: k, hint: h, layers: [a, c]}\n", []string{
			`rules.yaml:4:18: component "b": in web is also in component "a"; a package belongs to one component`,
			`rules.yaml:5:24: component "c": packages std is also in component "b"; a package belongs to one component`,
		}},
		{"component without packages", "version: 1\ncomponents:\n  - {id: a}\n  - {id: b, in: [x]}\ncontracts:\n  - {id: k, hint: h, layers: [a, b]}\n", []string{
			`rules.yaml:3:5: component "a": component has no packages: give it in (directories) or packages (import paths)`,
		}},
		{"bad component pattern", "version: 1\ncomponents:\n  - {id: a, packages: [\"github.com/x/*\"]}\n  - {id: b, in: [x]}\ncontracts:\n  - {id: k, hint: h, layers: [a, b]}\n", []string{
			`rules.yaml:3:24: component "a": packages: "github.com/x/*" is not an import path, a path/... pattern or std`,
		}},
		{"duplicate component", "version: 1\ncomponents:\n  - {id: a, in: [x]}\n  - {id: a, in: [y]}\ncontracts:\n  - {id: k, hint: h, independent: [a, a]}\n", []string{
			`rules.yaml:4:10: component "a": duplicate id "a"; first defined at rules.yaml:3:10`,
			`rules.yaml:6:39: contract "k": independent: component "a" appears twice`,
		}},
		{"contracts without components", "version: 1\ncontracts:\n  - {id: k, hint: h, layers: [a, b]}\n", []string{
			`rules.yaml:3:31: contract "k": layers: unknown component "a"`,
			`rules.yaml:3:34: contract "k": layers: unknown component "b"`,
			`rules.yaml:2:1: contracts need components: define them under components`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse("rules.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			if got := err.Error(); got != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", got, strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestContractsDoc compiles the worked example of docs/contracts.md and
// checks that it shows every kind of contract.
func TestContractsDoc(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "contracts.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "```yaml\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/contracts.md has no yaml block")
	}
	cfg, err := config.Parse(filepath.Join("..", "rules.yaml"), []byte(block))
	if err != nil {
		t.Fatalf("the worked example does not compile:\n%v", err)
	}
	kinds := map[config.ContractKind]bool{}
	for _, k := range cfg.Contracts {
		kinds[k.Kind] = true
	}
	if len(kinds) != 5 {
		t.Errorf("the worked example shows %d kinds of contract, want all 5", len(kinds))
	}
}
