// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of kernel/packet.c, compiled from the module's own
 * source with sanitizers.
 */
#include <stdlib.h>
#include <zlib.h>

#include "kselftest_harness.h"
#include "../../kernel/packet.h"

/* The module's self-test: the spec's vectors (kernel/selftest/packet.c). */
TEST(vectors)
{
	ASSERT_TRUE(pilot_packet_selftest());
}

/* The checksum is zlib's CRC-32 of the header, zeroed checksum, payload. */
TEST(checksum_is_zlib_crc32)
{
	u8 buf[34 + 100];
	struct pilot_hdr *hdr = (struct pilot_hdr *)buf;
	unsigned int i;

	srandom(2);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = random();
	hdr->len = cpu_to_be16(100);
	hdr->ver_flags = 0x10;
	pilot_hdr_seal(hdr, buf + 34);
	ASSERT_EQ(100, pilot_packet_check(buf, sizeof(buf)));
	{
		u32 want = be32_to_cpu(hdr->csum);

		hdr->csum = 0;
		ASSERT_EQ(want, (u32)crc32(0, buf, sizeof(buf)));
	}
}

/* Random bytes are never taken for a packet unless their checksum holds. */
TEST(random_input_refused)
{
	u8 buf[64];
	unsigned int i, j, accepted = 0;

	srandom(3);
	for (i = 0; i < 100000; i++) {
		for (j = 0; j < sizeof(buf); j++)
			buf[j] = random();
		buf[0] = 0x10;
		buf[2] = 0;
		buf[3] = random() % 31;
		if (pilot_packet_check(buf, random() % sizeof(buf)) >= 0)
			accepted++;
	}
	ASSERT_EQ(0U, accepted);
}

TEST_HARNESS_MAIN
