#!/bin/sh
# /init of the guest (busybox ash). Mounts the usual filesystems, loads the
# module, then runs the test suite (/tests) or the one program (/prog), and
# powers off. The host reads the netbuf-* marker lines on the console.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
# Tests and programs that reload the module find it here.
export NETBUF_KO=/lib/netbuf.ko
# What counts as a kernel splat; run-tests and run mode both scan for it.
NETBUF_SPLAT='WARNING:|BUG:|Oops|general protection|Call Trace|KASAN|kmemleak'
NETBUF_SPLAT="$NETBUF_SPLAT|lockdep|possible recursive locking|circular locking"
NETBUF_SPLAT="$NETBUF_SPLAT|soft lockup|hung task|blocked for more than"
NETBUF_SPLAT="$NETBUF_SPLAT|refcount_t|list_add corruption|list_del corruption"
NETBUF_SPLAT="$NETBUF_SPLAT|Bad page|UBSAN"
export NETBUF_SPLAT

mount -t devtmpfs dev /dev
# The initramfs has no /dev/console node, so the kernel gave us no stdio.
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmp /tmp
mkdir -p /dev/shm /dev/pts
mount -t tmpfs shm /dev/shm
mount -t devpts devpts /dev/pts
mount -t cgroup2 cgroup2 /sys/fs/cgroup
# A host name and a user database, as on a real machine: the network-
# management functions (NetWkstaGetInfo, NetWkstaUserGetInfo) report them.
hostname netbuf-guest
echo 'root:x:0:0:root:/root:/bin/sh' >/etc/passwd
echo 'root:x:0:' >/etc/group
echo "netbuf-boot $(cut -d' ' -f1 /proc/uptime)"

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
	dmesg | grep -E "$NETBUF_SPLAT" | sed 's/^/netbuf-splat: /'
	echo "netbuf-exit $rc"
}

dmesg -c >/dev/null
if ! insmod "$NETBUF_KO"; then
	echo "netbuf-error: insmod $NETBUF_KO failed"
elif [ -x /prog ]; then
	# shellcheck source=/dev/null
	. /prog.args # set -- ARG... (written by initramfs.sh)
	run_prog "$@"
else
	run-tests
fi
power_off
