#!/bin/bash
# Usage: run-suite.sh 6.1|6.12|7.2
# Builds the module for the kernel, packs it with the test programs, boots
# one guest and prints "[KERNEL] PASS|FAIL|SKIP NAME" per test as it runs
# (with the test's console output when it fails), then a summary.
# Writes "PASSED FAILED SKIPPED" to build/vm/KERNEL.counts (for run-check.sh),
# and to build/vm/KERNEL.summary the tests' "netbuf-summary PART k=v..."
# lines plus "splats count=N" (kernel reports: KASAN, lockdep, WARN,
# kmemleak, ...), for the reliability report.
# Env: NETBUF_TESTS         directory of test programs (default build/tests)
#      NETBUF_TEST_TIMEOUT  seconds per test in the guest (default 300, 900
#                           on the debug kernel)
#      and those of build-kmod.sh and boot.sh.
# Exit: 0 when no test failed.
set -euo pipefail
shopt -s lastpipe # follow_console's tallies must survive the pipeline
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 ]] || die "usage: run-suite.sh 6.1|6.12|7.2"
kernel=$1
tests=${NETBUF_TESTS:-$NETBUF_BUILD/tests}
counts=$NETBUF_BUILD/vm/$kernel.counts
summary=$NETBUF_BUILD/vm/$kernel.summary
rm -f "$counts" "$summary"

abi='' vmlinuz='' headers='' sparse='' # set by kernel.sh's output
# eval would hide kernel.sh's failure: its error is above.
kernel_vars=$("$NETBUF_VM_DIR/kernel.sh" "$kernel") || die "no kernel $kernel to boot"
eval "$kernel_vars"
ko=$(NETBUF_SPARSE=$sparse "$NETBUF_VM_DIR/build-kmod.sh" "$abi" "$headers")
initrd=$NETBUF_BUILD/vm/$abi-test.cpio.gz
log=$NETBUF_BUILD/vm/$abi-test.log
"$NETBUF_VM_DIR/initramfs.sh" "$ko" "$initrd" --tests "$tests"

passed=0 failed=0 skipped=0 reported=0 plan=0 current= splats=0
# Reads the console as it streams; markers are matched anywhere in a line
# because kernel messages may land in front of them.
follow_console() {
	local line out=""

	while IFS= read -r line; do
		case $line in
		*netbuf-plan\ *) plan=${line##*netbuf-plan } ;;
		*netbuf-begin\ *)
			current=${line##*netbuf-begin }
			out=""
			;;
		*netbuf-result\ *)
			line=${line##*netbuf-result }
			echo "[$kernel] $line"
			((++reported))
			case $line in
			PASS\ *) ((++passed)) ;;
			SKIP\ *) ((++skipped)) ;;
			*) ((++failed)) && printf '%s' "$out" ;;
			esac
			out="" current=""
			;;
		*netbuf-check\ FAIL\ *)
			echo "[$kernel] FAIL harness: ${line##*netbuf-check FAIL }"
			((++failed))
			[[ $line != *"FAIL kmemleak"* ]] || ((++splats))
			;;
		*netbuf-summary\ *) echo "${line##*netbuf-summary }" >>"$summary" ;;
		*netbuf-splat:*)
			((++splats))
			out+="    $line"$'\n'
			;;
		*) out+="    $line"$'\n' ;;
		esac
	done
}

note "booting $abi with the tests of $tests"
start=$SECONDS
rc=0
# The guest's init gets netbuf_test_timeout=N as an environment variable.
# The debug kernel's sanitizers make everything many times slower.
timeout=300
[[ $kernel == "$DEBUG_KERNEL" ]] && timeout=900
append="netbuf_test_timeout=${NETBUF_TEST_TIMEOUT:-$timeout} ${NETBUF_VM_APPEND:-}"
# Operations of tests/user/fuzz.c (NETBUF_FUZZ_OPS overrides): 6.12 took 11 s idle, 115-290 s loaded.
case $kernel in "$DEBUG_KERNEL") fuzz_ops=250000 ;; 6.1) fuzz_ops=500000 ;; *) fuzz_ops=1000000 ;; esac
append+=" netbuf_fuzz_ops=${NETBUF_FUZZ_OPS:-$fuzz_ops}"
NETBUF_VM_APPEND=$append "$NETBUF_VM_DIR/boot.sh" "$vmlinuz" "$initrd" "$log" |
	follow_console || rc=${PIPESTATUS[0]}
elapsed=$((SECONDS - start))

if ! grep -q 'netbuf-done' "$log"; then
	# A test that was running when the guest died gets the blame.
	echo "[$kernel] FAIL ${current:-guest}: $(guest_died "$log" "$rc")"
	# Tests that never reported failed too; the crash itself counts once.
	unreported=$((plan - reported))
	failed=$((failed + (unreported > 1 ? unreported : 1)))
fi

echo "$passed $failed $skipped" >"$counts"
echo "splats count=$splats" >>"$summary"
boot=$(sed -n 's/.*netbuf-boot \([0-9.]*\).*/\1/p' "$log" | head -n1)
echo "[$kernel] $abi: $passed passed, $failed failed, $skipped skipped" \
	"(guest up in ${boot:-?}s, whole run ${elapsed}s; log $log)"
((failed == 0))
