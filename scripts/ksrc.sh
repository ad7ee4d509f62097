#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the directory of Debian's linux-source-6.12 tree, extracting the
# installed tarball into the cache the first time. The tree gives the debug
# kernel, checkpatch.pl, kernel-doc, sparse's kernel build and
# kselftest_harness.h.
set -euo pipefail

CACHE=${PILOT_CACHE:-/var/cache/pilot}
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) ||
	{ echo "ksrc: linux-source-6.12 is not installed (run scripts/deps.sh)" >&2; exit 1; }
src=$CACHE/src/linux-source-6.12-$ver
if [ ! -f "$src/Makefile" ]; then
	echo "ksrc: extracting linux-source-6.12 $ver" >&2
	rm -rf "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$src.tmp" --strip-components=1
	rm -rf "$src"
	mv "$src.tmp" "$src"
fi
echo "$src"
