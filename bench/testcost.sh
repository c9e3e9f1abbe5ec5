#!/usr/bin/env bash
# testcost.sh: the cost of the README's test command, package by package.
#
# Builds each package's test binary with -race (go test -c), then runs the
# binaries one after another under /usr/bin/time -v, in the package's
# directory as go test does, and prints a Markdown table of wall time, CPU
# time (user + system, children included: on a busy machine the steadier
# figure) and peak RSS (the largest process of the binary's tree: the
# test binary or a go command or archvet it starts). Run from the
# repository root:
#
#	bash bench/testcost.sh [package ...]
#
# Then, unless TESTCOST_SUITE=0, it runs `go test -race -count=1 ./...`
# itself and prints its wall time, the peak of the summed RSS of its
# whole process tree, and go test's own per-package times.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pkgs=("$@")
if [ ${#pkgs[@]} -eq 0 ]; then
	mapfile -t pkgs < <(go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./...)
fi
printf '| package | wall | CPU | peak RSS |\n|---|---|---|---|\n'
for p in "${pkgs[@]}"; do
	dir=$(go list -f '{{.Dir}}' "$p")
	bin="$out/$(basename "$p").test"
	go test -c -race -o "$bin" "$p"
	(cd "$dir" && /usr/bin/time -v "$bin" -test.count=1 >"$out/log" 2>"$out/time") || {
		echo "FAIL $p" >&2
		tail -30 "$out/log" >&2
	}
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time")
	cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.0f s", s }' "$out/time")
	printf '| %s | %s | %s | %d MB |\n' "${p#github.com/archvet/archvet/}" "$wall" "$cpu" $((rss / 1024))
done
# treerss prints the summed RSS, in kB, of process $1 and its descendants.
treerss() {
	ps -eo pid=,ppid=,rss= | awk -v root="$1" '
		{ parent[$1] = $2; rss[$1] = $3 }
		END {
			for (p in parent) {
				for (q = p; q != "" && q != 0 && q != 1; q = parent[q]) {
					if (q == root) { sum += rss[p]; break }
				}
			}
			print sum + 0
		}'
}
if [ "${TESTCOST_SUITE:-1}" != 0 ]; then
	# The suite as the README runs it; its peak is the largest sum, sampled
	# every half second, of the RSS of the go command and everything it
	# runs at once (compilers, linkers, test binaries).
	start=$(date +%s)
	go test -race -count=1 ./... >"$out/suite" 2>&1 &
	pid=$!
	peak=0
	while kill -0 "$pid" 2>/dev/null; do
		now=$(treerss "$pid")
		[ "$now" -gt "$peak" ] && peak=$now
		sleep 0.5
	done
	status=ok
	wait "$pid" || status=FAILED
	printf '\n`go test -race -count=1 ./...`: %s, %d s, peak RSS of the process tree %d MB\n' \
		"$status" $(($(date +%s) - start)) $((peak / 1024))
	grep -E '^(ok|FAIL)' "$out/suite" | awk '{ printf "%s %s %s\n", $1, $2, $3 }'
fi
