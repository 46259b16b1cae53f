#!/bin/bash
# The test plan (tests/plan): what each kernel's guest must run.
# Sourced by run-suite.sh and parse-console.sh for plan_read and
# plan_problems; run as a command by the Makefile and check-harness.sh:
#   plan.sh prune DIR     removes the files of DIR (build/tests) that are no
#                         test binary of a source (stale binaries)
#   plan.sh check DIR     lists DIR's binaries the plan does not know or that
#                         have no source, and planned tests with no source;
#                         exit 1 when there is one
#   plan.sh list KERNEL   the tests planned on KERNEL, "NAME<TAB>SKIP-REASON"
#   plan.sh user          the tests the host runs on the user backend
# Env: NETBUF_PLAN       the plan (default tests/plan)
#      NETBUF_PLAN_ROOT  the tree its source paths are relative to (default
#                        the repository)
#      NETBUF_M32        0: plan no 32-bit builds (NAME.m32) at all
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NETBUF_PLAN=${NETBUF_PLAN:-$NETBUF_REPO/tests/plan}
NETBUF_PLAN_ROOT=${NETBUF_PLAN_ROOT:-$NETBUF_REPO}

# Usage: plan_read KERNEL. Reads $NETBUF_PLAN and sets
#   PLAN_ALL       every test the plan names, on any kernel (kunit excepted)
#   PLAN_TESTS     the tests planned on KERNEL, in the plan's order, then
#                  the 32-bit builds planned on KERNEL, as NAME.m32
#   PLAN_KUNIT     1 when the KUnit suite is planned on KERNEL
#   PLAN_SRC[N]    the source of test N (relative to $NETBUF_PLAN_ROOT)
#   PLAN_SKIP[N]   why N (or N.m32) may skip on KERNEL (unset: it may not)
#   PLAN_USER_HOST the tests whose user-backend run (NAME.user) the host
#                  makes (tests/host-check.sh), 64- and 32-bit; NAME.user
#                  among PLAN_TESTS runs in KERNEL's guest with the module
#                  unloaded (tests/vm/guest-tests.sh), 64-bit, and no skip
# A test's 32-bit build runs where the test runs, with its skips, and on
# the kernels of the line "m32 KERNELS REASON..." (all when there is none);
# a line "NAME.m32 KERNELS REASON..." sets them for NAME ("none": nowhere).
# Dies on a malformed line: a plan that cannot be read plans nothing.
plan_read() {
	local kernel=$1 name kernels rest where skip_on reason k n=0
	local m32_default=${NETBUF_ALL_KERNELS// /,}
	local -A seen=() runs_on=() m32_on=() user_on=()

	PLAN_ALL=() PLAN_TESTS=() PLAN_KUNIT=0 PLAN_USER_HOST=()
	declare -gA PLAN_SRC=() PLAN_SKIP=()
	[[ -r $NETBUF_PLAN ]] || die "no test plan $NETBUF_PLAN"
	while read -r name kernels rest; do
		((++n))
		where="$NETBUF_PLAN:$n"
		[[ -n $name && $name != \#* ]] || continue
		[[ $name =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || die "$where: bad test name '$name'"
		[[ -z ${seen[$name]:-} ]] || die "$where: $name is listed twice"
		seen[$name]=1
		[[ -n $kernels ]] || die "$where: $name names no kernel"
		if [[ $name == *.user ]]; then
			# The user-space backend's run of a test (NAME.user).
			[[ -n $rest ]] || die "$where: $name gives no reason for its kernels"
			[[ $kernels == all ]] && kernels=host,${NETBUF_ALL_KERNELS// /,}
			[[ $kernels == none ]] || plan_kernels_ok "${kernels//host/}" ||
				die "$where: unknown kernel in '$kernels' (use host and some of ${NETBUF_ALL_KERNELS// /,}, all or none)"
			user_on[${name%.user}]=$kernels
			continue
		fi
		if [[ $name == m32 || $name == *.m32 ]]; then
			[[ -n $rest ]] || die "$where: $name gives no reason for its kernels"
			[[ $kernels == all ]] && kernels=${NETBUF_ALL_KERNELS// /,}
			[[ $kernels == none ]] || plan_kernels_ok "$kernels" ||
				die "$where: unknown kernel in '$kernels' (use all, none or some of ${NETBUF_ALL_KERNELS// /,})"
			if [[ $name == m32 ]]; then
				m32_default=$kernels
			else
				m32_on[${name%.m32}]=$kernels
			fi
			continue
		fi
		[[ $kernels == all ]] && kernels=${NETBUF_ALL_KERNELS// /,}
		plan_kernels_ok "$kernels" || die "$where: unknown kernel in '$kernels' (use all or ${NETBUF_ALL_KERNELS// /,})"
		PLAN_SRC[$name]=tests/user/$name.c
		if [[ $rest == source=* ]]; then
			PLAN_SRC[$name]=${rest%%[[:space:]]*}
			PLAN_SRC[$name]=${PLAN_SRC[$name]#source=}
			[[ $rest == *[[:space:]]* ]] && rest=${rest#*[[:space:]]} || rest=
			rest=${rest#"${rest%%[![:space:]]*}"}
		fi
		skip_on='' reason=''
		if [[ $rest == skip=* ]]; then
			skip_on=${rest%%[[:space:]]*}
			skip_on=${skip_on#skip=}
			reason=${rest#skip="$skip_on"}
			reason=${reason#"${reason%%[![:space:]]*}"}
			[[ -n $reason ]] || die "$where: skip=$skip_on gives no reason"
			[[ $skip_on == all ]] && skip_on=${NETBUF_ALL_KERNELS// /,}
			plan_kernels_ok "$skip_on" || die "$where: unknown kernel in skip=$skip_on"
		elif [[ -n $rest ]]; then
			die "$where: cannot read '$rest' (expected source=PATH or skip=KERNELS REASON)"
		fi
		if [[ $name == kunit ]]; then
			[[ -z $skip_on ]] || die "$where: the KUnit suite cannot skip as a whole"
			[[ ",$kernels," == *",$kernel,"* ]] && PLAN_KUNIT=1
			unset "PLAN_SRC[kunit]"
			continue
		fi
		PLAN_ALL+=("$name")
		runs_on[$name]=$kernels
		[[ ",$kernels," == *",$kernel,"* ]] || continue
		PLAN_TESTS+=("$name")
		for k in ${skip_on//,/ }; do
			[[ $k == "$kernel" ]] && PLAN_SKIP[$name]=$reason
		done
	done <"$NETBUF_PLAN"
	for name in "${!m32_on[@]}"; do
		[[ -n ${runs_on[$name]:-} ]] || die "$NETBUF_PLAN: $name.m32 sets the kernels of the 32-bit build of $name, which the plan does not list"
	done
	for name in "${!user_on[@]}"; do
		[[ -n ${runs_on[$name]:-} ]] || die "$NETBUF_PLAN: $name.user plans the user-backend run of $name, which the plan does not list"
	done
	# In plan order: the user backend's runs (unloaded module) in the
	# guest of KERNEL, and those of the host (host-check.sh).
	for name in "${PLAN_ALL[@]}"; do
		[[ ",${user_on[$name]:-none}," == *",$kernel,"* ]] &&
			PLAN_TESTS+=("$name.user")
		[[ ",${user_on[$name]:-none}," == *",host,"* ]] &&
			PLAN_USER_HOST+=("$name")
	done
	[[ ${NETBUF_M32:-1} != 0 ]] || return 0
	for name in "${PLAN_ALL[@]}"; do
		[[ ",${runs_on[$name]}," == *",$kernel,"* ]] || continue
		[[ ",${m32_on[$name]:-$m32_default}," == *",$kernel,"* ]] || continue
		PLAN_TESTS+=("$name.m32")
		[[ -z ${PLAN_SKIP[$name]+set} ]] || PLAN_SKIP[$name.m32]=${PLAN_SKIP[$name]}
	done
	return 0
}

# Usage: plan_kernels_ok K1,K2... Whether each is a kernel make check knows.
plan_kernels_ok() {
	local k

	for k in ${1//,/ }; do
		[[ " $NETBUF_ALL_KERNELS " == *" $k "* ]] || return 1
	done
}

# Usage: plan_problems DIR (after plan_read). Prints one line per problem
# and returns how many there are (0: none): a file in DIR (the test
# binaries) the plan does not name, or whose source is gone (a stale
# binary, which would go on passing for a deleted test), and a planned test
# whose source does not exist.
plan_problems() {
	local dir=$1 t name n=0
	local -A planned=()

	for name in "${PLAN_ALL[@]}"; do
		planned[$name]=1
		if [[ ! -f $NETBUF_PLAN_ROOT/${PLAN_SRC[$name]} ]]; then
			echo "tests/plan lists $name, but its source ${PLAN_SRC[$name]} does not exist"
			((++n))
		fi
	done
	for t in "$dir"/*; do
		[[ -f $t ]] || continue
		name=${t##*/}
		if [[ -z ${planned[$name]:-} ]]; then
			echo "$t is no test of tests/plan (a stale binary, or a new test without its line in tests/plan)"
			((++n))
		elif [[ ! -f $NETBUF_PLAN_ROOT/${PLAN_SRC[$name]} ]]; then
			echo "$t is stale: its source ${PLAN_SRC[$name]} is gone"
			((++n))
		fi
	done
	return $((n > 255 ? 255 : n))
}

# Usage: plan_prune DIR. Removes what make tests would not build again:
# files of DIR with neither tests/user/NAME.c nor a source in the plan.
plan_prune() {
	local t name src

	plan_read "${NETBUF_ALL_KERNELS%% *}"
	for t in "$1"/*; do
		[[ -f $t ]] || continue
		name=${t##*/}
		src=${PLAN_SRC[$name]:-tests/user/$name.c}
		[[ -f $NETBUF_PLAN_ROOT/$src ]] && continue
		echo "removing $t: no source $src (a stale test binary)"
		rm -f "$t"
	done
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	case ${1:-}:$# in
	prune:2) plan_prune "$2" ;;
	check:2)
		plan_read "${NETBUF_ALL_KERNELS%% *}"
		plan_problems "$2" || exit 1
		;;
	user:1)
		plan_read "${NETBUF_ALL_KERNELS%% *}"
		((${#PLAN_USER_HOST[@]} == 0)) || printf '%s\n' "${PLAN_USER_HOST[@]}"
		;;
	list:2)
		plan_read "$2"
		for t in "${PLAN_TESTS[@]}"; do
			printf '%s\t%s\n' "$t" "${PLAN_SKIP[$t]:-}"
		done
		((PLAN_KUNIT == 0)) || printf 'kunit\t\n'
		;;
	*) die "usage: plan.sh prune DIR | check DIR | list KERNEL | user" ;;
	esac
fi
