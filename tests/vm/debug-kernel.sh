#!/bin/bash
# Usage: debug-kernel.sh
# Makes sure netbuf's debug kernel (7.2 from Debian unstable's
# linux-source-7.2, tinyconfig + debug-kernel.config: KUnit, KASAN,
# kmemleak, lockdep, fault injection) is built and cached, and prints
# shell assignments like kernel.sh:  abi=...  vmlinuz=...  headers=...
# sparse=... (headers is the built tree, which out-of-tree modules build
# against; sparse a checker new enough for it).
#
# Unstable is reached through a private apt configuration under the cache:
# the system's own sources are never touched. The build is cached under
# NETBUF_CACHE keyed by source version and fragment hash; a cached kernel
# is never rebuilt, and when the archive cannot be asked, the newest cached
# build of the same fragment is used.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 0 ]] || die "usage: debug-kernel.sh"
series=7.2
pkg=linux-source-$series
fragment=$NETBUF_VM_DIR/debug-kernel.config
frag_hash=$(sha256sum "$fragment" | cut -c1-12)
apt_dir=$NETBUF_CACHE/apt-unstable
kernels=$NETBUF_CACHE/debug-kernels

# The mirror this machine already uses for Debian, with suite sid.
debian_mirror() {
	local f uri

	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -f $f ]] || continue
		uri=$(awk '/^URIs:/ { u = $2 }
			/^Suites:/ && / (bookworm|trixie|stable)( |$)/ { print u; exit }' "$f")
		[[ -n $uri ]] && { echo "$uri"; return; }
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -f $f ]] || continue
		uri=$(awk '$1 == "deb" && $3 ~ /^(bookworm|trixie|stable)$/ {
			for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }' "$f")
		[[ -n $uri ]] && { echo "$uri"; return; }
	done
	return 1
}

apt_opts=(
	-o "Dir::Etc::sourcelist=/dev/null"
	-o "Dir::Etc::sourceparts=$apt_dir/sources.list.d"
	-o "Dir::Etc::preferencesparts=$apt_dir/preferences.d"
	-o "Dir::State::lists=$apt_dir/lists"
	-o "Dir::State::status=/dev/null"
	-o "Dir::Cache=$apt_dir/cache"
	-o "APT::Sandbox::User=root"
	# Mirrors may serve a frozen snapshot whose Release has expired; the
	# signature is still checked.
	-o "Acquire::Check-Valid-Until=false"
)

# Prints the version of linux-source-7.2 unstable has now, or fails.
unstable_version() {
	local mirror

	mirror=$(debian_mirror) || {
		note "no Debian mirror in this machine's apt sources"
		return 1
	}
	mkdir -p "$apt_dir"/{sources.list.d,preferences.d,lists/partial,cache/archives/partial}
	cat >"$apt_dir/sources.list.d/unstable.sources" <<-EOF
		Types: deb deb-src
		URIs: $mirror
		Suites: sid
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	# Lists fetched within the hour are fresh enough (make check asks twice).
	if [[ -z $(find "$apt_dir/lists" -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null) ||
		-z $(find "$apt_dir/lists" -maxdepth 1 -name '*_Sources*' -mmin -60 2>/dev/null) ]]; then
		apt-get "${apt_opts[@]}" update >&2 || return 1
	fi
	apt-cache "${apt_opts[@]}" show "$pkg" 2>/dev/null |
		sed -n 's/^Version: //p' | sort -V | tail -n1 | grep .
}

# Kernels since 6.15 want a sparse that knows __typeof_unqual__, newer than
# Debian 12's; unstable's binary needs a newer libc, so its source is built
# (in seconds: the sparse program alone). Prints the path of the binary.
build_sparse() {
	local version dir=$NETBUF_CACHE/sparse

	version=$(apt-cache "${apt_opts[@]}" showsrc sparse 2>/dev/null |
		sed -n 's/^Version: //p' | sort -V | tail -n1)
	if [[ -z $version ]]; then
		# Unstable cannot be asked: any sparse built before will do.
		find "$dir" -mindepth 2 -maxdepth 2 -name sparse -type f 2>/dev/null |
			sort -V | tail -n1 | grep . ||
			die "cannot get sparse's source from unstable and none is cached"
		return
	fi
	dir+=/$version
	if [[ ! -x $dir/sparse ]]; then
		note "building sparse $version from unstable's source"
		rm -rf "$dir" && mkdir -p "$dir/src"
		(cd "$dir" && apt-get "${apt_opts[@]}" source --download-only \
			"sparse=$version" >&2) || die "downloading sparse's source failed"
		tar -xf "$dir"/sparse_*.orig.tar.* -C "$dir/src" --strip-components=1 ||
			die "sparse's source does not unpack"
		make -C "$dir/src" -j"$(nproc)" sparse HAVE_LIBXML=no HAVE_SQLITE=no \
			HAVE_GTK=no HAVE_LLVM=no >"$dir/build.log" 2>&1 ||
			die "building sparse failed (log: $dir/build.log)"
		cp "$dir/src/sparse" "$dir/sparse"
		rm -rf "$dir/src" "$dir"/sparse_*
	fi
	echo "$dir/sparse"
}

# Usage: build_with_progress TREE LOG: make bzImage modules, appending to
# LOG, with a line on stderr at least every minute: how many files were
# compiled (the log's CC lines) of about how many (the last complete
# build's count, kept in the cache), and the time so far.
build_with_progress() {
	local tree=$1 log=$2 count=$kernels/.cc-count pid rc=0 est done_cc
	local start=$SECONDS last=$SECONDS

	est=$(cat "$count" 2>/dev/null) && [[ $est =~ ^[0-9]+$ ]] || est=1400
	note "compiling the kernel: about $est files"
	make -C "$tree" -j"$(($(nproc) + 1))" bzImage modules >>"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		((SECONDS - last >= 60)) || continue
		last=$SECONDS
		done_cc=$(grep -c '^ *CC ' "$log" || true)
		note "compiling the kernel: $done_cc of about $est files ($((done_cc * 100 / est))%), $(((SECONDS - start) / 60)) min so far; log: $log"
	done
	wait "$pid" || rc=$?
	((rc == 0)) || return "$rc"
	grep -c '^ *CC ' "$log" >"$count" || true
	note "compiled the kernel in $(((SECONDS - start) / 60)) min"
}

# Tools the kernel build needs beyond the compiler (objtool needs libelf).
ensure_pkgs make gcc libc6-dev bc bison flex libelf-dev xz-utils

# One build at a time: a second make check waits instead of building into
# (or deleting) the same directory.
mkdir -p "$kernels"
exec 9>"$kernels/.lock"
flock -n 9 || {
	note "another run is building the debug kernel: waiting for it (up to about 20 min)"
	flock 9
}

if version=$(unstable_version); then
	key=$version-$frag_hash
else
	key=''
	for old in "$kernels"/*-"$frag_hash"; do
		[[ -f $old/.complete ]] && key=${old##*/}
	done
	[[ -n $key ]] ||
		die "cannot ask Debian unstable for $pkg and nothing is cached: check the network and apt"
	note "unstable cannot be asked; using the cached debug kernel $key"
fi
dir=$kernels/$key
tree=$dir/linux-source-$series
vmlinuz=$tree/arch/x86/boot/bzImage
abi=$series-netbuf-debug

if [[ ! -f $dir/.complete ]]; then
	log=$dir/build.log
	note "building the debug kernel $key once (cached afterwards): about 8 min on 2 idle cores, longer on a busy machine; a line a minute, the whole log in $log"
	rm -rf "$dir"
	mkdir -p "$dir"
	note "downloading $pkg $version from unstable (about 150 MB: a minute or more)"
	(cd "$dir" && apt-get "${apt_opts[@]}" download "$pkg=$version" >&2) ||
		die "downloading $pkg $version from unstable failed"
	note "unpacking the kernel source (about a minute)"
	dpkg-deb -x "$dir"/"${pkg}"_*.deb "$dir/pkg" ||
		die "dpkg-deb cannot unpack $pkg"
	tar -xJf "$dir/pkg/usr/src/$pkg.tar.xz" -C "$dir" ||
		die "the source tarball of $pkg does not unpack"
	rm -rf "$dir/pkg" "$dir"/*.deb
	[[ -f $tree/Makefile ]] || die "$pkg unpacked no $tree/Makefile"

	note "configuring: tinyconfig + $fragment (seconds)"
	{
		make -C "$tree" tinyconfig &&
			"$tree/scripts/kconfig/merge_config.sh" -m -O "$tree" \
				"$tree/.config" "$fragment" &&
			make -C "$tree" olddefconfig
	} >"$log" 2>&1 || { tail -n 40 "$log" >&2; die "configuring the debug kernel failed (log: $log)"; }

	# Kconfig drops what a dependency forbids without a word: check all.
	missing=()
	while IFS= read -r line; do
		[[ $line =~ ^(CONFIG_[A-Z0-9_]+)=(.*)$ ]] || continue
		opt=${BASH_REMATCH[1]} want=${BASH_REMATCH[2]}
		if [[ $want == n ]]; then
			! grep -q "^$opt=" "$tree/.config" || missing+=("$opt=n")
		else
			grep -qx "$opt=$want" "$tree/.config" || missing+=("$opt=$want")
		fi
	done <"$fragment"
	((${#missing[@]} == 0)) ||
		die "the debug kernel's .config lacks ${missing[*]} (see $fragment; a dependency is missing)"

	# modules too: Module.symvers is what M= builds need.
	build_with_progress "$tree" "$log" ||
		{ tail -n 40 "$log" >&2; die "building the debug kernel failed (log: $log)"; }
	[[ -s $vmlinuz && -f $tree/Module.symvers ]] ||
		die "the debug kernel build made no bzImage or Module.symvers (log: $log)"
	touch "$dir/.complete"
	note "debug kernel $key built"
	# Builds of older sources or fragments are 2 GB each: keep this one.
	for old in "$kernels"/*/; do
		[[ ${old%/} == "$dir" ]] || rm -rf "${old%/}"
	done
fi

sparse=$(build_sparse)
[[ $(sh "$tree/scripts/checker-valid.sh" "$sparse" -m64) == 1 ]] ||
	die "$sparse is too old for the kernel in $tree"
printf 'abi=%q\nvmlinuz=%q\nheaders=%q\nsparse=%q\n' "$abi" "$vmlinuz" "$tree" "$sparse"
