#!/bin/bash
# Usage: run-suite.sh 6.1|6.12|7.2
# Builds the module for the kernel, packs it with the test programs tests/plan
# plans on it, boots one guest and prints "[KERNEL] PASS|FAIL|SKIP NAME" per
# test as it runs (with the test's console output when it fails), then the
# accounting of parse-console.sh: every planned test must report once, every
# KUnit case the KTAP plan announces too, a skip only where tests/plan allows
# it. Refuses to boot (a failure) when build/tests holds a binary tests/plan
# does not know or whose source is gone, or when a planned test has no source.
# Writes "PASSED FAILED SKIPPED" to build/vm/KERNEL.counts (for run-check.sh),
# the allowed skips with their reasons to build/vm/KERNEL.skips, and to
# build/vm/KERNEL.summary the tests' "netbuf-summary PART k=v..." lines plus
# "splats count=N" (kernel reports: KASAN, lockdep, WARN, kmemleak, ...), for
# the reliability report.
# The 32-bit builds of the tests (build/tests32/NAME) run as NAME.m32 where
# tests/plan plans them, and NAME.user is NAME again on the user-space
# backend (with the module unloaded).
# Env: NETBUF_TESTS         a directory of test programs to run instead of
#                           build/tests: a subset run, which expects only the
#                           planned tests it holds (make check never sets it)
#      NETBUF_TESTS32       the same for the 32-bit builds (build/tests32;
#                           in a subset run, none unless it is set)
#      NETBUF_M32=0         no 32-bit run at all (plan.sh)
#      NETBUF_TEST_TIMEOUT  seconds per test in the guest (default 300, 900
#                           on the debug kernel)
#      and those of build-kmod.sh and boot.sh.
# Exit: 0 when no test failed.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=plan.sh
. "$(dirname "${BASH_SOURCE[0]}")/plan.sh"

[[ $# -eq 1 ]] || die "usage: run-suite.sh 6.1|6.12|7.2"
kernel=$1
tests=${NETBUF_TESTS:-$NETBUF_BUILD/tests}
tests32=${NETBUF_TESTS32:-}
[[ -n ${NETBUF_TESTS:-} ]] || tests32=${tests32:-$NETBUF_BUILD/tests32}
counts=$NETBUF_BUILD/vm/$kernel.counts
summary=$NETBUF_BUILD/vm/$kernel.summary
skips=$NETBUF_BUILD/vm/$kernel.skips
rm -f "$counts" "$summary" "$skips"
mkdir -p "$NETBUF_BUILD/vm"

# Usage: refuse WHY... Fails the suite before the guest: counts one failure
# per line of WHY.
refuse() {
	local why n=$#

	for why; do
		echo "[$kernel] FAIL plan: $why"
	done
	echo "0 $n 0" >"$counts"
	echo "[$kernel] refused to run the suite: 0 passed, $n failed, 0 skipped"
	exit 1
}

abi='' vmlinuz='' headers='' sparse='' # set by kernel.sh's output
# eval would hide kernel.sh's failure: its error is above.
kernel_vars=$("$NETBUF_VM_DIR/kernel.sh" "$kernel") || die "no kernel $kernel to boot"
eval "$kernel_vars"
# A kernel without IA-32 emulation (your own) cannot run the 32-bit builds.
if [[ ${NETBUF_M32:-1} != 0 ]] && ! kernel_has_ia32 "$headers"; then
	echo "[$kernel] note: the kernel has no IA-32 emulation: no 32-bit run (NETBUF_M32=0)"
	export NETBUF_M32=0
fi
plan_read "$kernel"
[[ -d $tests ]] || refuse "no test directory $tests: build the tests first (make tests)"
mapfile -t problems < <(plan_problems "$tests" || true)
if [[ -d $tests32 ]]; then
	mapfile -t -O "${#problems[@]}" problems < <(plan_problems "$tests32" || true)
fi
((${#problems[@]} == 0)) || refuse "${problems[@]}"
# The guest gets the tests planned on this kernel, nothing else; a 32-bit
# build NAME.m32 is tests32/NAME.
stage=$NETBUF_BUILD/vm/tests-$kernel
rm -rf "$stage"
mkdir -p "$stage"
only=()
for t in "${PLAN_TESTS[@]}"; do
	bin=$tests/$t
	[[ $t != *.m32 ]] || bin=${tests32:-/nonexistent}/${t%.m32}
	[[ $t != *.user ]] || bin=$tests/${t%.user}
	if [[ -x $bin ]]; then
		ln -s "$(realpath "$bin")" "$stage/$t"
		only+=("$t")
	elif [[ -z ${NETBUF_TESTS:-} ]]; then
		echo "[$kernel] note: $bin is not built: it will count as never reported"
	fi
done
only_opt=()
if [[ -n ${NETBUF_TESTS:-} ]]; then
	only_opt=(--only "$(IFS=,; echo "${only[*]}")")
	echo "[$kernel] a subset run (NETBUF_TESTS): ${#only[@]} of the ${#PLAN_TESTS[@]} tests planned on $kernel"
fi
[[ ${#only[@]} -gt 0 || $PLAN_KUNIT == 1 ]] || refuse "no planned test of $kernel in $tests"

ko=$(NETBUF_SPARSE=$sparse "$NETBUF_VM_DIR/build-kmod.sh" "$abi" "$headers")
initrd=$NETBUF_BUILD/vm/$abi-test.cpio.gz
log=$NETBUF_BUILD/vm/$abi-test.log
"$NETBUF_VM_DIR/initramfs.sh" "$ko" "$initrd" --tests "$stage"

note "booting $abi with the tests of $tests"
start=$SECONDS
rc=0 prc=0
# The guest's init gets netbuf_test_timeout=N as an environment variable.
# The debug kernel's sanitizers make everything many times slower.
timeout=300
[[ $kernel == "$DEBUG_KERNEL" ]] && timeout=900
append="netbuf_test_timeout=${NETBUF_TEST_TIMEOUT:-$timeout} $(guest_append "$kernel" "$headers")"
append+=" ${NETBUF_VM_APPEND:-}"
# Operations of tests/user/fuzz.c (NETBUF_FUZZ_OPS overrides): 6.12 took 11 s idle, 115-290 s loaded.
case $kernel in "$DEBUG_KERNEL") fuzz_ops=250000 ;; 6.1) fuzz_ops=500000 ;; *) fuzz_ops=1000000 ;; esac
append+=" netbuf_fuzz_ops=${NETBUF_FUZZ_OPS:-$fuzz_ops}"
NETBUF_VM_APPEND=$append "$NETBUF_VM_DIR/boot.sh" "$vmlinuz" "$initrd" "$log" |
	"$NETBUF_VM_DIR/parse-console.sh" "${only_opt[@]}" --counts "$counts" \
		--summary "$summary" --skips "$skips" --label "$abi" "$kernel" ||
	{ rc=${PIPESTATUS[0]} prc=${PIPESTATUS[1]}; }
elapsed=$((SECONDS - start))

grep -q 'netbuf-done' "$log" || echo "[$kernel] $(guest_died "$log" "$rc")"
boot=$(sed -n 's/.*netbuf-boot \([0-9.]*\).*/\1/p' "$log" | head -n1)
echo "[$kernel] guest up in ${boot:-?}s, whole run ${elapsed}s; log $log"
((rc == 0 || rc == 124 || prc != 0)) || echo "[$kernel] note: qemu exited with status $rc"
[[ -s $counts ]] || die "parse-console.sh wrote no counts"
read -r _ failed _ <"$counts"
((failed == 0 && prc == 0))
