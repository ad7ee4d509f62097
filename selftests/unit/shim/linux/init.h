/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for <linux/init.h>: the section markers, in types.h. */
#include <linux/types.h>
