#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel release Debian 12 currently ships for a series, read
# from the local package lists: "6.1" -> 6.1.0-56-amd64,
# "6.12" -> 6.12.117+deb12-amd64. Nothing is hard-coded, since each
# security upload changes the ABI number.
set -euo pipefail

case "${1:-}" in
6.1)	meta=linux-image-amd64 ;;
6.12)	meta=linux-image-6.12-amd64 ;;
*)	echo "usage: $0 6.1|6.12" >&2; exit 2 ;;
esac
pkg=$(apt-cache depends "$meta" 2>/dev/null |
	awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }')
[ -n "$pkg" ] || { echo "kver: cannot resolve $meta (run apt-get update)" >&2; exit 1; }
echo "${pkg#linux-image-}"
