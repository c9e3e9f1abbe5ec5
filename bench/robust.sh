#!/usr/bin/env bash
# The real-tree sweep: runs archvet over real trees and checks that it
# holds up. See bench/README.md.
#
# Usage: bash bench/robust.sh [tree ...]
#
# A tree is "std" (the standard library, $GOROOT/src: cgo, generics,
# generated files, assembly), a module directory (checked in place; -fix
# works on a copy), or module@version for a writable copy of that module
# from the module proxy (a go.work in it is ignored: GOWORK=off). Without
# arguments it checks std, golang.org/x/tools@v0.52.0, bench/testdata/cgo,
# github.com/prometheus/prometheus@v0.316.0 and go.temporal.io/server@v1.32.1.
#
# Each tree is checked with bench/rules.yaml.in (every kind of target, a
# use_instead fix, a scope with params, calls and create):
#   - health: exit code 0 or 1 only (2 is a load or config problem), no
#     panic, "internal error" or goroutine dump on stderr, in every run;
#   - determinism: -format json twice at GOMAXPROCS=2 and once at 1,
#     without the result cache, byte-identical, same exit code;
#   - -format text, json, sarif and github with a fresh result cache (text
#     fills it): healthy, the first JSON run's exit code, text reports the
#     same findings (file:line:col and rule) as JSON, and JSON from the
#     cache is byte-identical to JSON without it;
#   - go vet -vettool: healthy, the same set of findings as archvet;
#   - no finding in a file of the build cache or on an import "C" line
#     (cgo's own output is not the user's code);
#   - -fix on a copy (std: a copy of GOROOT), then go build and go vet of
#     the fixed tree (only problems the original lacks count), gofmt of the
#     files it wrote, and a second -fix that changes no file;
#   - then the health, determinism and agreement checks again with
#     generated: true.
# ARCHVET=path uses a prebuilt binary; ROBUST_FIX=0 skips the -fix check,
# ROBUST_GENERATED=0 the generated: true pass. The script exits 1 if any
# check fails, after running them all, and prints a summary table.
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

build_archvet
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

# keys_json FILE, keys_text FILE: the findings of a run as sorted lines
# "file:line:col rule", from -format json (indented, one field a line) and
# from text (the rule id is the last "(id)" before the hint). Paths are
# made relative to $dir, as the text formats print them.
keys_json() {
	awk -v dir="$dir/" '
		/^      "rule": / { rule = $2; gsub(/[",]/, "", rule) }
		/^      "file": / { file = $2; gsub(/^"|",$/, "", file); if (index(file, dir) == 1) file = substr(file, length(dir) + 1) }
		/^      "line": / { line = $2; gsub(/,/, "", line) }
		/^      "column": / { col = $2; gsub(/,/, "", col); print file ":" line ":" col " " rule }
	' "$1" | LC_ALL=C sort
}
keys_text() {
	sed -n -E 's#^(\./)?([^ ]+:[0-9]+:[0-9]+): .*\(([a-z][a-z0-9]*(-[a-z0-9]+)*)\)(: .*)?$#\2 \3#p' "$1" |
		sed "s#^$dir/##" | LC_ALL=C sort
}

# same_set NAME A B WHAT: fails if the files of keys A and B differ.
same_set() {
	if ! cmp -s "$2" "$3"; then
		fail "$1: $4 differ"
		diff "$2" "$3" | head -10 >&2 || true
	fi
}

# tree_sum DIR: a checksum of every Go file below DIR.
tree_sum() {
	(cd "$1" && find . -name '*.go' -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)
}

# check TREE DIR PATTERN RULES: every check on one tree with one rules file.
check() {
	local tree=$1 dir=$2 pattern=$3 rules=$4 name rc out
	name="$tree ($(basename "$rules" .yaml))"
	out=$work/out/$(echo "$tree-$(basename "$rules" .yaml)" | tr '/@' '__')
	mkdir -p "$out"
	# Without the result cache, so that each run analyses every package.
	for procs in 1 2 2; do
		rc=0
		(cd "$dir" && ARCHVET_CACHE=off GOMAXPROCS=$procs "$bin" -config "$rules" -format json "$pattern") \
			>"$out/json.$procs" 2>"$out/json.$procs.err" || rc=$?
		healthy "$name: archvet -format json, GOMAXPROCS=$procs" "$rc" "$out/json.$procs.err"
		if [ -f "$out/rc.$procs" ]; then # the second run at GOMAXPROCS=2
			if ! cmp -s "$out/json.$procs" "$out/json.first" || [ "$rc" != "$(cat "$out/rc.$procs")" ]; then
				fail "$name: output or exit code differs between two runs at GOMAXPROCS=$procs"
				diff "$out/json.first" "$out/json.$procs" | head -20 >&2 || true
			fi
		else
			cp "$out/json.$procs" "$out/json.first"
		fi
		echo "$rc" >"$out/rc.$procs"
	done
	if ! cmp -s "$out/json.1" "$out/json.2" || ! cmp -s "$out/rc.1" "$out/rc.2"; then
		fail "$name: output or exit code differs between GOMAXPROCS=1 and 2"
		diff "$out/json.1" "$out/json.2" | head -20 >&2 || true
	fi
	local n
	n=$(grep -c '^      "rule":' "$out/json.2" || true)
	if grep -q -F "\"$(go env GOCACHE)/" "$out/json.2"; then
		fail "$name: findings in files of the build cache (cgo output?)"
		grep -F "\"$(go env GOCACHE)/" "$out/json.2" | sort | uniq -c | head -5 >&2
	fi
	# The other formats with a result cache of their own: text fills it,
	# the rest are answered from it, and a JSON run from it must match the
	# fresh ones byte for byte.
	local cachedir=$out/cache
	for format in text json sarif github; do
		rc=0
		(cd "$dir" && ARCHVET_CACHE=$cachedir "$bin" -config "$rules" -format "$format" "$pattern") >"$out/$format" 2>"$out/$format.err" || rc=$?
		healthy "$name: archvet -format $format" "$rc" "$out/$format.err"
		if [ "$rc" != "$(cat "$out/rc.2")" ]; then
			fail "$name: -format $format exited $rc, -format json $(cat "$out/rc.2")"
		fi
	done
	if ! cmp -s "$out/json" "$out/json.2"; then
		fail "$name: output from the result cache differs from a run without it"
		diff "$out/json.2" "$out/json" | head -20 >&2 || true
	fi
	keys_json "$out/json.2" >"$out/keys.json"
	keys_text "$out/text" >"$out/keys.text"
	same_set "$name" "$out/keys.json" "$out/keys.text" "the findings of -format json and -format text"
	# cgo replaces import "C" with imports of its own; none of them is the user's.
	local f l c rest
	while IFS=: read -r f l c rest; do
		case $f in /*) ;; *) f=$dir/$f ;; esac
		if [ -f "$f" ] && sed -n "${l}p" "$f" | grep -q '^[[:space:]]*import "C"'; then
			fail "$name: finding on an import \"C\" line: ${f#"$dir/"}:$l:$c:$rest"
		fi
	done < <(grep -E '^[^ ]+:[0-9]+:[0-9]+: ' "$out/text")
	# Under go vet every finding goes to stderr; warnings too. go vet
	# reports a file once per package variant (with and without its
	# tests), archvet once: compare sets.
	rc=0
	(cd "$dir" && ARCHVET_CONFIG=$rules go vet -vettool="$bin" "$pattern") >"$out/vet" 2>"$out/vet.err" || rc=$?
	healthy "$name: go vet -vettool" "$rc" "$out/vet.err"
	keys_text "$out/vet.err" | uniq >"$out/keys.vet"
	uniq "$out/keys.json" >"$out/keys.json.set"
	same_set "$name" "$out/keys.json.set" "$out/keys.vet" "the findings of archvet and go vet -vettool"
	local vet
	vet=$(wc -l <"$out/keys.vet")
	say "$name: exit $(cat "$out/rc.2"), $n findings in JSON, $(wc -l <"$out/keys.text") in text, $vet distinct from go vet (exit $rc)"
	echo "$tree	$(basename "$rules" .yaml)	$n	$vet" >>"$work/summary"
}

# fixes TREE DIR PATTERN MODULE: archvet -fix on a copy of the tree, then
# go build, go vet, and a second -fix that must change nothing. The
# standard library is fixed in a copy of GOROOT, built and vetted with
# the go command of that copy.
fixes() {
	local tree=$1 dir=$2 pattern=$3 module=$4 name="$1 (-fix)" out copy rules rc env=()
	out=$work/out/$(echo "$tree-fix" | tr '/@' '__')
	mkdir -p "$out"
	if [ "$module" = std ]; then
		if [ ! -d "$work/goroot" ]; then
			cp -R "$(go env GOROOT)" "$work/goroot"
			chmod -R u+w "$work/goroot"
		fi
		copy=$work/goroot/src
		env=(GOROOT="$work/goroot" PATH="$work/goroot/bin:$PATH")
	else
		copy=$work/fix/$(echo "$tree" | tr '/@' '__')
		mkdir -p "$work/fix"
		cp -R "$dir" "$copy"
		chmod -R u+w "$copy"
	fi
	rules=$work/rules-fix-$(echo "$tree" | tr '/@.' '___').yaml
	write_rules "$repo/bench/rules.yaml.in" "$rules" "$copy" "$module"
	local before after
	before=$(tree_sum "$copy")
	touch "$out/stamp"
	sleep 1 # so that files the fix writes are newer than the stamp
	rc=0
	(cd "$copy" && env "${env[@]}" "$bin" -config "$rules" -fix "$pattern") >"$out/fix1" 2>"$out/fix1.err" || rc=$?
	healthy "$name: archvet -fix" "$rc" "$out/fix1.err"
	local summary
	summary=$(sed -n -E 's/^archvet: ([0-9]+ fix(es)?; changed .*)$/\1/p' "$out/fix1.err" | tail -1)
	if [ "$(tree_sum "$copy")" = "$before" ]; then
		say "$name: -fix changed no file ($summary)"
	fi
	rc=0
	(cd "$copy" && env "${env[@]}" go build "$pattern") >"$out/build" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$name: go build $pattern fails after -fix"
		head -20 "$out/build" >&2
	fi
	rc=0
	(cd "$copy" && env "${env[@]}" go vet "$pattern") >"$out/vet" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		# go vet may fail on the pristine tree too; only new complaints count.
		{ grep -E '^[^ #]+:[0-9]+:[0-9]+: ' "$out/vet" || true; } | sed -E 's/:[0-9]+:[0-9]+: /: /' | LC_ALL=C sort -u >"$out/vet.keys"
		if [ ! -s "$out/vet.keys" ]; then
			fail "$name: go vet $pattern fails after -fix"
			head -20 "$out/vet" >&2
		fi
		vet_baseline "$dir" "$pattern" >"$out/vet.orig.keys"
		if [ -n "$(LC_ALL=C comm -23 "$out/vet.keys" "$out/vet.orig.keys")" ]; then
			fail "$name: go vet $pattern reports problems after -fix that the original tree does not have"
			LC_ALL=C comm -23 "$out/vet.keys" "$out/vet.orig.keys" | head -10 >&2
		fi
	fi
	if [ -n "$(find "$copy" -name '*.go' -newer "$out/stamp" -print0 | xargs -0 -r gofmt -l)" ]; then
		fail "$name: gofmt would change fixed files"
	fi
	after=$(tree_sum "$copy")
	rc=0
	(cd "$copy" && env "${env[@]}" "$bin" -config "$rules" -fix "$pattern") >"$out/fix2" 2>"$out/fix2.err" || rc=$?
	healthy "$name: second archvet -fix" "$rc" "$out/fix2.err"
	if [ "$(tree_sum "$copy")" != "$after" ]; then
		fail "$name: a second -fix changed files"
	fi
	say "$name: $summary; go build and go vet after it: done; second -fix: $(grep -E '^archvet: ' "$out/fix2.err" | tail -1)"
	printf '%s\t%s\n' "$tree" "$summary" >>"$work/fixsummary"
}

# vet_baseline DIR PATTERN: what go vet says about the unfixed tree, as
# "file: message" lines.
vet_baseline() {
	{ (cd "$1" && go vet "$2") 2>&1 || true; } | { grep -E '^[^ #]+:[0-9]+:[0-9]+: ' || true; } |
		sed -E 's/:[0-9]+:[0-9]+: /: /' | LC_ALL=C sort -u
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
[ ${#trees[@]} -gt 0 ] || trees=(std golang.org/x/tools@v0.52.0 "$repo/bench/testdata/cgo"
	github.com/prometheus/prometheus@v0.316.0 go.temporal.io/server@v1.32.1)
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
	if [ "${ROBUST_FIX:-1}" != 0 ]; then
		fixes "$t" "$dir" "$pattern" "$modpath"
	fi
	if [ "${ROBUST_GENERATED:-1}" != 0 ]; then
		check "$t" "$dir" "$pattern" "$(rules "$dir" "$modpath" gen)"
	fi
done
say ""
say "tree / rules / findings (JSON) / distinct positions from go vet:"
column -t -s "$(printf '\t')" "$work/summary" >&2 || cat "$work/summary" >&2
if [ -f "$work/fixsummary" ]; then
	say "fixes:"
	cat "$work/fixsummary" >&2
fi
if [ "$failed" = 0 ]; then say "robust.sh: every check passed"; else say "robust.sh: FAILED (see FAIL lines above)"; fi
exit "$failed"
