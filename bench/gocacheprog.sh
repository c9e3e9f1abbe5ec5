#!/usr/bin/env bash
# Shows that `go vet -vettool=archvet` results are served from a build cache
# shared between machines through GOCACHEPROG, so CI runners with empty
# local caches do not run archvet again on unchanged packages, while a
# rules edit still makes them run it. See docs/performance.md.
#
#	bash bench/gocacheprog.sh
#
# The cache program is go-cacher from github.com/bradfitz/go-tool-cache
# (installed with go install from the module proxy), storing in a local
# directory: the "shared store". Runs:
#
#  1. go vet on local cache A, shared store empty: archvet runs on every
#     package, dependencies included;
#  2. go vet on local cache B, empty, same store: archvet runs on no
#     package, and go vet replays its findings from the store;
#  3. the rules file edited, local cache C, empty: archvet runs everywhere
#     again, since its -V=full answer hashes the rules file.
#
# It counts archvet's runs in go vet -x output (one vet.cfg per run) and
# exits 1 unless run 2 runs archvet less than run 1, run 3 as often as run
# 1, and all three report the same findings. KEEP=1 keeps the directory. Environment: ARCHVET (a prebuilt
# binary), GO_CACHER (a prebuilt go-cacher).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cacher_version=v0.0.0-20260722201841-0bb331e19f64
export GOWORK=off GOFLAGS= GOTOOLCHAIN=local

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
say() { printf '%s\n' "$*" >&2; }

cacher=${GO_CACHER:-}
if [ -z "$cacher" ]; then
	say "installing go-cacher $cacher_version"
	(cd "$work" && GOBIN=$work/bin GOFLAGS=-mod=mod go install "github.com/bradfitz/go-tool-cache/cmd/go-cacher@$cacher_version")
	cacher=$work/bin/go-cacher
fi
bin=${ARCHVET:-}
if [ -z "$bin" ]; then
	(cd "$repo" && go build -o "$work/archvet" ./cmd/archvet)
	bin=$work/archvet
fi

# A module of three packages: store may read files, app may not and does,
# util reads none.
mod=$work/mod
mkdir -p "$mod/store" "$mod/app" "$mod/util"
cat >"$mod/go.mod" <<'EOF'
module example.com/shared

go 1.22
EOF
cat >"$mod/rules.yaml" <<'EOF'
version: 1
rules:
  - id: storage-gate
    ban: [os.ReadFile]
    allow: [store/**]
    hint: read files through store
EOF
cat >"$mod/store/store.go" <<'EOF'
package store

import "os"

func Load(name string) ([]byte, error) { return os.ReadFile(name) }
EOF
cat >"$mod/util/util.go" <<'EOF'
package util

import "strings"

func Upper(s string) string { return strings.ToUpper(s) }
EOF
cat >"$mod/app/app.go" <<'EOF'
package app

import (
	"fmt"
	"os"

	"example.com/shared/store"
	"example.com/shared/util"
)

func Run() {
	b, _ := store.Load("a")
	c, _ := os.ReadFile("b")
	fmt.Println(util.Upper(string(b) + string(c)))
}
EOF

store=$work/store
# vet LABEL: go vet on a new, empty local GOCACHE against the shared store;
# prints how often go vet ran archvet on a package, and archvet's findings.
vet() {
	local gocache=$work/gocache-$1 rc=0
	mkdir -p "$gocache"
	(cd "$mod" && GOCACHE=$gocache GOCACHEPROG="$cacher -cache-dir $store" ARCHVET_CONFIG=$mod/rules.yaml \
		go vet -x -vettool="$bin" ./... >"$work/$1.out" 2>"$work/$1.err") || rc=$?
	if [ "$rc" -gt 1 ]; then
		say "go vet ($1) exited $rc:"
		grep -v '^\(#\|mkdir\|cd\|cat\|EOF\|WORK\)' "$work/$1.err" | head -20 >&2
		exit 1
	fi
	runs=$(grep -c '/vet\.cfg$' "$work/$1.err" || true)
	findings=$(grep -c 'storage-gate' "$work/$1.err" || true)
	printf '%s %s\n' "$runs" "$findings"
}

start=$(date +%s)
read -r runs1 f1 < <(vet first)
read -r runs2 f2 < <(vet second)
echo "  - id: no-exec
    ban: [os/exec]
    hint: no subprocesses" >>"$mod/rules.yaml"
read -r runs3 f3 < <(vet edited)
took=$(($(date +%s) - start))

cat <<EOF
| run | local GOCACHE | shared store | archvet runs | findings |
|---|---|---|---:|---:|
| 1 | empty | empty | $runs1 | $f1 |
| 2 | empty | filled by run 1 | $runs2 | $f2 |
| 3, rules file edited | empty | filled by runs 1 and 2 | $runs3 | $f3 |

(three go vet runs in ${took}s; archvet runs counted from go vet -x)
EOF

ok=true
[ "$f1" -ge 1 ] && [ "$f2" = "$f1" ] && [ "$f3" = "$f1" ] || { say "FAIL: the runs report different findings"; ok=false; }
[ "$runs2" -lt "$runs1" ] || { say "FAIL: run 2 did not answer the clean packages from the shared store"; ok=false; }
[ "$runs3" = "$runs1" ] || { say "FAIL: after the rules edit archvet ran $runs3 times, want $runs1 as in run 1"; ok=false; }
$ok
