#!/usr/bin/env bash
# Measures how archvet's peak memory and time grow with the size of a tree:
# bench/genmod writes modules of the same kind with N packages each (by
# default 300 and 3000), and archvet checks each, without its result cache.
# The issue's target is a peak RSS on 3,000 packages within 1.5x of that on
# 300. Two peaks are reported: that of the archvet process itself (as
# archvet -v says it, from getrusage) and that of the whole run as
# /usr/bin/time reports it, the largest process of the tree, which on large
# trees is the go list that go/packages runs; `go list -deps -export` alone
# is measured too. See bench/README.md.
#
#	bash bench/scale.sh            # 300 and 3000 packages
#	bash bench/scale.sh 100 1000 5000
#
# Environment: RUNS (runs per size, default 3; the table shows medians),
# ARCHVET (a prebuilt binary). The build cache is warmed first (go build
# ./..., untimed); a 3,000-package module takes minutes to build on 2 CPUs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
export GOWORK=off GOFLAGS=${GOFLAGS:-}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf '%s\n' "$*" >&2; }

[ $# -gt 0 ] || set -- 300 3000
bin=${ARCHVET:-}
if [ -z "$bin" ]; then
	(cd "$repo" && go build -o "$work/archvet" ./cmd/archvet)
	bin=$work/archvet
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

first_rss= first_own=
echo "| packages | findings | wall s | CPU s | archvet's own peak RSS MiB | own / own at $1 | whole run's peak RSS MiB | whole / whole at $1 | \`go list -deps -export\` peak RSS MiB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "$@"; do
	mod=$work/gen$n
	(cd "$repo" && go run ./bench/genmod -n "$n" -o "$mod")
	say "$n packages: building (warms the build cache)"
	(cd "$mod" && go build ./...)
	: >"$work/t"
	: >"$work/golist"
	for i in $(seq "$runs"); do
		say "$n packages: run $i/$runs"
		rc=0
		(cd "$mod" && /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$bin" -v -cache=off ./... >"$work/out" 2>"$work/err") || rc=$?
		if [ "$rc" -gt 1 ]; then
			say "archvet exited $rc:"
			head -20 "$work/err" >&2
			exit 1
		fi
		own=$(sed -n 's/.*; peak RSS \([0-9.]*\) MiB$/\1/p' "$work/err")
		echo "$(tail -1 "$work/time") ${own:-0}" >>"$work/t"
		(cd "$mod" && /usr/bin/time -o "$work/time" -f '%M' go list -deps -export ./... >/dev/null)
		tail -1 "$work/time" >>"$work/golist"
	done
	wall=$(awk '{ print $1 }' "$work/t" | median)
	cpu=$(awk '{ printf "%.2f\n", $2 + $3 }' "$work/t" | median)
	rss=$(awk '{ print $4 }' "$work/t" | median)
	own=$(awk '{ print $5 * 1024 }' "$work/t" | median)
	golist=$(median <"$work/golist")
	[ -n "$first_rss" ] || first_rss=$rss
	[ -n "$first_own" ] || first_own=$own
	findings=$(grep -c -E ':[0-9]+:[0-9]+: ' "$work/out" || true)
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
	mib() { awk -v k="$1" 'BEGIN { printf "%d", k / 1024 }'; }
	printf '| %d | %d | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$findings" "$wall" "$cpu" \
		"$(mib "$own")" "$(ratio "$own" "$first_own")" "$(mib "$rss")" "$(ratio "$rss" "$first_rss")" "$(mib "$golist")"
done
echo
echo "Medians of $runs runs; $(nproc) CPUs, $(go version | cut -d' ' -f3-); archvet at $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown)."
