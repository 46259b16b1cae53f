#!/bin/bash
# Usage: static-checks.sh KERNEL_TREE
# The checks that need no guest, run by make check with the debug kernel's
# source tree: checkpatch.pl --strict on the module and the uapi header,
# and shellcheck on every harness script.
# (W=1 and sparse run in every module build: tests/vm/build-kmod.sh.)
# Prints "[static] PASS|FAIL NAME" per check and writes "PASSED FAILED 0"
# to build/vm/static.counts for run-check.sh.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
vm=$(cd "$(dirname "${BASH_SOURCE[0]}")/vm" && pwd)
# shellcheck source=vm/lib.sh
. "$vm/lib.sh"

[[ $# -eq 1 ]] || die "usage: static-checks.sh KERNEL_TREE"
tree=$1
counts=$NETBUF_BUILD/vm/static.counts
mkdir -p "${counts%/*}"
passed=0 failed=0

# Usage: check NAME COMMAND...: PASS when COMMAND succeeds and prints nothing.
check() {
	local name=$1 out rc=0

	shift
	out=$("$@" 2>&1) || rc=$?
	if ((rc == 0)) && [[ -z $out ]]; then
		echo "[static] PASS $name"
		((++passed))
	else
		echo "[static] FAIL $name (status $rc)"
		printf '%s\n' "$out" | sed 's/^/    /'
		((++failed))
	fi
}

ensure_pkgs perl shellcheck # checkpatch.pl wants more than perl-base
cd "$NETBUF_REPO"
check checkpatch perl "$tree/scripts/checkpatch.pl" --no-tree --strict -q \
	--show-types -f kmod/*.c kmod/*.h uapi/linux/netbuf.h
# The harness is most of what decides whether make check tells the truth.
check shellcheck shellcheck -x tests/*.sh tests/vm/*.sh bench/*.sh dist/*.sh \
	.ci/run

echo "$passed $failed 0" >"$counts"
((failed == 0))
