#!/bin/bash
# Usage: bench/run.sh [--quick]   (what 'make bench' runs, once the program is built)
# Runs build/bench/netbuf_bench in a guest of the stock 6.12 kernel (it has
# the DMA-BUF system heap and udmabuf) and writes, under build/bench/:
#   output.txt  everything the program printed
#   table.txt   the table and the targets (also printed here)
#   bench.csv   system,size,operation,ns_per_op,syscalls_per_op,live_buffers,
#               bytes_per_buffer
#   *.png       the plots (bench/plot.sh)
# --quick: short samples, 70,000 live page buffers and 20,000 live 64-byte
#          ones, 10,000 per memory figure; checks the counts only.
# Env: NETBUF_BENCH_KERNEL (default 6.12), and those of tests/vm/vm-run.sh.
# Exit: the program's status: 0, or 1 when a counted target was missed;
#       1 too when the guest timed out, the harness failed or the kernel
#       logged a splat (vm-run.sh's 124, 125, 126: no figure counts then).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
# shellcheck source=../tests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/vm/lib.sh"

kernel=${NETBUF_BENCH_KERNEL:-6.12}
out=$NETBUF_BUILD/bench
prog=$out/netbuf_bench
[[ -x $prog ]] || die "no $prog: run 'make bench'"
# Before the guest: a missing plotter should not cost a guest run.
ensure_pkgs gnuplot-nox

note "running $prog $* in a $kernel guest"
rc=0
"$NETBUF_VM_DIR/vm-run.sh" --kernel "$kernel" "$prog" "$@" >"$out/output.txt" || rc=$?
case $rc in
124 | 125)
	cat "$out/output.txt"
	die "the guest run failed (status $rc)"
	;;
126)
	cat "$out/output.txt"
	die "the kernel logged a splat during the benchmark (vm-run.sh's messages above)"
	;;
esac

begin='^netbuf-bench-csv begin$' end='^netbuf-bench-csv end$'
{
	sed "/$begin/,/$end/d" "$out/output.txt"
	echo "host cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
} >"$out/table.txt"
sed -n "/$begin/,/$end/{/$begin/d;/$end/d;p}" "$out/output.txt" >"$out/bench.csv"
cat "$out/table.txt"
[[ -s $out/bench.csv ]] || die "the program printed no CSV (status $rc)"

"$(dirname "${BASH_SOURCE[0]}")/plot.sh" "$out/bench.csv" "$out"
note "wrote $out/bench.csv, $out/table.txt and the plots $out/*.png"
exit "$rc"
