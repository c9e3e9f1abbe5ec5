#!/usr/bin/env bash
# Measures what the table register adds to a run on a module with 10,000
# constant statements (BenchmarkTables in tables_test.go, the typical
# module), with each variant in a process of its own and the order
# alternating from round to round (without, with, with-empty-store, then
# the reverse), so that neither the order nor what an earlier variant left
# in the process tilts the comparison. Prints each round and the median
# cpu-ns/op of each variant with its ratio to the run without the register.
#
#	bash bench/tables.sh           # 8 rounds
#	ROUNDS=12 MODULE=dense bash bench/tables.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-8}
module=${MODULE:-typical}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$repo" && go test -c -o "$work/bench.test" ./bench)
variants=(without with with-empty-store)
cd "$repo/bench"
for ((r = 1; r <= rounds; r++)); do
	order=("${variants[@]}")
	if ((r % 2 == 0)); then
		order=(with-empty-store with without)
	fi
	for v in "${order[@]}"; do
		line=$("$work/bench.test" -test.run='^$' -test.bench="Tables/module=$module/run=$v\$" -test.benchtime=3x | grep '^BenchmarkTables')
		cpu=$(printf '%s\n' "$line" | awk '{for (i = 1; i < NF; i++) if ($(i+1) == "cpu-ns/op") print $i}')
		printf 'round %d %s %d\n' "$r" "$v" "$cpu" | tee -a "$work/results"
	done
done
awk -v module="$module" '
	{ v[$3] = v[$3] " " $4; n[$3]++; r[$2, $3] = $4 }
	function median(list, k,   a, m, i, j, t) {
		m = split(list, a, " ")
		for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return m % 2 ? a[(m+1)/2] : (a[m/2] + a[m/2+1]) / 2
	}
	END {
		printf "\nmodule=%s, median cpu-ns/op over %d rounds, and the median of the rounds'\'' ratios to without:\n", module, n["without"]
		for (k = 1; k <= 3; k++) {
			name = k == 1 ? "without" : k == 2 ? "with" : "with-empty-store"
			ratios = ""
			for (i = 1; i <= n["without"]; i++) ratios = ratios " " r[i, name] / r[i, "without"]
			printf "  %-17s %6.0f ms   ratio %.3f\n", name, median(v[name]) / 1e6, median(ratios)
		}
	}' "$work/results"
