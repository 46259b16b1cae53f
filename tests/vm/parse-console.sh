#!/bin/bash
# Usage: parse-console.sh [OPTION...] KERNEL [LOG]
# The host's side of a guest test run: reads the guest's console (LOG, or
# stdin as boot.sh streams it), prints "[KERNEL] PASS|FAIL|SKIP NAME" per
# result as it comes (a failure with the output the test printed), and
# accounts for every test tests/plan plans on KERNEL:
#   - each planned test reports exactly once; one that never reports (the
#     guest died, or its binary was never built) is a failure, and so is a
#     result for a test the plan does not list, or a second one;
#   - the KUnit suite's cases are counted from its KTAP plan line ("1..N",
#     printed on the console before the first case runs), and the cases
#     reported must be exactly that many;
#   - a skip is a failure unless the plan allows it on KERNEL (its reason
#     is printed with it), and so is a skip after the test printed a FAIL;
#   - the guest's own harness failures (netbuf-check FAIL: environment,
#     boot log, module load and unload, KUnit, lockdep, kmemleak) count;
#   - a kernel splat on the console fails the test that was running, or the
#     run when no test was, unless the guest reported a failure for it;
#   - a console without the final marker (netbuf-done) is a failure.
# Ends with "[KERNEL] N passed, M failed, K skipped (...)".
# Options: --only NAME,...   expect only these of the planned tests (a run of
#                            a subset: NETBUF_TESTS)
#          --counts FILE     write "PASSED FAILED SKIPPED" there
#          --summary FILE    append the tests' netbuf-summary lines and
#                            "splats count=N" there
#          --skips FILE      write "NAME REASON" per allowed skip there
#          --label TEXT      what the last line names before its counts (the
#                            kernel's release)
# Env: NETBUF_PLAN, NETBUF_PLAN_ROOT (plan.sh).
# Exit: 0 when nothing failed and something was planned.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=plan.sh
. "$(dirname "${BASH_SOURCE[0]}")/plan.sh"

only='' counts='' summary='' skips='' label=''
while [[ ${1:-} == --* ]]; do
	[[ $# -ge 2 ]] || die "$1 needs a value"
	case $1 in
	--only) only=$2 ;;
	--counts) counts=$2 ;;
	--summary) summary=$2 ;;
	--skips) skips=$2 ;;
	--label) label=$2 ;;
	*) die "unknown option $1" ;;
	esac
	shift 2
done
[[ $# -ge 1 && $# -le 2 ]] || die "usage: parse-console.sh [--only NAMES] [--counts F] [--summary F] [--skips F] KERNEL [LOG]"
kernel=$1
if [[ $# -eq 2 ]]; then
	exec <"$2"
fi
plan_read "$kernel"

declare -A expect=() result=()
if [[ -n $only ]]; then
	for t in ${only//,/ }; do
		expect[$t]=1
	done
	planned_tests=()
	for t in "${PLAN_TESTS[@]}"; do
		[[ -z ${expect[$t]:-} ]] || planned_tests+=("$t")
	done
	expect=()
else
	planned_tests=("${PLAN_TESTS[@]}")
fi
for t in "${planned_tests[@]}"; do
	expect[$t]=1
done

splat_re=$(splat_regex)
# A kernel line on the console: "[   12.345678] message", maybe with a
# caller id after the time.
kline_re='^\[ *[0-9]+\.[0-9]+\](\[ *[A-Z]?[0-9]+\])? ?(.*)$'
ktap_plan_re='^    1\.\.([0-9]+)$'

passed=0 failed=0 skipped=0 splats=0 reboots=0
booted=0 done=0 guest_plan='' kunit_plan='' kunit_reported=0 reported=0
current='' out='' died_of='' user_begun=0
# The phase the console is in: boot (before the first test), TEST, kunit,
# between (after a result); whether the guest reported a failure in it and
# in the one before, and the first kernel splat the console showed in it.
phase=boot phase_failed=0 prev_failed=0 phase_splat=''
[[ -z $skips ]] || : >"$skips"

fail() {
	echo "[$kernel] FAIL $*"
	((++failed))
	phase_failed=1
}

# A splat the console showed outside a test, with no failure reported by
# the guest in that phase or the one before (whose splat may reach the
# console late), fails the run.
close_phase() {
	if [[ -n $phase_splat ]] && ((phase_failed == 0 && prev_failed == 0)); then
		fail "kernel: the console shows a splat ($phase) that the guest did not report: $phase_splat"
	fi
	prev_failed=$phase_failed
	phase=$1 phase_failed=0 phase_splat=''
}

on_result() {
	local status name why reason

	read -r status name why <<<"$1"
	[[ -n $name ]] || {
		fail "harness: a result line names no test: $1"
		return
	}
	if [[ -n ${result[$name]:-} ]]; then
		fail "$name (reported a second time: $1)"
		return
	fi
	result[$name]=$status
	if [[ $name == kunit.* ]]; then
		if ((PLAN_KUNIT == 0)); then
			fail "$name (a KUnit case, but tests/plan plans no KUnit suite on $kernel)"
			return
		fi
		((++kunit_reported))
	elif [[ -z ${expect[$name]:-} ]]; then
		fail "$name (reported, but tests/plan plans no test $name on $kernel: a stale or unplanned test)"
		printf '%s' "$out"
		return
	else
		((++reported))
	fi
	# A splat on the console while the test ran fails it, reported or not.
	if [[ $status != FAIL && -n $phase_splat && $phase != kunit ]]; then
		status=FAIL why="(the console shows a kernel splat: $phase_splat)"
		phase_splat=''
	fi
	case $status in
	PASS)
		echo "[$kernel] PASS $name"
		((++passed))
		;;
	SKIP)
		if [[ $'\n'$out == *$'\n    FAIL '* ]]; then
			# tests/user/common.c exits 1 then; an old binary did not.
			fail "$name (skipped after it reported a failure)"
			printf '%s' "$out"
		elif [[ $name != kunit.* && -n ${PLAN_SKIP[$name]+set} ]]; then
			reason=${PLAN_SKIP[$name]}
			echo "[$kernel] SKIP $name (allowed on $kernel: $reason)"
			((++skipped))
			[[ -z $skips ]] || echo "$name $reason" >>"$skips"
		else
			fail "$name (skipped, but tests/plan allows no skip of $name on $kernel)${why:+ $why}"
			printf '%s' "$out"
		fi
		;;
	*)
		fail "$name${why:+ $why}"
		printf '%s' "$out"
		;;
	esac
}

while IFS= read -r line; do
	# A new boot (boot.sh boots again after a crash before init): what the
	# crashed boot printed is boot.sh's business.
	if [[ $line == netbuf-host-boot* ]]; then
		phase_splat=''
		# Its splats too: the module was never loaded in it. The
		# summary says how many boots were retried.
		[[ $line == "netbuf-host-boot 1" ]] || { splats=0; ((++reboots)); }
		continue
	fi
	if [[ $line =~ $kline_re ]]; then
		msg=${BASH_REMATCH[2]}
		if [[ $msg =~ $splat_re ]]; then
			((++splats))
			[[ -n $phase_splat ]] || phase_splat=$msg
		fi
		# The suite's plan line, at one indent: counted from boot until the
		# first user test (KUnit runs first), since the kernel's console
		# may overtake the guest's "netbuf-begin kunit" in the tty.
		if ((user_begun == 0)) && [[ $msg =~ $ktap_plan_re ]]; then
			kunit_plan=$((${kunit_plan:-0} + BASH_REMATCH[1]))
			echo "[$kernel] kunit: the KTAP plan announces ${BASH_REMATCH[1]} cases"
		fi
	fi
	# Markers are matched anywhere in a line: kernel messages may land in
	# front of them.
	case $line in
	*netbuf-boot\ *) booted=1 ;;
	*netbuf-plan\ *) guest_plan=${line##*netbuf-plan } ;;
	*netbuf-begin\ *)
		current=${line##*netbuf-begin }
		[[ $current == kunit ]] || user_begun=1
		close_phase "$current"
		[[ $current == kunit ]] && phase=kunit
		out=""
		;;
	*netbuf-result\ *)
		on_result "${line##*netbuf-result }"
		[[ $current == kunit ]] && continue # one result per case
		out="" current=""
		close_phase between
		;;
	*netbuf-check\ FAIL\ *)
		fail "harness: ${line##*netbuf-check FAIL }"
		[[ $line != *"FAIL kmemleak"* ]] || ((++splats))
		;;
	*netbuf-summary\ *) [[ -z $summary ]] || echo "${line##*netbuf-summary }" >>"$summary" ;;
	*netbuf-done*)
		done=1
		close_phase end
		;;
	*) out+="    $line"$'\n' ;;
	esac
done
# A splat in the test that was running when the console ended is what
# killed it: it fails as that test, below.
if ((done == 0)) && [[ $phase != boot && $phase != between ]]; then
	died_of=$phase_splat phase_splat=''
fi
[[ $phase == end ]] || close_phase end

# The accounting: what was planned against what reported.
if ((booted == 0)); then
	fail "guest: its init never started (no netbuf-boot on the console)"
elif ((done == 0)); then
	if [[ -n $current && $current != kunit && -z ${result[$current]:-} ]]; then
		fail "$current (the guest died while it ran${died_of:+: $died_of})"
		result[$current]=FAIL
	elif [[ $current == kunit ]] && ((PLAN_KUNIT)) && [[ -n $kunit_plan ]]; then
		# Its lost cases are counted below.
		echo "[$kernel] the guest died in the KUnit suite${died_of:+: $died_of}"
	else
		fail "guest: it did not finish (no netbuf-done on the console)${died_of:+: $died_of}"
	fi
fi
if [[ -z $guest_plan ]]; then
	((booted == 0)) || fail "harness: the guest announced no plan (netbuf-plan)"
elif [[ $guest_plan != "${#planned_tests[@]}" ]]; then
	fail "harness: the guest holds $guest_plan tests, tests/plan plans ${#planned_tests[@]} on $kernel"
fi
missing=()
for t in "${planned_tests[@]}"; do
	[[ -n ${result[$t]:-} ]] || missing+=("$t")
done
for t in "${missing[@]}"; do
	fail "$t (planned on $kernel, never reported)"
done
kunit_planned=0
if ((PLAN_KUNIT)); then
	if [[ -z $kunit_plan ]]; then
		fail "kunit (planned on $kernel, but no KTAP plan line reached the console: the suite never started)"
	else
		kunit_planned=$kunit_plan
		lost=$((kunit_plan - kunit_reported))
		if ((lost > 0)); then
			echo "[$kernel] FAIL kunit: $kunit_reported of $kunit_plan planned cases reported; each lost case fails"
			((failed += lost))
		elif ((lost < 0)); then
			fail "kunit: $kunit_reported cases reported, the KTAP plan announced $kunit_plan"
		fi
	fi
elif [[ -n $kunit_plan ]]; then
	fail "kunit (the KUnit suite ran, but tests/plan plans none on $kernel)"
fi

planned=$((${#planned_tests[@]} + kunit_planned))
got=$((reported + (kunit_reported < kunit_planned ? kunit_reported : kunit_planned)))
[[ -z $counts ]] || echo "$passed $failed $skipped" >"$counts"
if [[ -n $summary ]]; then
	if ((reboots)); then
		echo "splats count=$splats (boots retried after a crash before init: $reboots)"
	else
		echo "splats count=$splats"
	fi >>"$summary"
fi
echo "[$kernel] ${label:+$label: }$passed passed, $failed failed, $skipped skipped" \
	"($got of $planned planned results: ${#planned_tests[@]} tests${kunit_plan:+, $kunit_plan KUnit cases})"
((failed == 0 && planned > 0))
