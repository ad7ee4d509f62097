#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare pilot-keyd's Ed25519 verdicts with Go's crypto/ed25519 on inputs
# where libsodium and Go may disagree. Needs a Go toolchain (Debian's
# golang-go); not part of the routine tests, which carry a sample of
# Go's verdicts (keyd_test's go_vectors).
#
# usage: selftests/unit/ed25519_go/crosscheck.sh
set -euo pipefail

here=$(dirname "$(realpath "$0")")
if ! command -v go > /dev/null; then
	echo "crosscheck: needs Go (apt-get install golang-go)" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -Wall -Wextra -o "$tmp/cases" "$here/cases.c" -lsodium
cc -O2 -Wall -Wextra -o "$tmp/verdicts" "$here/verdicts.c" \
	"$here/../../../tools/keyd/verify.c" -lsodium
"$tmp/cases" > "$tmp/cases.txt"
"$tmp/verdicts" < "$tmp/cases.txt" > "$tmp/c.txt"
(cd "$tmp" && GO111MODULE=off GOCACHE="$tmp/gocache" go run "$here/verify.go") \
	< "$tmp/cases.txt" > "$tmp/go.txt"
total=$(wc -l < "$tmp/cases.txt")
accepted=$(grep -c 1 "$tmp/go.txt" || true)
if ! cmp -s "$tmp/c.txt" "$tmp/go.txt"; then
	paste -d' ' "$tmp/go.txt" "$tmp/c.txt" "$tmp/cases.txt" |
		awk '$1 != $2 { print "differs (go " $1 ", keyd " $2 "): " $3, $4, $5 }' | head -20
	echo "crosscheck: FAILED: pilot-keyd and Go disagree"
	exit 1
fi
echo "crosscheck: ok: $total inputs, Go accepts $accepted, pilot-keyd agrees on all"
