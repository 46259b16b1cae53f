#!/bin/bash
# Usage: deps.sh
# Installs the host tools the harness needs (the list is in docs/testing.md);
# kernels and their headers are never installed, they are unpacked into the
# cache by kernel.sh and debug-kernel.sh. A machine that has everything is
# left alone (no apt-get at all); NETBUF_NO_APT=1 lists what is missing
# instead of installing it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# busybox-static: the guest's userland; gcc/libc6-dev/make: module and
# tests; gcc-multilib: the 32-bit library and tests (-m32); sparse: every
# module build runs it (C=2).
ensure_pkgs qemu-system-x86 busybox-static cpio gzip make gcc libc6-dev \
	gcc-multilib kmod sparse
