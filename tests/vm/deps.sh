#!/bin/bash
# Usage: deps.sh [KERNEL...]   (KERNEL: 6.1, 6.12 or 7.2)
# Installs what the harness needs on the host, and the headers of each
# stock KERNEL (the debug kernel's tree comes from debug-kernel.sh).
# A machine that has everything is left alone (no apt-get at all).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# busybox-static: the guest's userland; gcc/libc6-dev/make: module and
# tests; sparse: every module build runs it (C=2).
ensure_pkgs qemu-system-x86 busybox-static cpio gzip make gcc libc6-dev kmod \
	sparse

for kernel; do
	[[ $kernel == "$DEBUG_KERNEL" ]] && continue
	abi=$(resolve_abi "$kernel")
	ensure_pkgs "linux-headers-$abi"
done
