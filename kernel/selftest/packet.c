// SPDX-License-Identifier: GPL-2.0
/*
 * Pilot packet vectors of the spec (section 12.2): headers built from
 * their fields must match byte for byte, pass the receiver's checks, and
 * fail them once damaged. Included at the end of packet.c in debug builds
 * and compiled into the host unit tests.
 */

struct packet_vector {
	struct pilot_hdr hdr;
	const char *payload;
	u8 wire[34 + 8];
};

#define HDR(vf, pr, ln, sn, sd, dn, dd, sp, dp, sq, ak, wn) {		\
	.ver_flags = (vf), .proto = (pr), .len = cpu_to_be16(ln),	\
	.src_net = cpu_to_be16(sn), .src_node = cpu_to_be32(sd),	\
	.dst_net = cpu_to_be16(dn), .dst_node = cpu_to_be32(dd),	\
	.sport = cpu_to_be16(sp), .dport = cpu_to_be16(dp),		\
	.seq = cpu_to_be32(sq), .ack = cpu_to_be32(ak),			\
	.window = cpu_to_be16(wn) }

static const struct packet_vector packet_vectors[] __initconst = {
	{	/* SYN, 0:0000.0000.0001 port 49152 -> ...0002 port 1000 */
		HDR(0x11, 0x01, 0, 0, 1, 0, 2, 49152, 1000, 0, 0, 512), "",
		{ 0x11, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		  0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xc0, 0x00, 0x03, 0xe8,
		  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
		  0x14, 0x5e, 0xd8, 0x74 },
	},
	{	/* data, ACK, "hello" */
		HDR(0x12, 0x01, 5, 0, 1, 0, 2, 49152, 1000, 1, 1, 502), "hello",
		{ 0x12, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		  0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xc0, 0x00, 0x03, 0xe8,
		  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0xf6,
		  0x5e, 0xe8, 0x72, 0xc8, 'h', 'e', 'l', 'l', 'o' },
	},
	{	/* keepalive from node 0x11111111 */
		HDR(0x10, 0x03, 0, 0, 0x11111111, 0, 0, 0, 0, 0, 0, 0), "",
		{ 0x10, 0x03, 0x00, 0x00, 0x00, 0x00, 0x11, 0x11, 0x11, 0x11,
		  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		  0xa5, 0x11, 0x12, 0xca },
	},
	{	/* keepalive from node 0x22222222 */
		HDR(0x10, 0x03, 0, 0, 0x22222222, 0, 0, 0, 0, 0, 0, 0), "",
		{ 0x10, 0x03, 0x00, 0x00, 0x00, 0x00, 0x22, 0x22, 0x22, 0x22,
		  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		  0xd1, 0x22, 0x6e, 0x71 },
	},
};

#undef HDR

/**
 * pilot_packet_selftest - check the header code against the spec's vectors
 *
 * Return: true when every vector is built, accepted and, once damaged,
 * refused as it should be.
 */
bool __init pilot_packet_selftest(void)
{
	const struct packet_vector *v;
	u8 buf[sizeof(v->wire)];
	struct pilot_hdr hdr;
	unsigned int i;
	size_t len;
	bool ok = true;

	for (i = 0; i < ARRAY_SIZE(packet_vectors); i++) {
		v = &packet_vectors[i];
		len = sizeof(hdr) + be16_to_cpu(v->hdr.len);
		hdr = v->hdr;
		pilot_hdr_seal(&hdr, v->payload);
		memcpy(buf, &hdr, sizeof(hdr));
		memcpy(buf + sizeof(hdr), v->payload, be16_to_cpu(hdr.len));
		if (memcmp(buf, v->wire, len) ||
		    pilot_packet_check(v->wire, len) != (int)be16_to_cpu(hdr.len) ||
		    pilot_packet_check(v->wire, len - 1) != -EMSGSIZE) {
			pr_err("packet self-test %u: built or checked wrong\n", i + 1);
			ok = false;
		}
		buf[len - 1] ^= 1;
		if (pilot_packet_check(buf, len) != -EBADMSG) {
			pr_err("packet self-test %u: damage not seen\n", i + 1);
			ok = false;
		}
		buf[len - 1] ^= 1;
		buf[0] = 0x20 | (buf[0] & 0xf);
		if (pilot_packet_check(buf, len) != -EPROTO) {
			pr_err("packet self-test %u: version not checked\n", i + 1);
			ok = false;
		}
	}
	return ok;
}
