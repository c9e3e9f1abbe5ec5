package main_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// layersContract is added to the e2e module's rules (which the README's
// quick start shows as they are): a layers contract its code keeps. The
// test then breaks it twice, through a package no component holds and
// from an external test, and checks that archvet and go vet report the
// same.
const layersContract = `components:
  - id: core
    in: [internal/core/**]
  - id: storage
    in: [internal/storage/**]
  - id: scope
    in: [internal/scope/**]
contracts:
  - id: layered
    layers: [core, storage, scope]
    hint: dependencies point down the layers
`
const (
	wantChain = `internal/storage/tenant.go:4:8: import of "example.com/app/internal/util" makes storage depend on core through example.com/app/internal/util -> example.com/app/internal/core (layered): dependencies point down the layers`
	wantTest  = `internal/scope/scope_test.go:6:2: import of "example.com/app/internal/core" makes scope depend on core (layered): dependencies point down the layers`
)

func breakLayers(t *testing.T, dir string) {
	t.Helper()
	for name, src := range map[string]string{
		"internal/util/util.go":        "// Package util belongs to no component.\npackage util\n\nimport \"example.com/app/internal/core\"\n\n// Count counts.\nvar Count = core.Count\n",
		"internal/storage/tenant.go":   "package storage\n\n// Tenants are counted by core, through util.\nimport \"example.com/app/internal/util\"\n\n// Tenants counts tenants.\nvar Tenants = util.Count\n",
		"internal/scope/scope_test.go": "package scope_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/app/internal/core\"\n)\n\nfunc TestCount(t *testing.T) { _ = core.Count }\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// contractLines returns the lines of out that are findings of the
// layered contract, sorted.
func contractLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "(layered)") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

func TestContractsStandaloneAndGoVet(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "app")
	rules := filepath.Join(dir, "rules.yaml")
	edit(t, rules, "scopes:\n", layersContract+"scopes:\n")
	if r := runIn(t, dir, bin, "./..."); len(contractLines(r.stdout)) != 0 {
		t.Fatalf("the e2e module breaks its contract before the test breaks it:\n%s", r.stdout)
	}
	breakLayers(t, dir)
	want := []string{wantTest, wantChain}
	standalone := runIn(t, dir, bin, "./...")
	if got := contractLines(standalone.stdout); standalone.code != 1 || !slices.Equal(got, want) {
		t.Errorf("archvet ./...: exit %d, contract findings:\n%s\nwant:\n%s\nstderr:\n%s", standalone.code, strings.Join(got, "\n"), strings.Join(want, "\n"), standalone.stderr)
	}
	vet := runIn(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if got := contractLines(vet.stderr); vet.code == 0 || !slices.Equal(got, want) {
		t.Errorf("go vet: exit %d, contract findings:\n%s\nwant:\n%s\nstderr:\n%s", vet.code, strings.Join(got, "\n"), strings.Join(want, "\n"), vet.stderr)
	}
}

// TestContractConfigErrorExits2 checks that a bad contract is a config
// error: exit 2, no findings, the position and a suggestion on stderr.
func TestContractConfigErrorExits2(t *testing.T) {
	t.Parallel()
	bin, dir := archvetBin(t), fixture(t, "app")
	edit(t, filepath.Join(dir, "rules.yaml"), "scopes:\n", strings.Replace(layersContract, "[core, storage, scope]", "[core, storag, scope]", 1)+"scopes:\n")
	r := runIn(t, dir, bin, "./...")
	want := `rules.yaml:22:20: contract "layered": layers: unknown component "storag"; did you mean "storage"?`
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, want) {
		t.Errorf("bad contract: exit %d, stdout %q, stderr:\n%s\nwant exit 2, no findings and %q", r.code, r.stdout, r.stderr, want)
	}
}
