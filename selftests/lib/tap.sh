# SPDX-License-Identifier: GPL-2.0
#
# TAP helpers for the shell tests. Each check is one test case:
#   check "description" command...         passes when the command succeeds
#   check_fail "description" command...    passes when the command fails
#   check_eq "description" expected actual
#   tap_run "description" command...       takes the cases of a command that
#                                          prints TAP itself as ours
#   tap_done                               prints the plan, sets the exit code
# A failing case prints what the command said, indented as a TAP comment.

tap_n=0
tap_failed=0

# scaled N: how many rounds a bulk loop runs: N, or a tenth of N on the
# debug kernel (KASAN, lockdep, kmemleak; known by its kmemleak file),
# where every path costs many times more and a tenth still walks them all.
scaled() {
	if [ -e /sys/kernel/debug/kmemleak ]; then
		echo $(($1 / 10))
	else
		echo "$1"
	fi
}

tap_result() {
	tap_n=$((tap_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $tap_n $2"
	else
		echo "not ok $tap_n $2"
		tap_failed=$((tap_failed + 1))
	fi
}

check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	tap_result $rc "$desc"
	[ $rc = 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
	return $rc
}

check_fail() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc != 0 ]; then
		tap_result 0 "$desc"
		return 0
	fi
	tap_result 1 "$desc"
	printf '%s\n' "$out" | sed 's/^/#   /'
	echo "#   (succeeded, but should have failed)"
	return 1
}

check_eq() {
	if [ "$2" = "$3" ]; then
		tap_result 0 "$1"
		return 0
	fi
	tap_result 1 "$1"
	echo "#   expected: '$2'"
	echo "#   got:      '$3'"
	return 1
}

tap_run() {
	local desc=$1 out rc line cases=0 failed=0 plan=
	shift
	out=$("$@" 2>&1)
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*)
			line=${line#ok }
			tap_result 0 "$desc: ${line#* }"
			cases=$((cases + 1))
			;;
		"not ok "*)
			line=${line#not ok }
			tap_result 1 "$desc: ${line#* }"
			cases=$((cases + 1))
			failed=$((failed + 1))
			;;
		1..*)
			plan=${line#1..}
			;;
		"#"*)
			echo "$line"
			;;
		*)
			echo "# $line"
			;;
		esac
	done <<< "$out"
	if [ "$plan" != "$cases" ]; then
		tap_result 1 "$desc: the plan of $cases cases is reached (plan '$plan')"
	elif [ $rc != 0 ] && [ $failed = 0 ]; then
		tap_result 1 "$desc: exits with status $rc without a failed case"
	fi
	[ $failed = 0 ] && [ $rc = 0 ]
}

tap_done() {
	echo "1..$tap_n"
	[ $tap_failed = 0 ]
}
