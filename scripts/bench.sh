#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark: boots Debian 12's 6.12 kernel in QEMU (2 vCPUs) and runs
# selftests/bench/bench.sh there, which measures plain veth, WireGuard,
# pilot0 with a PILK session and pilot0 with a PILA session, alternating,
# in one run. Writes build/bench/: results.txt (the table), results.json,
# results.png (gnuplot), samples.log (every sample the guest sent) and the
# guest's console.log. Exits non-zero when a configuration did not come up
# or a measurement failed. A benchmark, not a test: no suite runs it.
#
# usage: scripts/bench.sh        (as root; make bench installs deps first)
# env:   BENCH_QUICK=1   one repetition of 2-second runs, no tcrypt, no
#                        scale figures (about 4 min)
#        BENCH_REPS=N    repetitions (3); BENCH_SECS=N: seconds a run (5)
#        BENCH_PINGS=N   echoes of a latency sample (300)
#        BENCH_TCRYPT=1  add the crypto ceiling (tcrypt; off)
#        BENCH_SCALE=N   add the key-exchange and scale figures, up to N
#                        live sessions (16384 is the cap; off)
#        BENCH_PROFILE=1 add profiles of a TCP and a 64-byte UDP run of each
#                        tunnel (perf record, cpu-clock samples of every CPU), into
#                        build/bench/profile.txt; needs the host's perf
#        BENCH_PILOT="NAME=VALUE ..."  pilot's module parameters, e.g.
#                        parallel_crypto=0, or aead_driver=pcrypt(DRIVER)
#        BENCH_SMP=N, BENCH_MEM=SIZE  the guest's vCPUs (2) and memory (2G)
set -euo pipefail

top=$(realpath "$(dirname "$0")/..")
. "$top/selftests/qemu/lib.sh"
bench=$out/bench

if [ "${BENCH_QUICK:-0}" = 1 ]; then
	: "${BENCH_REPS:=1}" "${BENCH_SECS:=2}" "${BENCH_PINGS:=100}" \
	  "${BENCH_TCRYPT:=0}" "${BENCH_SCALE:=0}"
fi
reps=${BENCH_REPS:-3} secs=${BENCH_SECS:-5} pings=${BENCH_PINGS:-300}
tcrypt=${BENCH_TCRYPT:-0} scale=${BENCH_SCALE:-0} profile=${BENCH_PROFILE:-0}
# the guest's budget: its runs, latency, tcrypt, the scale figures, boot
timeout=$(( reps * (22 * (secs + 2) + 4 * (pings / 100 + 2)) + tcrypt * 200 + scale / 50 + profile * 240 + 600 ))

for cmd in gnuplot python3 qemu-system-x86_64 iperf3 wg $([ "$profile" = 1 ] && echo perf); do
	command -v "$cmd" > /dev/null ||
		{ echo "bench: $cmd is missing (make deps)" >&2; exit 1; }
done
kver=$("$top/scripts/kver.sh" 6.12)
modroot=$CACHE/kimg/$kver
[ -f "$modroot/boot/vmlinuz-$kver" ] || { echo "bench: no $kver image (make deps)" >&2; exit 1; }
[ -n "$(find "$modroot/lib/modules/$kver" -name 'tcrypt.ko*')" ] ||
	{ echo "bench: the $kver image ships no tcrypt.ko" >&2; exit 1; }

mkdir -p "$bench"
echo "bench: building pilot.ko for $kver, the tools and the test programs"
make -s -C "$top/tools" > "$bench/tools.log" 2>&1 || { cat "$bench/tools.log"; exit 1; }
make -s -C "$top/selftests" > "$bench/selftests.log" 2>&1 ||
	{ cat "$bench/selftests.log"; exit 1; }
build_module bench "/lib/modules/$kver/build" > /dev/null ||
	{ cat "$bench/build.log"; exit 1; }
EXTRA_BINS=$([ "$profile" = 1 ] && command -v perf) \
EXTRA_MODULES="tcrypt gcm aesni_intel ghash_clmulni_intel pcrypt" make_initramfs bench "$kver" "$modroot" 2> "$bench/initramfs.log" ||
	{ cat "$bench/initramfs.log"; exit 1; }

echo "bench: booting the guest ($reps repetitions of ${secs}-second runs; waiting for the QEMU lock)"
start=$(date +%s)
rc=0
LOG=$bench/console.log RESULTS=$bench/guest.log TIMEOUT=$timeout \
	SMP=${BENCH_SMP:-2} MEM=${BENCH_MEM:-2G} \
	flock /tmp/pilot-qemu.lock "$top/selftests/qemu/run-qemu.sh" \
	"$modroot/boot/vmlinuz-$kver" "$bench/initramfs.cpio" pilot_run=bench \
	"bench_reps=$reps" "bench_secs=$secs" "bench_pings=$pings" \
	"bench_tcrypt=$tcrypt" "bench_scale=$scale" "bench_profile=$profile" \
	$(for p in ${BENCH_PILOT:-}; do echo "pilot.$p"; done) || rc=$?
echo "bench: the guest ran for $(( $(date +%s) - start )) s (qemu exit $rc)"

grep '^BENCH ' "$bench/guest.log" > "$bench/samples.log" || true
if grep -q '^BENCH fatal' "$bench/guest.log" || ! grep -q '^BENCH done' "$bench/guest.log"; then
	echo "bench: FAILED: the guest did not finish its measurements" >&2
	grep -v '^BENCH sample' "$bench/guest.log" | tail -40 >&2
	exit 1
fi
if grep -nE 'BUG:|WARNING:|UBSAN:|Kernel panic|Oops|general protection fault|refcount_t:' \
	"$bench/console.log"; then
	echo "bench: FAILED: the kernel reported a problem (build/bench/console.log)" >&2
	exit 1
fi

sed -n 's/^BENCH profile //p' "$bench/guest.log" > "$bench/profile.txt"
python3 "$top/scripts/bench-report.py" "$bench"
cat "$bench/results.txt"
echo "bench: build/bench/results.txt, results.json, results.png"
if [ "$profile" = 1 ]; then
	echo "bench: the profiles: build/bench/profile.txt"
fi
