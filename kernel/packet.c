// SPDX-License-Identifier: GPL-2.0
/*
 * The Pilot packet header: its checksum and the checks a receiver makes,
 * as Go Pilot daemons make them, so that what pilot0 carries is always a
 * packet they can parse.
 */

#include <linux/build_bug.h>
#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/types.h>

#include "messages.h"
#include "packet.h"

static_assert(sizeof(struct pilot_hdr) == PILOT_HEADER_LEN);

/**
 * pilot_hdr_csum - the checksum a packet should carry
 * @hdr: the header; its csum field is not read
 * @payload: the be16_to_cpu(@hdr->len) bytes that follow it
 *
 * Return: CRC-32 (IEEE 802.3, as zlib computes it) of the header with the
 * checksum zeroed, then the payload.
 */
u32 pilot_hdr_csum(const struct pilot_hdr *hdr, const void *payload)
{
	static const u8 zero[sizeof(hdr->csum)];
	u32 crc;

	crc = crc32_le(~0U, (const u8 *)hdr, offsetof(struct pilot_hdr, csum));
	crc = crc32_le(crc, zero, sizeof(zero));
	crc = crc32_le(crc, (const u8 *)payload, be16_to_cpu(hdr->len));
	return ~crc;
}

/**
 * pilot_hdr_seal - write the checksum into a header
 * @hdr: the header, every other field set
 * @payload: the payload that follows it
 */
void pilot_hdr_seal(struct pilot_hdr *hdr, const void *payload)
{
	hdr->csum = cpu_to_be32(pilot_hdr_csum(hdr, payload));
}

/**
 * pilot_packet_check - check a received Pilot packet as Go daemons do
 * @buf: the packet, header first
 * @len: its length; bytes past the payload length are ignored
 *
 * Return: the payload length, -EMSGSIZE when @buf is shorter than the
 * header or than the payload length says, -EPROTO for another version,
 * -EBADMSG for a wrong checksum.
 */
int pilot_packet_check(const void *buf, size_t len)
{
	const struct pilot_hdr *hdr = buf;
	size_t plen;

	if (len < sizeof(*hdr))
		return -EMSGSIZE;
	plen = be16_to_cpu(hdr->len);
	if (len - sizeof(*hdr) < plen)
		return -EMSGSIZE;
	if (hdr->ver_flags >> 4 != PILOT_PACKET_VERSION)
		return -EPROTO;
	if (be32_to_cpu(hdr->csum) != pilot_hdr_csum(hdr, hdr + 1))
		return -EBADMSG;
	return plen;
}

#ifdef PILOT_SELFTESTS
#include "selftest/packet.c"
#endif
