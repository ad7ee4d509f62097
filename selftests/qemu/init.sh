#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test guest. Kernel messages go to the console (ttyS0); the
# test results go to the second serial port (ttyS1), so that the host reads
# clean TAP. The kernel command line says what to run:
#   pilot_run=SUITE   run the tests listed in /selftests/suites/SUITE
#   pilot_run=demo    run /selftests/demo.sh on the console
#   pilot_run=bench   run the benchmark, /selftests/bench/bench.sh, its
#                     figures on ttyS1 (scripts/bench.sh)
# (no dots in these words: the kernel would hand "a.b=c" to module a)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
ln -s /proc/self/fd /dev/fd
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
hostname pilot-guest
ip link set lo up

run=$(sed -n 's/.*pilot_run=\([a-z0-9_-]*\).*/\1/p' /proc/cmdline)
case "$run" in
demo)
	/bin/bash /selftests/demo.sh
	;;
bench)
	/bin/bash /selftests/bench/bench.sh > /dev/ttyS1 2>&1
	echo "PILOT-DONE" > /dev/ttyS1
	;;
*)
	/bin/bash /selftests/runner.sh "$run" > /dev/ttyS1 2>&1
	echo "PILOT-DONE" > /dev/ttyS1
	;;
esac
sync
# with qemu -no-reboot, a reboot ends the virtual machine
reboot -f
