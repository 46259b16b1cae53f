#!/bin/bash
# Usage: kernel.sh 6.1|6.12|7.2|host|custom
# Resolves the kernel's current Debian ABI, makes sure its headers and its
# vmlinuz are unpacked into the cache (nothing is installed on the host),
# and prints shell assignments:
#   abi=...  vmlinuz=...  headers=...  sparse=... (the checker for C=2)
# 7.2 is the debug kernel, built from source by debug-kernel.sh; host and
# custom are kernels the user supplies (below).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 ]] || die "usage: kernel.sh 6.1|6.12|7.2|host|custom"
[[ $1 == "$DEBUG_KERNEL" ]] && exec "$NETBUF_VM_DIR/debug-kernel.sh"

# A kernel the user supplies: its image and the build tree its modules are
# built against. "host" is the running kernel (/boot/vmlinuz-RELEASE and
# /lib/modules/RELEASE/build); "custom" is NETBUF_VMLINUZ and NETBUF_KDIR
# (make's VMLINUZ= and KDIR=). Nothing is downloaded; the dummy driver
# comes from the kernel's own modules when it has one.
if [[ $1 == host || $1 == custom ]]; then
	if [[ $1 == host ]]; then
		abi=$(uname -r)
		vmlinuz=/boot/vmlinuz-$abi
		headers=/lib/modules/$abi/build
	else
		vmlinuz=${NETBUF_VMLINUZ:-}
		headers=${NETBUF_KDIR:-}
		[[ -n $vmlinuz && -n $headers ]] ||
			die "kernel custom needs NETBUF_VMLINUZ and NETBUF_KDIR (make VMLINUZ=... KDIR=...)"
		abi=$(cat "$headers/include/config/kernel.release" 2>/dev/null) ||
			abi=$(make -s -C "$headers" kernelrelease 2>/dev/null) ||
			die "$headers is not a configured kernel build tree (no include/config/kernel.release)"
	fi
	[[ -e $vmlinuz ]] ||
		die "there is no kernel image $vmlinuz (for another kernel: make ... VMLINUZ=image KDIR=build-tree)"
	[[ -r $vmlinuz ]] || die "cannot read the kernel image $vmlinuz (root only? run as root)"
	[[ -f $headers/Makefile && -f $headers/Module.symvers ]] ||
		die "$headers is not a kernel build tree with Module.symvers (headers of $abi installed? make modules_prepare run?)"
	dir=$NETBUF_CACHE/kernels/$abi
	mkdir -p "$dir"
	ko=$(find "$headers/drivers/net" "/lib/modules/$abi/kernel/drivers/net" \
		-maxdepth 1 -name 'dummy.ko*' 2>/dev/null | head -n1 || true)
	case $ko in
	'') grep -qx 'CONFIG_DUMMY=y' "$headers/.config" 2>/dev/null ||
		note "$abi has no dummy.ko beside it: the network namespace tests may skip" ;;
	*.xz) xz -dc "$ko" >"$dir/dummy.ko" ;;
	*.zst) zstd -qdc "$ko" >"$dir/dummy.ko" ;;
	*.gz) gzip -dc "$ko" >"$dir/dummy.ko" ;;
	*) cp "$ko" "$dir/dummy.ko" ;;
	esac
	# A kernel newer than this machine's sparse needs a newer one: the
	# debug kernel's (debug-kernel.sh builds it) when it is cached.
	sparse=sparse
	if [[ -f $headers/scripts/checker-valid.sh ]] &&
		[[ $(sh "$headers/scripts/checker-valid.sh" sparse -m64 2>/dev/null) != 1 ]]; then
		sparse=$(find "$NETBUF_CACHE/sparse" -mindepth 2 -maxdepth 2 -name sparse \
			-type f 2>/dev/null | sort -V | tail -n1 | grep .) ||
			die "sparse is too old for $abi: run 'make check KERNEL=7.2' once (it builds a newer one) or install a newer sparse"
	fi
	printf 'abi=%q\nvmlinuz=%q\nheaders=%q\nsparse=%q\n' "$abi" "$vmlinuz" "$headers" "$sparse"
	exit 0
fi
abi=$(resolve_abi "$1")
headers=$(stock_headers "$abi")

dir=$NETBUF_CACHE/kernels/$abi
vmlinuz=$dir/vmlinuz-$abi
# The namespace tests create a dummy interface; stock kernels build the
# driver as a module, which the guest gets beside netbuf.ko.
dummy=$dir/dummy.ko
if [[ ! -s $vmlinuz || ! -s $dummy ]]; then
	# The unsigned image has the same ABI as the headers; only vmlinuz
	# (and its config, for reference) and dummy.ko are kept, moved in
	# whole at the end.
	mkdir -p "$dir"
	tmp=$(mktemp -d "$NETBUF_CACHE/tmp.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	note "downloading linux-image-$abi-unsigned into the cache, not installed (about 70 MB: a minute or more)"
	download_debs "$tmp" "linux-image-$abi-unsigned"
	dpkg-deb -x "$tmp"/linux-image-*.deb "$tmp/pkg" ||
		die "dpkg-deb cannot unpack the linux-image-$abi-unsigned package"
	ko=$(find "$tmp/pkg/lib/modules/$abi" -name 'dummy.ko*' | head -n1)
	[[ -n $ko ]] || die "linux-image-$abi-unsigned has no dummy.ko"
	# Uncompressed, so the guest's insmod needs no decompressor.
	case $ko in
	*.xz) xz -dc "$ko" >"$dummy.tmp" ;;
	*.zst) zstd -qdc "$ko" >"$dummy.tmp" ;;
	*) cp "$ko" "$dummy.tmp" ;;
	esac || die "cannot unpack $ko"
	mv "$dummy.tmp" "$dummy"
	[[ -s $vmlinuz ]] || {
		mv "$tmp/pkg/boot/config-$abi" "$dir/"
		mv "$tmp/pkg/boot/vmlinuz-$abi" "$vmlinuz"
	}
fi

printf 'abi=%q\nvmlinuz=%q\nheaders=%q\nsparse=sparse\n' "$abi" "$vmlinuz" "$headers"
