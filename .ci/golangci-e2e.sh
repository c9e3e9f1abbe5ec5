#!/usr/bin/env bash
# Builds a golangci-lint binary that includes archvet's module plugin, from
# the golangci-lint release on the Go module proxy (no git clone), and runs
# it on the fixture modules in testdata/golangci. See
# plugin/golangci_e2e_test.go. Needs the Go toolchain and the module proxy.
#
# The first run on a machine takes minutes; the binary is then reused from
# the temporary directory until this module's files change.
set -euo pipefail
cd "$(dirname "$0")/.."
ARCHVET_GOLANGCI_E2E=1 go test -count=1 -timeout 40m -run '^TestGolangciLint$' -v ./plugin/

# The offline recipe the docs give users (docs/golangci-lint.md): build with
# the script and check that the binary has the plugin.
out=$(mktemp -d)/custom-gcl
bash scripts/build-golangci.sh -o "$out"
# The list is read whole before grep: grep -q stops at the first match,
# and under pipefail the writer's broken pipe would fail the check.
linters=$(cd testdata/golangci/app && "$out" linters --enable-only archvet)
grep -q '^archvet' <<<"$linters" || {
	echo "scripts/build-golangci.sh built a golangci-lint without archvet" >&2
	exit 1
}
