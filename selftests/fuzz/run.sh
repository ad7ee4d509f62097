#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run libFuzzer targets for a bounded time each, on a copy of their
# committed seed corpus, with leak detection on. One line per target:
#
#   fuzz_packet: 1234567 runs in 20 s, 312 coverage edges, corpus 45 -> 67
#
# A crash, leak, timeout, out-of-memory or sanitizer report fails the
# target: its log is printed and the input that did it is kept as
# selftests/fuzz/crash-* (or leak-*, timeout-*, oom-*).
#
# usage: [FUZZ_SECONDS=N] [FUZZ_KEEP=DIR] run.sh TARGET...
# FUZZ_KEEP: keep each target's grown corpus in DIR/TARGET.
# Exit status: how many targets failed.
set -u

here=$(dirname "$(realpath "$0")")
secs=${FUZZ_SECONDS:-20}
failed=0

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}

work=$(mktemp -d /tmp/pilot-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

for t in "$@"; do
	seeds=$here/corpus/$t
	corpus=$work/$t
	log=$work/$t.log
	mkdir -p "$corpus"
	if [ ! -x "$here/$t" ] || [ ! -d "$seeds" ]; then
		echo "$t: FAIL: not built, or no corpus/$t"
		failed=$((failed + 1))
		continue
	fi
	cp "$seeds"/* "$corpus"/
	before=$(find "$corpus" -type f | wc -l)
	dict=()
	[ -f "$here/$t.dict" ] && dict=(-dict="$here/$t.dict")
	start=$(date +%s)
	(cd "$here" && "./$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-detect_leaks=1 -print_final_stats=1 "${dict[@]}" "$corpus") > "$log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	after=$(find "$corpus" -type f | wc -l)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	edges=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
	line="$t: ${runs:-?} runs in $took s, ${edges:-?} coverage edges, corpus $before -> $after"
	if [ "$rc" != 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
		echo "$line: FAIL (exit $rc)"
		sed 's/^/    /' "$log" | grep -vE '^    (#[0-9]+.*(NEW|REDUCE|pulse|INITED)|INFO:)' | tail -n 60
		failed=$((failed + 1))
	else
		echo "$line"
	fi
	if [ -n "${FUZZ_KEEP:-}" ]; then
		mkdir -p "$FUZZ_KEEP/$t"
		cp "$corpus"/* "$FUZZ_KEEP/$t"/ 2>/dev/null
	fi
done
exit "$failed"
