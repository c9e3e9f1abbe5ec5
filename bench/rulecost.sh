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

# cpu TREE RULES PATTERN: runs archvet once, appends its CPU seconds to
# $work/TREE.RULES.t. Exit codes 0 and 1 (findings) are fine.
cpu() {
	local rc=0 u s
	TIMEFORMAT='%U %S'
	{ time "$bin" -config "$work/$1.$2.yaml" "$3" >"$work/out" 2>"$work/err" || rc=$?; } 2>"$work/time"
	if [ "$rc" -gt 1 ]; then
		say "archvet on $1 with $2 exited $rc:"
		head -20 "$work/err" >&2
		exit 1
	fi
	read -r u s <"$work/time"
	awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f\n", u + s }' >>"$work/$1.$2.t"
}
# median FILE: the median of the numbers in FILE, one a line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

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
