#!/bin/sh
# /init of the guest (busybox ash). Mounts the usual filesystems, loads the
# module, then runs the test suite (/tests) or the one program (/prog), and
# powers off. The host reads the netbuf-* marker lines on the console.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
# Tests and programs that reload the module find it here.
export NETBUF_KO=/lib/netbuf.ko
# What counts as a kernel splat (tests/vm/splat-patterns, joined into one
# extended regular expression by initramfs.sh); both modes scan for it.
NETBUF_SPLAT=$(cat /etc/netbuf-splat)
export NETBUF_SPLAT
# The environment the tests rely on, checked once here; a missing piece is
# a harness failure ("netbuf-check FAIL env (...)"), never a skip later.
env_bad=

env_fail() {
	env_bad="$env_bad$1
"
}

mount -t devtmpfs dev /dev
# The initramfs has no /dev/console node, so the kernel gave us no stdio.
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc || env_fail "mount proc on /proc failed"
mount -t sysfs sys /sys || env_fail "mount sysfs on /sys failed"
mount -t debugfs debugfs /sys/kernel/debug ||
	env_fail "mount debugfs on /sys/kernel/debug failed"
mount -t tmpfs tmp /tmp || env_fail "mount tmpfs on /tmp failed"
mkdir -p /dev/shm /dev/pts
mount -t tmpfs shm /dev/shm || env_fail "mount tmpfs on /dev/shm failed"
mount -t devpts devpts /dev/pts || env_fail "mount devpts on /dev/pts failed"
if ! mount -t cgroup2 cgroup2 /sys/fs/cgroup; then
	env_fail "mount cgroup2 on /sys/fs/cgroup failed"
elif ! grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
	env_fail "cgroup2 has no memory controller ($(cat /sys/fs/cgroup/cgroup.controllers))"
fi
# A host name and a user database, as on a real machine: the network-
# management functions (NetWkstaGetInfo, NetWkstaUserGetInfo) report them.
hostname netbuf-guest
echo 'root:x:0:0:root:/root:/bin/sh' >/etc/passwd
echo 'root:x:0:' >/etc/group
echo "netbuf-boot $(cut -d' ' -f1 /proc/uptime)"

# The host says what this kernel has (run-suite.sh, vm-run.sh):
# netbuf_ia32=1 where its configuration has IA-32 emulation, netbuf_debug=1
# on the debug kernel (fault injection, kmemleak, lockdep, KASAN).
if [ "${netbuf_ia32:-}" = 1 ]; then
	grep -q ' __ia32_sys_getpid$' /proc/kallsyms ||
		env_fail "ia32: the kernel has IA-32 emulation, but no __ia32_sys_getpid in /proc/kallsyms"
	case " $(cat /proc/cmdline) " in
	*" ia32_emulation=0 "* | *" ia32_emulation=n"* | *" ia32_emulation=f"*)
		env_fail "ia32: IA-32 emulation is switched off on the command line" ;;
	esac
fi
if [ "${netbuf_debug:-}" = 1 ]; then
	for f in /proc/self/fail-nth /sys/kernel/debug/failslab/ignore-gfp-wait \
		/sys/kernel/debug/failslab/verbose \
		/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait \
		/sys/kernel/debug/fail_page_alloc/min-order \
		/sys/kernel/debug/fail_page_alloc/verbose \
		/sys/kernel/debug/kmemleak /sys/kernel/debug/kunit; do
		[ -e "$f" ] || env_fail "debug kernel: no $f (fault injection, kmemleak, KUnit)"
	done
	grep -qw kasan_multi_shot /proc/cmdline ||
		env_fail "debug kernel: no kasan_multi_shot on the command line (KASAN would report once per boot)"
	dl=$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats 2>/dev/null)
	[ "$dl" = 1 ] || env_fail "debug kernel: lockdep is off at boot (debug_locks ${dl:-unreadable} in /proc/lockdep_stats)"
fi

# What the kernel logged while it booted: scanned, then emptied in the same
# call (dmesg -c), so that each later check sees only its own step.
dmesg -c >/tmp/boot-kernel.log
boot_splat=$(grep -E "$NETBUF_SPLAT" /tmp/boot-kernel.log)
if [ -n "$boot_splat" ]; then
	echo "$boot_splat" | sed 's/^/netbuf-splat: /'
	echo "netbuf-check FAIL boot-log (kernel: $(echo "$boot_splat" | head -n1 | sed 's/^\[[^]]*\] *//'))"
	echo "kernel log of the boot:"
	grep -E -B 5 -A 40 "$NETBUF_SPLAT" /tmp/boot-kernel.log | head -n 150 | sed 's/^/  | /'
fi
printf '%s' "$env_bad" | while IFS= read -r why; do
	echo "netbuf-check FAIL env ($why)"
done

# Output sits in the tty buffer; make sure the host has it before we go.
power_off() {
	stty onlcr </dev/console
	reboot -f
}

# The program's output goes to the second serial port, raw, so the host
# gets exactly its bytes with no kernel messages mixed in.
run_prog() {
	stty -F /dev/ttyS1 raw -echo
	(cd /tmp && exec /prog "$@") </dev/null >/dev/ttyS1 2>&1
	rc=$?
	dmesg -c | grep -E "$NETBUF_SPLAT" | sed 's/^/netbuf-splat: /'
	if [ -r /proc/lockdep_stats ]; then
		dl=$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats)
		[ "$dl" = 1 ] || echo "netbuf-splat: lockdep: debug_locks is ${dl:-unreadable}, not 1 (lockdep turned itself off after a report)"
	fi
	echo "netbuf-exit $rc"
}

if ! insmod "$NETBUF_KO"; then
	echo "netbuf-check FAIL insmod ($NETBUF_KO failed to load)"
	echo "netbuf-error: insmod $NETBUF_KO failed"
elif [ -x /prog ]; then
	# shellcheck source=/dev/null
	. /prog.args # set -- ARG... (written by initramfs.sh)
	run_prog "$@"
else
	run-tests
fi
power_off
