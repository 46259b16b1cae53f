#!/bin/bash
# Usage: deps.sh [KERNEL...]   (KERNEL: 6.1 or 6.12)
# Installs what the harness needs on the host, and the headers of each KERNEL.
# A machine that has everything is left alone (no apt-get at all).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# busybox-static: the guest's userland; gcc/libc6-dev/make: module and tests.
ensure_pkgs qemu-system-x86 busybox-static cpio gzip make gcc libc6-dev kmod

for kernel; do
	abi=$(resolve_abi "$kernel")
	ensure_pkgs "linux-headers-$abi"
done
