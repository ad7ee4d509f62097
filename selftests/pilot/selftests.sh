#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's self-tests (a PILOT_DEBUG=y build runs them at load and
# refuses to load when one fails): one case per spec conformance item
# they cover, as the module reports it.
. /selftests/lib/tap.sh

rmmod pilot 2> /dev/null
dmesg -c > /dev/null
check "the module loads, its self-tests passing" modprobe pilot
log=$(dmesg)
check "the pure-logic self-tests pass (replay, packet, kdf, allowed IPs)" \
	grep -q 'pilot: self-tests: pass' <<< "$log"
items=$(grep -o 'pilot: conformance [0-9]* [A-Za-z]*: .*' <<< "$log")
check "the module reports conformance items" test -n "$items"
while read -r _ _ item verdict what; do
	[ -n "$item" ] || continue
	check_eq "conformance $item: $what" "ok:" "$verdict"
done <<< "$items"

# again on an AEAD whose every request completes later, from cryptd
rmmod pilot
dmesg -c > /dev/null
check "the module loads on an asynchronous AEAD (aead_driver=cryptd), its self-tests passing" \
	modprobe pilot "aead_driver=cryptd(gcm_base(ctr(aes-generic),ghash-generic))"
log=$(dmesg)
check "the self-tests pass on it" grep -q 'pilot: self-tests: pass' <<< "$log"
async_items=$(grep -o 'pilot: conformance [0-9]* [A-Za-z]*: .*' <<< "$log")
check_eq "every conformance item again, and ok" \
	"$(awk '{ print $3, "ok:" }' <<< "$items")" \
	"$(awk '{ print $3, $4 }' <<< "$async_items")"
rmmod pilot
tap_done
