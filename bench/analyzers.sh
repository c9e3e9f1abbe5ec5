#!/usr/bin/env bash
# Runs the analyzer benchmarks of analyzers/bench_test.go, each
# sub-benchmark in a fresh process, in interleaved rounds, and compares the
# runs with benchstat if it is installed
# (go install golang.org/x/perf/cmd/benchstat@latest). See bench/README.md.
#
# Usage: bash bench/analyzers.sh [rounds]    (default 10)
#
# A fresh process per sub-benchmark keeps one run's garbage and heap
# growth from slowing the next: each run allocates about 10 MB per
# iteration (mostly the inspector) over a heap holding the loaded
# packages, so in one long process the order of the runs shows in the
# numbers. The raw results are left in $OUT (default
# $TMPDIR/archvet-bench-analyzers.txt).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$repo"
go test -c -o "$work/analyzers.test" ./analyzers
cd analyzers # the test binary expects the package directory
names=$("$work/analyzers.test" -test.run='^$' -test.bench=. -test.benchtime=1x |
	sed -n 's/^\(Benchmark[^ 	]*\)-[0-9]*[ 	].*/\1/p')
out=${OUT:-${TMPDIR:-/tmp}/archvet-bench-analyzers.txt}
: >"$out"
for i in $(seq "$rounds"); do
	echo "round $i/$rounds" >&2
	for n in $names; do
		# -test.bench matches each slash-separated level on its own.
		"$work/analyzers.test" -test.run='^$' -test.bench="$(echo "$n" | sed 's|[^/]*|^&$|g')" -test.count=1 |
			grep -v -E '^(PASS|ok[[:space:]])' >>"$out"
	done
done
echo "raw results: $out" >&2
if command -v benchstat >/dev/null; then
	benchstat -col /run -filter '.unit:(sec/op OR allocs/op)' "$out"
else
	echo "benchstat not installed; raw results in $out" >&2
fi
