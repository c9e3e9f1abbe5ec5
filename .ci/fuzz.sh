#!/usr/bin/env bash
# CI: every fuzz target for 10 seconds, one go test invocation each (see
# bench/fuzz.sh; longer runs: bash bench/fuzz.sh 10m). The seed corpora
# and the crashers kept in testdata/fuzz already run in `go test ./...`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash bench/fuzz.sh 10s
