# SPDX-License-Identifier: GPL-2.0
#
# Shared by selftests/run.sh and scripts/demo.sh: build pilot.ko for a
# kernel and pack the guest. Expects $top (the project root).

CACHE=${PILOT_CACHE:-/var/cache/pilot}
out=$top/build

# no_warnings LOG: the build log has no compiler or checker complaint.
no_warnings() {
	! grep -E 'warning:|error:' "$1"
}

# build_module NAME KDIR [make args...]: $out/NAME/pilot.ko, built from a
# copy of the sources so that builds for different kernels do not mix.
build_module() {
	local name=$1 kdir=$2 dir=$out/$1 rc
	shift 2
	mkdir -p "$dir"
	rsync -a --delete --exclude='*.o' --exclude='.*.cmd' \
		"$top/Kbuild" "$top/kernel" "$top/include" "$dir/"
	make -C "$kdir" M="$dir" W=1 "$@" modules > "$dir/build.log" 2>&1 &&
		no_warnings "$dir/build.log" > /dev/null
	rc=$?
	cat "$dir/build.log"
	return $rc
}

# make_initramfs NAME KVER MODROOT: $out/NAME/initramfs.cpio holding
# $out/NAME/pilot.ko, the tools, the tests, the demo and the benchmark;
# EXTRA_MODULES names more in-tree modules to include, EXTRA_BINS more
# programs.
make_initramfs() {
	local dir=$out/$1 st=$top/selftests

	env KVER="$2" MODROOT="$3" OUT="$dir/initramfs.cpio" \
		INIT="$st/qemu/init.sh" KO="$dir/pilot.ko" \
		MODULES="veth dummy sch_netem wireguard ${EXTRA_MODULES:-}" \
		BINS="/bin/bash /usr/bin/kmod /bin/ip /sbin/tc /usr/sbin/ethtool /usr/bin/iperf3 /usr/bin/wg ${EXTRA_BINS:-}" \
		FILES="$top/tools/pilot/pilot:/usr/bin/pilot
		       $top/tools/keyd/pilot-keyd:/usr/sbin/pilot-keyd
		       $st/runner.sh:/selftests/runner.sh
		       $st/demo.sh:/selftests/demo.sh $st/lib:/selftests/lib
		       $st/suites:/selftests/suites $st/pilot:/selftests/pilot
		       $st/bench:/selftests/bench" \
		"$st/qemu/mkinitramfs.sh"
}
