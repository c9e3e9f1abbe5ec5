#!/usr/bin/env bash
# Measures archvet side by side with golangci-lint configured to enforce the
# same ban rules (depguard and forbidigo with analyze-types; see
# bench/peer/main.go for the mapping), and checks that both report the same
# findings where their semantics agree. See bench/README.md.
#
#	bash bench/compare.sh                       # std, x/tools, go-ethereum
#	bash bench/compare.sh std ./my/module golang.org/x/tools@v0.52.0
#
# Environment: RUNS (interleaved rounds, default 3), ARCHVET (a prebuilt
# binary instead of building this checkout), GOLANGCI_LINT (a prebuilt
# golangci-lint instead of installing the version the plugin targets),
# BENCH_RULES (a rules template instead of bench/rules.yaml.in; @ROOT@ and
# @MODULE@ are replaced). Test files are left out on both sides.
#
# golangci-lint is installed with `go install` from the module proxy into
# ${XDG_CACHE_HOME:-~/.cache}/archvet-bench and reused from there.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
rules_in=${BENCH_RULES:-$repo/bench/rules.yaml.in}
export GOWORK=off GOFLAGS=${GOFLAGS:-}

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
say() { printf '%s\n' "$*" >&2; }
. "$repo/bench/lib.sh"

if [ $# -eq 0 ]; then
	set -- std golang.org/x/tools@v0.52.0 github.com/ethereum/go-ethereum@v1.17.10
fi

# The golangci-lint release the plugin is built against.
gcl_version=$(sed -n 's/^[[:space:]]*golangciVersion[[:space:]]*=[[:space:]]*"\(v[^"]*\)".*/\1/p' "$repo/plugin/golangci_build_test.go")
gcl=${GOLANGCI_LINT:-}
if [ -z "$gcl" ]; then
	gcl_dir=${XDG_CACHE_HOME:-$HOME/.cache}/archvet-bench/golangci-lint-$gcl_version
	gcl=$gcl_dir/golangci-lint
	if [ ! -x "$gcl" ]; then
		say "installing golangci-lint $gcl_version into $gcl_dir"
		(cd "$work" && GOBIN=$gcl_dir GOFLAGS=-mod=mod go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$gcl_version")
	fi
fi
say "golangci-lint: $("$gcl" version 2>&1 | head -1)"

build_archvet
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
(cd "$repo" && go build -o "$work/peer" ./bench/peer)

nonce() { date +%s%N; }

# The commands, run in the tree's directory. Cold runs get a fresh cache
# directory each; warm runs share one that the untimed first round fills.
archvet_cold() {
	local c=$work/avcache-$(nonce)
	ARCHVET_CACHE=$c "$bin" -config "$work/rules.yaml" -tests=false -format json ./... >"$work/out"
	local rc=$?
	rm -rf "$c"
	return $rc
}
archvet_warm() { ARCHVET_CACHE=$work/avcache "$bin" -config "$work/rules.yaml" -tests=false -format json ./... >"$work/out"; }
gcl_cold() {
	local c=$work/gclcache-$(nonce)
	GOLANGCI_LINT_CACHE=$c "$gcl" run -c "$work/golangci.yml" --output.json.path="$work/out" --output.text.path=/dev/null --show-stats=false --allow-parallel-runners ./... >/dev/null
	local rc=$?
	rm -rf "$c"
	return $rc
}
gcl_warm() { GOLANGCI_LINT_CACHE=$work/gclcache "$gcl" run -c "$work/golangci.yml" --output.json.path="$work/out" --output.text.path=/dev/null --show-stats=false --allow-parallel-runners ./... >/dev/null; }
floor() { go list -deps -export ./... >"$work/out"; }
names=(archvet_cold gcl_cold archvet_warm gcl_warm floor)
export -f nonce "${names[@]}"
export work bin gcl

# timed NAME: runs NAME once, appending "wall cpu maxrss-KiB" to $work/NAME.t.
timed() {
	local rc=0
	/usr/bin/time -o "$work/time" -f '%e %U %S %M' bash -c "$1" 2>"$work/err" || rc=$?
	if [ "$rc" -gt 1 ]; then
		say "$1 exited $rc:"
		head -20 "$work/err" >&2
		exit 1
	fi
	tail -1 "$work/time" | awk '{ printf "%s %.3f %d\n", $1, $2 + $3, $4 }' >>"$work/$1.t"
}

median() { # COLUMN NAME
	awk -v c="$1" '{ print $c }' "$work/$2.t" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%d", k / 1024 }'; }

# bench_tree TREE: measures one tree and prints its Markdown section.
bench_tree() {
	local tree=$1 src modpath label
	case $tree in
	std)
		src=$(go env GOROOT)/src
		modpath=std
		label="standard library ($(go env GOVERSION))"
		;;
	*@*)
		say "fetching $tree"
		src=$(fetch_module "$tree")
		label=$tree
		;;
	*)
		src=$(cd "$tree" && pwd)
		label=$tree
		;;
	esac
	cd "$src"
	[ -n "${modpath:-}" ] || modpath=$(go list -m)
	write_rules "$rules_in" "$work/rules.yaml" "$src" "$modpath"
	"$work/peer" config -rules "$work/rules.yaml" -module "$src" -tests=false >"$work/golangci.yml"
	rm -rf "$work"/*.t "$work/avcache" "$work/gclcache"

	say "$label: warming the build cache, filling the warm caches, comparing findings"
	for n in "${names[@]}"; do
		timed "$n"
		cp "$work/out" "$work/$n.out"
		rm "$work/$n.t"
	done
	local agree
	agree=$("$work/peer" compare -rules "$work/rules.yaml" -module "$src" "$work/archvet_cold.out" "$work/gcl_cold.out")
	local load_before load_after
	load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
	for i in $(seq "$runs"); do
		say "$label: round $i/$runs"
		for n in "${names[@]}"; do timed "$n"; done
	done
	load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

	local pkgs
	pkgs=$(go list ./... 2>/dev/null | wc -l)
	row() { # NAME LABEL
		printf '| %s | %s | %s | %s |\n' "$2" "$(median 1 "$1")" "$(median 2 "$1")" "$(mib "$(median 3 "$1")")"
	}
	cat <<EOF

### $label

$pkgs packages, test files left out. Medians of $runs interleaved rounds;
load average $load_before before the rounds, $load_after after.

| command | wall s | CPU s | peak RSS MiB |
|---|---:|---:|---:|
$(row archvet_cold '`archvet` (result cache cold)')
$(row archvet_warm '`archvet` (result cache warm)')
$(row gcl_cold '`golangci-lint run` (its cache cold)')
$(row gcl_warm '`golangci-lint run` (its cache warm)')
$(row floor '`go list -deps -export` (the floor)')

| ratio | value |
|---|---:|
| archvet cold CPU / golangci-lint cold CPU | $(ratio "$(median 2 archvet_cold)" "$(median 2 gcl_cold)") |
| archvet cold wall / golangci-lint cold wall | $(ratio "$(median 1 archvet_cold)" "$(median 1 gcl_cold)") |
| archvet cold peak RSS / golangci-lint cold peak RSS | $(ratio "$(median 3 archvet_cold)" "$(median 3 gcl_cold)") |
| archvet warm wall / golangci-lint warm wall | $(ratio "$(median 1 archvet_warm)" "$(median 1 gcl_warm)") |
| archvet warm CPU / golangci-lint warm CPU | $(ratio "$(median 2 archvet_warm)" "$(median 2 gcl_warm)") |
| archvet warm wall / \`go list -deps -export\` wall | $(ratio "$(median 1 archvet_warm)" "$(median 1 floor)") |
| archvet warm peak RSS / golangci-lint warm peak RSS | $(ratio "$(median 3 archvet_warm)" "$(median 3 gcl_warm)") |

Findings of the ban rules (scopes have no equivalent), compared as
file:line:rule sites, from the first round:

\`\`\`
$agree
\`\`\`
EOF
	cd "$repo"
}

for t in "$@"; do bench_tree "$t"; done
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
cat <<EOF

Machine: $(nproc) CPUs ($cpu), $(go version | cut -d' ' -f3-); golangci-lint
$gcl_version; archvet at $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown).
EOF
