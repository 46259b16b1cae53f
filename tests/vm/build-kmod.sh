#!/bin/bash
# Usage: build-kmod.sh ABI HEADERS_DIR
# Builds netbuf.ko for one kernel out of tree, in build/kmod-ABI/, from a
# copy of Kbuild, kmod/ and uapi/ (so builds for two kernels never mix),
# and prints the path of the .ko. W=1 adds the extra compiler warnings and
# C=2 runs sparse on every file; any warning of either fails the build.
# NETBUF_SRC: tree holding Kbuild, kmod/, uapi/ (default: this repo).
# NETBUF_SPARSE: the sparse to run (default: sparse; kernel.sh says which).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 2 ]] || die "usage: build-kmod.sh ABI HEADERS_DIR"
abi=$1 headers=$2
src=${NETBUF_SRC:-$NETBUF_REPO}
out=$NETBUF_BUILD/kmod-$abi

for f in Kbuild kmod uapi; do
	[[ -e $src/$f ]] || die "$src/$f is missing: nothing to build the module from"
done
mkdir -p "$out/kmod" "$out/uapi/linux"
# Sources only (a host build may have left objects in kmod/); -p keeps
# mtimes, so make rebuilds only what changed since the last copy.
cp -p "$src/Kbuild" "$out/"
cp -p "$src"/kmod/Kbuild "$src"/kmod/*.[ch] "$out/kmod/"
cp -p "$src"/uapi/linux/*.h "$out/uapi/linux/"

log=$out/build.log
# A kernel built without pahole (no BTF: the debug kernel) warns that the
# pahole installed since (the stock kernels' headers need it) differs;
# pahole plays no part in such a kernel's modules, so it is hidden from kbuild.
pahole=()
grep -qx 'CONFIG_PAHOLE_VERSION=0' "$headers/.config" 2>/dev/null &&
	pahole=(PAHOLE=netbuf-no-pahole)
if ! make -C "$headers" M="$out" W=1 C=2 CHECK="${NETBUF_SPARSE:-sparse}" "${pahole[@]}" \
	-j"$(nproc)" modules >"$log" 2>&1; then
	cat "$log" >&2
	die "module build for $abi failed (log: $log)"
fi
# The kernel's Makefile only warns, and skips sparse, when it is unusable.
if grep -q 'is not available or not up to date' "$log"; then
	rm -rf "$out"
	die "sparse (${NETBUF_SPARSE:-sparse}) cannot check modules for $abi: the build ran without it (log: $log)"
fi
if grep -qE '(warning|error):' "$log"; then
	cat "$log" >&2
	# Drop the objects, or the next run would find nothing to rebuild.
	rm -rf "$out"
	die "module build for $abi printed warnings (compiler or sparse): the module must build warning-free"
fi
# A kernel with KUnit gets the KUnit suite too (kmod/Kbuild).
if grep -qx 'CONFIG_KUNIT=y' "$headers/.config" 2>/dev/null ||
	grep -qx 'CONFIG_KUNIT=y' "$headers/include/config/auto.conf" 2>/dev/null; then
	[[ -f $out/kmod/netbuf_kunit.ko ]] ||
		die "the build for $abi has KUnit but made no kmod/netbuf_kunit.ko (log: $log)"
fi
[[ -f $out/kmod/netbuf.ko ]] ||
	die "the build for $abi made no kmod/netbuf.ko (log: $log)"
# The stock kernel's dummy.ko (kernel.sh caches it) goes beside it, for
# the namespace tests; the debug kernel has the driver built in.
dummy=$NETBUF_CACHE/kernels/$abi/dummy.ko
[[ ! -s $dummy ]] || cp "$dummy" "$out/kmod/dummy.ko"
echo "$out/kmod/netbuf.ko"
