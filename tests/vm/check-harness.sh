#!/bin/bash
# Usage: check-harness.sh   (make check-harness; make check runs it too)
# Proves the harness on the host, with no guest: feeds synthetic guest
# consoles to parse-console.sh, with a small plan of its own, and requires a
# clean console to pass and each broken one to fail, for the right reason:
# a crash after KUnit, a missing final marker, a stale or unplanned test, a
# skip after a failure, a KASAN report before the first test, a skip the
# plan does not allow, a lost KUnit case, and more. Checks plan.sh's refusal
# of a binary without source and of a planned test without source, and that
# tests/user/common.c turns a skip after a recorded failure into a failure.
# Prints "[harness] PASS|FAIL CASE" per case (with the parser's output when
# one fails) and writes "PASSED FAILED SKIPPED" to build/harness.counts.
# Exit: 0 when every case held.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
shopt -s lastpipe # expect, at the end of a pipeline, counts in this shell
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out=$NETBUF_BUILD/harness
counts=$NETBUF_BUILD/harness.counts
rm -rf "$out" "$counts"
mkdir -p "$out"
passed=0 failed=0

# A tree of its own: three tests, beta may skip on 6.1 only, KUnit on 7.2.
root=$out/tree
mkdir -p "$root/tests/user" "$root/bin"
cat >"$root/plan" <<'EOF'
# check-harness.sh's plan
kunit	7.2
alpha	all
beta	all	skip=6.1 the synthetic reason
gamma	all
EOF
for t in alpha beta gamma; do
	echo "/* $t */" >"$root/tests/user/$t.c"
	touch "$root/bin/$t"
done
export NETBUF_PLAN=$root/plan NETBUF_PLAN_ROOT=$root
# The 32-bit builds (NAME.m32) have cases of their own, further down.
export NETBUF_M32=0

# The console of a clean run on KERNEL (7.2 has the KUnit suite).
clean() {
	echo "[    0.000000] Linux version 7.2.0 (synthetic)"
	echo "netbuf-boot 2.50"
	echo "netbuf-plan 3"
	if [[ $1 == 7.2 ]]; then
		cat <<-'EOF'
		netbuf-begin kunit
		[    5.000000]     KTAP version 1
		[    5.000001]     # Subtest: netbuf
		[    5.000002]     1..3
		[    5.100000]     ok 1 netbuf_test_one
		[    5.200000]         KTAP version 1
		[    5.200001]         # Subtest: netbuf_test_two
		[    5.200002]         1..2
		[    5.200003]         ok 1 param-1
		[    5.200004]         ok 2 param-2
		[    5.200005]     ok 2 netbuf_test_two
		[    5.300000]     ok 3 netbuf_test_three
		[    5.300001] ok 1 netbuf
		netbuf-result PASS kunit.netbuf_test_one
		netbuf-result PASS kunit.netbuf_test_two
		netbuf-result PASS kunit.netbuf_test_three
		EOF
	fi
	for t in alpha beta gamma; do
		echo "netbuf-begin $t"
		echo "# $t checks something"
		echo "PASS $t"
		echo "netbuf-result PASS $t"
	done
	echo "netbuf-done"
}

clean 7.2 >"$out/clean-7.2"
clean 6.1 >"$out/clean-6.1"

# Usage: expect pass|fail CASE KERNEL REGEX [PARSER_ARG...] <CONSOLE
# Runs the parser on the console; the case holds when it passes or fails
# as said and its output matches REGEX (the reason, or the counts).
expect() {
	local want=$1 name=$2 kernel=$3 re=$4 rc=0 got
	shift 4

	"$NETBUF_VM_DIR/parse-console.sh" "$@" "$kernel" >"$out/$name.out" 2>&1 || rc=$?
	got=pass
	((rc == 0)) || got=fail
	if [[ $got == "$want" ]] && grep -qE -- "$re" "$out/$name.out"; then
		echo "[harness] PASS $name (the parser says $got)"
		((++passed))
	else
		echo "[harness] FAIL $name: wanted the parser to $want matching /$re/, it said $got (status $rc):"
		sed 's/^/    /' "$out/$name.out"
		((++failed))
	fi
	return 0
}

c72=$out/clean-7.2 c61=$out/clean-6.1
expect pass clean-7.2 7.2 '^\[7\.2\] 6 passed, 0 failed, 0 skipped \(6 of 6 planned results: 3 tests, 3 KUnit cases\)$' <"$c72"
sed 's/^netbuf-result PASS beta$/netbuf-result SKIP beta/' "$c61" >"$out/skip-6.1"
expect pass clean-6.1-allowed-skip 6.1 \
	'SKIP beta \(allowed on 6\.1: the synthetic reason\)' <"$out/skip-6.1"
expect pass clean-6.1-counts 6.1 '^\[6\.1\] 2 passed, 0 failed, 1 skipped' \
	--skips "$out/skips" <"$out/skip-6.1"
if [[ $(cat "$out/skips") != "beta the synthetic reason" ]]; then
	echo "[harness] FAIL skips-file: wanted 'beta the synthetic reason', got '$(cat "$out/skips")'"
	((++failed))
fi

# The guest dies in the first test after KUnit: that test and the two
# after it fail, they do not vanish from the total.
{
	sed '/^netbuf-begin alpha$/q' "$c72"
	echo "[   60.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008"
	echo "[   60.000001] Oops: 0000 [#1] PREEMPT SMP KASAN"
	echo "[   60.000002] Kernel panic - not syncing: Fatal exception"
} | expect fail crash-after-kunit 7.2 '^\[7\.2\] 3 passed, 3 failed, 0 skipped \(3 of 6 planned'
sed '/^netbuf-done$/d' "$c72" |
	expect fail missing-final-marker 7.2 'no netbuf-done'
sed 's/^netbuf-done$/netbuf-begin delta\nnetbuf-result PASS delta\nnetbuf-done/' "$c72" |
	expect fail stale-test-result 7.2 'FAIL delta \(reported, but tests/plan plans no test delta'
sed '/^netbuf-begin gamma$/,/^netbuf-result/d' "$c72" |
	expect fail planned-test-missing 7.2 'FAIL gamma \(planned on 7\.2, never reported\)'
sed 's/^PASS beta$/FAIL beta.c:12: expected 1, got 0\nSKIP beta: no such thing/; s/^netbuf-result PASS beta$/netbuf-result SKIP beta/' "$c61" |
	expect fail skip-after-failure 6.1 'FAIL beta \(skipped after it reported a failure\)'
{
	sed '/^netbuf-plan/q' "$c72"
	echo "[    3.000000] =================================================================="
	echo "[    3.000001] BUG: KASAN: slab-use-after-free in some_function+0x12/0x34"
	echo "[    3.000002] Read of size 8 at addr ffff888003a1b2c8 by task swapper/0/1"
	sed '1,/^netbuf-plan/d' "$c72"
} | expect fail kasan-before-first-test 7.2 'splat \(boot\) that the guest did not report: BUG: KASAN'
{
	sed '/^netbuf-begin beta$/q' "$c72"
	echo "[   30.000000] UBSAN: shift-out-of-bounds in kmod/netbuf_ctx.c:123:4"
	sed '1,/^netbuf-begin beta$/d' "$c72"
} | expect fail splat-during-a-passing-test 7.2 'FAIL beta \(the console shows a kernel splat: UBSAN'
{
	sed '/^netbuf-begin beta$/q' "$c72"
	echo "[   30.000000] BUG kmalloc-64 (Not tainted): Poison overwritten"
	sed '1,/^netbuf-begin beta$/d' "$c72"
} | expect fail slub-report 7.2 'FAIL beta \(the console shows a kernel splat: BUG kmalloc-64'
{
	sed '/^netbuf-result PASS gamma$/q' "$c72"
	echo "[   90.000000] rcu: INFO: rcu_sched self-detected stall on CPU"
	sed '1,/^netbuf-result PASS gamma$/d' "$c72"
} | expect fail rcu-stall-after-the-tests 7.2 'splat \(between\) that the guest did not report: rcu: INFO'
sed 's/^netbuf-result PASS beta$/netbuf-result SKIP beta/' "$c72" |
	expect fail disallowed-skip 7.2 'FAIL beta \(skipped, but tests/plan allows no skip of beta on 7\.2\)'
sed '/^netbuf-result PASS kunit.netbuf_test_two$/d' "$c72" |
	expect fail lost-kunit-case 7.2 '2 of 3 planned cases reported'
{
	sed '/ok 1 netbuf_test_one$/q' "$c72"
	echo "[    5.150000] Kernel panic - not syncing: Fatal exception"
} | expect fail crash-in-kunit 7.2 '^\[7\.2\] 0 passed, 6 failed'
sed '/     1\.\.3$/d' "$c72" |
	expect fail kunit-without-ktap-plan 7.2 'no KTAP plan line'
# The kernel's lines may overtake the guest's marker on the serial line.
sed '/^netbuf-begin kunit$/d; s/^netbuf-result PASS kunit.netbuf_test_one$/netbuf-begin kunit\n&/' "$c72" |
	expect pass ktap-before-kunit-marker 7.2 '6 of 6 planned results'
sed 's/^netbuf-begin alpha$/&\n[   40.0]     1..5/' "$c72" |
	expect pass ktap-like-line-in-a-test 7.2 '6 of 6 planned results'
sed 's/^netbuf-begin alpha$/netbuf-begin kunit\n[    5.0]     1..1\nnetbuf-result PASS kunit.x\nnetbuf-begin alpha/' "$c61" |
	expect fail unplanned-kunit 6.1 'tests/plan plans no KUnit suite on 6\.1'
sed 's/^netbuf-result PASS alpha$/netbuf-result PASS alpha\nnetbuf-result PASS alpha/' "$c72" |
	expect fail reported-twice 7.2 'reported a second time'
sed 's/^netbuf-plan 3$/netbuf-plan 2/' "$c72" |
	expect fail guest-plan-mismatch 7.2 'the guest holds 2 tests, tests/plan plans 3'
sed 's/^netbuf-done$/netbuf-check FAIL lockdep (debug_locks is 0 at the end, not 1)\nnetbuf-done/' "$c72" |
	expect fail lockdep-off-at-the-end 7.2 'FAIL harness: lockdep'
sed '/^netbuf-boot/d' "$c72" |
	expect fail no-init 7.2 'its init never started'
expect fail empty-console 7.2 'never started' </dev/null
# A subset run expects only what it was given, still every KUnit case.
sed '/^netbuf-begin gamma$/,/^netbuf-result/d; s/^netbuf-plan 3$/netbuf-plan 2/' "$c72" |
	expect pass subset 7.2 '5 of 5 planned results' --only alpha,beta

# The 32-bit builds: every test also runs as NAME.m32, where NAME runs and
# with NAME's skips, unless a NAME.m32 line narrows it (gamma: 6.1 only).
export NETBUF_M32=1
echo "gamma.m32	6.1	the synthetic 32-bit reason" >>"$root/plan"
# Usage: with_m32 CONSOLE: the console with NAME.m32's results after the
# last test, for each NAME given after it.
with_m32() {
	local console=$1 t

	shift
	sed '/^netbuf-done$/d; s/^netbuf-plan 3$/netbuf-plan '$((3 + $#))'/' "$console"
	for t; do
		echo "netbuf-begin $t.m32"
		echo "PASS $t.m32"
		echo "netbuf-result PASS $t.m32"
	done
	echo "netbuf-done"
}
with_m32 "$c72" alpha beta >"$out/m32-7.2"
with_m32 "$c61" alpha beta gamma >"$out/m32-6.1"
expect pass m32-clean-7.2 7.2 '^\[7\.2\] 8 passed, 0 failed, 0 skipped \(8 of 8 planned results: 5 tests, 3 KUnit cases\)$' <"$out/m32-7.2"
expect pass m32-clean-6.1 6.1 '^\[6\.1\] 6 passed, 0 failed, 0 skipped \(6 of 6 planned results: 6 tests\)$' <"$out/m32-6.1"
sed '/^netbuf-begin alpha\.m32$/,/^netbuf-result/d; s/^netbuf-plan 5$/netbuf-plan 4/' "$out/m32-7.2" |
	expect fail m32-missing 7.2 'FAIL alpha\.m32 \(planned on 7\.2, never reported\)'
with_m32 "$c72" alpha beta gamma |
	expect fail m32-narrowed-away 7.2 'FAIL gamma\.m32 \(reported, but tests/plan plans no test gamma\.m32 on 7\.2'
sed 's/^netbuf-result PASS beta\.m32$/netbuf-result SKIP beta.m32/' "$out/m32-6.1" |
	expect pass m32-skip-as-its-test 6.1 'SKIP beta\.m32 \(allowed on 6\.1: the synthetic reason\)'
sed 's/^netbuf-result PASS alpha\.m32$/netbuf-result SKIP alpha.m32/' "$out/m32-7.2" |
	expect fail m32-disallowed-skip 7.2 'FAIL alpha\.m32 \(skipped, but tests/plan allows no skip of alpha\.m32 on 7\.2\)'
# The 64-bit console alone: every 32-bit build is missing.
expect fail m32-none-ran 7.2 'FAIL beta\.m32 \(planned on 7\.2, never reported\)' <"$c72"
NETBUF_M32=0 expect pass m32-off 7.2 '6 of 6 planned results' <"$c72"

# Usage: expect_plan pass|fail CASE REGEX COMMAND... (plan.sh's checks)
expect_plan() {
	local want=$1 name=$2 re=$3 rc=0 got
	shift 3

	"$@" >"$out/$name.out" 2>&1 || rc=$?
	got=pass
	((rc == 0)) || got=fail
	if [[ $got == "$want" ]] && { [[ -z $re ]] || grep -qE -- "$re" "$out/$name.out"; }; then
		echo "[harness] PASS $name (plan.sh says $got)"
		((++passed))
	else
		echo "[harness] FAIL $name: wanted plan.sh to $want matching /$re/, it said $got (status $rc):"
		sed 's/^/    /' "$out/$name.out"
		((++failed))
	fi
}

expect_plan pass plan-clean-binaries '' "$NETBUF_VM_DIR/plan.sh" check "$root/bin"
touch "$root/bin/delta"
expect_plan fail plan-stale-binary 'bin/delta is no test of tests/plan' "$NETBUF_VM_DIR/plan.sh" check "$root/bin"
expect_plan pass plan-prune 'removing .*bin/delta' "$NETBUF_VM_DIR/plan.sh" prune "$root/bin"
[[ ! -e $root/bin/delta ]] || { echo "[harness] FAIL plan-prune: bin/delta is still there"; ((++failed)); }
mv "$root/tests/user/gamma.c" "$root/gamma.c.away"
expect_plan fail plan-deleted-source 'lists gamma, but its source tests/user/gamma.c does not exist' \
	"$NETBUF_VM_DIR/plan.sh" check "$root/bin"
mv "$root/gamma.c.away" "$root/tests/user/gamma.c"
echo "omega	6.3" >>"$root/plan"
expect_plan fail plan-unknown-kernel 'unknown kernel' "$NETBUF_VM_DIR/plan.sh" list 7.2
sed -i '$d' "$root/plan"
echo "omega	all	skip=6.1" >>"$root/plan"
expect_plan fail plan-skip-without-reason 'gives no reason' "$NETBUF_VM_DIR/plan.sh" list 7.2
sed -i '$d' "$root/plan"
echo "alpha.m32	none" >>"$root/plan"
expect_plan fail plan-m32-without-reason 'alpha\.m32 gives no reason' "$NETBUF_VM_DIR/plan.sh" list 7.2
sed -i '$d' "$root/plan"
# A default for every 32-bit build (6.1 only), which a test's line widens.
printf 'm32\t6.1\tthe synthetic default\nbeta.m32\tall\tthe synthetic widening\n' >>"$root/plan"
"$NETBUF_VM_DIR/plan.sh" list 7.2 >"$out/plan-m32-default.out" 2>&1 || true
if [[ $(grep '\.m32' "$out/plan-m32-default.out" | cut -f1 | paste -sd' ') == "beta.m32" ]]; then
	echo "[harness] PASS plan-m32-default (7.2 plans beta.m32 alone)"
	((++passed))
else
	echo "[harness] FAIL plan-m32-default: wanted beta.m32 alone on 7.2, plan.sh lists:"
	sed 's/^/    /' "$out/plan-m32-default.out"
	((++failed))
fi
sed -i '$d' "$root/plan"
sed -i '$d' "$root/plan"
echo "omega.m32	none	no such test" >>"$root/plan"
expect_plan fail plan-m32-of-no-test 'omega\.m32 sets the kernels of the 32-bit build of omega, which the plan does not list' \
	"$NETBUF_VM_DIR/plan.sh" list 7.2
sed -i '$d' "$root/plan"
expect_plan pass plan-m32-narrowed '^gamma\.m32' "$NETBUF_VM_DIR/plan.sh" list 6.1
if "$NETBUF_VM_DIR/plan.sh" list 7.2 | grep -q '^gamma\.m32'; then
	echo "[harness] FAIL plan-m32-narrowed-7.2: plan.sh plans gamma.m32 on 7.2, where the plan narrows it away"
	((++failed))
fi
# The user backend's runs: NAME.user on the kernels its line names, and on
# the host when it says host; never for a test the plan does not list.
printf 'alpha.user\thost,6.1\tthe synthetic user run\nbeta.user\t7.2\tguest only\n' >>"$root/plan"
expect_plan pass plan-user-guest '^alpha\.user' "$NETBUF_VM_DIR/plan.sh" list 6.1
expect_plan pass plan-user-host '^alpha$' "$NETBUF_VM_DIR/plan.sh" user
if "$NETBUF_VM_DIR/plan.sh" user | grep -q '^beta$' ||
	"$NETBUF_VM_DIR/plan.sh" list 6.1 | grep -q '^beta\.user'; then
	echo "[harness] FAIL plan-user-narrowed: beta.user is planned on 7.2 alone"
	((++failed))
fi
sed -i '$d' "$root/plan"
sed -i '$d' "$root/plan"
echo "alpha.user	6.3	bad kernel" >>"$root/plan"
expect_plan fail plan-user-unknown-kernel 'unknown kernel' "$NETBUF_VM_DIR/plan.sh" list 7.2
sed -i '$d' "$root/plan"
echo "omega.user	host	no such test" >>"$root/plan"
expect_plan fail plan-user-of-no-test 'omega\.user plans the user-backend run of omega, which the plan does not list' \
	"$NETBUF_VM_DIR/plan.sh" list 7.2
sed -i '$d' "$root/plan"

# tests/user/common.c: a skip after a recorded failure exits 1, not 77.
unset NETBUF_PLAN NETBUF_PLAN_ROOT
prog=$out/skip_after_fail
cat >"$prog.c" <<'EOF'
#include "common.h"

int main(int argc, char **argv)
{
	(void)argc;
	t_init(argv[0], 10);
	t_fail_at(__FILE__, __LINE__, "a synthetic failure");
	t_skip("a synthetic reason to skip");
}
EOF
rc=0
cc -I"$NETBUF_REPO/uapi" -I"$NETBUF_REPO/libnetbuf" -I"$NETBUF_REPO/tests/user" -D_GNU_SOURCE \
	-o "$prog" "$prog.c" "$NETBUF_REPO/tests/user/common.c" "$NETBUF_REPO/libnetbuf/libnetbuf.a" \
	-lpthread >"$prog.log" 2>&1 && "$prog" >>"$prog.log" 2>&1 || rc=$?
if ((rc == 1)) && grep -q '^FAIL skip_after_fail: 1 check(s) failed before it skipped' "$prog.log"; then
	echo "[harness] PASS common-skip-after-failure (exit 1)"
	((++passed))
else
	echo "[harness] FAIL common-skip-after-failure: wanted exit 1 and a FAIL line, got status $rc:"
	sed 's/^/    /' "$prog.log"
	((++failed))
fi

echo "$passed $failed 0" >"$counts"
echo "[harness] $passed passed, $failed failed, 0 skipped"
((failed == 0))
