// SPDX-License-Identifier: GPL-2.0
/*
 * The tracepoints of trace.h, defined here, and the names they print: the
 * netlink spec's names of the drop reasons and auth results.
 */

#define CREATE_TRACE_POINTS
#include "trace.h"

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

/**
 * pilot_trace_drop_reason - the name of a drop reason, for the trace
 * @reason: a &enum pilot_drop_reason value
 *
 * Return: its name, or "?" for none.
 */
const char *pilot_trace_drop_reason(u32 reason)
{
	return reason && reason <= PILOT_DROP_REASON_MAX ? pilot_drop_reason_names[reason] : "?";
}

/**
 * pilot_trace_auth_result - the name of an auth result, for the trace
 * @result: a &enum pilot_auth_result value
 *
 * Return: its name, or "?" for none.
 */
const char *pilot_trace_auth_result(u32 result)
{
	return result < ARRAY_SIZE(pilot_auth_result_names) ? pilot_auth_result_names[result] : "?";
}
