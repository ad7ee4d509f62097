#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packaging checks, on the host only (no QEMU): the man pages render
# without warnings, the versions agree, the Debian packages build from a
# clean copy of the tree and hold what they should, the systemd units
# verify, and DKMS builds the module that pilot-dkms ships for Debian's
# 6.1 and 6.12 kernels, in a throwaway DKMS tree (the system's
# /var/lib/dkms and /usr/src are not touched).
#
# Prints one line per check, "ok   WHAT" or "FAIL WHAT" (the log's tail
# indented below it), and exits 1 when any failed.
#
# usage: scripts/package-check.sh     (as root, with scripts/deps.sh run)
set -euo pipefail

top=$(realpath "$(dirname "$0")/..")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# check WHAT COMMAND...: one check, passing when COMMAND does.
check() {
	local what=$1 log=$tmp/check.log
	shift
	if "$@" > "$log" 2>&1; then
		echo "ok   $what"
	else
		echo "FAIL $what"
		tail -30 "$log" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# man_clean PAGE: man renders PAGE and says nothing on stderr.
man_clean() {
	local err
	err=$(MANWIDTH=80 man --warnings -l "$1" 2>&1 > /dev/null) || return 1
	[ -z "$err" ] || { echo "$err"; return 1; }
}

# same_versions: dkms.conf, the module, the tools and debian/changelog.
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
same_versions() {
	local v from
	for from in "kernel/version.h:PILOT_VERSION" "tools/pilot/pilot.h:PILOT_TOOLS_VERSION"; do
		v=$(sed -n "s/^#define ${from#*:}[[:space:]]*\"\(.*\)\"$/\1/p" "$top/${from%:*}")
		echo "${from%:*}: $v"
		[ "$v" = "$version" ] || return 1
	done
	v=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
	echo "debian/changelog: $v"
	[ "$v" = "$version" ]
}

# build_debs: dpkg-buildpackage in a copy of the tree (what git tracks or
# would track, so no build output), the .deb files landing in $tmp/debs.
build_debs() {
	local src=$tmp/debs/pilot-$version
	mkdir -p "$src" &&
	(cd "$top" && git ls-files -z --cached --others --exclude-standard) |
		rsync -a --from0 --ignore-missing-args --files-from=- "$top/" "$src/" &&
	(cd "$src" && DEB_BUILD_OPTIONS=nocheck nice -n 10 dpkg-buildpackage -b -us -uc) &&
	dpkg-deb -x "$tmp/debs/pilot-tools_${version}_"*.deb "$tmp/root" &&
	dpkg-deb -x "$tmp/debs/pilot-dkms_${version}_all.deb" "$tmp/root"
}

# holds PATH...: each path is in the unpacked packages.
holds() {
	local p ok=0
	for p in "$@"; do
		[ -e "$tmp/root/$p" ] || { echo "missing: $p"; ok=1; }
	done
	return $ok
}

# example_parses FILE: the packaged pilot reads FILE without complaint (it
# fails afterwards, finding no module or no such device).
example_parses() {
	local rc=0
	"$tmp/root/usr/bin/pilot" setconf pilot-chk0 "$1" 2> "$tmp/parse.err" || rc=$?
	cat "$tmp/parse.err"
	[ "$rc" != 22 ] && ! grep -qF "$1:" "$tmp/parse.err"
}

# unit_verifies UNIT INSTANCE: systemd-analyze verify, with pilot's
# commands pointing into the unpacked package (systemd looks for
# commands without a path in /usr/bin, not in $tmp).
unit_verifies() {
	local unit=$tmp/units/$2
	mkdir -p "$tmp/units" &&
	sed -E -e "s#=(-?)(/usr/s?bin/)?pilot #=\\1$tmp/root/usr/bin/pilot #" \
	       -e "s#=(-?)(/usr/s?bin/)?pilot-keyd( |\$)#=\\1$tmp/root/usr/sbin/pilot-keyd\\3#" \
	       "$1" > "$unit" &&
	systemd-analyze verify --man=no "$unit"
}

# dkms_build KVER: build pilot.ko from the packaged source for KVER, and
# check the module's version and vermagic.
dkms_build() {
	local ko
	mok_signing_key=$tmp/mok.key mok_certificate=$tmp/mok.pub \
		nice -n 10 dkms build -m pilot -v "$version" -k "$1" "${dkms_trees[@]}" || {
		grep -m 10 -E 'error:|warning:' "$tmp/dkms/pilot/$version/build/make.log"
		return 1
	}
	ko=$(find "$tmp/dkms/pilot/$version/$1" -name 'pilot.ko*' | head -1)
	[ -n "$ko" ] || { echo "no pilot.ko"; return 1; }
	modinfo "$ko" | grep -E '^(version|vermagic|signer):'
	modinfo -F version "$ko" | grep -qx "$version" &&
		modinfo -F vermagic "$ko" | grep -q "^$1 "
}

system_dkms() {
	ls -a /var/lib/dkms /usr/src 2> /dev/null || true
}

for page in "$top"/Documentation/man/*.[1-8]; do
	check "man page renders without warnings: ${page#"$top"/}" man_clean "$page"
done
check "versions agree ($version): dkms.conf, module, tools, debian/changelog" same_versions

system_before=$(system_dkms)
check "Debian packages build (dpkg-buildpackage -b -us -uc)" build_debs
if [ ! -d "$tmp/root" ]; then
	echo "package-check: no packages, so no further checks" >&2
	exit 1
fi

tools=(usr/bin/pilot lib/systemd/system/pilot@.service etc/pilot
       usr/share/doc/pilot-tools/examples/pilot0.conf)
for page in "$top"/Documentation/man/*.[1-8]; do
	page=${page##*/}
	tools+=("usr/share/man/man${page##*.}/$page.gz")
done
units=("$top/tools/systemd/pilot@.service:pilot@pilot0.service")
if [ -e "$top/tools/keyd/pilot-keyd.service" ]; then
	tools+=(usr/sbin/pilot-keyd lib/systemd/system/pilot-keyd.service)
	units+=("$top/tools/keyd/pilot-keyd.service:pilot-keyd.service")
fi
check "pilot-tools holds pilot, the man pages, the units and the example" \
	holds "${tools[@]}"
check "pilot-dkms holds the module's source and dkms.conf" \
	holds "usr/src/pilot-$version/dkms.conf" "usr/src/pilot-$version/Kbuild" \
	      "usr/src/pilot-$version/kernel/main.c" \
	      "usr/src/pilot-$version/include/uapi/linux/pilot.h"
check "the packaged pilot parses the example pilot0.conf" \
	example_parses "$tmp/root/usr/share/doc/pilot-tools/examples/pilot0.conf"
for u in "${units[@]}"; do
	check "systemd-analyze verify ${u##*:}" unit_verifies "${u%:*}" "${u##*:}"
done

dkms_trees=(--dkmstree "$tmp/dkms" --sourcetree "$tmp/root/usr/src")
mkdir -p "$tmp/dkms"
check "dkms add pilot/$version (temporary tree)" \
	dkms add -m pilot -v "$version" "${dkms_trees[@]}"
for series in 6.1 6.12; do
	kver=$("$top/scripts/kver.sh" "$series")
	check "dkms build: pilot.ko for $kver" dkms_build "$kver"
done
check "dkms remove pilot/$version --all" \
	dkms remove -m pilot -v "$version" --all "${dkms_trees[@]}"
check "the system's /var/lib/dkms and /usr/src are untouched" \
	test "$(system_dkms)" = "$system_before"

[ "$failed" = 0 ]
