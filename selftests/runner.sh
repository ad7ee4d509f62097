#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the guest: every test of a suite, as nested TAP in the
# kselftest runner's format. A test is a program that prints TAP itself;
# its lines are indented with "# " and followed by one "ok"/"not ok" line
# for the program. On a debug kernel a kmemleak scan closes the run.
#
# usage: runner.sh SUITE   (a file in /selftests/suites: a test a line, or
#                          "@OTHER" for every test of suite OTHER)
set -u

suite_tests() {
	local line
	[ -f "/selftests/suites/$1" ] || { echo "Bail out! no suite '$1'"; exit 1; }
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "/selftests/suites/$1" |
	while read -r line; do
		case $line in
		@*) suite_tests "${line#@}" ;;
		*) echo "$line" ;;
		esac
	done
}
mapfile -t tests < <(suite_tests "${1:-}")
[ ${#tests[@]} -gt 0 ] || { echo "Bail out! no tests in suite '${1:-}'"; exit 1; }
kmemleak=/sys/kernel/debug/kmemleak
[ -e $kmemleak ] && echo clear > $kmemleak

# Kernel taint bits that mean a warning, an oops or a lockup happened.
taint_bad=$(( 128 | 512 | 16384 ))
taint() { echo $(( $(cat /proc/sys/kernel/tainted) & taint_bad )); }

echo "TAP version 13"
echo "# kernel $(uname -r), $(nproc) CPUs"
echo "1..$(( ${#tests[@]} + $([ -e $kmemleak ] && echo 1 || echo 0) ))"
n=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	echo "# selftests: pilot: $t"
	before=$(taint)
	start=$(cut -d' ' -f1 /proc/uptime)
	(cd /tmp && timeout -s KILL "${PILOT_TEST_TIMEOUT:-600}" "/selftests/pilot/$t") 2>&1 | sed 's/^/# /'
	rc=${PIPESTATUS[0]}
	secs=$(awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }')
	# whatever a test left behind must not leak into the next one
	ip -all netns delete 2>/dev/null
	for d in $(ip -o link show type pilot 2>/dev/null | awk -F': ' '{ print $2 }'); do
		ip link del "$d"
	done
	if [ "$(taint)" != "$before" ]; then
		echo "not ok $n $t # kernel tainted: $(cat /proc/sys/kernel/tainted)"
	elif [ "$rc" = 0 ]; then
		echo "ok $n $t # ${secs}s"
	else
		echo "not ok $n $t # exit status $rc after ${secs}s"
	fi
done

if [ -e $kmemleak ]; then
	n=$((n + 1))
	echo "# selftests: pilot: kmemleak"
	# two scans: an object must look unreferenced twice to be reported
	echo scan > $kmemleak
	echo scan > $kmemleak
	leaks=$(cat $kmemleak)
	if [ -z "$leaks" ]; then
		echo "ok $n kmemleak"
	else
		echo "$leaks" | head -60 | sed 's/^/# /'
		echo "not ok $n kmemleak # leaks reported"
	fi
fi
