#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build pilot and run every test: static checks on the host, then the
# kselftest suites in QEMU on each kernel. Prints what failed, a line per
# kernel, and at the very end one line "N passed, N failed".
#
# usage: selftests/run.sh [KERNEL...]
#   KERNEL: debian-6.12 (full suite), debug (full suite on a KASAN, lockdep,
#           kmemleak kernel built from linux-source-6.12), debian-6.1
#           (smoke suite); all three when none is named.
# env: PILOT_CACHE (default /var/cache/pilot), V=1 (print every log),
#      SUITE=NAME (run selftests/suites/NAME on every kernel named),
#      STATIC=0 (leave out the host-side checks), FUZZ_SECONDS=N (each
#      fuzz target's run, default 20), PILOT_FAULT_MB=N (MiB faults.sh
#      moves through netem) and PILOT_TEST_TIMEOUT=SECONDS (one test's
#      limit, 600), both handed to the guest on its command line;
#      PILOT_QEMU_TIMEOUT=SECONDS (the guest's limit: 1500, debug 2700)
set -uo pipefail

top=$(realpath "$(dirname "$0")/..")
. "$top/selftests/qemu/lib.sh"
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(debian-6.12 debug debian-6.1)

passed=0
failed=0
failures=()
t0=$(date +%s)

say() { echo "[$(( $(date +%s) - t0 ))s] $*"; }

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL: $1"; }

# step NAME LOG COMMAND...: one host-side check, passing when COMMAND does.
step() {
	local name=$1 log=$2
	shift 2
	if "$@" > "$log" 2>&1; then
		pass
		say "ok   $name"
	else
		fail "$name"
		sed 's/^/    /' "$log" | tail -40
	fi
}

# no_warnings LOG: the build log has no compiler or checker complaint.
no_warnings() {
	! grep -E 'warning:|error:' "$1"
}

# quiet_make ARGS...: make succeeds and prints no warning.
quiet_make() {
	local log rc
	log=$(make "$@" 2>&1)
	rc=$?
	echo "$log"
	[ $rc = 0 ] && ! grep -q 'warning:' <<< "$log"
}

# Count one kernel's results: nested TAP cases are the tests; a program
# with none counts as one; a failed program whose cases all passed, a plan
# not reached, or a missing end marker each count as a failure.
parse_results() {
	awk -v k="$1" '
	function bad(what) { nfail++; print "FAIL: " k ": " what }
	/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; next }
	/^# selftests: pilot: / { prog = $4; cases = 0; casefail = 0; next }
	/^# (not )?ok [0-9]+ / {
		line = substr($0, 3); desc = line
		sub(/^(not )?ok [0-9]+ /, "", desc)
		cases++
		if (line ~ /^not ok/) { casefail++; bad(prog ": " desc) }
		else if (desc ~ /# SKIP/) { casefail++; bad(prog ": " desc " (a skip is a failure)") }
		else npass++
		next
	}
	/^(not )?ok [0-9]+ / {
		progs++; desc = $0; sub(/^(not )?ok [0-9]+ /, "", desc)
		if ($1 == "not") { if (!casefail) bad(desc) }
		else if (!cases) npass++
		next
	}
	/^PILOT-DONE$/ { done = 1 }
	END {
		if (!plan) bad("no test plan: the suite did not start")
		else if (progs < plan) bad("only " progs + 0 " of " plan + 0 " programs reported (crash or timeout)")
		if (!done) bad("the guest did not finish the run")
		printf "COUNT %d %d\n", npass, nfail
	}' "$2"
}

# Lines of a console log that show the kernel went wrong.
splats() {
	grep -nE 'BUG:|WARNING:|UBSAN:|Kernel panic|Oops|general protection fault|detected stall|blocked for more than|unreferenced object|possible circular|possible recursive|inconsistent lock|refcount_t:|list_(add|del) corruption|ODEBUG:|kmemleak: .*suspected' "$1"
}

run_kernel() {
	local name=$1 kver kdir modroot vmlinuz suite timeout=1500 debug=()
	case $name in
	debian-6.12|debian-6.1)
		kver=$("$top/scripts/kver.sh" "${name#debian-}") || { fail "$name: no kernel"; return; }
		kdir=/lib/modules/$kver/build
		modroot=$CACHE/kimg/$kver
		vmlinuz=$modroot/boot/vmlinuz-$kver
		suite=full
		[ "$name" = debian-6.1 ] && suite=smoke
		;;
	debug)
		say "debug kernel: building or taking it from the cache"
		kdir=$("$top/selftests/qemu/build-kernel.sh" 2> "$out/debug-kernel.log") ||
			{ fail "debug: kernel build"; tail -30 "$out/debug-kernel.log"; return; }
		kver=$(cat "$kdir/include/config/kernel.release")
		modroot=$kdir/modroot
		vmlinuz=$kdir/arch/x86/boot/bzImage
		suite=debug
		debug=(PILOT_DEBUG=y)
		timeout=2700
		;;
	*)
		fail "unknown kernel '$name'"
		return
		;;
	esac

	local dir=$out/$name
	mkdir -p "$dir"
	step "$name: pilot.ko builds with W=1 against $kver" "$dir/module.log" \
		build_module "$name" "$kdir" "${debug[@]}" || return

	step "$name: initramfs" "$dir/initramfs.log" \
		make_initramfs "$name" "$kver" "$modroot" || return

	suite=${SUITE:-$suite}
	timeout=${PILOT_QEMU_TIMEOUT:-$timeout}
	say "$name: booting $kver, suite '$suite'"
	local start=$(date +%s)
	LOG=$dir/console.log RESULTS=$dir/results.log TIMEOUT=$timeout \
		"$top/selftests/qemu/run-qemu.sh" "$vmlinuz" "$dir/initramfs.cpio" "pilot_run=$suite" \
		${PILOT_FAULT_MB:+"PILOT_FAULT_MB=$PILOT_FAULT_MB"} \
		${PILOT_TEST_TIMEOUT:+"PILOT_TEST_TIMEOUT=$PILOT_TEST_TIMEOUT"}
	local qrc=$? secs=$(( $(date +%s) - start ))

	local parsed counts
	parsed=$(parse_results "$name" "$dir/results.log")
	counts=$(echo "$parsed" | sed -n 's/^COUNT //p')
	while read -r l; do
		echo "$l"
		failures+=("${l#FAIL: }")
	done < <(echo "$parsed" | grep '^FAIL: ')
	passed=$((passed + ${counts% *}))
	failed=$((failed + ${counts#* }))

	if splats "$dir/console.log" > "$dir/splats.log"; then
		fail "$name: the kernel reported a problem (console.log)"
		head -40 "$dir/splats.log" | sed 's/^/    /'
	else
		pass
	fi
	if [ "${counts#* }" != 0 ] || [ "${V:-0}" = 1 ]; then
		sed 's/^/    /' "$dir/results.log"
	fi
	say "$name ($kver): ${counts% *} passed, ${counts#* } failed in ${secs}s (qemu exit $qrc)"
}

mkdir -p "$out"
ksrc=$("$top/scripts/ksrc.sh") || exit 1
k612=$("$top/scripts/kver.sh" 6.12) || exit 1
kfiles=("$top"/kernel/*.[ch] "$top"/kernel/selftest/*.c "$top/include/uapi/linux/pilot.h")

# The host-side checks: unit tests, builds, sparse, checkpatch, kernel-doc
# and the packages. STATIC=0 leaves them out of a run of one suite.
static_checks() {
	say "host unit tests (ASan, UBSan)"
	if quiet_make -C "$top/selftests/unit" > "$out/unit-build.log" 2>&1; then
		for t in $(make -s -C "$top/selftests/unit" list); do
			while read -r status name; do
				if [ "$status" = ok ]; then
					pass
				else
					fail "unit: $t: $name"
				fi
			done < <("$top/selftests/unit/$t" 2>&1 | tee "$out/unit-$t.log" |
				 sed -n -E 's/^(ok|not ok) [0-9]+ (.*)$/\1 \2/p' | sed 's/^not ok/fail/')
			grep -q '^not ok' "$out/unit-$t.log" && sed 's/^/    /' "$out/unit-$t.log"
		done
		say "unit tests done"
	else
		fail "unit tests build warning-free"
		sed 's/^/    /' "$out/unit-build.log"
	fi

	# libFuzzer targets, FUZZ_SECONDS (default 20) each on a copy of
	# their seed corpus; a target is one check, failing on any crash,
	# leak, timeout or sanitizer report.
	say "fuzzing (libFuzzer, ${FUZZ_SECONDS:-20} s a target)"
	if quiet_make -C "$top/selftests/fuzz" > "$out/fuzz-build.log" 2>&1; then
		local targets seen=0
		targets=$(make -s -C "$top/selftests/fuzz" list)
		while IFS= read -r line; do
			case $line in
			fuzz_*": FAIL"*)	seen=$((seen + 1)); fail "fuzz: $line" ;;
			fuzz_*)			seen=$((seen + 1)); pass; say "ok   $line" ;;
			*)			echo "$line" ;;
			esac
		done < <(FUZZ_SECONDS=${FUZZ_SECONDS:-20} "$top/selftests/fuzz/run.sh" \
			 $targets 2>&1 | tee "$out/fuzz.log")
		[ "$seen" = "$(wc -w <<< "$targets")" ] ||
			fail "fuzz: $seen of $(wc -w <<< "$targets") targets reported"
	else
		fail "fuzz targets build warning-free"
		sed 's/^/    /' "$out/fuzz-build.log"
	fi

	say "static checks"
	step "tools build warning-free" "$out/tools.log" quiet_make -C "$top/tools"
	step "test programs build warning-free" "$out/selftests.log" quiet_make -C "$top/selftests"
	step "generated netlink code matches the spec" "$out/netlink-gen.log" \
		"$top/scripts/netlink-gen.sh" --check
	step "sparse (C=2) clean" "$out/sparse.log" \
		build_module sparse "/lib/modules/$k612/build" C=2
	step "checkpatch clean" "$out/checkpatch.log" \
		"$ksrc/scripts/checkpatch.pl" --no-tree --strict --quiet --show-types -f "${kfiles[@]}"
	step "kernel-doc clean" "$out/kernel-doc.log" \
		sh -c '! "$0" -none -Wall "$@" 2>&1 | grep .' "$ksrc/scripts/kernel-doc" "${kfiles[@]}"

	# Packaging: a line per check, each counted as the checks above are.
	say "packaging checks"
	"$top/scripts/package-check.sh" > "$out/package.log" 2>&1
	prc=$?
	pfail=0
	while IFS= read -r line; do
		case $line in
		"ok   "*)	pass; say "ok   package: ${line#ok   }" ;;
		"FAIL "*)	fail "package: ${line#FAIL }"; pfail=1 ;;
		esac
	done < "$out/package.log"
	if [ $prc != 0 ] && [ $pfail = 0 ]; then
		fail "package checks ended early (exit $prc)"
		pfail=1
	fi
	[ $pfail = 0 ] || sed 's/^/    /' "$out/package.log" | tail -60
}
if [ "${STATIC:-1}" = 1 ]; then
	static_checks
else
	say "host checks left out (STATIC=0)"
fi

for k in "${kernels[@]}"; do
	run_kernel "$k"
done

echo
if [ $failed -gt 0 ]; then
	echo "Failures:"
	printf '  %s\n' "${failures[@]}"
fi
say "done"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
