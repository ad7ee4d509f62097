// SPDX-License-Identifier: GPL-2.0
/*
 * The Pilot packet checksum over an skb, wherever its bytes lie (head
 * and pages), so neither end copies a packet to check or seal it.
 */

#include <linux/crc32.h>
#include <linux/skbuff.h>

#include "messages.h"
#include "packet.h"

static __wsum crc_update(const void *mem, int len, __wsum crc)
{
	return (__force __wsum)crc32_le((__force u32)crc, mem, len);
}

static __wsum crc_combine(__wsum crc, __wsum crc2, int offset, int len)
{
	return (__force __wsum)crc32_le_combine((__force u32)crc, (__force u32)crc2, len);
}

static const struct skb_checksum_ops crc_ops = {
	.update = crc_update,
	.combine = crc_combine,
};

/**
 * pilot_skb_csum - the checksum a Pilot packet in an skb should carry
 * @skb: the packet at skb->data, its header in the linear area and its
 *	payload (the length the header gives) in the skb
 *
 * Return: the CRC-32 of the header with the checksum zeroed, then the
 * payload.
 */
u32 pilot_skb_csum(const struct sk_buff *skb)
{
	struct pilot_hdr hdr = *(const struct pilot_hdr *)skb->data;
	u32 crc;

	hdr.csum = 0;
	crc = crc32_le(~0U, (const u8 *)&hdr, sizeof(hdr));
	crc = (__force u32)__skb_checksum(skb, sizeof(hdr), be16_to_cpu(hdr.len),
					  (__force __wsum)crc, &crc_ops);
	return ~crc;
}

/**
 * pilot_skb_check - check a received Pilot packet as Go daemons do
 * @skb: the packet at skb->data
 *
 * Trims bytes past the payload length, as a Go decoder ignores them.
 *
 * Return: 0, with the header in the linear area, or the error of
 * pilot_packet_check().
 */
int pilot_skb_check(struct sk_buff *skb)
{
	const struct pilot_hdr *hdr;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(*hdr)))
		return -EMSGSIZE;
	hdr = (const struct pilot_hdr *)skb->data;
	len = sizeof(*hdr) + be16_to_cpu(hdr->len);
	if (skb->len < len)
		return -EMSGSIZE;
	if (hdr->ver_flags >> 4 != PILOT_PACKET_VERSION)
		return -EPROTO;
	if (pskb_trim(skb, len))
		return -ENOMEM;
	hdr = (const struct pilot_hdr *)skb->data;
	if (be32_to_cpu(hdr->csum) != pilot_skb_csum(skb))
		return -EBADMSG;
	return 0;
}
