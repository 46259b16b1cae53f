#!/bin/bash
# Usage: host-check.sh
# The checks of make check that need no guest, as a user meets netbuf:
#   version    VERSION, SONAME, the version script, dkms.conf and the man
#              pages agree, and the build fails when they drift apart
#   interpose  the library's internal calls bind inside it: no relocation
#              names a Net* symbol, and a program defining its own
#              NetApiBufferAllocate and NetApiBufferFree never sees the
#              library call them (tests/install/interpose.c)
#   install    make install / uninstall into a DESTDIR: the exact tree
#   pkgconfig  a program built with pkg-config against that install, in C
#              and C++; it is left in build/tests/installed_app, so the
#              guest suites run it with the installed libnetbuf.so.1
#   dkms-ABI   dkms add + build against the headers of each stock kernel,
#              unpacked into the cache (no headers package is installed)
#   man-PAGE   each man page renders without a warning at 80 columns
# Prints "[host] PASS|FAIL|SKIP NAME" per check (a failure's log below it)
# and writes "PASSED FAILED SKIPPED" to build/host.counts.
# Env: NETBUF_DKMS_KERNELS  kernels for the DKMS builds (default "6.1 6.12")
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
vm=$(cd "$(dirname "${BASH_SOURCE[0]}")/vm" && pwd)
# shellcheck source=vm/lib.sh
. "$vm/lib.sh"

repo=$NETBUF_REPO
out=$NETBUF_BUILD/host
counts=$NETBUF_BUILD/host.counts
read -ra dkms_kernels <<<"${NETBUF_DKMS_KERNELS:-6.1 6.12}"
version=$(sed -n 's/^VERSION[[:space:]]*:=[[:space:]]*//p' "$repo/Makefile")
major=${version%%.*}
dest=$out/dest		# make install DESTDIR=$dest
prefix=/usr/local
passed=0 failed=0 skipped=0
rm -f "$counts"
mkdir -p "$out"

# Inside a check (run in a subshell): fail it with a reason.
bad() {
	echo "check failed: $*"
	exit 1
}

# Usage: run_check NAME FUNCTION [ARG...]
run_check() {
	local name=$1 log=$out/$1.log rc=0
	shift
	("$@") >"$log" 2>&1 || rc=$?
	case $rc in
	0) echo "[host] PASS $name"; ((++passed)) ;;
	77) echo "[host] SKIP $name ($(tail -n1 "$log"))"; ((++skipped)) ;;
	*)
		echo "[host] FAIL $name (log: $log)"
		tail -n 30 "$log" | sed 's/^/    /'
		((++failed))
		;;
	esac
	return 0
}

mk() {
	make --no-print-directory -C "$repo" "$@"
}

check_version() {
	local soname syms tmp

	mk -s version-check || bad "make version-check failed"
	mk -s lib || bad "make lib failed"
	soname=$(readelf -d "$repo/libnetbuf/libnetbuf.so.$major" |
		sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
	[[ $soname == "libnetbuf.so.$major" ]] ||
		bad "SONAME is '$soname', VERSION $version wants libnetbuf.so.$major"
	syms=$(objdump -T "$repo/libnetbuf/libnetbuf.so.$major" |
		awk '$NF ~ /^Net/ { print $(NF-1), $NF }' | sort)
	[[ $syms == "$(printf '%s\n' \
		"LIBNETBUF_1.0 NetApiBufferAllocate" "LIBNETBUF_1.0 NetApiBufferFree" \
		"LIBNETBUF_1.0 NetApiBufferReallocate" "LIBNETBUF_1.0 NetApiBufferSize" \
		"LIBNETBUF_1.1 NetGetJoinInformation" "LIBNETBUF_1.1 NetServerGetInfo" \
		"LIBNETBUF_1.1 NetWkstaGetInfo" "LIBNETBUF_1.1 NetWkstaTransportEnum" \
		"LIBNETBUF_1.1 NetWkstaUserGetInfo")" ]] ||
		bad "exported symbols and versions are not the nine of LIBNETBUF_1.0 and 1.1: $syms"
	[[ $(objdump -T "$repo/libnetbuf/libnetbuf.so.$major" | grep -c ' g .*DF .text') -eq 9 ]] ||
		bad "the library exports more than the nine functions"

	# Drift must stop the build: a newer map node, another dkms version.
	tmp=$(mktemp -d "$out/drift.XXXXXX")
	cp -r "$repo"/{Makefile,dkms.conf,libnetbuf,man,uapi} "$tmp/"
	rm -f "$tmp"/libnetbuf/*.{a,so,so.*}
	printf 'LIBNETBUF_%s.%s {\n} LIBNETBUF_%s;\n' "$major" 99 "${version%.*}" \
		>>"$tmp/libnetbuf/libnetbuf.map"
	! make -s -C "$tmp" BUILD="$tmp/build" lib ||
		bad "make lib succeeded with a version script newer than VERSION"
	cp "$repo/libnetbuf/libnetbuf.map" "$tmp/libnetbuf/"
	sed -i 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="0.0.1"/' "$tmp/dkms.conf"
	! make -s -C "$tmp" BUILD="$tmp/build" lib ||
		bad "make lib succeeded with dkms.conf naming another version"
	cp "$repo/dkms.conf" "$tmp/"
	sed -i '1,/^\.TH/s/^\(\.TH .*\) "\([a-z]*\) [0-9.]*"/\1 "\2 0.0.1"/' "$tmp"/man/netbuf.4
	! make -s -C "$tmp" BUILD="$tmp/build" lib ||
		bad "make lib succeeded with a man page of another version"
	cp "$repo/man/netbuf.4" "$tmp/man/"
	make -s -C "$tmp" BUILD="$tmp/build" lib || bad "the undrifted copy does not build"
	rm -rf "$tmp"
}

check_interpose() {
	local lib=$repo/libnetbuf relocs prog=$out/interpose

	mk -s lib || bad "make lib failed"
	# Field 5 of readelf -rW is the symbol: "NetApiBufferFree@@LIBNETBUF_1.0".
	relocs=$(readelf -rW "$lib/libnetbuf.so.$major" | awk '$5 ~ /^Net/') ||
		bad "readelf -rW failed"
	[[ -z $relocs ]] ||
		bad "relocations name exported functions, so internal calls can be taken over:"$'\n'"$relocs"
	# -rdynamic: the program's definitions are where a PLT call would
	# find them.
	cc -Wall -Werror -D_GNU_SOURCE -I"$lib" -I"$repo/uapi" -o "$prog" \
		"$repo/tests/install/interpose.c" -L"$lib" -l:"libnetbuf.so.$major" \
		-Wl,-rpath,"$lib" -rdynamic || bad "tests/install/interpose.c does not build"
	readelf -d "$prog" | grep -q "NEEDED.*\[libnetbuf.so.$major\]" ||
		bad "interpose does not link libnetbuf.so.$major"
	"$prog" || bad "the library called the program's functions"
}

# The files make install puts in place, relative to DESTDIR.
expected_tree() {
	local lib=$prefix/lib p

	printf '%s\n' \
		"$prefix/bin/netbuf-stat" \
		"$prefix/include/linux/netbuf.h" \
		"$prefix/include/lm.h" "$prefix/include/lmapibuf.h" \
		"$prefix/include/lmcons.h" "$prefix/include/lmerr.h" \
		"$prefix/include/lmjoin.h" "$prefix/include/lmserver.h" \
		"$prefix/include/lmwksta.h" \
		"$lib/libnetbuf.a" "$lib/libnetbuf.so" "$lib/libnetbuf.so.$major" \
		"$lib/libnetbuf.so.$version" "$lib/pkgconfig/libnetbuf.pc" \
		"/etc/modules-load.d/netbuf.conf" "/etc/udev/rules.d/60-netbuf.rules" \
		"/lib/modules/$1/updates/netbuf.ko"
	for p in "$repo"/man/*.[1-9]; do
		p=${p##*/}
		echo "$prefix/share/man/man${p##*.}/$p"
	done
}

# Files and links under DESTDIR, but not depmod's own modules.* files.
actual_tree() {
	(cd "$dest" && find . -type f -o -type l) | sed 's/^\.//' |
		grep -v '^/lib/modules/[^/]*/modules\.' | sort
}

install_into_dest() {
	rm -rf "$dest"
	mk DESTDIR="$dest" PREFIX="$prefix" KVER="$1" KO="$2" \
		NETBUF_GROUP=netbuf AUTOLOAD=1 install ||
		bad "make install DESTDIR=$dest failed"
}

check_install() {
	local abi=$1 ko=$2 lib=$dest$prefix/lib diffs

	install_into_dest "$abi" "$ko"
	diffs=$(diff <(expected_tree "$abi" | sort) <(actual_tree)) ||
		bad "the installed tree differs from the expected one (< missing, > extra):"$'\n'"$diffs"
	[[ $(readlink "$lib/libnetbuf.so") == "libnetbuf.so.$major" &&
		$(readlink "$lib/libnetbuf.so.$major") == "libnetbuf.so.$version" ]] ||
		bad "libnetbuf.so -> .so.$major -> .so.$version links are wrong"
	[[ -x $lib/libnetbuf.so.$version && ! -x $lib/libnetbuf.a ]] ||
		bad "wrong modes on the libraries"
	grep -qx "Version: $version" "$lib/pkgconfig/libnetbuf.pc" ||
		bad "libnetbuf.pc does not say Version: $version"
	grep -qx "prefix=$prefix" "$lib/pkgconfig/libnetbuf.pc" ||
		bad "libnetbuf.pc does not say prefix=$prefix"
	grep -q '^@\|@[A-Z]*@' "$lib/pkgconfig/libnetbuf.pc" &&
		bad "libnetbuf.pc has a placeholder left"
	grep -q 'GROUP="netbuf", MODE="0660"' "$dest/etc/udev/rules.d/60-netbuf.rules" ||
		bad "the udev rule does not give the device to group netbuf"
	grep -qx netbuf "$dest/etc/modules-load.d/netbuf.conf" ||
		bad "modules-load.d/netbuf.conf does not name netbuf"
	grep -q '^updates/netbuf.ko:' "$dest/lib/modules/$abi/modules.dep" ||
		bad "depmod -b did not list updates/netbuf.ko in modules.dep"
	modinfo -F vermagic "$dest/lib/modules/$abi/updates/netbuf.ko" | grep -q "^$abi " ||
		bad "the installed module is not built for $abi"

	mk DESTDIR="$dest" PREFIX="$prefix" KVER="$abi" uninstall ||
		bad "make uninstall failed"
	diffs=$(actual_tree)
	[[ -z $diffs ]] || bad "make uninstall left files behind:"$'\n'"$diffs"
	! grep -q netbuf "$dest/lib/modules/$abi/modules.dep" ||
		bad "modules.dep still lists netbuf after uninstall"
}

check_pkgconfig() {
	local abi=$1 ko=$2 app=$NETBUF_BUILD/tests/installed_app flags static_flags
	local lib=$dest$prefix/lib cxx=$out/app-cxx

	rm -f "$app"
	install_into_dest "$abi" "$ko"
	export PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_LIBDIR=$lib/pkgconfig
	[[ $(pkg-config --modversion libnetbuf) == "$version" ]] ||
		bad "pkg-config --modversion libnetbuf is not $version"
	flags=$(pkg-config --cflags --libs libnetbuf) || bad "pkg-config --cflags --libs failed"
	echo "cc app.c $flags"
	mkdir -p "${app%/*}"
	# The rpath only lets the host's ldd find the DESTDIR's library when
	# the initramfs is packed; the guest loads it from its /lib.
	# shellcheck disable=SC2086 # pkg-config output is meant to split
	cc -Wall -Werror -o "$app.tmp" "$repo/tests/install/app.c" $flags \
		-Wl,-rpath,"$lib" || bad "the user program does not build with pkg-config"
	readelf -d "$app.tmp" | grep -q "NEEDED.*\[libnetbuf.so.$major\]" ||
		bad "the program does not link libnetbuf.so.$major"
	static_flags=$(pkg-config --static --cflags --libs libnetbuf)
	# shellcheck disable=SC2086
	cc -static -o "$out/app-static" "$repo/tests/install/app.c" \
		$static_flags ||
		bad "the user program does not link statically with pkg-config --static"

	# C++: the headers' extern "C" must let a C++ program link the C library.
	cat >"$out/app.cc" <<-'CXX'
		#include <cerrno>
		#include <lm.h>
		#include <lmapibuf.h>
		int main()
		{
			LPVOID buf = nullptr;
			LPBYTE wi = nullptr;
			NET_API_STATUS st = NetApiBufferAllocate(16, &buf);

			/* The network-management headers are C++ too. */
			if (NetWkstaGetInfo(nullptr, 100, &wi) == NERR_Success)
				NetApiBufferFree(wi);

			if (st == NERR_Success)
				return NetApiBufferFree(buf) == NERR_Success ? 0 : 1;
			/* No module on this host: the documented answer. */
			return st == ERROR_NOT_ENOUGH_MEMORY && buf == nullptr &&
			       errno != 0 ? 0 : 1;
		}
	CXX
	# shellcheck disable=SC2086
	c++ -Wall -Werror -o "$cxx" "$out/app.cc" $flags -Wl,-rpath,"$lib" ||
		bad "a C++ program including <lmapibuf.h> does not build and link"
	"$cxx" || bad "the C++ program failed on this host"
	mv "$app.tmp" "$app"
}

check_dkms() {
	local abi=$1 headers=$2 tree=$out/dkms-$1 built log

	rm -rf "$tree"
	mk DESTDIR="$tree" install-dkms || bad "make install-dkms failed"
	[[ -f $tree/usr/src/netbuf-$version/dkms.conf ]] ||
		bad "install-dkms put no dkms.conf in /usr/src/netbuf-$version"
	# Private trees: nothing of this machine's DKMS state is touched.
	# Private trees and signing key: this machine's DKMS state (its
	# /var/lib/dkms, its MOK) is never touched.
	local opts=(--sourcetree "$tree/usr/src" --dkmstree "$tree/var/lib/dkms")
	local base=$tree/var/lib/dkms/netbuf/$version
	mkdir -p "$tree/var/lib/dkms"
	export mok_signing_key=$tree/mok.key mok_certificate=$tree/mok.pub
	dkms add -m netbuf -v "$version" "${opts[@]}" || bad "dkms add failed"
	dkms build -m netbuf -v "$version" -k "$abi" --kernelsourcedir "$headers" \
		"${opts[@]}" ||
		{ cat "$base/build/make.log" 2>/dev/null; bad "dkms build -k $abi failed"; }
	dkms status -m netbuf "${opts[@]}" | grep -q "netbuf/$version, $abi.*: built" ||
		bad "dkms status does not show netbuf/$version built for $abi"
	built=$(find "$tree/var/lib/dkms/netbuf/$version/$abi" -name 'netbuf.ko*' | head -n1)
	[[ -n $built ]] || bad "dkms built no netbuf.ko for $abi"
	modinfo -F vermagic "$built" | grep -q "^$abi " ||
		bad "$built is not built for $abi"
	log=$(find "$base/$abi" -name make.log | head -n1)
	[[ -n $log ]] || bad "dkms kept no make.log for $abi"
	! grep 'warning:' "$log" || bad "the DKMS build printed warnings"
	rm -rf "$tree"
}

check_man() {
	local page=$1 warnings section

	warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) ||
		bad "man -l $page failed: $warnings"
	[[ -z $warnings ]] || bad "man --warnings -l $page:"$'\n'"$warnings"
	for section in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
		grep -qx "\.SH \"*$section\"*" "$page" || bad "$page has no $section section"
	done
	if [[ $page == *.3 ]]; then
		for section in "RETURN VALUE" NOTES EXAMPLES; do
			grep -qx "\.SH \"*$section\"*" "$page" ||
				bad "$page has no $section section"
		done
	fi
}

# Tools the checks use, as a user of a fresh Debian 12 would install them.
if ! ensure_pkgs make gcc g++ libc6-dev binutils kmod pkg-config man-db \
	groff-base dkms; then
	echo "[host] FAIL packages: cannot install the tools of the host checks"
	echo "0 1 0" >"$counts"
	exit 1
fi

# The module of the first stock kernel, for install and the pkg-config app.
# Their headers are unpacked into the cache, never installed on this host.
abis=()
declare -A trees
for kernel in "${dkms_kernels[@]}"; do
	abi=$(resolve_abi "$kernel")
	trees[$abi]=$(stock_headers "$abi")
	abis+=("$abi")
done
ko=$("$vm/build-kmod.sh" "${abis[0]}" "${trees[${abis[0]}]}")

run_check version check_version
run_check interpose check_interpose
run_check install check_install "${abis[0]}" "$ko"
run_check pkgconfig check_pkgconfig "${abis[0]}" "$ko"
for abi in "${abis[@]}"; do
	run_check "dkms-$abi" check_dkms "$abi" "${trees[$abi]}"
done
for page in "$repo"/man/*.[1-9]; do
	run_check "man-${page##*/}" check_man "$page"
done

echo "$passed $failed $skipped" >"$counts"
echo "[host] $passed passed, $failed failed, $skipped skipped"
((failed == 0))
