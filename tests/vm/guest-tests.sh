#!/bin/sh
# Test runner of the guest (busybox ash), started by /init with the module
# loaded. Runs each program in /tests and prints, after its output:
#   netbuf-result PASS|FAIL|SKIP NAME [(why)]
# A test fails on its exit status, on a kernel splat logged while it ran,
# or on module counters left non-zero. NAMEs starting with nodev_ run with
# the module unloaded. Harness-level failures print netbuf-check FAIL.

COUNTERS=/sys/class/misc/netbuf
PARAMS=/sys/module/netbuf/parameters
TIMEOUT=${netbuf_test_timeout:-300}	# from the kernel command line

loaded() {
	[ -d /sys/module/netbuf ]
}

# Retried: a child the test left behind may hold the module a while.
unload() {
	for _ in 1 2 3 4 5 6 7 8 9; do
		rmmod netbuf 2>/dev/null && return 0
		sleep 0.3
	done
	rmmod netbuf
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
		for c in contexts buffers bytes; do
			v=$(cat "$COUNTERS/$c" 2>/dev/null)
			[ "$v" = 0 ] || bad="$bad $c=${v:-unreadable}"
		done
		[ -z "$bad" ] && return
		sleep 0.2
	done
	echo "$bad"
}

# The ring buffer is emptied just before each marker, so whatever it
# holds was logged during the step being checked.
splats() {
	dmesg | grep -E "$NETBUF_SPLAT"
}

show_kernel_log() {
	echo "kernel log since the marker:"
	dmesg | head -n 150 | sed 's/^/  | /'
}

run_one() {
	t=$1 name=${1##*/} why='' rc=''
	dmesg -c >/dev/null
	echo "netbuf-test: start $name" >/dev/kmsg
	echo "netbuf-begin $name"
	case $name in
	nodev_*) unload || why="cannot unload the module" ;;
	esac
	if [ -z "$why" ]; then
		start=$(date +%s)
		(cd /tmp && exec timeout -s KILL "$TIMEOUT" "$t") </dev/null
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
	splat=$(splats)
	if [ -n "$splat" ]; then
		echo "$splat" | sed 's/^/netbuf-splat: /'
		show_kernel_log
		why="${why:+$why; }kernel: $(echo "$splat" | head -n1 | sed 's/^\[[^]]*\] *//')"
	fi

	if [ -n "$why" ]; then
		echo "netbuf-result FAIL $name ($why)"
	elif [ "$rc" = 77 ]; then
		echo "netbuf-result SKIP $name"
	else
		echo "netbuf-result PASS $name"
	fi
}

# Loading the module must itself be clean (init emptied the log before).
if [ -n "$(splats)" ]; then
	echo "netbuf-check FAIL module-load (kernel splat)"
	show_kernel_log
fi
max_bytes=$(cat "$PARAMS/max_bytes" 2>/dev/null)
max_buffers=$(cat "$PARAMS/max_buffers" 2>/dev/null)
max_user_bytes=$(cat "$PARAMS/max_user_bytes" 2>/dev/null)
# kmemleak (debug kernels): scan once at the end, not on its own timer.
KMEMLEAK=/sys/kernel/debug/kmemleak
[ -w "$KMEMLEAK" ] && echo scan=off >"$KMEMLEAK"

set -- /tests/*
echo "netbuf-plan $#"
for t; do
	run_one "$t"
done

# Once the last file is closed the module must unload cleanly.
dmesg -c >/dev/null
unload || echo "netbuf-check FAIL module-unload (rmmod refused after the last test)"
if [ -n "$(splats)" ]; then
	echo "netbuf-check FAIL module-unload (kernel splat)"
	show_kernel_log
fi
if [ -w "$KMEMLEAK" ]; then
	sleep 5	# kmemleak ignores objects younger than 5 s
	echo scan >"$KMEMLEAK"
	if [ -n "$(cat "$KMEMLEAK")" ]; then
		echo "netbuf-check FAIL kmemleak"
		cat "$KMEMLEAK"
	fi
fi
echo "netbuf-done"
