#!/usr/bin/env bash
# Measures what the rules cost beyond loading: archvet with the realistic
# rules file (bench/rules.yaml.in: bans, a scope with params, calls and
# create, so the zero-value flow check too) against archvet with a rules
# file that governs nothing (bench/none.yaml.in), on the standard library
# and on a copy of golang.org/x/tools. Both run without the result cache
# (ARCHVET_CACHE=off), so every package is loaded and analysed each time.
# Rounds are interleaved; the table gives the median CPU time (user +
# system) of each, the ratio of the medians, and the median and range of
# the ratios of each round's pair (the pair runs back to back, so it
# shares the machine's load). See bench/README.md.
#
# Usage: RUNS=11 bash bench/rulecost.sh
# Environment: RUNS (rounds, default 11), TREES ("std tools" by default),
# BENCH_MODULE (the module copied for "tools"), ARCHVET (a prebuilt binary).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-11}
module=${BENCH_MODULE:-golang.org/x/tools@v0.52.0}
export GOWORK=off GOFLAGS=${GOFLAGS:-} ARCHVET_CACHE=off

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
say() { printf '%s\n' "$*" >&2; }
. "$repo/bench/lib.sh"

build_archvet

echo "| tree | rules governing nothing (CPU s) | realistic rules (CPU s) | ratio of medians | median ratio per round (min–max) | rounds |"
echo "|---|---:|---:|---:|---:|---:|"
for tree in ${TREES:-std tools}; do
	if [ "$tree" = std ]; then
		dir=$(go env GOROOT)/src pattern=std modpath=std
	else
		say "fetching $module"
		dir=$(fetch_module "$module") pattern=./...
		modpath=$(cd "$dir" && go list -m)
	fi
	write_rules "$repo/bench/rules.yaml.in" "$work/$tree.rules.yaml" "$dir" "$modpath"
	write_rules "$repo/bench/none.yaml.in" "$work/$tree.none.yaml" "$dir" "$modpath"
	cd "$dir"
	say "$tree: warming the build cache, checking that both rules files work"
	cpu "$tree" rules "$pattern"
	cpu "$tree" none "$pattern"
	rm -f "$work/$tree".*.t
	for i in $(seq "$runs"); do
		say "$tree: round $i/$runs"
		cpu "$tree" none "$pattern"
		cpu "$tree" rules "$pattern"
	done
	paste "$work/$tree.rules.t" "$work/$tree.none.t" | awk '{ printf "%.4f\n", $1 / $2 }' >"$work/$tree.ratio"
	n=$(median "$work/$tree.none.t") r=$(median "$work/$tree.rules.t")
	printf '| %s | %s | %s | %s | %.2f (%.2f–%.2f) | %s |\n' "$tree" "$n" "$r" \
		"$(awk -v a="$r" -v b="$n" 'BEGIN { printf "%.2f", a / b }')" \
		"$(median "$work/$tree.ratio")" "$(sort -n "$work/$tree.ratio" | head -1)" "$(sort -n "$work/$tree.ratio" | tail -1)" "$runs"
done
