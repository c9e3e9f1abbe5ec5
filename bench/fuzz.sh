#!/usr/bin/env bash
# Runs every native Go fuzz test of the repository (func FuzzXxx), one
# target per go test invocation, for a given time each. See
# bench/README.md. CI runs it for 10s per target (.ci/fuzz.sh).
#
# Usage: bash bench/fuzz.sh [duration] [regexp]
#
# duration is a go test -fuzztime value (default 1m; 10s, 5m, 1h, or
# 100000x for a number of executions); regexp picks targets by name
# (default all). A crash leaves its input in the package's
# testdata/fuzz/FuzzXxx/ directory, where go test replays it from then
# on: fix the bug, and commit the input as a regression test. The script
# exits 1 if any target failed, after running them all.
#
# A target that fails with a bare "context deadline exceeded" at the end
# of its time and writes no input is not counted: that is a race in Go's
# fuzzing coordinator (go.dev/issue/75804, fixed in Go 1.27), not a
# finding. It is reported as such.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-1m}
match=${2:-.}

# go test -list prints a package's matching test names, then "ok <pkg> ...".
targets=()
names=()
while read -r first second _; do
	case $first in
	Fuzz*) names+=("$first") ;;
	ok)
		for n in "${names[@]}"; do
			if [[ $n =~ $match ]]; then
				targets+=("$second $n")
			fi
		done
		names=()
		;;
	*) names=() ;;
	esac
done < <(go test -list '^Fuzz' ./...)
if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz.sh: no fuzz target matches $match" >&2
	exit 1
fi

# inputs DIR: how many files DIR holds (0 if it does not exist).
inputs() {
	local n=0 f
	for f in "$1"/*; do
		[ -e "$f" ] && n=$((n + 1))
	done
	echo "$n"
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
failed=()
for t in "${targets[@]}"; do
	pkg=${t% *} name=${t#* }
	printf '=== %s %s (%s)\n' "$pkg" "$name" "$duration"
	corpus=$(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$name
	before=$(inputs "$corpus")
	rc=0
	go test -run '^$' -fuzz "^$name\$" -fuzztime "$duration" "$pkg" >"$out" 2>&1 || rc=$?
	tail -n 12 "$out"
	[ "$rc" -eq 0 ] && continue
	after=$(inputs "$corpus")
	if [ "$after" -eq "$before" ] && grep -A1 -- "^--- FAIL: $name " "$out" | tail -1 | grep -qx '[[:space:]]*context deadline exceeded'; then
		echo "fuzz.sh: $name: the fuzzing coordinator's deadline race (go.dev/issue/75804), no input written: not a finding"
		continue
	fi
	failed+=("$pkg $name")
done
if [ ${#failed[@]} -gt 0 ]; then
	printf 'fuzz.sh: FAILED: %s\n' "${failed[@]}" >&2
	git status --short -- '*/testdata/fuzz/*' >&2 || true
	exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, $duration each, no failure"
