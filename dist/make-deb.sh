#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Usage: dist/make-deb.sh OUTDIR   (what 'make deb' runs)
# Builds the Debian packages of debian/ out of tree: the tracked and
# untracked-but-not-ignored files are copied to OUTDIR/netbuf-VERSION,
# dpkg-buildpackage -b builds there (no root: Rules-Requires-Root: no),
# and the .deb files, the .changes and the logs land in OUTDIR; the copy
# is removed after a successful build. Then lintian checks the result:
# its tags are printed and kept in OUTDIR/lintian.log, and an error fails.
# The only packages this installs on the host are the build tools.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../tests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/vm/lib.sh"

[[ $# -eq 1 ]] || die "usage: make-deb.sh OUTDIR"
mkdir -p "$1"
out=$(cd "$1" && pwd)
repo=$NETBUF_REPO
version=$(sed -n 's/^VERSION[[:space:]]*:=[[:space:]]*//p' "$repo/Makefile")
debver=$(dpkg-parsechangelog -l "$repo/debian/changelog" -S Version 2>/dev/null ||
	sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$repo/debian/changelog")
[[ ${debver%-*} == "$version" ]] ||
	die "debian/changelog is for $debver, the Makefile's VERSION is $version: add a changelog entry (dch -v $version-1)"

ensure_pkgs make gcc libc6-dev dpkg-dev debhelper dh-dkms lintian

src=$out/netbuf-$version
rm -rf "$src" "$out"/*.deb "$out"/*.ddeb "$out"/*.changes "$out"/*.buildinfo
mkdir -p "$src"
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$repo" ls-files -z --cached --others --exclude-standard |
		(cd "$repo" && xargs -0 tar -c --no-recursion -f - --) | tar -x -C "$src"
else
	tar -c -C "$repo" --exclude=./build --exclude='*.o' --exclude='*.ko' \
		--exclude='*.a' --exclude='*.so*' . | tar -x -C "$src"
fi
# Files deleted in the work tree but still in git's index are not there.
[[ -f $src/debian/rules ]] || die "no debian/rules in the copy of $repo"

note "building the packages in $src (about a minute; log: $out/build.log)"
if ! (cd "$src" && dpkg-buildpackage -b -us -uc) >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	die "dpkg-buildpackage failed (log: $out/build.log; the tree is left in $src)"
fi
rm -rf "$src"
changes=$(ls "$out"/netbuf_*.changes)

note "lintian $changes (about a minute)"
rc=0
lintian --fail-on error --display-info --tag-display-limit 0 "$changes" \
	>"$out/lintian.log" 2>&1 || rc=$?
cat "$out/lintian.log"
((rc == 0)) || die "lintian found errors (log: $out/lintian.log)"
ls "$out"/*.deb
