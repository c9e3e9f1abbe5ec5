#!/usr/bin/env bash
# Runs archvet over the whole standard library with a storage-gate rule
# (os.{Open,Create,ReadFile,WriteFile} banned outside os/ and io/fs/),
# twice, and checks that it neither fails nor varies between runs.
# Usage: bash .ci/std.sh [-tests]   (with -tests, test files too: slower
# on a cold build cache, since every test variant of std is compiled)
set -euo pipefail
cd "$(dirname "$0")/.."
tests=false
if [ "${1:-}" = "-tests" ]; then tests=true; fi
bin=
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$bin" ]; then
	bin=$work/archvet
	go build -o "$bin" ./cmd/archvet
fi
goroot=$(go env GOROOT)
cat >"$work/rules.yaml" <<YAML
version: 1
root: $goroot/src
rules:
  - id: storage-gate
    ban:
      - os.{Open,Create,ReadFile,WriteFile}
    allow: [os, io/fs]
    hint: file access goes through package os or io/fs
YAML
run() {
	# Exit 1 means findings, which the standard library has plenty of;
	# anything else (2: config or load error; a panic) fails the script.
	local code=0
	(cd "$goroot/src" && GOMAXPROCS=$1 "$bin" -config "$work/rules.yaml" -tests=$tests -format json std) >"$2" 2>"$2.err" || code=$?
	if [ "$code" -ne 1 ]; then
		echo "archvet std exited $code" >&2
		cat "$2.err" >&2
		exit 1
	fi
}
start=$(date +%s)
run 2 "$work/a.json"
mid=$(date +%s)
run 1 "$work/b.json"
end=$(date +%s)
if ! cmp -s "$work/a.json" "$work/b.json"; then
	echo "archvet std: output differs between GOMAXPROCS=2 and GOMAXPROCS=1" >&2
	diff "$work/a.json" "$work/b.json" | head -20 >&2
	exit 1
fi
n=$(grep -c '"rule": "storage-gate"' "$work/a.json" || true)
echo "archvet std (tests: $tests): $n findings, identical across runs (GOMAXPROCS=2: $((mid - start))s, GOMAXPROCS=1: $((end - mid))s)"
