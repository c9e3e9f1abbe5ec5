#!/usr/bin/env bash
# Measures archvet against go vet on a large real module and prints a
# Markdown table of medians and ratios. See bench/README.md.
#
# Usage: bash bench/run.sh [module-dir]
#
# Without module-dir it checks a writable copy of $BENCH_MODULE
# (default golang.org/x/tools@v0.52.0), fetched with go mod download.
# Environment:
#   RUNS=7            timed rounds; each round runs every command once
#   BENCH_MODULE=m@v  the module to copy when no module-dir is given
#   ARCHVET=path      an archvet binary to use instead of building one
#   BENCH_HYPERFINE=1 also run hyperfine (if installed) on the cold commands
#
# Rounds are interleaved (A B C D, A B C D, ...) rather than run command by
# command, so that load from other processes on a shared machine spreads
# over every command instead of inflating one; medians damp the rest.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-7}
module=${BENCH_MODULE:-golang.org/x/tools@v0.52.0}
# ARCHVET_CACHE=off: archvet's result cache would answer every round after
# the first from the previous one, and the archvet rows would time replays.
export GOWORK=off GOFLAGS=${GOFLAGS:-} ARCHVET_CACHE=off

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
say() { printf '%s\n' "$*" >&2; }
. "$repo/bench/lib.sh"

# The archvet binary: -vettool needs an absolute path.
build_archvet
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

# The module: the one given, or a writable copy of $module from the module
# cache (which is read-only).
if [ $# -ge 1 ]; then
	src=$(cd "$1" && pwd)
	label=$src
else
	say "fetching $module"
	src=$(fetch_module "$module")
	label=$module
fi
cd "$src"
modpath=$(go list -m)

# Rules files: the realistic one, a copy of it for go vet (whose -V=full
# answer hashes the rules file, so a comment appended to it makes go vet
# run the tool on every package again), and one that governs nothing.
for f in rules none; do
	write_rules "$repo/bench/$f.yaml.in" "$work/$f.yaml" "$src" "$modpath"
done
cp "$work/rules.yaml" "$work/vet.yaml"

# The commands. A "cold" go vet gets a flag or rules file it has never
# seen, so go vet's result cache misses and every package (dependencies
# included) is analysed again; the build cache stays warm throughout.
nonce() { date +%s%N; }
vet_cold() { go vet -printf.funcs="archvetbench$(nonce)" ./...; }
vet_warm() { go vet ./...; }
archvet_rules() { "$bin" -config "$work/rules.yaml" ./...; }
archvet_none() { "$bin" -config "$work/none.yaml" ./...; }
vettool_cold() {
	echo "# nonce $(nonce)" >>"$work/vet.yaml"
	ARCHVET_CONFIG=$work/vet.yaml go vet -vettool="$bin" ./...
}
vettool_warm() { ARCHVET_CONFIG=$work/vet.yaml go vet -vettool="$bin" ./...; }
names=(vet_cold archvet_rules vettool_cold archvet_none vet_warm vettool_warm)

# timed NAME: runs NAME once, appends "wall cpu" seconds to $work/NAME.t.
# Exit codes 0 and 1 (findings) are fine; anything else stops the script.
timed() {
	local rc=0 r u s
	TIMEFORMAT='%R %U %S'
	{ time "$1" >"$work/out" 2>"$work/err" || rc=$?; } 2>"$work/time"
	if [ "$rc" -gt 1 ]; then
		say "$1 exited $rc:"
		head -20 "$work/err" >&2
		exit 1
	fi
	read -r r u s <"$work/time"
	echo "$r $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')" >>"$work/$1.t"
	echo "$rc" >"$work/$1.rc"
}

say "warming the build cache and checking every command once"
for n in "${names[@]}"; do
	timed "$n"
	cp "$work/out" "$work/$n.out"
	cp "$work/err" "$work/$n.err"
	rm "$work/$n.t"
done
# Peak memory of one archvet run, where GNU time is installed.
rss=unknown
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	/usr/bin/time -o "$work/rss" -f %M "$bin" -config "$work/rules.yaml" ./... >/dev/null 2>&1 || true
	rss=$(tail -1 "$work/rss" | awk '{ printf "%d MiB", $1 / 1024 }')
fi
findings=$(grep -c -E ':[0-9]+:[0-9]+: ' "$work/archvet_rules.out" || true)
vetfindings=$(grep -c -E ':[0-9]+:[0-9]+: ' "$work/vettool_cold.err" || true)
if [ "$findings" != "$vetfindings" ]; then
	say "warning: archvet reported $findings findings, go vet -vettool $vetfindings"
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

for i in $(seq "$runs"); do
	say "round $i/$runs"
	for n in "${names[@]}"; do timed "$n"; done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

# median COLUMN NAME: the median of column COLUMN of $work/NAME.t.
median() {
	awk -v c="$1" '{ print $c }' "$work/$2.t" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

basew=$(median 1 vet_cold)
basec=$(median 2 vet_cold)
row() { # NAME LABEL
	local w c
	w=$(median 1 "$1")
	c=$(median 2 "$1")
	printf '| %s | %s | %s | %s | %s |\n' "$2" "$w" "$(ratio "$w" "$basew")" "$c" "$(ratio "$c" "$basec")"
}
pkgs=$(go list ./... | wc -l)
deps=$(go list -deps -test ./... | wc -l)
lines=$(find . -name '*.go' -not -path '*/testdata/*' -exec cat {} + | wc -l)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)

cat <<EOF
### archvet benchmark: $label

$pkgs packages, $lines lines of Go outside testdata; test files included
(archvet's default, and go vet's); $deps packages counting test variants
and dependencies. Medians of $runs interleaved rounds, in seconds; the
build cache is warm in every run.

| command | wall | wall / go vet | CPU (user+sys) | CPU / go vet |
|---|---:|---:|---:|---:|
$(row vet_cold '`go vet ./...` (vet cache cold)')
$(row archvet_rules '`archvet ./...`')
$(row vettool_cold '`go vet -vettool=archvet ./...` (vet cache cold)')
$(row archvet_none '`archvet ./...`, rules governing nothing')
$(row vet_warm '`go vet ./...` (vet cache warm)')
$(row vettool_warm '`go vet -vettool=archvet ./...` (vet cache warm)')

What the rules cost beyond loading (archvet with the realistic rules over
archvet with rules that govern nothing): wall $(ratio "$(median 1 archvet_rules)" "$(median 1 archvet_none)"), CPU $(ratio "$(median 2 archvet_rules)" "$(median 2 archvet_none)").

Peak memory of \`archvet ./...\`: $rss.

Findings: $findings from \`archvet\`, $vetfindings from \`go vet -vettool\`
(exit codes: archvet $(cat "$work/archvet_rules.rc"), go vet -vettool $(cat "$work/vettool_cold.rc"), go vet $(cat "$work/vet_cold.rc")).

Machine: $(nproc) CPUs ($cpu), $(go version | cut -d' ' -f3-), load average
$load_before before the rounds and $load_after after.
EOF

if [ "${BENCH_HYPERFINE:-}" = 1 ] && command -v hyperfine >/dev/null; then
	say "hyperfine"
	export -f nonce vet_cold archvet_rules archvet_none vettool_cold
	export bin work
	echo
	echo "hyperfine (runs each command $runs times in a row; exit code 1 means findings):"
	echo
	hyperfine --shell=bash -i --warmup 1 --runs "$runs" --style basic --export-markdown "$work/hf.md" \
		-n 'go vet (cold)' vet_cold -n archvet archvet_rules \
		-n 'go vet -vettool=archvet (cold)' vettool_cold -n 'archvet, governing nothing' archvet_none >&2
	cat "$work/hf.md"
fi
