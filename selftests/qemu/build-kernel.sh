#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse from the cache) the debug guest kernel from Debian's
# linux-source-6.12. The cache key is the hash of the config fragments and
# the source package version, so a changed fragment rebuilds; and of the
# one patch applied to the source (padata-lockdep.patch).
#
# usage: build-kernel.sh          prints the build directory on stdout
# env:   PILOT_CACHE (default /var/cache/pilot)
set -euo pipefail

here=$(dirname "$(realpath "$0")")
CACHE=${PILOT_CACHE:-/var/cache/pilot}
src=$("$here/../../scripts/ksrc.sh")
patch=$here/padata-lockdep.patch
key=$(cat "$here/kernel.config" "$here/debug.config" "$patch" <(echo "${src##*/linux-source-6.12-}") | sha256sum | cut -c1-16)
out=$CACHE/kbuild/debug-$key

log() { echo "build-kernel: $*" >&2; }

if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

# Debian's 6.12 padata takes a reorder list's lock inside a serial queue's,
# both of one lock class, which lockdep reports as recursive locking (a
# false positive) as soon as pilot's parallel crypto runs. The debug kernel
# gets that nesting annotated, in the cached source tree; a source that
# has it already, or that the patch no longer fits, is left as it is.
if patch -d "$src" -p1 -R --dry-run -s -f < "$patch" > /dev/null 2>&1; then
	:
elif patch -d "$src" -p1 --dry-run -s -f < "$patch" > /dev/null 2>&1; then
	log "annotating padata's lock nesting ($(basename "$patch"))"
	patch -d "$src" -p1 -s -f < "$patch" >&2
else
	log "$(basename "$patch") does not apply to $src: left out"
fi

# An interrupted build goes on where it stopped: the directory belongs to
# this very configuration.
mkdir -p "$out"
if [ ! -f "$out/.config" ]; then
	cat "$here/kernel.config" "$here/debug.config" > "$out/allconfig.frag"
	log "configuring $out"
	make -s -C "$src" O="$out" allnoconfig KCONFIG_ALLCONFIG="$out/allconfig.frag" >&2
fi

# Options that did not stick are a broken fragment: stop here, not after
# a quarter of an hour of compiling.
bad=0
while IFS= read -r line; do
	opt=${line%%=*}
	val=${line#*=}
	if [ "$val" = n ]; then
		grep -q "^$opt=" "$out/.config" && { log "not off: $line"; bad=1; }
	else
		grep -qxF "$line" "$out/.config" || { log "missing: $line"; bad=1; }
	fi
done < <(grep -E '^CONFIG_' "$out/allconfig.frag")
[ $bad = 0 ] || { log "config fragment does not apply"; exit 1; }

log "building (about 15 minutes on 2 cores)"
start=$(date +%s)
nice make -s -C "$src" O="$out" -j"$(nproc)" bzImage modules >&2
make -s -C "$src" O="$out" INSTALL_MOD_PATH="$out/modroot" modules_install >&2
log "built in $(( $(date +%s) - start ))s"
touch "$out/.done"
echo "$out"
