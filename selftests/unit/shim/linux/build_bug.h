/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for <linux/build_bug.h>: C11 static_assert. */
#include <assert.h>
