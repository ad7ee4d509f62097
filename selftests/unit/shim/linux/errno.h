/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for <linux/errno.h>, which it shadows for libc too: the
 * codes come from the uapi header, as the real one takes them.
 */
#include <asm/errno.h>
