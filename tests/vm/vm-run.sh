#!/bin/bash
# Usage: vm-run.sh [--kernel 6.1|6.12|7.2] PROG [ARG...]
# Runs PROG ARG... as root in a guest with the module loaded. Prints
# exactly the program's stdout and stderr on stdout and exits with its
# status; the harness's own messages go to stderr.
# Exit: PROG's status; 124 if the guest timed out (NETBUF_VM_TIMEOUT);
#       125 if the harness failed or the guest died before PROG ended.
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
"$NETBUF_VM_DIR/boot.sh" "$vmlinuz" "$vm/$abi-run.cpio.gz" "$log" \
	-serial "file:$out" >/dev/null || rc=$?

if [[ -f $out ]]; then
	cat "$out"
fi
sed -n 's/.*netbuf-splat: /vm-run: kernel splat: /p' "$log" >&2
status=$(sed -n 's/.*netbuf-exit \([0-9]*\).*/\1/p' "$log" | tail -n1)
if [[ -z $status ]]; then
	note "$(guest_died "$log" "$rc")"
	((rc == 124)) && exit 124
	exit 125
fi
exit "$status"
