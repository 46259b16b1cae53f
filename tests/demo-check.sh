#!/bin/bash
# Usage: demo-check.sh [6.1|6.12|7.2]
# Checks what `make demo` shows: builds the library and the examples, runs
# examples/netbuf_demo in a guest of the given kernel (default 6.12) through
# tests/vm/vm-run.sh, exactly as `make demo` does, and compares what it
# printed with what the demo must print: the Windows example's calls
# succeeding with the sizes it asked for and its text kept across the
# resize, every misuse refused with ERROR_INVALID_PARAMETER, the 4 GiB
# request refused with ERROR_NOT_ENOUGH_MEMORY and explained as the
# max_bytes limit, no kernel splat.
# Env:  those of tests/vm/vm-run.sh.
# Exit: 0 when the demo exited 0 and printed all of it; 1 otherwise.
set -euo pipefail

kernel=${1:-6.12}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

make -C "$repo" -s lib examples
rc=0
bash "$repo/tests/vm/vm-run.sh" --kernel "$kernel" \
	"$repo/build/examples/netbuf_demo" >"$out" 2>"$err" || rc=$?

fail=0
bad() {
	echo "demo-check: $*" >&2
	fail=1
}

((rc == 0)) || bad "netbuf_demo exited $rc, expected 0"
if grep -q 'kernel splat' "$err"; then
	bad "the guest's kernel logged a splat:"
	grep 'kernel splat' "$err" >&2
fi
# Each line the demo must print, as an extended regular expression.
expect=(
	'^NetApiBufferAllocate\(1024\) = NERR_Success, buffer at 0x[0-9a-f]+$'
	'^NetApiBufferSize = 1024$'
	'^NetApiBufferReallocate\(2048\) = NERR_Success, buffer at 0x[0-9a-f]+$'
	"^NetApiBufferSize = 2048, contents kept: \"hello from the kernel's pages\"\$"
	'^NetApiBufferFree = NERR_Success$'
	'^  free it again: +ERROR_INVALID_PARAMETER$'
	'^  size of a freed buffer: +ERROR_INVALID_PARAMETER$'
	'^  free a stack pointer: +ERROR_INVALID_PARAMETER$'
	'^  allocate into NULL: +ERROR_INVALID_PARAMETER$'
	'^  allocate 0xFFFFFFFF: +ERROR_NOT_ENOUGH_MEMORY$'
	"^The module's limit max_bytes was reached"
)
for re in "${expect[@]}"; do
	grep -Eq -- "$re" "$out" || bad "no line matching /$re/"
done
if ((fail)); then
	echo "demo-check: the demo printed:" >&2
	sed 's/^/  /' "$out" >&2
	echo "demo-check: FAIL ($kernel)"
	exit 1
fi
echo "demo-check: PASS ($kernel)"
