#!/bin/bash
# Usage: kernel.sh 6.1|6.12|7.2
# Resolves the kernel's current Debian ABI, makes sure its headers and its
# vmlinuz are unpacked into the cache (nothing is installed on the host),
# and prints shell assignments:
#   abi=...  vmlinuz=...  headers=...  sparse=... (the checker for C=2)
# 7.2 is the debug kernel, built from source by debug-kernel.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 ]] || die "usage: kernel.sh 6.1|6.12|7.2"
[[ $1 == "$DEBUG_KERNEL" ]] && exec "$NETBUF_VM_DIR/debug-kernel.sh"
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
	note "downloading linux-image-$abi-unsigned into the cache (not installed)"
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
