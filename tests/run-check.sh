#!/bin/bash
# Usage: run-check.sh   (what 'make check' runs, once build/tests/ is built)
# Runs the harness's own test (tests/vm/check-harness.sh, no guest),
# tests/host-check.sh, then the test suite in a guest of each kernel,
# one after the other (the machine has 2 cores and each guest uses both),
# the benchmark's quick variant on 6.12, the static checks when the debug
# kernel is among them, a reliability report (fuzzing, allocation-failure
# sweep, races, kernel splats: one line each, from the tests'
# "netbuf-summary" lines), the skips tests/plan allowed, per kernel with
# their reasons, and ends with the grand total as its last line:
# "N passed, M failed, K skipped". Every test tests/plan plans on a kernel
# counts in it, whether it ran or not (tests/vm/parse-console.sh).
# Env: NETBUF_KERNELS  kernels to run (default "6.1 6.12 7.2"), and those of
#      tests/vm/run-suite.sh.
# Exit: 0 only if no test failed and at least one ran.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
vm=$(cd "$(dirname "${BASH_SOURCE[0]}")/vm" && pwd)
root=${vm%/tests/vm}
# shellcheck source=vm/lib.sh
. "$vm/lib.sh"

read -ra kernels <<<"${NETBUF_KERNELS:-$NETBUF_ALL_KERNELS}"
passed=0 failed=0 skipped=0
times=()	# "part seconds", printed before the total
start=$SECONDS

# Usage: add_counts LABEL FILE. Adds a part's "PASSED FAILED SKIPPED" to
# the totals; a part that left no file failed (its error is above).
add_counts() {
	local p f s n

	if [[ -s $2 ]]; then
		read -r p f s <"$2"
		s=${s:-0}
		if [[ $1 != 6.* && $1 != "$DEBUG_KERNEL" ]] && ((s > 0)); then
			# Only the guests' tests have skips tests/plan may allow.
			echo "[$1] FAIL harness: $s skipped, which tests/plan allows nowhere but in the guests"
			((f += s, s = 0)) || true
		fi
		((passed += p, failed += f, skipped += s)) || true
	elif [[ $1 == 6.* || $1 == "$DEBUG_KERNEL" ]]; then
		# A guest that never ran still owes every test of its plan (the
		# KUnit suite counts once: its cases are counted when it runs).
		n=$("$vm/plan.sh" list "$1" | wc -l) || n=1
		echo "[$1] FAIL harness: no results; the $n tests tests/plan plans on $1 count as failed"
		((failed += n > 0 ? n : 1)) || true
	else
		echo "[$1] FAIL harness: no results"
		((++failed))
	fi
}

if [[ -n ${NETBUF_TESTS:-} ]]; then
	echo "run-check.sh: NETBUF_TESTS is for a subset run of tests/vm/run-suite.sh; make check runs tests/plan whole" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
if ! "$vm/deps.sh" "${kernels[@]}"; then
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
# The harness's accounting first: if it could lie, no count below means much.
"$vm/check-harness.sh" || true
times+=("harness $((SECONDS - start))s")
add_counts harness "$NETBUF_BUILD/harness.counts"
# Install, pkg-config, DKMS and man pages, on this host; first, because
# the pkg-config check leaves a program in build/tests for the guests.
start=$SECONDS
"$root/tests/host-check.sh" || true
times+=("host $((SECONDS - start))s")
add_counts host "$NETBUF_BUILD/host.counts"
for kernel in "${kernels[@]}"; do
	start=$SECONDS
	"$vm/run-suite.sh" "$kernel" || true
	times+=("$kernel $((SECONDS - start))s")
	add_counts "$kernel" "$NETBUF_BUILD/vm/$kernel.counts"
done

# Usage: guest_part LABEL NAME WHAT COMMAND...: one counted check that
# boots its own guest; PASS when COMMAND succeeds, else FAIL with the end
# of its log (build/NAME.log), and its time in the split.
guest_part() {
	local label=$1 name=$2 what=$3 log=$NETBUF_BUILD/$2.log start=$SECONDS

	shift 3
	if "$@" >"$log" 2>&1; then
		echo "[$label] PASS $what (log $log)"
		((++passed))
	else
		echo "[$label] FAIL $what (log $log):"
		tail -n 40 "$log" | sed 's/^/    /'
		((++failed))
	fi
	times+=("$name $((SECONDS - start))s")
}

if [[ " ${kernels[*]} " == *" 6.12 "* ]]; then
	# The benchmark's quick variant, so that it cannot rot: it asserts
	# counts only (system calls per operation, live buffers past
	# vm.max_map_count). A kernel splat fails it too (vm-run.sh exits
	# 126, bench/run.sh fails).
	guest_part bench bench-quick "quick (counts)" \
		env NETBUF_BENCH_KERNEL=6.12 "$root/bench/run.sh" --quick
	# make demo itself: its binary in a guest, every line it must print.
	guest_part demo demo-check "make demo's program prints what it must" \
		"$root/tests/demo-check.sh" 6.12
fi

# checkpatch comes with the debug kernel's tree, built by its suite above.
if [[ " ${kernels[*]} " == *" $DEBUG_KERNEL "* ]]; then
	# A previous run's figures must not stand in for this one's.
	rm -f "$NETBUF_BUILD/vm/static.counts"
	if kernel_vars=$("$vm/debug-kernel.sh"); then
		headers=''
		eval "$kernel_vars"
		"$root/tests/static-checks.sh" "$headers" || true
	fi
	add_counts static "$NETBUF_BUILD/vm/static.counts"
fi

# The reliability report: one line per part, each kernel's figures.
for part in fuzz fail-nth races splats; do
	line=''
	for kernel in "${kernels[@]}"; do
		f=$NETBUF_BUILD/vm/$kernel.summary
		[[ -s $f ]] || continue
		while read -r name figures; do
			[[ $name == "$part" ]] && line+="${line:+; }$kernel: $figures"
		done <"$f"
	done
	echo "reliability $part: ${line:-none reported}"
done

# The skips tests/plan allowed (any other skip failed above), with why.
for kernel in "${kernels[@]}"; do
	f=$NETBUF_BUILD/vm/$kernel.skips
	[[ -s $f ]] || continue
	while read -r name reason; do
		echo "skipped on $kernel: $name ($reason)"
	done <"$f"
done

echo "time per part: ${times[*]} (whole: ${SECONDS}s)"
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0 && passed + skipped > 0))
