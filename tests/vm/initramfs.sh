#!/bin/bash
# Usage: initramfs.sh KO OUT --tests DIR
#        initramfs.sh KO OUT --prog PROG [ARG...]
# Packs a gzip'ed newc initramfs: busybox, the module as /lib/netbuf.ko
# (and dummy.ko as /lib/dummy.ko when it lies beside KO), guest-init.sh as
# /init, the kernel splat patterns (splat-patterns) as /etc/netbuf-splat,
# and either every executable in DIR under /tests (run by guest-tests.sh,
# with netbuf_kunit.ko when it was built beside KO) or PROG as /prog with
# its arguments. Programs may be static, dynamic (their libraries come
# along) or scripts for sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: initramfs.sh KO OUT --tests DIR | --prog PROG [ARG...]"
[[ $# -ge 4 ]] || die "$usage"
ko=$1 out=$2 mode=$3 what=$4
shift 4
[[ -f $ko ]] || die "no module at $ko"

# The guest has no libc of its own: a dynamically linked program brings
# its loader and libraries along, as ldd finds them on this host
# (LD_LIBRARY_PATH included); they go where the loader looks by default,
# the i386 one for a 32-bit program (whose loader is ld-linux.so.2).
add_program() {
	local interp libs libdir=/lib/x86_64-linux-gnu

	cp "$1" "$2"
	interp=$(LC_ALL=C readelf -l "$1" 2>/dev/null |
		sed -n 's/.*program interpreter: \(.*\)]$/\1/p') || true # a script
	[[ -n $interp ]] || return 0
	[[ $interp != */ld-linux.so.2 ]] || libdir=/lib/i386-linux-gnu
	! ldd "$1" | grep 'not found' ||
		die "$1 needs libraries ldd cannot find (set LD_LIBRARY_PATH?)"
	mapfile -t libs < <(ldd "$1" | sed -n 's/.* => \(\/.*\) (0x.*/\1/p')
	mkdir -p "$stage${interp%/*}" "$stage$libdir"
	cp -L "$interp" "$stage$interp"
	cp -L "${libs[@]}" "$stage$libdir/"
}

mkdir -p "$(dirname "$out")"
stage=$(mktemp -d "$(dirname "$out")/initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
# mktemp made the root 0700: tests that drop to another user need to
# reach /dev and /tmp like on any system.
chmod 755 "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib,etc,dev,proc,sys,tmp}
chmod 1777 "$stage/tmp"

busybox=$(command -v busybox) || die "busybox is not installed: run tests/vm/deps.sh"
add_program "$busybox" "$stage/bin/busybox"
while read -r applet; do
	[[ -e $stage/$applet ]] || ln -s /bin/busybox "$stage/$applet"
done < <("$busybox" --list-full)

cp "$NETBUF_VM_DIR/guest-init.sh" "$stage/init"
splat_regex >"$stage/etc/netbuf-splat"
cp "$NETBUF_VM_DIR/guest-tests.sh" "$stage/bin/run-tests"
cp "$ko" "$stage/lib/netbuf.ko"
# libnetbuf converts its strings in the C.UTF-8 locale, which glibc does
# not build in: the guest gets this host's (only its LC_CTYPE is used).
if [[ -f /usr/lib/locale/C.utf8/LC_CTYPE ]]; then
	mkdir -p "$stage/usr/lib/locale/C.utf8"
	cp /usr/lib/locale/C.utf8/LC_CTYPE "$stage/usr/lib/locale/C.utf8/"
fi
# A stock kernel's dummy.ko, when build-kmod.sh put it beside KO: the
# namespace tests load it to create dummy interfaces.
[[ ! -f ${ko%/*}/dummy.ko ]] || cp "${ko%/*}/dummy.ko" "$stage/lib/dummy.ko"

case $mode in
--tests)
	[[ $# -eq 0 ]] || die "$usage"
	[[ -d $what ]] || die "no test directory $what: build the tests first"
	mkdir "$stage/tests"
	for t in "$what"/*; do
		[[ -f $t && -x $t ]] || continue
		add_program "$t" "$stage/tests/"
	done
	[[ -n $(ls "$stage/tests") ]] ||
		die "no executable test in $what: build the tests first"
	# Kernels with KUnit also get the module's KUnit suite, run first.
	kunit=${ko%/*}/netbuf_kunit.ko
	[[ ! -f $kunit ]] || cp "$kunit" "$stage/lib/netbuf_kunit.ko"
	;;
--prog)
	[[ -f $what && -x $what ]] || die "$what is not an executable file"
	add_program "$what" "$stage/prog"
	# The guest sources this to get the arguments back, quoted for its shell.
	args="set --"
	for a; do
		args+=" '${a//\'/\'\\\'\'}'"
	done
	echo "$args" >"$stage/prog.args"
	;;
*) die "$usage" ;;
esac
chmod 755 "$stage/init" "$stage/bin/run-tests"

(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
