#!/usr/bin/env bash
# Builds internal/pgquery/libpg_query.wasm: libpg_query (PostgreSQL 17's
# parser, as pg_query_go v6 vendors it) and archvet_tables.c, compiled to
# WebAssembly by Debian's clang 14 against Debian's wasi-libc.
#
#   bash internal/pgquery/wasm/build.sh          rebuild the module
#   bash internal/pgquery/wasm/build.sh -check   rebuild it apart and fail if
#                                                it differs from the file
#
# The sources come from the Go module proxy, checked against the checksum
# database and against pgQueryGoSum below. The toolchain is installed with
# apt-get if it is missing and this runs as root. The build is
# reproducible: the same sources and toolchain give the same bytes, which
# is what -check (run by .ci/run) shows. The committed module was built
# with clang-14 1:14.0.6-12, lld-14 1:14.0.6-12, wasi-libc
# 0.0~git20220510.9886d3d-2 and libclang-rt-14-dev-wasm32 1:14.0.6-12.
set -euo pipefail

pgQueryGo=github.com/pganalyze/pg_query_go/v6@v6.2.5
pgQueryGoSum=h1:i7dvkA5167th3rXtk0jv9+r5DeJd4GqeGOVKuMTda8s=
packages=(clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$here/../libpg_query.wasm
check=0
case "${1:-}" in
-check) check=1 ;;
"") ;;
*) echo "usage: build.sh [-check]" >&2; exit 2 ;;
esac

sysroot=/usr/include/wasm32-wasi
builtins=/usr/lib/llvm-14/lib/clang/14.0.6/lib/wasi/libclang_rt.builtins-wasm32.a
if ! command -v clang-14 >/dev/null || [ ! -d "$sysroot" ] || [ ! -f "$builtins" ] || ! command -v wasm-ld-14 >/dev/null; then
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
		echo "build.sh: needs Debian 12's ${packages[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	for try in 1 2 3; do
		if apt-get update -qq && apt-get install -y -qq "${packages[@]}" >/dev/null; then
			break
		fi
		[ "$try" = 3 ] && { echo "build.sh: apt-get could not install ${packages[*]}" >&2; exit 1; }
		sleep 10
	done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The sources.
json=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$pgQueryGo")
dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
sum=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Sum": "\(.*\)",$/\1/p')
if [ "$sum" != "$pgQueryGoSum" ]; then
	echo "build.sh: $pgQueryGo has sum $sum, want $pgQueryGoSum" >&2
	exit 1
fi
cp -R "$dir/parser" "$work/src"
cp -R "$here/include" "$work/shim"
cp "$here/archvet_tables.c" "$work/src/"
chmod -R u+w "$work"
# WASI has no syslog; PostgreSQL's error reporting needs none.
config=$work/src/include/postgres/pg_config.h
grep -q '^#define HAVE_SYSLOG 1$' "$config"
sed -i 's|^#define HAVE_SYSLOG 1$|/* #undef HAVE_SYSLOG */|' "$config"

# Compiled from $work with relative paths, so that __FILE__ (which
# PostgreSQL's errors carry) names no directory of this machine.
cflags=(
	--target=wasm32-wasi -O2 -std=gnu11
	-nostdlibinc -isystem "$sysroot" -Ishim -Isrc -Isrc/include -Isrc/include/postgres
	-DXXH_NAMESPACE=PG_QUERY_
	# What WASI lacks, emulated by wasi-libc or never reached by a parse.
	-D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS -D_WASI_EMULATED_GETPID
	-DPLATFORM_DEFAULT_WAL_SYNC_METHOD=WAL_SYNC_METHOD_FDATASYNC -DEHOSTDOWN=9999
	-Wno-unknown-warning-option -Wno-typedef-redefinition -Wno-deprecated-declarations
)
cd "$work"
mkdir obj
ls src/*.c | xargs -P "$(nproc)" -I{} sh -c 'clang-14 "$@" -c {} -o obj/$(basename {} .c).o' sh "${cflags[@]}"
exports=malloc,free,pg_query_init,archvet_tables,archvet_free_tables,__stack_pointer
clang-14 --target=wasm32-wasi -O2 -mmutable-globals -mexec-model=reactor -nostdlib \
	-L/usr/lib/wasm32-wasi /usr/lib/wasm32-wasi/crt1-reactor.o obj/*.o \
	-lc -lwasi-emulated-signal -lwasi-emulated-process-clocks -lwasi-emulated-getpid "$builtins" \
	-Wl,--export="${exports//,/,--export=}" -o libpg_query.wasm

if [ "$check" = 1 ]; then
	want=$(sha256sum <"$out" | cut -d' ' -f1)
	got=$(sha256sum <libpg_query.wasm | cut -d' ' -f1)
	if [ "$want" != "$got" ]; then
		echo "build.sh -check: the rebuilt module has sha256 $got, libpg_query.wasm has $want; built with:" >&2
		dpkg-query -W "${packages[@]}" >&2 || true
		exit 1
	fi
	echo "build.sh -check: libpg_query.wasm is what its sources build ($got)"
else
	cp libpg_query.wasm "$out"
	echo "wrote $out ($(wc -c <"$out") bytes, sha256 $(sha256sum <"$out" | cut -d' ' -f1))"
fi
