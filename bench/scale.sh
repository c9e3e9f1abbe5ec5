#!/usr/bin/env bash
# Measures how archvet's peak memory and time grow with the size of a tree:
# bench/genmod writes modules of the same kind with N packages each (by
# default 300 and 3000), and archvet checks each. The issue's target is a
# peak RSS on 3,000 packages within 1.5x of that on 300. See bench/README.md.
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

first_rss=
echo "| packages | findings | wall s | CPU s | peak RSS MiB | RSS / RSS at $1 |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in "$@"; do
	mod=$work/gen$n
	(cd "$repo" && go run ./bench/genmod -n "$n" -o "$mod")
	say "$n packages: building (warms the build cache)"
	(cd "$mod" && go build ./...)
	: >"$work/t"
	for i in $(seq "$runs"); do
		say "$n packages: run $i/$runs"
		rc=0
		(cd "$mod" && /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$bin" ./... >"$work/out" 2>"$work/err") || rc=$?
		if [ "$rc" -gt 1 ]; then
			say "archvet exited $rc:"
			head -20 "$work/err" >&2
			exit 1
		fi
		tail -1 "$work/time" >>"$work/t"
	done
	wall=$(awk '{ print $1 }' "$work/t" | median)
	cpu=$(awk '{ printf "%.2f\n", $2 + $3 }' "$work/t" | median)
	rss=$(awk '{ print $4 }' "$work/t" | median)
	[ -n "$first_rss" ] || first_rss=$rss
	findings=$(grep -c -E ':[0-9]+:[0-9]+: ' "$work/out" || true)
	printf '| %d | %d | %s | %s | %d | %s |\n' "$n" "$findings" "$wall" "$cpu" $((rss / 1024)) \
		"$(awk -v a="$rss" -v b="$first_rss" 'BEGIN { printf "%.2f", a / b }')"
done
echo
echo "Medians of $runs runs; $(nproc) CPUs, $(go version | cut -d' ' -f3-); archvet at $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown)."
