#!/bin/bash
# Usage: vm-run.sh [--kernel 6.1|6.12|7.2] PROG [ARG...]
# Runs PROG ARG... as root in a guest with the module loaded. Prints
# exactly the program's stdout and stderr on stdout and exits with its
# status; the harness's own messages go to stderr. A kernel splat (what
# the guest's scan of its log finds, or a splat line on the console), from
# the boot on, or a broken guest environment, fails the run whatever PROG's
# status: "vm-run: kernel splat: ..." on stderr, exit 126.
# Exit: PROG's status; 124 if the guest timed out (NETBUF_VM_TIMEOUT);
#       125 if the harness failed or the guest died before PROG ended;
#       126 if the kernel logged a splat or the guest's environment is
#       broken (PROG's own status is on stderr).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Any failing step is the harness's, never the program's status.
trap 'exit 125' ERR

kernel=6.12
if [[ ${1:-} == --kernel ]]; then
	[[ $# -ge 2 ]] || { note "--kernel needs 6.1, 6.12 or 7.2"; exit 125; }
	kernel=$2
	shift 2
fi
if [[ $# -eq 0 ]]; then
	note "usage: vm-run.sh [--kernel 6.1|6.12|7.2] PROG [ARG...]"
	exit 125
fi
prog=$1
shift

"$NETBUF_VM_DIR/deps.sh" "$kernel"
abi='' vmlinuz='' headers='' sparse='' # set by kernel.sh's output
# eval would hide kernel.sh's failure: its error is above.
kernel_vars=$("$NETBUF_VM_DIR/kernel.sh" "$kernel") # the ERR trap exits 125
eval "$kernel_vars"
ko=$(NETBUF_SPARSE=$sparse "$NETBUF_VM_DIR/build-kmod.sh" "$abi" "$headers")
vm=$NETBUF_BUILD/vm
"$NETBUF_VM_DIR/initramfs.sh" "$ko" "$vm/$abi-run.cpio.gz" --prog "$prog" "$@"

# The program writes to the guest's second serial port, captured in $out.
out=$vm/$abi-run.out log=$vm/$abi-run.log
rm -f "$out"
rc=0
NETBUF_VM_APPEND="$(guest_append "$kernel" "$headers") ${NETBUF_VM_APPEND:-}" \
	"$NETBUF_VM_DIR/boot.sh" "$vmlinuz" "$vm/$abi-run.cpio.gz" "$log" \
	-serial "file:$out" >/dev/null || rc=$?

if [[ -f $out ]]; then
	cat "$out"
fi
# The guest's scan of its log, its environment checks, and the kernel's own
# lines on the console (the same patterns, in case the guest missed one).
splat_re=$(splat_regex)
{
	sed -n 's/.*netbuf-splat: /vm-run: kernel splat: /p; s/.*netbuf-check FAIL /vm-run: guest environment: /p' "$log"
	sed -n 's/^\[ *[0-9]*\.[0-9]*\] *//p' "$log" | grep -E "$splat_re" |
		sed 's/^/vm-run: kernel splat on the console: /' || true
} >"$vm/$abi-run.splats"
cat "$vm/$abi-run.splats" >&2
status=$(sed -n 's/.*netbuf-exit \([0-9]*\).*/\1/p' "$log" | tail -n1)
if [[ -z $status ]]; then
	note "$(guest_died "$log" "$rc")"
	((rc == 124)) && exit 124
	exit 125
fi
if [[ -s $vm/$abi-run.splats ]]; then
	note "the kernel logged a splat or the guest is broken (above; log $log):" \
		"failing the run, whose program exited with status $status"
	exit 126
fi
exit "$status"
