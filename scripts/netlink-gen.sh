#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Generate the netlink ABI and the kernel's policy tables from
# Documentation/netlink/specs/pilot.yaml with the kernel's own YNL
# generator (Debian's linux-source-6.12):
#   include/uapi/linux/pilot.h, kernel/netlink-gen.h, kernel/netlink-gen.c,
#   Documentation/networking/pilot-netlink.rst (the API reference)
#
# usage: netlink-gen.sh           regenerate the files in place
#        netlink-gen.sh --check   fail when a committed file is stale
set -euo pipefail

top=$(realpath "$(dirname "$0")/..")
ksrc=$("$top/scripts/ksrc.sh")
check=0
[ "${1:-}" = --check ] && check=1

# The generator finds the kernel root by a MAINTAINERS file and its schema
# beside the spec's folder: give it a small tree with both.
root=$(mktemp -d /tmp/pilot-ynl.XXXXXX)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/Documentation/netlink/specs" "$root/out"
: > "$root/MAINTAINERS"
ln -s "$ksrc/Documentation/netlink/genetlink-legacy.yaml" "$root/Documentation/netlink/"
cp "$top/Documentation/netlink/specs/pilot.yaml" "$root/Documentation/netlink/specs/"

gen() {
	/usr/bin/python3 "$ksrc/tools/net/ynl/ynl-gen-c.py" \
		--spec "$root/Documentation/netlink/specs/pilot.yaml" "$@"
}
gen --mode uapi --header -o "$root/out/pilot.h"
gen --mode kernel --header -o "$root/out/netlink-gen.h"
gen --mode kernel --source -o "$root/out/netlink-gen.c"
# the API's reference page, as the kernel's own families have theirs
(cd "$root" && /usr/bin/python3 "$ksrc/tools/net/ynl/ynl-gen-rst.py" \
	-i "$root/Documentation/netlink/specs/pilot.yaml" -o "$root/out/pilot-netlink.rst")

stale=0
for pair in pilot.h:include/uapi/linux/pilot.h netlink-gen.h:kernel/netlink-gen.h \
	    netlink-gen.c:kernel/netlink-gen.c \
	    pilot-netlink.rst:Documentation/networking/pilot-netlink.rst; do
	new=$root/out/${pair%%:*} dst=$top/${pair#*:}
	if [ $check = 1 ]; then
		if ! diff -u "$dst" "$new"; then
			echo "netlink-gen: ${pair#*:} is stale: run scripts/netlink-gen.sh" >&2
			stale=1
		fi
	else
		cp "$new" "$dst"
	fi
done
exit $stale
