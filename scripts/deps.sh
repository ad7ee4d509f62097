#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything the build and the test suites need, from Debian's
# packages only. Idempotent: a second run installs nothing new.
#
# The kernel images are needed only for their vmlinuz and module tree, so
# they are downloaded and extracted (never installed: installing one runs
# update-initramfs twice and drags udev in). Versions are resolved from the
# archive's meta packages, never hard-coded.
#
# usage: scripts/deps.sh            (as root)
# Kernel images land in $PILOT_CACHE/kimg/<release>/.
set -euo pipefail

here=$(dirname "$(realpath "$0")")
CACHE=${PILOT_CACHE:-/var/cache/pilot}
export DEBIAN_FRONTEND=noninteractive

say() { echo "deps: $*"; }

if [ "$(id -u)" != 0 ]; then
	echo "deps: must run as root (it installs Debian packages)" >&2
	exit 1
fi

stamp=$CACHE/apt-updated
mkdir -p "$CACHE"
if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +360)" ]; then
	say "apt-get update"
	apt-get update -qq
	touch "$stamp"
fi

K61=$("$here/kver.sh" 6.1)
K612=$("$here/kver.sh" 6.12)

pkgs=(
	gcc make libc6-dev pkg-config bc bison flex libelf-dev libssl-dev cpio kmod
	perl rsync xz-utils python3 python3-yaml python3-jsonschema sparse patch
	"linux-headers-$K61" "linux-headers-$K612" linux-source-6.12
	qemu-system-x86 busybox-static iproute2 iperf3 wireguard-tools ethtool
	libnl-3-dev libnl-genl-3-dev libsodium-dev zlib1g-dev libjansson-dev
	# libFuzzer (-fsanitize=fuzzer) for selftests/fuzz
	clang libclang-rt-14-dev
	# the benchmark's plot (scripts/bench.sh)
	gnuplot-nox
	# packaging checks (scripts/package-check.sh)
	dkms dh-dkms debhelper dpkg-dev fakeroot man-db git systemd
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Kernel images: extracted, not installed.
for kver in "$K61" "$K612"; do
	img=linux-image-$kver
	root=$CACHE/kimg/$kver
	[ -f "$root/boot/vmlinuz-$kver" ] && continue
	say "extracting $img"
	debs=$CACHE/debs
	mkdir -p "$debs"
	chmod 777 "$debs"	# lets apt's sandbox user write there
	(cd "$debs" && rm -f "${img}"_*.deb && apt-get download -qq "$img")
	mkdir -p "$CACHE/kimg"
	rm -rf "$root.tmp"
	dpkg-deb -x "$debs/${img}"_*.deb "$root.tmp"
	depmod -b "$root.tmp" "$kver"
	rm -rf "$root"
	mv "$root.tmp" "$root"
	rm -f "$debs/${img}"_*.deb
done

say "ok: 6.1 = $K61, 6.12 = $K612 (cache $CACHE)"
