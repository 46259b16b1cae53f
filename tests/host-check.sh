#!/bin/bash
# Usage: host-check.sh
# The checks of make check that need no guest, as a user meets netbuf:
#   version    VERSION, SONAME, the version script, dkms.conf and the man
#              pages agree, and the build fails when they drift apart
#   interpose  the library's internal calls bind inside it: no relocation
#              names a Net* symbol, and a program defining its own
#              NetApiBufferAllocate and NetApiBufferFree never sees the
#              library call them (tests/install/interpose.c)
#   wchar      lmcons.h's character width: WCHAR is wchar_t (4 bytes) and
#              the Windows names are called by default; UTF-16 mode
#              (-DNETBUF_WCHAR16, or -fshort-wchar alone, in C and C++)
#              makes WCHAR 2 bytes and calls the NAME_w16 symbols; a
#              2-byte wchar_t with the mode refused (-DNETBUF_WCHAR16=0)
#              does not compile, and the error says why
#   install    make install / uninstall into a DESTDIR: the exact tree
#   pkgconfig  a program built with pkg-config against that install, in C
#              and C++; it is left in build/tests/installed_app, so the
#              guest suites run it with the installed libnetbuf.so.1
#   dkms-ABI   dkms add + build against the headers of each stock kernel,
#              unpacked into the cache (no headers package is installed)
#   deb        make deb: the four packages, lintian without errors, each
#              package's files; unpacked (dpkg -x) into a throwaway root, a
#              program builds there with pkg-config (left in
#              build/tests/deb_app for the guests) and the DKMS source
#              builds for each stock kernel
#   man-PAGE   each man page renders without a warning at 80 columns
#   netinfo    examples/netinfo works here on the user backend, and with
#              NETBUF_BACKEND=kernel without the device fails saying why
#   user-NAME  the test NAME (and NAME.m32, its 32-bit build) on the
#              user-space backend (NETBUF_BACKEND=user): the tests whose
#              tests/plan line NAME.user names the host
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
	local soname syms want tmp

	mk -s version-check || bad "make version-check failed"
	mk -s lib || bad "make lib failed"
	soname=$(readelf -d "$repo/libnetbuf/libnetbuf.so.$major" |
		sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
	[[ $soname == "libnetbuf.so.$major" ]] ||
		bad "SONAME is '$soname', VERSION $version wants libnetbuf.so.$major"
	# Exactly the nodes and functions of the version script, each in its
	# node, and nothing else defined (a version node reads "NODE NODE").
	want=$(awk '/^LIBNETBUF_[0-9.]+ *[{]/ { node = $1; print node, node }
		/^[[:space:]]+[A-Za-z_][A-Za-z0-9_]*;$/ { sub(/;$/, "", $1); print node, $1 }' \
		"$repo/libnetbuf/libnetbuf.map" | sort)
	syms=$(objdump -T "$repo/libnetbuf/libnetbuf.so.$major" |
		awk '/^[0-9a-f]+ / && !/[*]UND[*]/ { print $(NF-1), $NF }' | sort)
	[[ $want == *"LIBNETBUF_1.0 NetApiBufferAllocate"* ]] ||
		bad "no LIBNETBUF_1.0 functions read from libnetbuf.map: $want"
	[[ $syms == "$want" ]] ||
		bad "exported symbols and versions are not those of libnetbuf.map:" \
			"$(diff <(echo "$want") <(echo "$syms") | grep '^[<>]')"

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

# Usage: wchar_build OUT LANG FLAGS...: compiles a program calling every
# string-taking function into OUT (LANG c or c++), asserting the WCHAR size
# the flags imply (-DWANT_WCHAR=N among FLAGS).
wchar_build() {
	local obj=$1 lang=$2 cc=cc
	shift 2
	[[ $lang == c ]] || cc=c++
	"$cc" -x "$lang" -c -o "$obj" -I"$repo/libnetbuf" -Werror "$@" - <<-'C'
		#include <lm.h>
		#ifdef __cplusplus
		static_assert(sizeof(WCHAR) == WANT_WCHAR, "WCHAR size");
		#else
		_Static_assert(sizeof(WCHAR) == WANT_WCHAR, "WCHAR size");
		#endif
		int run(void);
		int run(void)
		{
			NETSETUP_JOIN_STATUS t;
			LPWSTR n;
			LPBYTE b;
			DWORD r, e;

			return NetWkstaGetInfo(0, 100, &b) + NetServerGetInfo(0, 100, &b) +
			       NetWkstaUserGetInfo(0, 0, &b) +
			       NetWkstaTransportEnum(0, 0, &b, 0, &r, &e, 0) +
			       NetGetJoinInformation(0, &n, &t);
		}
	C
}

# The Net* functions object file $1 calls, on one line.
called() {
	nm -u "$1" | awk '$2 ~ /^Net/ { print $2 }' | sort | tr '\n' ' '
}

check_wchar() {
	local o=$out/wchar plain w16 err flags
	plain="NetGetJoinInformation NetServerGetInfo NetWkstaGetInfo NetWkstaTransportEnum NetWkstaUserGetInfo "
	w16="NetGetJoinInformation_w16 NetServerGetInfo_w16 NetWkstaGetInfo_w16 NetWkstaTransportEnum_w16 NetWkstaUserGetInfo_w16 "
	mkdir -p "$o"
	wchar_build "$o/plain.o" c -DWANT_WCHAR=4 ||
		bad "the default mode does not compile with a 4-byte WCHAR"
	[[ $(called "$o/plain.o") == "$plain" ]] ||
		bad "the default mode calls $(called "$o/plain.o")"
	for flags in "c -DNETBUF_WCHAR16" "c -fshort-wchar" \
		"c++ -DNETBUF_WCHAR16" "c++ -fshort-wchar"; do
		# shellcheck disable=SC2086
		wchar_build "$o/w16.o" $flags -DWANT_WCHAR=2 ||
			bad "UTF-16 mode ($flags) does not compile with a 2-byte WCHAR"
		[[ $(called "$o/w16.o") == "$w16" ]] ||
			bad "UTF-16 mode ($flags) calls $(called "$o/w16.o")"
	done
	if wchar_build "$o/refused.o" c -fshort-wchar -DNETBUF_WCHAR16=0 \
		-DWANT_WCHAR=2 2>"$o/refused.err"; then
		bad "a 2-byte wchar_t without UTF-16 mode compiled"
	fi
	err=$(cat "$o/refused.err")
	[[ $err == *"libnetbuf: WCHAR is wchar_t, which must be 4 bytes"*NETBUF_WCHAR16* ]] ||
		bad "a 2-byte wchar_t without UTF-16 mode failed without saying why: $err"
	echo "default calls: $plain"
	echo "UTF-16 mode calls: $w16"
	grep -m1 'error' "$o/refused.err"
}

# The files make install puts in place, relative to DESTDIR.
expected_tree() {
	local lib=$prefix/lib p

	printf '%s\n' \
		"$prefix/bin/netbuf-stat" \
		"$prefix/include/netbuf/linux/netbuf.h" \
		"$prefix/include/netbuf/lm.h" "$prefix/include/netbuf/lmapibuf.h" \
		"$prefix/include/netbuf/lmcons.h" "$prefix/include/netbuf/lmerr.h" \
		"$prefix/include/netbuf/lmjoin.h" "$prefix/include/netbuf/lmserver.h" \
		"$prefix/include/netbuf/lmwksta.h" "$prefix/include/netbuf/lmaccess.h" \
		"$prefix/include/netbuf/netbufext.h" \
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
	# Shared libraries are not programs: 0644, as Debian and ld.so want.
	[[ $(stat -c %a "$lib/libnetbuf.so.$version") == 644 &&
		$(stat -c %a "$lib/libnetbuf.a") == 644 ]] ||
		bad "wrong modes on the libraries (want 0644): $(stat -c '%a %n' "$lib"/libnetbuf.*)"
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
	[[ ! -e $dest$prefix/include/netbuf ]] ||
		bad "make uninstall left the directory $prefix/include/netbuf"
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

	# Beside another set of Windows base types (winpr's, Wine's: a 16-bit
	# WCHAR), as docs/install.md says: NETBUF_WINDOWS_BASE_TYPES keeps lmcons.h's.
	cat >"$out/app-basetypes.c" <<-'C'
		#include <stdint.h>
		#include <stdio.h>
		#include <wchar.h>
		typedef uint32_t DWORD, *LPDWORD, *PDWORD;
		typedef void *LPVOID;
		typedef uint8_t BYTE, *LPBYTE;
		typedef int BOOL;
		typedef uint16_t WCHAR, *LPWSTR;
		typedef const WCHAR *LPCWSTR;
		#define NETBUF_WINDOWS_BASE_TYPES
		#include <lm.h>
		int main(void)
		{
			LPWKSTA_INFO_100 wi = NULL;
			LPVOID buf = NULL;

			if (NetWkstaGetInfo((LMSTR)L"", 100, (LPBYTE *)&wi) == NERR_Success) {
				printf("%ls\n", (const wchar_t *)wi->wki100_computername);
				NetApiBufferFree(wi);
			}
			if (NetApiBufferAllocate(16, &buf) == NERR_Success)
				NetApiBufferFree(buf);
			return 0;
		}
	C
	# shellcheck disable=SC2086
	cc -Wall -Wextra -Werror -o "$out/app-basetypes" "$out/app-basetypes.c" $flags ||
		bad "a program with its own Windows base types and NETBUF_WINDOWS_BASE_TYPES does not build"
	mv "$app.tmp" "$app"
}

# Usage: dkms_build SRCTREE ABI HEADERS TREE: dkms add and build of the
# netbuf-VERSION source in SRCTREE (a /usr/src) for one kernel, with the
# DKMS state in TREE. Private trees and signing key: this machine's DKMS
# state (its /var/lib/dkms, its MOK) is never touched.
dkms_build() {
	local srctree=$1 abi=$2 headers=$3 tree=$4 built log
	local opts=(--sourcetree "$srctree" --dkmstree "$tree/var/lib/dkms")
	local base=$tree/var/lib/dkms/netbuf/$version

	[[ -f $srctree/netbuf-$version/dkms.conf ]] ||
		bad "no dkms.conf in $srctree/netbuf-$version"
	mkdir -p "$tree/var/lib/dkms"
	export mok_signing_key=$tree/mok.key mok_certificate=$tree/mok.pub
	dkms add -m netbuf -v "$version" "${opts[@]}" || bad "dkms add failed"
	dkms build -m netbuf -v "$version" -k "$abi" --kernelsourcedir "$headers" \
		"${opts[@]}" ||
		{ cat "$base/build/make.log" 2>/dev/null; bad "dkms build -k $abi failed"; }
	dkms status -m netbuf "${opts[@]}" | grep -q "netbuf/$version, $abi.*: built" ||
		bad "dkms status does not show netbuf/$version built for $abi"
	built=$(find "$base/$abi" -name 'netbuf.ko*' | head -n1)
	[[ -n $built ]] || bad "dkms built no netbuf.ko for $abi"
	modinfo -F vermagic "$built" | grep -q "^$abi " ||
		bad "$built is not built for $abi"
	log=$(find "$base/$abi" -name make.log | head -n1)
	[[ -n $log ]] || bad "dkms kept no make.log for $abi"
	! grep 'warning:' "$log" || bad "the DKMS build printed warnings"
}

check_dkms() {
	local abi=$1 headers=$2 tree=$out/dkms-$1

	rm -rf "$tree"
	mk DESTDIR="$tree" install-dkms || bad "make install-dkms failed"
	dkms_build "$tree/usr/src" "$abi" "$headers" "$tree"
	rm -rf "$tree"
}

# What each package holds (files and links; directories aside), for the
# multiarch directory MA.
deb_expected() {
	local pkg=$1 ma=$2 p

	case $pkg in
	netbuf-dkms)
		printf '%s\n' /usr/share/man/man4/netbuf.4.gz \
			"/usr/src/netbuf-$version/"{Kbuild,dkms.conf}
		(cd "$repo" && printf "/usr/src/netbuf-$version/%s\n" \
			kmod/Kbuild kmod/*.[ch] uapi/linux/netbuf.h)
		;;
	libnetbuf1)
		printf '%s\n' "/usr/lib/$ma/libnetbuf.so.$major" \
			"/usr/lib/$ma/libnetbuf.so.$version"
		;;
	libnetbuf-dev)
		printf '%s\n' /usr/include/netbuf/linux/netbuf.h \
			"/usr/lib/$ma/"{libnetbuf.a,libnetbuf.so,pkgconfig/libnetbuf.pc}
		for p in "$repo"/libnetbuf/lm*.h "$repo"/libnetbuf/netbufext.h; do
			echo "/usr/include/netbuf/${p##*/}"
		done
		for p in "$repo"/man/*.[37]; do
			echo "/usr/share/man/man${p##*.}/${p##*/}.gz"
		done
		;;
	netbuf-tools)
		printf '%s\n' /usr/bin/netbuf-stat /lib/udev/rules.d/60-netbuf.rules \
			/usr/lib/modules-load.d/netbuf.conf \
			/usr/share/man/man1/netbuf-stat.1.gz
		;;
	esac
	printf '/usr/share/doc/%s/%s\n' "$pkg" changelog.Debian.gz "$pkg" copyright
}

# Usage: check_deb ABI HEADERS...: make deb builds the four packages
# (lintian without errors), each holds what it should, and unpacked (dpkg
# -x, never installed on this host) into a throwaway root they work: a
# program builds there with pkg-config (it is left in build/tests/deb_app,
# so the guest suites run it with the packaged libnetbuf.so.1), and the
# DKMS source builds against each stock kernel's headers (ABI=HEADERS).
check_deb() {
	local debs=$out/deb root=$out/deb-root app=$NETBUF_BUILD/tests/deb_app
	local ma pkg deb diffs flags arg debver

	rm -rf "$root" "$app"
	"$repo/dist/make-deb.sh" "$debs" || bad "make deb failed"
	! grep '^E:' "$debs/lintian.log" || bad "lintian reported errors"
	ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	debver=$(dpkg-parsechangelog -l "$repo/debian/changelog" -S Version)
	for pkg in netbuf-dkms libnetbuf1 libnetbuf-dev netbuf-tools; do
		deb=$(ls "$debs/${pkg}_${debver}_"*.deb) || bad "make deb made no $pkg package"
		diffs=$(diff <(deb_expected "$pkg" "$ma" | sort) \
			<(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' |
				sed 's/^\.//' | sort)) ||
			bad "$pkg holds other files than expected (< missing, > extra):"$'\n'"$diffs"
		dpkg-deb -x "$deb" "$root" || bad "dpkg-deb -x $deb failed"
		dpkg-deb -e "$deb" "$root/DEBIAN-$pkg" || bad "dpkg-deb -e $deb failed"
	done
	[[ $(stat -c %a "$root/usr/lib/$ma/libnetbuf.so.$version") == 644 ]] ||
		bad "libnetbuf.so.$version is not 0644"
	readelf -d "$root/usr/lib/$ma/libnetbuf.so.$version" | grep -q 'BIND_NOW' ||
		bad "libnetbuf.so is not linked with -z now (dpkg-buildflags' LDFLAGS)"
	readelf -lW "$root/usr/bin/netbuf-stat" | grep -q GNU_RELRO ||
		bad "netbuf-stat has no RELRO (dpkg-buildflags' LDFLAGS)"
	dpkg-deb -f "$debs/libnetbuf-dev_${debver}_"*.deb Depends |
		grep -q "libnetbuf1 (= $debver)" || bad "libnetbuf-dev does not depend on libnetbuf1 (= $debver)"
	dpkg-deb -f "$debs/netbuf-dkms_${debver}_all.deb" Depends | grep -q dkms ||
		bad "netbuf-dkms does not depend on dkms"
	grep -q 'addgroup --system --quiet netbuf' "$root/DEBIAN-netbuf-tools/postinst" ||
		bad "netbuf-tools' postinst does not create the system group netbuf"
	grep -q 'dkms' "$root/DEBIAN-netbuf-dkms/postinst" ||
		bad "netbuf-dkms has no postinst running DKMS"
	grep -q 'KERNEL=="netbuf", GROUP="netbuf", MODE="0660"' \
		"$root/lib/udev/rules.d/60-netbuf.rules" ||
		bad "the udev rule does not give /dev/netbuf 0660 to group netbuf"
	grep -qx netbuf "$root/usr/lib/modules-load.d/netbuf.conf" ||
		bad "modules-load.d/netbuf.conf does not name netbuf"

	# A user's program, built against the unpacked -dev package.
	export PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_LIBDIR=$root/usr/lib/$ma/pkgconfig
	[[ $(pkg-config --modversion libnetbuf) == "$version" ]] ||
		bad "the package's pkg-config --modversion libnetbuf is not $version"
	flags=$(pkg-config --cflags --libs libnetbuf) || bad "pkg-config --cflags --libs failed"
	echo "cc app.c $flags"
	[[ " $flags " == *" -I$root/usr/include/netbuf "* ]] ||
		bad "pkg-config --cflags does not name /usr/include/netbuf: $flags"
	mkdir -p "${app%/*}"
	# shellcheck disable=SC2086 # pkg-config output is meant to split
	cc -Wall -Werror -o "$app.tmp" "$repo/tests/install/app.c" $flags \
		-Wl,-rpath,"$root/usr/lib/$ma" ||
		bad "a program does not build with the -dev package's pkg-config"
	readelf -d "$app.tmp" | grep -q "NEEDED.*\[libnetbuf.so.$major\]" ||
		bad "the program does not link libnetbuf.so.$major"
	flags=$(pkg-config --static --cflags --libs libnetbuf)
	# shellcheck disable=SC2086
	cc -static -o "$out/deb-app-static" "$repo/tests/install/app.c" $flags ||
		bad "a program does not link statically with the -dev package's libnetbuf.a"
	unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR

	# The packaged module source, as DKMS builds it on a user's machine.
	for arg; do
		rm -rf "$out/deb-dkms"
		dkms_build "$root/usr/src" "${arg%%=*}" "${arg#*=}" "$out/deb-dkms"
	done
	rm -rf "$out/deb-dkms"
	mv "$app.tmp" "$app"
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

# examples/netinfo on this host, as a user without the module runs it: on
# the user backend it prints what it must and exits 0; with
# NETBUF_BACKEND=kernel and no /dev/netbuf it fails saying why and what to
# do (a host with the device checks the first half only).
check_netinfo() {
	local prog=$NETBUF_BUILD/examples/netinfo o=$out/netinfo

	mk -s BUILD="$NETBUF_BUILD" "$prog" || bad "make $prog failed"
	NETBUF_BACKEND=user "$prog" >"$o.out" 2>"$o.err" ||
		bad "netinfo on the user backend failed: $(cat "$o.err")"
	if ! grep -q 'Version:  10\.0' "$o.out" || ! grep -q 'Total of' "$o.out"; then
		bad "netinfo on the user backend printed: $(cat "$o.out")"
	fi
	[[ ! -s $o.err ]] || bad "netinfo on the user backend complained: $(cat "$o.err")"
	cat "$o.out"
	if [[ -e /dev/netbuf ]]; then
		echo "/dev/netbuf exists here: NETBUF_BACKEND=kernel not tried"
		return 0
	fi
	! NETBUF_BACKEND=kernel "$prog" >"$o.out" 2>"$o.err" ||
		bad "netinfo with NETBUF_BACKEND=kernel and no device succeeded"
	if ! grep -q '^NetWkstaGetInfo failed with error 2138$' "$o.err" ||
		! grep -q '^netinfo: libnetbuf: none: NETBUF_BACKEND=kernel, but /dev/netbuf cannot be used (No such file or directory): .*modprobe netbuf' "$o.err"; then
		bad "netinfo with NETBUF_BACKEND=kernel did not say why: $(cat "$o.err")"
	fi
	cat "$o.err"
}

# Usage: check_user BINARY: a test program on the user-space backend, as a
# program meets it on a machine without the module.
check_user() {
	[[ -x $1 ]] || bad "$1 is not built (make tests tests32)"
	mkdir -p "$out/user"
	cd "$out/user" && NETBUF_BACKEND=user timeout -s KILL 300 "$1"
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
run_check wchar check_wchar
run_check install check_install "${abis[0]}" "$ko"
run_check pkgconfig check_pkgconfig "${abis[0]}" "$ko"
for abi in "${abis[@]}"; do
	run_check "dkms-$abi" check_dkms "$abi" "${trees[$abi]}"
done
deb_kernels=()
for abi in "${abis[@]}"; do
	deb_kernels+=("$abi=${trees[$abi]}")
done
run_check deb check_deb "${deb_kernels[@]}"
for page in "$repo"/man/*.[1-9]; do
	run_check "man-${page##*/}" check_man "$page"
done
run_check netinfo check_netinfo
mapfile -t user_tests < <("$vm/plan.sh" user)
for t in "${user_tests[@]}"; do
	run_check "user-$t" check_user "$NETBUF_BUILD/tests/$t"
	run_check "user-$t.m32" check_user "$NETBUF_BUILD/tests32/$t"
done

echo "$passed $failed $skipped" >"$counts"
echo "[host] $passed passed, $failed failed, $skipped skipped"
((failed == 0))
