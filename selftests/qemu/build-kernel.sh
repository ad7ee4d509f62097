#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse from the cache) the debug guest kernel from Debian's
# linux-source-6.12. The cache key is the hash of the config fragments and
# the source package version, so a changed fragment rebuilds.
#
# usage: build-kernel.sh          prints the build directory on stdout
# env:   PILOT_CACHE (default /var/cache/pilot)
set -euo pipefail

here=$(dirname "$(realpath "$0")")
CACHE=${PILOT_CACHE:-/var/cache/pilot}
src=$("$here/../../scripts/ksrc.sh")
key=$(cat "$here/kernel.config" "$here/debug.config" <(echo "${src##*/linux-source-6.12-}") | sha256sum | cut -c1-16)
out=$CACHE/kbuild/debug-$key

log() { echo "build-kernel: $*" >&2; }

if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
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
