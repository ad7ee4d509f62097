/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * The netlink spec's names of the drop reasons and auth results, for the
 * module's trace output and for the tools: one table for both. Include it
 * after the uapi header (linux/pilot.h) and use both tables.
 */
#ifndef _PILOT_NAMES_H
#define _PILOT_NAMES_H

static const char *const pilot_drop_reason_names[PILOT_DROP_REASON_MAX + 1] = {
	[PILOT_DROP_REASON_MALFORMED] = "malformed",
	[PILOT_DROP_REASON_NO_KEY] = "no-key",
	[PILOT_DROP_REASON_AEAD] = "aead",
	[PILOT_DROP_REASON_REPLAY] = "replay",
	[PILOT_DROP_REASON_OUTSIDE_WINDOW] = "outside-window",
	[PILOT_DROP_REASON_STALE_EPOCH] = "stale-epoch",
	[PILOT_DROP_REASON_EPOCHS_EXHAUSTED] = "epochs-exhausted",
	[PILOT_DROP_REASON_BAD_PACKET] = "bad-packet",
	[PILOT_DROP_REASON_SPOOFED] = "spoofed",
	[PILOT_DROP_REASON_SOURCE] = "source",
	[PILOT_DROP_REASON_QUEUE_FULL] = "queue-full",
	[PILOT_DROP_REASON_GAVE_UP] = "gave-up",
	[PILOT_DROP_REASON_PLAINTEXT] = "plaintext",
	[PILOT_DROP_REASON_RATE_LIMITED] = "rate-limited",
	[PILOT_DROP_REASON_PEER_LIMIT] = "peer-limit",
	[PILOT_DROP_REASON_UNKNOWN_PEER] = "unknown-peer",
	[PILOT_DROP_REASON_RELAYED] = "relayed",
	[PILOT_DROP_REASON_UNAUTHENTICATED] = "unauthenticated",
	[PILOT_DROP_REASON_NO_ROUTE] = "no-route",
	[PILOT_DROP_REASON_AUTH_FAILED] = "auth-failed",
};

static const char *const pilot_auth_result_names[] = {
	[PILOT_AUTH_RESULT_ACCEPTED] = "accepted",
	[PILOT_AUTH_RESULT_UNKNOWN_NODE] = "unknown-node",
	[PILOT_AUTH_RESULT_KEY_MISMATCH] = "key-mismatch",
	[PILOT_AUTH_RESULT_BAD_SIGNATURE] = "bad-signature",
	[PILOT_AUTH_RESULT_UNREACHABLE] = "unreachable",
	[PILOT_AUTH_RESULT_NO_HELPER] = "no-helper",
	[PILOT_AUTH_RESULT_TIMEOUT] = "timeout",
	[PILOT_AUTH_RESULT_NEGATIVE_CACHED] = "negative-cached",
	[PILOT_AUTH_RESULT_BUSY] = "busy",
};

#endif /* _PILOT_NAMES_H */
