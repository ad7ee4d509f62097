/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for <linux/string.h>. */
#ifndef PILOT_SHIM_LINUX_STRING_H
#define PILOT_SHIM_LINUX_STRING_H

#include <string.h>

#endif
