#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo: boots Debian 12's 6.12 kernel in QEMU with two Pilot nodes in
# two network namespaces and pilot0 on each (selftests/demo.sh), showing the
# guest's console here. Installs what it needs first (as root).
set -euo pipefail

top=$(realpath "$(dirname "$0")/..")
. "$top/selftests/qemu/lib.sh"

"$top/scripts/deps.sh"
kver=$("$top/scripts/kver.sh" 6.12)
echo "demo: building pilot.ko for $kver and the tools"
make -s -C "$top/tools"
build_module demo "/lib/modules/$kver/build" > /dev/null ||
	{ cat "$out/demo/build.log"; exit 1; }
make_initramfs demo "$kver" "$CACHE/kimg/$kver" 2> /dev/null
echo "demo: booting the guest (software emulation: a few seconds)"
LOG=- TIMEOUT=300 "$top/selftests/qemu/run-qemu.sh" \
	"$CACHE/kimg/$kver/boot/vmlinuz-$kver" "$out/demo/initramfs.cpio" \
	pilot_run=demo quiet
