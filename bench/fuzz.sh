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

failed=()
for t in "${targets[@]}"; do
	pkg=${t% *} name=${t#* }
	printf '=== %s %s (%s)\n' "$pkg" "$name" "$duration"
	if ! go test -run '^$' -fuzz "^$name\$" -fuzztime "$duration" "$pkg" 2>&1 | tail -n 12; then
		failed+=("$pkg $name")
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	printf 'fuzz.sh: FAILED: %s\n' "${failed[@]}" >&2
	git status --short -- '*/testdata/fuzz/*' >&2 || true
	exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, $duration each, no failure"
