/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for <linux/crc32.h>: the kernel's crc32_le() by zlib's. */
#ifndef PILOT_SHIM_LINUX_CRC32_H
#define PILOT_SHIM_LINUX_CRC32_H

#include <zlib.h>
#include <linux/types.h>

/* zlib inverts before and after; crc32_le() does neither. */
static inline u32 crc32_le(u32 crc, const unsigned char *p, size_t len)
{
	return ~(u32)crc32(~crc & 0xffffffffUL, p, len);
}

#endif
