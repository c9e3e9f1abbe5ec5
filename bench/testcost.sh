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
# The whole command's wall time is that of `go test -race -count=1 ./...`,
# which the script also runs and times unless TESTCOST_SUITE=0.
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
if [ "${TESTCOST_SUITE:-1}" != 0 ]; then
	start=$(date +%s)
	go test -race -count=1 ./... >"$out/suite" 2>&1 || { cat "$out/suite" >&2; exit 1; }
	printf '\n`go test -race -count=1 ./...`: %d s\n' $(($(date +%s) - start))
fi
