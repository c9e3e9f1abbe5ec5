#!/usr/bin/env bash
# Runs archvet over real trees and checks that it holds up: no panic, no
# "internal error", exit code 0 or 1 only (2 is a load or config problem),
# and byte-identical JSON output whatever GOMAXPROCS is. See bench/README.md.
#
# Usage: bash bench/robust.sh [tree ...]
#
# A tree is "std" (the standard library, $GOROOT/src: cgo, generics,
# generated files, assembly), a module directory, or module@version for a
# writable copy of that module. Without arguments it checks std, copies of
# golang.org/x/tools@v0.52.0 and github.com/golangci/golangci-lint/v2@v2.15.0,
# and bench/testdata/cgo. Each tree is checked with bench/rules.yaml.in,
# then with the same rules and generated: true: standalone (JSON at
# GOMAXPROCS=1 and 2, then every other -format once) and under
# go vet -vettool. Besides health and determinism it checks that no
# finding lies in a file of the build cache or on an import "C" line
# (cgo's own output is not the user's code). ARCHVET=path uses a prebuilt
# binary. The script exits 1 if any check fails, after running them all.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
export GOWORK=off GOFLAGS=${GOFLAGS:-}
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
say() { printf '%s\n' "$*" >&2; }
. "$repo/bench/lib.sh"
failed=0
fail() {
	say "FAIL: $*"
	failed=1
}

bin=${ARCHVET:-}
if [ -z "$bin" ]; then
	(cd "$repo" && go build -o "$work/archvet" ./cmd/archvet)
	bin=$work/archvet
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

# healthy NAME RC ERRFILE: the run ended as a finished run should.
healthy() {
	if [ "$2" -ne 0 ] && [ "$2" -ne 1 ]; then
		fail "$1: exit code $2"
		head -20 "$3" >&2
	fi
	if grep -n -E 'panic:|internal error|^goroutine [0-9]+ \[' "$3" >&2; then
		fail "$1: panic or internal error on stderr"
	fi
}

# check TREE DIR PATTERN RULES: every check on one tree with one rules file.
check() {
	local tree=$1 dir=$2 pattern=$3 rules=$4 name rc out
	name="$tree ($(basename "$rules" .yaml))"
	out=$work/out/$(echo "$tree-$(basename "$rules" .yaml)" | tr '/@' '__')
	mkdir -p "$out"
	for procs in 1 2; do
		rc=0
		(cd "$dir" && GOMAXPROCS=$procs "$bin" -config "$rules" -format json "$pattern") \
			>"$out/json.$procs" 2>"$out/json.$procs.err" || rc=$?
		healthy "$name: archvet -format json, GOMAXPROCS=$procs" "$rc" "$out/json.$procs.err"
		echo "$rc" >"$out/rc.$procs"
	done
	if ! cmp -s "$out/json.1" "$out/json.2" || ! cmp -s "$out/rc.1" "$out/rc.2"; then
		fail "$name: output or exit code differs between GOMAXPROCS=1 and 2"
		diff "$out/json.1" "$out/json.2" | head -20 >&2 || true
	fi
	local n
	n=$(grep -c '"rule":' "$out/json.2" || true)
	if grep -q -F "\"$(go env GOCACHE)/" "$out/json.2"; then
		fail "$name: findings in files of the build cache (cgo output?)"
		grep -F "\"$(go env GOCACHE)/" "$out/json.2" | sort | uniq -c | head -5 >&2
	fi
	for format in text sarif github; do
		rc=0
		(cd "$dir" && "$bin" -config "$rules" -format "$format" "$pattern") >"$out/$format" 2>"$out/$format.err" || rc=$?
		healthy "$name: archvet -format $format" "$rc" "$out/$format.err"
		if [ "$rc" != "$(cat "$out/rc.2")" ]; then
			fail "$name: -format $format exited $rc, -format json $(cat "$out/rc.2")"
		fi
	done
	local text
	text=$(grep -c -E ':[0-9]+:[0-9]+: ' "$out/text" || true)
	# cgo replaces import "C" with imports of its own; none of them is the user's.
	local f l c rest
	while IFS=: read -r f l c rest; do
		case $f in /*) ;; *) f=$dir/$f ;; esac
		if [ -f "$f" ] && sed -n "${l}p" "$f" | grep -q '^[[:space:]]*import "C"'; then
			fail "$name: finding on an import \"C\" line: ${f#"$dir/"}:$l:$c:$rest"
		fi
	done < <(grep -E '^[^ ]+:[0-9]+:[0-9]+: ' "$out/text")
	# Under go vet every finding goes to stderr; warnings too.
	rc=0
	(cd "$dir" && ARCHVET_CONFIG=$rules go vet -vettool="$bin" "$pattern") >"$out/vet" 2>"$out/vet.err" || rc=$?
	healthy "$name: go vet -vettool" "$rc" "$out/vet.err"
	local vet
	vet=$(grep -c -E ':[0-9]+:[0-9]+: ' "$out/vet.err" || true)
	say "$name: exit $(cat "$out/rc.2"), $n findings in JSON, $text lines of text, $vet from go vet (exit $rc)"
}

# rules ROOT MODULE [generated]: writes a rules file for a tree, prints its path.
rules() {
	local f=$work/rules-$(echo "$2" | tr '/@.' '___')${3:+-gen}.yaml
	write_rules "$repo/bench/rules.yaml.in" "$f" "$1" "$2"
	if [ -n "${3:-}" ]; then
		sed -i 's/^version: 1$/version: 1\ngenerated: true/' "$f"
	fi
	echo "$f"
}

trees=("$@")
[ ${#trees[@]} -gt 0 ] || trees=(std golang.org/x/tools@v0.52.0 github.com/golangci/golangci-lint/v2@v2.15.0 "$repo/bench/testdata/cgo")
for t in "${trees[@]}"; do
	case $t in
	std)
		dir=$(go env GOROOT)/src pattern=std modpath=std ;;
	*@*)
		dir=$(fetch_module "$t") pattern=./...
		modpath=$(cd "$dir" && go list -m) ;;
	*)
		dir=$(cd "$t" && pwd) pattern=./...
		modpath=$(cd "$dir" && go list -m) ;;
	esac
	check "$t" "$dir" "$pattern" "$(rules "$dir" "$modpath")"
	check "$t" "$dir" "$pattern" "$(rules "$dir" "$modpath" gen)"
done
exit "$failed"
