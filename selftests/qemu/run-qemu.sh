#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel and initramfs under QEMU's software emulation (no KVM here).
# The console (ttyS0, kernel messages) goes to $LOG, or to standard output
# when LOG is "-"; the second serial port (ttyS1, test results) to
# $RESULTS. Carriage returns are removed from both.
#
# usage: run-qemu.sh KERNEL INITRD [kernel command line words...]
# env:   LOG (file or -), RESULTS (file, optional),
#        TIMEOUT (seconds, default 600), SMP (2), MEM (1G)
set -uo pipefail
kernel=$1 initrd=$2
shift 2
: "${LOG:?}"

cmdline="console=ttyS0 panic=-1 oops=panic panic_on_warn=1 $*"
serial=()
if [ "$LOG" = - ]; then
	serial+=(-serial stdio)
else
	rm -f "$LOG"
	serial+=(-serial "file:$LOG.raw")
fi
if [ -n "${RESULTS:-}" ]; then
	rm -f "$RESULTS"
	serial+=(-serial "file:$RESULTS.raw")
fi

timeout --foreground -k 10 "${TIMEOUT:-600}" \
	qemu-system-x86_64 -accel tcg -cpu max -smp "${SMP:-2}" -m "${MEM:-1G}" \
	-nodefaults -display none -monitor none -no-reboot -nic none \
	"${serial[@]}" -kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	</dev/null | tr -d '\r'
rc=${PIPESTATUS[0]}

for f in ${LOG#-} ${RESULTS:-}; do
	[ -f "$f.raw" ] && tr -d '\r' < "$f.raw" > "$f" && rm -f "$f.raw"
done
exit "$rc"
