#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the guest's initramfs: busybox, the host programs the tests run
# (with the shared libraries they link), kernel modules with their
# dependencies taken from a kernel's module tree, pilot.ko, and the tests.
#
# env:
#   KVER      kernel release whose modules go in
#   MODROOT   directory holding lib/modules/$KVER (an extracted image .deb,
#             or a kernel build's modules_install root)
#   OUT       the cpio archive to write (uncompressed)
#   INIT      script installed as /init
#   KO        out-of-tree modules (installed in extra/)
#   MODULES   in-tree modules to include, dependencies resolved; names
#             the kernel has built in are skipped
#   BINS      host executables, copied with their libraries
#   FILES     "src:dst" pairs copied as they are (directories recursively)
set -euo pipefail

: "${KVER:?}" "${MODROOT:?}" "${OUT:?}" "${INIT:?}"
moddir=$MODROOT/lib/modules/$KVER
[ -d "$moddir" ] || { echo "mkinitramfs: no $moddir" >&2; exit 1; }

root=$(mktemp -d /tmp/pilot-initramfs.XXXXXX)
chmod 755 "$root"	# mktemp made it 0700: the guest's / for everyone
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root,var/run}
mkdir -p "$root/lib/modules/$KVER/extra"
cp /bin/busybox "$root/bin/busybox"

# $1: an executable; the shared libraries it links land at the same paths.
copy_libs() {
	local lib

	for lib in $(ldd "$1" 2>/dev/null | awk '/=> \// { print $3 } /^\t\// { print $1 }'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

for b in ${BINS:-}; do
	mkdir -p "$root$(dirname "$b")"
	cp -L "$b" "$root$b"
	copy_libs "$b"
done
for pair in ${FILES:-}; do
	src=${pair%%:*} dst=${pair#*:}
	mkdir -p "$root$(dirname "$dst")"
	cp -rL "$src" "$root$dst"
	find "$src" -type f -perm -u+x | while read -r f; do copy_libs "$f"; done
done

# kmod, not busybox, must answer modprobe: busybox ignores modules.alias, so
# "ip link add ... type pilot" and crypto_alloc_aead() could not autoload.
if [ -x "$root/usr/bin/kmod" ]; then
	for t in modprobe insmod rmmod lsmod modinfo depmod; do
		ln -sf /usr/bin/kmod "$root/sbin/$t"
	done
fi
# with bash at hand, /bin/sh is bash too: system() and "sh -c" then find
# iproute2's ip, not busybox's applet of that name
[ -x "$root/bin/bash" ] && ln -s bash "$root/bin/sh"
for app in $("$root/bin/busybox" --list); do
	for d in bin sbin usr/bin usr/sbin; do
		[ -e "$root/$d/$app" ] && continue 2
	done
	ln -s busybox "$root/bin/$app"
done

mods=" ${MODULES:-} "
for ko in ${KO:-}; do
	cp "$ko" "$root/lib/modules/$KVER/extra/"
	mods+=" $(modinfo -F depends "$ko" | tr , ' ')"
	mods+=" $(modinfo -F softdep "$ko" | tr ' ' '\n' | grep -v ':$' || true)"
done
for m in $mods; do
	modprobe -d "$MODROOT" -S "$KVER" --show-depends "$m" ||
		{ echo "mkinitramfs: no module $m in $moddir" >&2; exit 1; }
done | awk '$1 == "insmod" { print $2 }' | sort -u | while read -r path; do
	rel=${path#*/lib/modules/$KVER/}
	mkdir -p "$root/lib/modules/$KVER/$(dirname "$rel")"
	cp "$moddir/$rel" "$root/lib/modules/$KVER/$rel"
done
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[ -f "$moddir/$f" ] && cp "$moddir/$f" "$root/lib/modules/$KVER/"
done
depmod -b "$root" "$KVER"

install -m 0755 "$INIT" "$root/init"
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
echo "nobody:x:65534:65534:nobody:/:/bin/false" >> "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "initramfs: $OUT, $(du -h "$OUT" | cut -f1)," \
	"$(find "$root/lib/modules" -name '*.ko*' | wc -l) modules" >&2
