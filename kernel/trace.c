// SPDX-License-Identifier: GPL-2.0
/*
 * The tracepoints of trace.h, defined here, and the names they print: the
 * netlink spec's names of the drop reasons and auth results.
 */

#define CREATE_TRACE_POINTS
#include "trace.h"

#include <pilot/names.h>

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
