/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _PILOT_VERSION_H
#define _PILOT_VERSION_H

#define PILOT_VERSION		"0.1.0"
/* The wire protocol pilot speaks: Go Pilot's tunnel, spec revision. */
#define PILOT_PROTOCOL		"pilot-tunnel-v1"

#endif /* _PILOT_VERSION_H */
