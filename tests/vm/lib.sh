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

apt_update_once() {
	[[ -n ${NETBUF_APT_UPDATED:-} ]] && return 0
	[[ $EUID -eq 0 ]] ||
		die "the package lists must be refreshed: run 'apt-get update' as root"
	note "apt-get update"
	apt-get update >&2 || die "apt-get update failed: check this machine's apt sources"
	export NETBUF_APT_UPDATED=1
}

# Installs the packages that are missing; touches apt only when one is.
ensure_pkgs() {
	local p missing=()

	for p; do
		[[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) == ii* ]] ||
			missing+=("$p")
	done
	((${#missing[@]})) || return 0
	[[ $EUID -eq 0 ]] || die "missing packages: ${missing[*]}; install them as root"
	apt_update_once
	note "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		"${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
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
	*) die "unknown kernel '$1': use 6.1, 6.12 or $DEBUG_KERNEL" ;;
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

# The kernel splat patterns (tests/vm/splat-patterns) as one extended
# regular expression, for grep -E and bash's =~.
splat_regex() {
	sed -e '/^#/d' -e '/^$/d' "$NETBUF_VM_DIR/splat-patterns" | paste -sd'|'
}

# Usage: guest_append KERNEL HEADERS. The kernel command line the guest
# needs on KERNEL (whose build tree is HEADERS), for guest-init.sh's checks
# of its environment: netbuf_ia32=1 where the kernel has IA-32 emulation;
# on the debug kernel netbuf_debug=1 and kasan_multi_shot, without which
# KASAN reports only its first error of the boot.
guest_append() {
	local config=$2/.config append=''

	[[ -r $config ]] || config=$2/include/config/auto.conf
	grep -qx 'CONFIG_IA32_EMULATION=y' "$config" 2>/dev/null && append+=' netbuf_ia32=1'
	if [[ $1 == "$DEBUG_KERNEL" ]]; then
		append+=' netbuf_debug=1 kasan_multi_shot'
	fi
	echo "${append# }"
}
