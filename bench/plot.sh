#!/bin/bash
# Usage: bench/plot.sh BENCH.CSV OUTDIR
# Plots the benchmark's CSV with gnuplot into OUTDIR:
#   bench-alloc.png    allocate + touch every page + free, ns/op by size and peer
#   bench-ratio.png    the same as a ratio to anonymous mmap (the headline)
#   bench-realloc.png  Reallocate grow / shrink against realloc and mremap
#   bench-scale.png    netbuf's cost per operation against live buffers, and
#                      anonymous mmap at each step as a yardstick
#   bench-small.png    allocate + touch + free of small buffers: netbuf,
#                      netbuf with small_max 0 (page-backed), malloc
#   bench-memory.png   memory per live buffer, everything included, against
#                      the targets of design §6
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: plot.sh BENCH.CSV OUTDIR" >&2; exit 2; }
csv=$1 dir=$2
command -v gnuplot >/dev/null || { echo "plot.sh: gnuplot is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

peers="netbuf malloc mmap memfd dmaheap udmabuf"

# One row per size, one column per peer ("?" where a peer has no figure).
# $1 operation, $2 "ns" or "ratio".
by_size() {
	awk -F, -v op="$1" -v what="$2" -v peers="$peers" '
	NR > 1 && $3 == op && $6 <= 256 {
		ns[$1, $2] = $4; sizes[$2] = 1
	}
	END {
		n = split(peers, p, " ")
		printf "size"; for (i = 1; i <= n; i++) printf " %s", p[i]; print ""
		split("4096 65536 1048576", order, " ")
		for (k = 1; k <= 3; k++) {
			s = order[k]; if (!(s in sizes)) continue
			printf "%s", (s >= 1048576 ? s / 1048576 "MiB" : s / 1024 "KiB")
			for (i = 1; i <= n; i++) {
				v = ns[p[i], s]; b = ns["mmap", s]
				if (v == "" || (what == "ratio" && b == "")) printf " ?"
				else printf " %g", what == "ratio" ? v / b : v
			}
			print ""
		}
	}' "$csv"
}

by_size alloc_touch_free ns >"$tmp/alloc.dat"
by_size alloc_touch_free ratio >"$tmp/ratio.dat"

# Rows "4KiB grow", ... ; columns netbuf malloc mmap.
awk -F, '
NR > 1 && ($3 == "realloc_grow" || $3 == "realloc_shrink") {
	ns[$1, $2, $3] = $4; sizes[$2] = 1
}
END {
	print "case netbuf malloc mmap"
	split("4096 65536 1048576", order, " ")
	for (k = 1; k <= 3; k++) {
		s = order[k]; if (!(s in sizes)) continue
		name = s >= 1048576 ? s / 1048576 "MiB" : s / 1024 "KiB"
		split("realloc_grow realloc_shrink", ops, " ")
		for (j = 1; j <= 2; j++) {
			printf "\"%s %s\"", name, substr(ops[j], 9)
			split("netbuf malloc mmap", p, " ")
			for (i = 1; i <= 3; i++) {
				v = ns[p[i], s, ops[j]]
				printf " %s", v == "" ? "?" : v
			}
			print ""
		}
	}
}' "$csv" >"$tmp/realloc.dat"

# Each scale step: live, netbuf alloc+touch+free, netbuf Size, mmap yardstick.
awk -F, '
NR > 1 && $2 == 4096 && $1 == "netbuf" && $6 > 256 && $3 == "alloc_touch_free" { a[$6] = $4 }
NR > 1 && $2 == 4096 && $1 == "netbuf" && $6 > 256 && $3 == "size" { z[$6] = $4 }
NR > 1 && $2 == 4096 && $1 == "mmap" && $6 > 256 && $3 == "alloc_touch_free" { m[$6] = $4 }
END {
	for (l in a)
		print l, a[l], (l in z) ? z[l] : "?", (l in m) ? m[l] : "?"
}' "$csv" |
	sort -n >"$tmp/scale.dat"
base=$(awk 'NR == 1 { print $2 }' "$tmp/scale.dat")

# Small buffers: one row per size, columns netbuf netbuf-page malloc.
# $1 operation, $2 the CSV column, $3 the live buffers (0: any).
small_by_size() {
	awk -F, -v op="$1" -v col="$2" -v live="$3" '
	NR > 1 && $3 == op && $2 < 4096 && (live == 0 || $6 == live) {
		v[$1, $2] = $col; sizes[$2] = 1
	}
	END {
		print "size netbuf netbuf-page malloc"
		n = split("16 64 256 1024 2048", order, " ")
		for (k = 1; k <= n; k++) {
			s = order[k]; if (!(s in sizes)) continue
			printf "%s", (s >= 1024 ? s / 1024 "KiB" : s "B")
			split("netbuf netbuf-page malloc", p, " ")
			for (i = 1; i <= 3; i++)
				printf " %s", (v[p[i], s] == "" ? "?" : v[p[i], s])
			print ""
		}
	}' "$csv"
}
small_by_size alloc_touch_free 4 0 >"$tmp/small.dat"
small_by_size memory 7 0 >"$tmp/memory.dat"
# design §6: 16 B <= 64, 64 B <= 128, 256 B <= 384, 1 KiB <= 1.5 KiB, 2 KiB <= 3 KiB
awk 'NR == 1 { print $0, "target"; next }
{ t["16B"] = 64; t["64B"] = 128; t["256B"] = 384; t["1KiB"] = 1536; t["2KiB"] = 3072
  print $0, ($1 in t) ? t[$1] : "?" }' "$tmp/memory.dat" >"$tmp/memory-t.dat"

gnuplot <<GP
set terminal pngcairo size 900,540 font ",10"
set datafile missing "?"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key outside right top
set grid ytics

set output "$dir/bench-alloc.png"
set title "Allocate + touch every page + free (median ns per operation; lower is faster)"
set ylabel "ns per operation (log)"
set logscale y
plot for [i=2:7] "$tmp/alloc.dat" using i:xtic(1) title columnheader(i)

set output "$dir/bench-ratio.png"
set title "Allocate + touch + free, as a ratio to anonymous mmap in the same run (lower is faster)"
set ylabel "time / time of anonymous mmap"
unset logscale y
set yrange [0:*]
plot for [i=2:7] "$tmp/ratio.dat" using i:xtic(1) title columnheader(i), \
     1 with lines dashtype 2 lc rgb "black" title "anonymous mmap"

set output "$dir/bench-realloc.png"
set title "Reallocate to twice the size (touching the new pages) and back: netbuf, realloc, mremap"
set ylabel "ns per operation (log)"
set logscale y
set yrange [*:*]
plot for [i=2:4] "$tmp/realloc.dat" using i:xtic(1) title columnheader(i)

set output "$dir/bench-scale.png"
set title "netbuf with many live buffers: cost per operation (4 KiB buffers)"
set style data linespoints
set xlabel "live buffers (log)"
set ylabel "ns per operation"
set logscale x
unset logscale y
set yrange [0:*]
set xtics ("1k" 1000, "4k" 4096, "16k" 16384, "64k" 65536, "256k" 262144)
set key below
plot "$tmp/scale.dat" using 1:2 title "allocate + touch + free" lw 2 pt 7, \
     "$tmp/scale.dat" using 1:3 title "Size" lw 2 pt 5, \
     "$tmp/scale.dat" using 1:4 title "anonymous mmap + touch + munmap (the host's drift)" lw 1 pt 1 dashtype 3, \
     ${base:-0} * 2 with lines dashtype 2 lc rgb "gray40" title "target: 2x allocate + touch + free at the first step"

set style data histograms
unset logscale x
unset xlabel
set xtics auto
set key outside right top

set output "$dir/bench-small.png"
set title "Small buffers: allocate + touch + free (median ns per operation; lower is faster)"
set ylabel "ns per operation (log)"
set logscale y
set yrange [*:*]
plot for [i=2:4] "$tmp/small.dat" using i:xtic(1) title columnheader(i)

set output "$dir/bench-memory.png"
set title "Memory per live buffer, everything included (bytes; lower is better)"
set ylabel "bytes per buffer (log)"
plot for [i=2:4] "$tmp/memory-t.dat" using i:xtic(1) title columnheader(i), \
     "$tmp/memory-t.dat" using (\$0 - 1):5 with points pt 6 ps 2 lc rgb "black" title "target (design 6)"
GP
