# shellcheck shell=bash
# Helpers shared by the host-side harness scripts; sourced, never run.

# A failure inside $(...) must stop the script too, not just the subshell.
shopt -s inherit_errexit

NETBUF_VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NETBUF_REPO=$(cd "$NETBUF_VM_DIR/../.." && pwd)
# What the harness makes goes to build/ (git-ignored); what it downloads,
# to a cache outside the clone, so that a second run downloads nothing.
NETBUF_BUILD=${NETBUF_BUILD:-$NETBUF_REPO/build}
NETBUF_CACHE=${NETBUF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netbuf}
# Seconds one guest may run before the host stops it.
NETBUF_VM_TIMEOUT=${NETBUF_VM_TIMEOUT:-1800}

die() {
	echo "${0##*/}: error: $*" >&2
	exit 1
}

note() {
	echo "${0##*/}: $*" >&2
}

# The package lists are refreshed at most once per run: the scripts of one
# run are separate processes, so a stamp in the cache says it was done
# within the last hour.
apt_update_once() {
	local stamp=$NETBUF_CACHE/apt-updated

	[[ -n $(find "$stamp" -mmin -60 2>/dev/null) ]] && return 0
	[[ $EUID -eq 0 ]] ||
		die "the package lists must be refreshed: run 'apt-get update' as root"
	note "apt-get update"
	apt-get update >&2 || die "apt-get update failed: check this machine's apt sources"
	mkdir -p "$NETBUF_CACHE" && touch "$stamp"
}

# Installs the host tools that are missing; touches apt only when one is.
# Never a kernel image or headers package: the guests' kernels and headers
# are unpacked into the cache (stock_headers, kernel.sh), so the host boots
# what it booted before. NETBUF_NO_APT=1 lists what is missing instead.
ensure_pkgs() {
	local p missing=()

	for p; do
		[[ $p != linux-image-* && $p != linux-headers-* ]] ||
			die "internal error: $p would change what this host boots; unpack it into the cache"
		[[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) == ii* ]] ||
			missing+=("$p")
	done
	((${#missing[@]})) || return 0
	if [[ -n ${NETBUF_NO_APT:-} ]]; then
		die "missing packages: ${missing[*]} (NETBUF_NO_APT is set: install them with apt-get install --no-install-recommends ${missing[*]})"
	fi
	[[ $EUID -eq 0 ]] || die "missing packages: ${missing[*]}; install them as root"
	apt_update_once
	note "installing ${missing[*]} (apt-get install: on a fresh machine, several minutes)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		"${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}

# Usage: download_debs DIR PACKAGE...: the .deb files into DIR, as apt
# would fetch them for installing, but nothing is installed.
download_debs() {
	local dir=$1

	shift
	mkdir -p "$dir"
	(cd "$dir" && apt-get download -o APT::Sandbox::User=root "$@" >&2) || {
		apt_update_once
		(cd "$dir" && apt-get download -o APT::Sandbox::User=root "$@" >&2)
	} || die "downloading $* failed: check this machine's apt sources"
}

# Usage: stock_headers ABI. Prints the directory of a build tree for the
# stock kernel ABI, unpacked into the cache from linux-headers-ABI, its
# -common package and its linux-kbuild package (never installed: the
# host's kernel packages stay as they were). The arch tree's Makefile
# includes the -common tree by its installed path: it is pointed at the
# unpacked one.
stock_headers() {
	local abi=$1 dir=$NETBUF_CACHE/headers/$1 deps tmp tree

	tree=$dir/usr/src/linux-headers-$abi
	if [[ ! -f $dir/.complete ]]; then
		note "unpacking the headers of $abi into the cache (once; a minute)"
		deps=$(apt-cache depends "linux-headers-$abi" 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-\(headers-.*-common\|kbuild-[^ ]*\)\)$/\1/p')
		[[ $(wc -w <<<"$deps") -eq 2 ]] ||
			die "cannot tell the -common and kbuild packages of linux-headers-$abi (apt-cache depends shows: ${deps:-nothing})"
		# What the kbuild tools need to run (libraries, pahole for
		# BTF) is installed as any host tool is.
		# shellcheck disable=SC2046,SC2086 # lists of package names
		ensure_pkgs $(apt-cache depends $deps 2>/dev/null |
			sed -n 's/^ *Depends: \([a-z0-9][^ <]*\)$/\1/p' |
			grep -v '^linux-' | sort -u)
		rm -rf "$dir"
		tmp=$dir.tmp
		rm -rf "$tmp"
		# shellcheck disable=SC2086 # two package names
		download_debs "$tmp/debs" "linux-headers-$abi" $deps
		for deb in "$tmp"/debs/*.deb; do
			dpkg-deb -x "$deb" "$tmp/root" || die "dpkg-deb cannot unpack $deb"
		done
		[[ -f $tmp/root/usr/src/linux-headers-$abi/Makefile ]] ||
			die "linux-headers-$abi unpacked no Makefile"
		sed -i "s|^include /usr/src/|include $dir/usr/src/|" \
			"$tmp/root/usr/src/linux-headers-$abi/Makefile"
		mkdir -p "$dir"
		mv "$tmp/root/usr" "$dir/"
		rm -rf "$tmp"
		touch "$dir/.complete"
	fi
	echo "$tree"
}

# The kernels make check runs: two stock Debian kernels and the debug
# kernel built from source (debug-kernel.sh).
DEBUG_KERNEL=7.2
# shellcheck disable=SC2034 # read by run-check.sh
NETBUF_ALL_KERNELS="6.1 6.12 $DEBUG_KERNEL"

# "6.1" and "6.12" name Debian meta packages; the ABI they depend on
# moves with every security update, so it is looked up, never written down.
kernel_meta() {
	case $1 in
	6.1) echo linux-image-amd64 ;;
	6.12) echo linux-image-6.12-amd64 ;;
	*) die "unknown kernel '$1': use 6.1, 6.12, $DEBUG_KERNEL, host or custom (VMLINUZ= KDIR=)" ;;
	esac
}

meta_abi() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(.*-amd64\)$/\1/p' | head -n1
}

resolve_abi() {
	local meta abi

	meta=$(kernel_meta "$1")
	abi=$(meta_abi "$meta")
	if [[ -z $abi ]]; then
		apt_update_once # a fresh machine has no package lists yet
		abi=$(meta_abi "$meta")
	fi
	[[ -n $abi ]] ||
		die "cannot resolve kernel $1: apt-cache shows no dependency of $meta"
	echo "$abi"
}

# Usage: guest_died LOG QEMU_STATUS. For a guest that never printed its
# end marker: says why and shows the end of its console.
guest_died() {
	local why="it stopped early (qemu status $2)"

	if (($2 == 124)); then
		why="it timed out after ${NETBUF_VM_TIMEOUT}s (NETBUF_VM_TIMEOUT)"
	elif grep -q 'Kernel panic' "$1"; then
		why="the kernel panicked"
	fi
	echo "the guest did not finish: $why; last 60 lines of $1:"
	tail -n 60 "$1" | sed 's/^/    /'
}

# Usage: qemu_accel VMLINUZ. Prints "kvm" when /dev/kvm is usable and a
# probe boot of VMLINUZ under KVM (no initramfs: it runs until it cannot
# mount a root and panics, a few seconds) gets that far, else "tcg". Some
# machines have a /dev/kvm that fails ("KVM internal error"), so the
# device alone proves nothing. The verdict is kept for this host's boot
# (its boot_id); NETBUF_ACCEL=kvm or tcg decides without a probe.
qemu_accel() {
	local probe=$NETBUF_CACHE/kvm-probe boot_id id verdict out pid i

	if [[ -n ${NETBUF_ACCEL:-} ]]; then
		echo "$NETBUF_ACCEL"
		return
	fi
	if [[ ! -r /dev/kvm || ! -w /dev/kvm ]]; then
		echo tcg
		return
	fi
	boot_id=$(cat /proc/sys/kernel/random/boot_id)
	if [[ -f $probe ]] && read -r id verdict <"$probe" && [[ $id == "$boot_id" ]]; then
		echo "$verdict"
		return
	fi
	note "probing KVM with a short boot (once per host boot; at most 30 s)"
	mkdir -p "$NETBUF_CACHE"
	out=$NETBUF_CACHE/kvm-probe.log
	# A KVM failure leaves qemu paused, not gone: watch its output.
	# (In a subshell that outlives it, so that its abort is logged there.)
	(timeout -k 5 30 qemu-system-x86_64 -accel kvm -cpu host -m 256 \
		-nographic -monitor none -serial stdio -nic none -no-reboot \
		-kernel "$1" -append "console=ttyS0 panic=-1 loglevel=4" \
		</dev/null || true) >"$out" 2>&1 &
	pid=$!
	for ((i = 0; i < 30; i++)); do
		sleep 1
		kill -0 "$pid" 2>/dev/null || break
		! grep -qE 'Kernel panic|KVM internal error|emulation failure' "$out" || break
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	out=$(cat "$out")
	verdict=tcg
	if grep -q 'Kernel panic' <<<"$out" &&
		! grep -qi 'KVM internal error' <<<"$out"; then
		verdict=kvm
	fi
	if [[ $verdict == kvm ]]; then
		note "KVM works: the guests use it"
	else
		note "KVM does not work here ($(grep -m1 -i 'error' <<<"$out" || echo 'the probe did not boot')): the guests use TCG"
	fi
	echo "$boot_id $verdict" >"$probe"
	echo "$verdict"
}

# The kernel splat patterns (tests/vm/splat-patterns) as one extended
# regular expression, for grep -E and bash's =~.
splat_regex() {
	sed -e '/^#/d' -e '/^$/d' "$NETBUF_VM_DIR/splat-patterns" | paste -sd'|'
}

# Usage: kernel_config HEADERS. The kernel configuration of a build tree.
kernel_config() {
	local config=$1/.config

	[[ -r $config ]] || config=$1/include/config/auto.conf
	echo "$config"
}

# Usage: kernel_has_ia32 HEADERS. Whether the kernel runs 32-bit programs
# (the tests' 32-bit builds, NAME.m32).
kernel_has_ia32() {
	grep -qx 'CONFIG_IA32_EMULATION=y' "$(kernel_config "$1")" 2>/dev/null
}

# Usage: guest_append KERNEL HEADERS. The kernel command line the guest
# needs on KERNEL (whose build tree is HEADERS), for guest-init.sh's checks
# of its environment: netbuf_ia32=1 where the kernel has IA-32 emulation,
# and ia32_emulation=1 where it is built in but off by default;
# on the debug kernel netbuf_debug=1 and kasan_multi_shot, without which
# KASAN reports only its first error of the boot, and no5lvl: 7.2's
# identify_cpu() clears the boot CPU's capabilities, LA57 included, for a
# moment, and an interrupt in that window (TCG's -cpu max has LA57) makes
# KASAN take every direct-map address for a wild access; once per boot
# that silently switched lockdep off, with kasan_multi_shot it hangs the
# boot.
guest_append() {
	local config append=''

	config=$(kernel_config "$2")
	kernel_has_ia32 "$2" && append+=' netbuf_ia32=1'
	grep -qx 'CONFIG_IA32_EMULATION_DEFAULT_DISABLED=y' "$config" 2>/dev/null &&
		append+=' ia32_emulation=1'
	if [[ $1 == "$DEBUG_KERNEL" ]]; then
		append+=' netbuf_debug=1 kasan_multi_shot no5lvl'
	fi
	echo "${append# }"
}
