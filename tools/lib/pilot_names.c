// SPDX-License-Identifier: GPL-2.0
/*
 * Names of the family's enums, as the netlink spec spells them. A file of
 * its own, without netlink, for tools that only need the names.
 */

#include <stdint.h>

#include <linux/pilot.h>

#include "pilot_nl.h"
#include "pilot/names.h"

/**
 * pilot_drop_reason_name() - the spec's name of a drop reason
 * @reason: a PILOT_DROP_REASON_* value
 *
 * Return: its name ("aead", "no-key", ...), or NULL for a value this
 * library does not know.
 */
const char *pilot_drop_reason_name(uint32_t reason)
{
	return reason && reason <= PILOT_DROP_REASON_MAX ? pilot_drop_reason_names[reason] : NULL;
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
	return result < sizeof(pilot_auth_result_names) / sizeof(pilot_auth_result_names[0]) ?
	       pilot_auth_result_names[result] : NULL;
}
