#!/bin/bash
# Usage: boot.sh VMLINUZ INITRD LOG [QEMU_ARG...]
# Boots the guest, under KVM when a probe boot shows it works (qemu_accel
# in lib.sh), else TCG; streams its console to stdout with \r stripped
# (after a line "netbuf-host-boot N" per attempt) and saves it to LOG. The
# guest ends with reboot -f or
# a panic (panic=-1, oops=panic), and -no-reboot turns either into exit.
# Env: NETBUF_VM_TIMEOUT  seconds before the host stops qemu (default 1800)
#      NETBUF_ACCEL       kvm or tcg: no probe
#      NETBUF_VM_APPEND   extra kernel command line
#      NETBUF_VM_CPU      QEMU's CPU model under TCG (default max; the
#                         benchmark's max,erms=off: see docs/performance.md)
# Exit: qemu's status, 124 when the timeout stopped it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -ge 3 ]] || die "usage: boot.sh VMLINUZ INITRD LOG [QEMU_ARG...]"
vmlinuz=$1 initrd=$2 log=$3
shift 3
# printk.devkmsg=on: the runner's markers must never be rate-limited away.
# loglevel=5: warnings reach the console too, so the host sees a WARN or
# lockdep splat even if the guest's own scan were to miss it.
append="console=ttyS0 panic=-1 oops=panic loglevel=5 printk.devkmsg=on"
append+=" log_buf_len=8M edd=off ${NETBUF_VM_APPEND:-}"

accel=$(qemu_accel "$vmlinuz")
cpu=${NETBUF_VM_CPU:-max}
[[ $accel == kvm ]] && cpu=host

# The serial line adds \r; SeaBIOS clears the screen with escape codes.
clean='s/\r//g; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g'
mkdir -p "$(dirname "$log")"

boot() {
	rc=0
	# stdin is /dev/null so qemu leaves the terminal alone; --foreground
	# keeps qemu in our process group, so Ctrl-C stops it too.
	timeout --foreground -k 10 "$NETBUF_VM_TIMEOUT" \
		qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp 2 -m 3072 \
		-nographic -monitor none -serial stdio -nic none -no-reboot \
		-kernel "$vmlinuz" -initrd "$initrd" -append "$append" "$@" \
		</dev/null 2>&1 | sed -u "$clean" | tee "$log" ||
		rc=${PIPESTATUS[0]}
}

# A stock kernel that crashes before init ran (so before the module was
# loaded) is not netbuf's doing: multi-threaded TCG has been seen to break
# the kernel's boot-time code patching (an int3 oops in sched_clock_cpu).
# Boot again, at most twice, and say so; any later crash is a failure.
for attempt in 1 2 3; do
	# Tells a reader of the stream (parse-console.sh) that a boot starts;
	# not in LOG, which holds the last boot only.
	echo "netbuf-host-boot $attempt"
	boot "$@"
	grep -q '^netbuf-boot ' "$log" && break
	grep -qE 'Kernel panic|Oops' "$log" || break
	((attempt < 3)) || break
	note "the guest kernel crashed before init (before netbuf.ko was loaded; see $log): booting again"
	cp "$log" "$log.crash$attempt"
done
exit "$rc"
