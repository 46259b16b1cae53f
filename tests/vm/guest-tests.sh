#!/bin/sh
# Test runner of the guest (busybox ash), started by /init with the module
# loaded. Runs each program in /tests and prints, after its output:
#   netbuf-result PASS|FAIL|SKIP NAME [(why)]
# A test fails on its exit status, on a kernel splat logged while it ran,
# or on module counters left non-zero. On kernels with KUnit the module's
# KUnit suite runs first and reports one result per case; its KTAP plan
# line reaches the console before its first case runs, so the host knows
# how many cases to expect. NAMEs starting with nodev_ run with the module
# unloaded. Every test runs with NETBUF_BACKEND=kernel (the kernel backend,
# whether the device opens or not), but NAME.user, which runs with the
# module unloaded and no NETBUF_BACKEND: the library falls back to its
# user-space backend, as on a machine without the module. Harness-level failures print netbuf-check FAIL. Every piece of
# the kernel log is scanned for splats before it is cleared: the log is
# read and emptied in one call (dmesg -c) and the copy is scanned.

COUNTERS=/sys/class/misc/netbuf
# What the module holds (pages, descriptors), counted where it allocates.
HELD=/sys/kernel/debug/netbuf
PARAMS=/sys/module/netbuf/parameters
TIMEOUT=${netbuf_test_timeout:-300}	# from the kernel command line

loaded() {
	[ -d /sys/module/netbuf ]
}

# Usage: unload [MODULE] (default netbuf). Retried: a child the test left
# behind, or a file released late, may hold the module a while.
unload() {
	for _ in 1 2 3 4 5 6 7 8 9; do
		rmmod "${1:-netbuf}" 2>/dev/null && return 0
		sleep 0.3
	done
	rmmod "${1:-netbuf}"
}

# Back to the state at boot: module loaded, parameters as at load.
restore() {
	loaded || insmod "$NETBUF_KO" || return 1
	[ -z "$max_bytes" ] || echo "$max_bytes" >"$PARAMS/max_bytes"
	[ -z "$max_buffers" ] || echo "$max_buffers" >"$PARAMS/max_buffers"
	[ -z "$max_user_bytes" ] || echo "$max_user_bytes" >"$PARAMS/max_user_bytes"
}

# Prints the counters that are not 0; a straggler child gets a second.
leaks() {
	for _ in 1 2 3 4 5; do
		bad=
		for c in $COUNTERS/contexts $COUNTERS/buffers $COUNTERS/bytes \
			$HELD/held_pages $HELD/descriptors $HELD/meta_pages; do
			v=$(cat "$c" 2>/dev/null)
			[ "$v" = 0 ] || bad="$bad ${c##*/}=${v:-unreadable}"
		done
		[ -z "$bad" ] && return
		sleep 0.2
	done
	echo "$bad"
}

KLOG=/tmp/netbuf-kernel.log

show_kernel_log() {
	echo "kernel log since the last check:"
	head -n 150 "$KLOG" | sed 's/^/  | /'
}

# Takes what the kernel logged since the last check (reading and emptying
# the ring buffer in one call, so nothing is dropped unscanned), shows the
# splats in it with the log, and sets splat_why to the first of them (empty
# when there is none).
check_splats() {
	splat_why=
	dmesg -c >"$KLOG"
	splat=$(grep -E "$NETBUF_SPLAT" "$KLOG")
	[ -n "$splat" ] || return 0
	echo "$splat" | sed 's/^/netbuf-splat: /'
	show_kernel_log
	splat_why="kernel: $(echo "$splat" | head -n1 | sed 's/^\[[^]]*\] *//')"
}

# Usage: between STEP. What was logged since the last check belongs to no
# test: a splat in it fails the run (as STEP).
between() {
	check_splats
	[ -z "$splat_why" ] || echo "netbuf-check FAIL $1 ($splat_why)"
}

run_one() {
	t=$1 name=${1##*/} why='' rc=''
	between "before-$name"
	echo "netbuf-test: start $name" >/dev/kmsg
	echo "netbuf-begin $name"
	backend=kernel
	case $name in
	nodev_*) unload || why="cannot unload the module" ;;
	*.user) unload || why="cannot unload the module"; backend= ;;
	esac
	if [ -z "$why" ]; then
		start=$(date +%s)
		(cd /tmp && export NETBUF_BACKEND="$backend" &&
			{ [ -n "$backend" ] || unset NETBUF_BACKEND; } &&
			exec timeout -s KILL "$TIMEOUT" "$t") </dev/null
		rc=$?
		case $rc in
		0|77) ;;
		137) [ $(($(date +%s) - start)) -ge "$TIMEOUT" ] &&
			why="timed out after ${TIMEOUT}s" || why="killed (SIGKILL)" ;;
		*) why="exit status $rc" ;;
		esac
	fi
	restore || why="${why:+$why; }cannot reload the module"
	leak=$(leaks)
	[ -z "$leak" ] || why="${why:+$why; }leak:$leak"
	check_splats
	[ -z "$splat_why" ] || why="${why:+$why; }$splat_why"

	if [ -n "$why" ]; then
		echo "netbuf-result FAIL $name ($why)"
	elif [ "$rc" = 77 ]; then
		echo "netbuf-result SKIP $name"
	else
		echo "netbuf-result PASS $name"
	fi
}

KUNIT_KO=/lib/netbuf_kunit.ko
KUNIT_RESULTS=/sys/kernel/debug/kunit/netbuf/results
FAULT=/sys/kernel/debug

# Usage: fault_knobs SAVE|FAIL_SLEEPING|RESTORE. The KUnit suite's
# fail-nth cases need both injectors to fail the sleeping order-0
# allocations netbuf makes; silent, since a failure is no splat.
fault_knobs() {
	for k in failslab/ignore-gfp-wait fail_page_alloc/ignore-gfp-wait \
		fail_page_alloc/min-order failslab/verbose fail_page_alloc/verbose; do
		f=$FAULT/$k
		[ -w "$f" ] || continue
		v=$(echo "$k" | tr '/-' '__')
		case $1 in
		SAVE) eval "saved_$v=\$(cat \"\$f\")" ;;
		RESTORE) eval "echo \"\$saved_$v\"" >"$f" ;;
		FAIL_SLEEPING)
			case $k in
			*ignore-gfp-wait) echo N ;;
			*) echo 0 ;;
			esac >"$f" ;;
		esac
	done
}

# Turns the suite's KTAP (cases at one indent, their logs before their
# result lines) into one netbuf-result line per case, each failure after
# its log; the last line is "plan CASES REPORTED".
kunit_results() {
	awk '
	/^    1\.\.[0-9]+$/ { plan = substr($1, 4); next }
	/^    (not )?ok [0-9]+ / {
		name = ($1 == "not") ? $4 : $3
		if ($1 == "not") {
			printf "%s", buf
			print "netbuf-result FAIL kunit." name
		} else if ($0 ~ / # SKIP/) {
			print "netbuf-result SKIP kunit." name
		} else {
			print "netbuf-result PASS kunit." name
		}
		buf = ""; n++; next
	}
	/^    / { buf = buf "    " $0 "\n" }
	END { print "plan " plan + 0 " " n + 0 }' "$KUNIT_RESULTS"
}

# The KUnit suite runs while its module loads; the counters it leaves, the
# splats logged meanwhile and a short report are checked as for a test.
run_kunit() {
	between before-kunit
	echo "netbuf-test: start kunit" >/dev/kmsg
	echo "netbuf-begin kunit"
	fault_knobs SAVE
	fault_knobs FAIL_SLEEPING
	# KUnit's KTAP goes to the console while the suite runs (KERN_INFO):
	# the host counts the cases from its plan line, printed first, and so
	# knows how many are lost if the guest dies in the middle.
	read -r console_level _ </proc/sys/kernel/printk
	echo 7 >/proc/sys/kernel/printk
	insmod "$KUNIT_KO"
	loaded=$?
	echo "$console_level" >/proc/sys/kernel/printk
	fault_knobs RESTORE
	if [ "$loaded" != 0 ]; then
		echo "netbuf-check FAIL kunit (insmod $KUNIT_KO failed)"
		check_splats
		[ -n "$splat_why" ] || show_kernel_log
		return
	fi
	if [ ! -r "$KUNIT_RESULTS" ]; then
		echo "netbuf-check FAIL kunit (no $KUNIT_RESULTS: is KUNIT_DEBUGFS on?)"
	else
		kunit_results >/tmp/kunit.out
		grep -v '^plan ' /tmp/kunit.out
		grep '^plan ' /tmp/kunit.out >/tmp/kunit.plan
		read -r _ plan reported </tmp/kunit.plan
		if [ "$plan" = 0 ] || [ "$plan" != "$reported" ]; then
			echo "netbuf-check FAIL kunit ($reported of $plan cases reported)"
			sed 's/^/  | /' "$KUNIT_RESULTS"
		fi
	fi
	unload netbuf_kunit ||
		echo "netbuf-check FAIL kunit (rmmod netbuf_kunit refused)"
	leak=$(leaks)
	[ -z "$leak" ] || echo "netbuf-check FAIL kunit (leak:$leak)"
	check_splats
	[ -z "$splat_why" ] || echo "netbuf-check FAIL kunit ($splat_why)"
}

# Loading the module must itself be clean (init scanned and emptied the
# log before).
between module-load
max_bytes=$(cat "$PARAMS/max_bytes" 2>/dev/null)
max_buffers=$(cat "$PARAMS/max_buffers" 2>/dev/null)
max_user_bytes=$(cat "$PARAMS/max_user_bytes" 2>/dev/null)
# kmemleak (debug kernels): scan once at the end, not on its own timer.
KMEMLEAK=/sys/kernel/debug/kmemleak
[ -w "$KMEMLEAK" ] && echo scan=off >"$KMEMLEAK"

# The user tests this guest holds (the host knows which it planned).
set -- /tests/*
[ -e "$1" ] || set --
echo "netbuf-plan $#"
[ -f "$KUNIT_KO" ] && run_kunit
for t; do
	run_one "$t"
done

# Once the last file is closed the module must unload cleanly.
between after-the-tests
unload || echo "netbuf-check FAIL module-unload (rmmod refused after the last test)"
between module-unload
if [ -w "$KMEMLEAK" ]; then
	# kmemleak ignores objects younger than 5 s, and reports none whose
	# contents changed since its previous scan (the first scan computes
	# them all): scan twice.
	sleep 5
	echo scan >"$KMEMLEAK"
	echo scan >"$KMEMLEAK"
	if [ -n "$(cat "$KMEMLEAK")" ]; then
		echo "netbuf-check FAIL kmemleak"
		cat "$KMEMLEAK"
	fi
fi
between kmemleak-scan
# lockdep turns itself off for good after its first report (debug_locks
# goes to 0): a report anywhere in the run, even one the scans missed,
# shows here.
if [ -r /proc/lockdep_stats ]; then
	dl=$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats)
	[ "$dl" = 1 ] ||
		echo "netbuf-check FAIL lockdep (debug_locks is ${dl:-unreadable} at the end, not 1: lockdep turned itself off after a report)"
fi
echo "netbuf-done"
