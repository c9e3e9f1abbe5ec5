#!/usr/bin/env bash
# Builds a golangci-lint binary with archvet's module plugin compiled in,
# from the Go module proxy alone: no git, no GitHub. It does what
# `golangci-lint custom` does, which clones golangci-lint with git and so
# fails behind a proxy-only network.
#
#   scripts/build-golangci.sh [-o OUT] [-g GOLANGCI_VERSION] [ARCHVET]
#
# ARCHVET is a local archvet checkout (default: the one this script is in)
# or an archvet module version such as v0.1.0. OUT defaults to
# ./bin/custom-gcl. The first build compiles golangci-lint and its
# dependencies: about 2 to 4 minutes on 2 CPUs; later builds reuse the Go
# build cache and take well under a minute.
set -euo pipefail
out=./bin/custom-gcl
golangci=v2.15.0
while getopts "o:g:" opt; do
	case $opt in
	o) out=$OPTARG ;;
	g) golangci=$OPTARG ;;
	*) sed -n '2,14p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
archvet=${1:-$(cd "$(dirname "$0")/.." && pwd)}
case $out in /*) ;; *) out=$PWD/$out ;; esac

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
src=$(cd "$work" && GOWORK=off GOFLAGS=-mod=mod go mod download -json "github.com/golangci/golangci-lint/v2@$golangci" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "build-golangci: could not download golangci-lint $golangci" >&2; exit 1; }
cp -R "$src" "$work/golangci-lint"
chmod -R u+w "$work/golangci-lint"
cd "$work/golangci-lint"
printf 'package main\n\nimport _ "github.com/archvet/archvet/plugin"\n' > cmd/golangci-lint/plugins.go
if [ -d "$archvet" ]; then
	go mod edit -require=github.com/archvet/archvet@v0.0.0-00010101000000-000000000000 \
		-replace="github.com/archvet/archvet=$(cd "$archvet" && pwd)"
else
	go mod edit -require="github.com/archvet/archvet@$archvet"
fi
GOWORK=off GOFLAGS=-mod=mod go mod tidy
mkdir -p "$(dirname "$out")"
GOWORK=off GOFLAGS=-mod=mod go build -ldflags "-s -w -X main.version=${golangci#v}-custom-gcl" -o "$out" ./cmd/golangci-lint
echo "build-golangci: wrote $out" >&2
