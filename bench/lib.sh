# Helpers shared by the bench scripts; source it after
# setting $work (a scratch directory) and $repo (the archvet checkout).

# fetch_module MODULE@VERSION: copies the module from the module cache
# (downloading it if need be) to a writable directory under $work, fetches
# its dependencies, and prints the directory. The module cache itself is
# read-only.
fetch_module() {
	local dir dst
	dir=$(cd "$work" && go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	if [ -z "$dir" ]; then
		echo "go mod download $1: no directory" >&2
		return 1
	fi
	dst=$work/src/$(echo "$1" | tr '/@' '__')
	mkdir -p "$work/src"
	cp -R "$dir" "$dst"
	chmod -R u+w "$dst"
	# GOWORK=off: a go.work in the zip (Prometheus) names directories the
	# zip may lack; the module is checked alone.
	(cd "$dst" && GOWORK=off go mod download)
	echo "$dst"
}

# write_rules IN OUT ROOT MODULE: instantiates the rules template IN for
# the module MODULE in directory ROOT. Lines marked "# if-cmd" are kept
# only if MODULE has packages below MODULE/cmd, lines marked "# if-std"
# only if MODULE is std (the standard library).
write_rules() {
	local keep='s/[[:space:]]*# if-cmd$//' std='/# if-std$/d'
	if [ "$4" = std ] || [ -z "$(cd "$3" && go list "$4/cmd/..." 2>/dev/null)" ]; then
		keep='/# if-cmd$/d'
	fi
	if [ "$4" = std ]; then
		std='s/[[:space:]]*# if-std$//'
	fi
	sed -e "s|@ROOT@|$3|g" -e "s|@MODULE@|$4|g" -e "$keep" -e "$std" "$1" >"$2"
}

# build_archvet sets bin to $ARCHVET if it is set, else to an archvet built
# from $repo into $work.
build_archvet() {
	bin=${ARCHVET:-}
	if [ -z "$bin" ]; then
		printf 'building archvet from %s\n' "$repo" >&2
		(cd "$repo" && go build -o "$work/archvet" ./cmd/archvet)
		bin=$work/archvet
	fi
}

# cpu TREE RULES PATTERN: runs $bin once with the rules file
# $work/TREE.RULES.yaml on PATTERN in the current directory, and appends
# its CPU seconds (user and system, with its children) to
# $work/TREE.RULES.t. Exit codes 0 and 1 (findings) are fine; any other
# ends the script.
cpu() {
	local rc=0 u s
	TIMEFORMAT='%U %S'
	{ time "$bin" -config "$work/$1.$2.yaml" "$3" >"$work/out" 2>"$work/err" || rc=$?; } 2>"$work/time"
	if [ "$rc" -gt 1 ]; then
		say "archvet on $1 with $2 exited $rc:"
		head -20 "$work/err" >&2
		exit 1
	fi
	read -r u s <"$work/time"
	awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f\n", u + s }' >>"$work/$1.$2.t"
}

# median FILE: the median of the numbers in FILE, one a line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
