// SPDX-License-Identifier: GPL-2.0
/*
 * Names of the family's enums, as the netlink spec spells them. A file of
 * its own, without netlink, for tools that only need the names.
 */

#include <stdint.h>

#include <linux/pilot.h>

#include "pilot_nl.h"

static const char *const drop_reasons[PILOT_DROP_REASON_MAX + 1] = {
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

static const char *const auth_results[] = {
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
 * pilot_drop_reason_name() - the spec's name of a drop reason
 * @reason: a PILOT_DROP_REASON_* value
 *
 * Return: its name ("aead", "no-key", ...), or NULL for a value this
 * library does not know.
 */
const char *pilot_drop_reason_name(uint32_t reason)
{
	return reason && reason <= PILOT_DROP_REASON_MAX ? drop_reasons[reason] : NULL;
}

/**
 * pilot_auth_result_name() - the spec's name of an auth result
 * @result: a PILOT_AUTH_RESULT_* value
 *
 * Return: its name ("accepted", "bad-signature", ...), or NULL for a value
 * this library does not know.
 */
const char *pilot_auth_result_name(uint32_t result)
{
	return result < sizeof(auth_results) / sizeof(auth_results[0]) ?
	       auth_results[result] : NULL;
}
