#!/usr/bin/env bash
# Browser check of `archvet graph -format html`: writes the page for the
# e2e example module, for testdata/graph/shop (a finding and a baselined
# one) and for archvet itself, loads each in Debian's headless chromium
# through playwright-core (from npm; it downloads no browser), checks that
# the nodes and the red and dashed edges match the page's data, clicks a
# component and a red edge, and saves screenshots. It also renders the
# Mermaid output with the mermaid package, as GitHub does, to check that
# it parses and draws every node and edge.
#
#	bash .ci/graph-browser.sh [DIR]   screenshots to DIR (default: a temporary
#	                                  directory; docs refreshes the committed ones)
#
# Installs chromium with apt-get when it is missing (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shots=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "$shots" ] || shots=$work/shots
mkdir -p "$shots"

if ! command -v chromium >/dev/null; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version

mkdir -p "$work/node"
(cd "$work/node" && npm install --silent --no-audit --no-fund --no-save playwright-core@1.65.1 mermaid@11.17.2 >/dev/null)
cp .ci/graph-browser.mjs .ci/graph-mermaid.mjs "$work/node/"

go build -o "$work/bin/" ./cmd/archvet ./cmd/archvet-graphviz

# page NAME DIR MIN_VIOLATING MIN_BASELINED [WIDTH]: draw DIR's module,
# check it in a window WIDTH pixels wide.
page() {
	local name=$1 dir=$2
	"$work/bin/archvet" graph -C "$dir" -format html -o "$work/$name.html"
	GRAPH_WIDTH=${5:-1400} node "$work/node/graph-browser.mjs" "$work/$name.html" "$shots/graph-$name.png" "$3" "$4"
	"$work/bin/archvet" graph -C "$dir" -format mermaid -o "$work/$name.mmd"
}
page e2e "$root/testdata/e2e/app" 0 0
page shop "$root/testdata/graph/shop" 1 1
page archvet "$root" 0 0 2000
node "$work/node/graph-mermaid.mjs" "$work/node/node_modules/mermaid/dist/mermaid.min.js" "$work" \
	"$work/e2e.mmd" "$work/shop.mmd" "$work/archvet.mmd" internal/archgraph/testdata/shop.mmd
