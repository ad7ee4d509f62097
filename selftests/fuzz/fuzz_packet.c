// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: one UDP payload as the receive path sees it, taken
 * apart by its first bytes the way the demux does, every Pilot packet in
 * it (a PILT payload, a PILS plaintext, or the bytes as they are) checked
 * by kernel/packet.c, built from the module's own source.
 *
 * Invariants: a packet that passes claims no more than the bytes given,
 * carries version 1 and the checksum the encoder computes; bytes past
 * its payload change nothing; any single flipped bit outside the length
 * field makes it fail; and whatever the encoder seals passes.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/errno.h>
#include "../../kernel/messages.h"
#include "../../kernel/packet.h"

#define FAIL(why) do { fprintf(stderr, "fuzz_packet: %s\n", why); abort(); } while (0)

static void check_one(const u8 *data, size_t len)
{
	const struct pilot_hdr *hdr = (const void *)data;
	struct pilot_hdr *h;
	size_t bit, nbits, plen;
	u8 *copy;
	int ret;

	ret = pilot_packet_check(data, len);
	if (ret < 0) {
		if (ret != -EMSGSIZE && ret != -EPROTO && ret != -EBADMSG)
			FAIL("unexpected error code");
		if ((ret == -EMSGSIZE) != (len < sizeof(*hdr) ||
					   len - sizeof(*hdr) < be16_to_cpu(hdr->len)))
			FAIL("-EMSGSIZE for a packet that fits, or not for one that does not");
	} else {
		if ((size_t)ret > len - sizeof(*hdr) || ret != be16_to_cpu(hdr->len))
			FAIL("accepted payload longer than the bytes given");
		if (hdr->ver_flags >> 4 != PILOT_PACKET_VERSION)
			FAIL("accepted another version");
		if (be32_to_cpu(hdr->csum) != pilot_hdr_csum(hdr, hdr + 1))
			FAIL("accepted a wrong checksum");
		if (pilot_packet_check(data, sizeof(*hdr) + ret) != ret)
			FAIL("trailing bytes changed the verdict");
	}
	if (len < sizeof(*hdr) || len - sizeof(*hdr) < be16_to_cpu(hdr->len))
		return;

	/* Private copy, exactly as long as the packet, so ASan sees overreads. */
	plen = be16_to_cpu(hdr->len);
	copy = malloc(sizeof(*hdr) + plen);
	if (!copy)
		abort();
	memcpy(copy, data, sizeof(*hdr) + plen);
	h = (struct pilot_hdr *)copy;

	if (ret >= 0) {
		/* the encoder writes back exactly what was accepted */
		pilot_hdr_seal(h, h + 1);
		if (memcmp(copy, data, sizeof(*hdr) + plen))
			FAIL("re-sealing an accepted packet changed it");
		/* CRC-32 finds every single-bit error: flip one, not in len */
		nbits = (sizeof(*hdr) + plen) * 8 - 16;
		bit = (data[len - 1] * 131u + len) % nbits;
		if (bit >= offsetof(struct pilot_hdr, len) * 8)
			bit += 16;
		copy[bit / 8] ^= 1u << (bit % 8);
		if (pilot_packet_check(copy, sizeof(*hdr) + plen) >= 0)
			FAIL("a flipped bit went unnoticed");
	} else {
		/* whatever the sender seals, the receiver takes */
		h->ver_flags = (PILOT_PACKET_VERSION << 4) | (h->ver_flags & 0xf);
		pilot_hdr_seal(h, h + 1);
		if (pilot_packet_check(copy, sizeof(*hdr) + plen) != (int)plen)
			FAIL("a sealed packet was refused");
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u32 magic;

	/* the bytes as they are, as any checker could be handed them */
	check_one(data, size);
	if (size < 1 || data[0] < PILOT_BEACON_TYPE_END || size < PILOT_MAGIC_LEN)
		return 0;
	magic = (u32)data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3];
	switch (magic) {
	case PILOT_MAGIC_PILT:
		check_one(data + PILOT_MAGIC_LEN, size - PILOT_MAGIC_LEN);
		break;
	case PILOT_MAGIC_PILS:
		/* what AES-GCM would open: between the nonce and the tag */
		if (size >= PILOT_PILS_MIN_LEN)
			check_one(data + PILOT_PILS_HEADER_LEN,
				  size - PILOT_PILS_OVERHEAD);
		break;
	default:
		/* PILK, PILA, PILP, PILF, the rest: nothing in packet.c */
		break;
	}
	return 0;
}
