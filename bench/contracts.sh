#!/usr/bin/env bash
# Measures what architecture contracts cost: archvet with the realistic
# rules file (bench/rules.yaml.in) against the same rules plus five
# contracts (bench/contracts.yaml.in), on the standard library and on a
# copy of golang.org/x/tools. Rounds are interleaved; the table gives the
# median CPU time (user + system) of each and their ratio. See
# bench/README.md.
#
# Usage: RUNS=5 bash bench/contracts.sh
# Environment: RUNS (rounds, default 5), TREES ("std tools" by default),
# BENCH_MODULE (the module copied for "tools"), ARCHVET (a prebuilt binary).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
module=${BENCH_MODULE:-golang.org/x/tools@v0.52.0}
# Without the result cache, which would answer each round from the last.
export GOWORK=off GOFLAGS=${GOFLAGS:-} ARCHVET_CACHE=off

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
say() { printf '%s\n' "$*" >&2; }
. "$repo/bench/lib.sh"

build_archvet

echo "| tree | rules (CPU s) | rules + 5 contracts (CPU s) | ratio |"
echo "|---|---|---|---|"
for tree in ${TREES:-std tools}; do
	if [ "$tree" = std ]; then
		dir=$(go env GOROOT)/src pattern=std modpath=std
	else
		say "fetching $module"
		dir=$(fetch_module "$module") pattern=./...
		modpath=$(cd "$dir" && go list -m)
	fi
	write_rules "$repo/bench/rules.yaml.in" "$work/$tree.base.yaml" "$dir" "$modpath"
	{ cat "$work/$tree.base.yaml"; sed -e "s|@MODULE@|$modpath|g" "$repo/bench/contracts.yaml.in"; } >"$work/$tree.contracts.yaml"
	cd "$dir"
	say "$tree: warming the build cache, checking that both rules files work"
	cpu "$tree" contracts "$pattern"
	rm -f "$work/$tree".*.t
	for i in $(seq "$runs"); do
		say "$tree: round $i/$runs"
		cpu "$tree" base "$pattern"
		cpu "$tree" contracts "$pattern"
	done
	b=$(median "$work/$tree.base.t") c=$(median "$work/$tree.contracts.t")
	echo "| $tree | $b | $c | $(awk -v a="$c" -v b="$b" 'BEGIN { printf "%.2f", a / b }') |"
done
