// SPDX-License-Identifier: GPL-2.0
/*
 * Raw Pilot packets through a pilot device's packet socket, the way a
 * userspace Pilot stack uses pilot0:
 *
 *   pilot_raw send DEV NET SRC DST PORT TEXT   send a Pilot datagram
 *   pilot_raw recv DEV TIMEOUT_MS              print the next one:
 *                                              "SRC DST PORT TEXT"
 *
 * Exit status 0 on success, 1 on failure (with a message), 2 on timeout.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/pilot.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

struct pilot_hdr {
	uint8_t ver_flags;
	uint8_t proto;
	uint16_t len;
	uint16_t src_net;
	uint32_t src_node;
	uint16_t dst_net;
	uint32_t dst_node;
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint16_t window;
	uint32_t csum;
} __attribute__((packed));

static int open_socket(const char *dev, struct sockaddr_ll *sll)
{
	int fd = socket(AF_PACKET, SOCK_DGRAM, htons(PILOT_ETHERTYPE));

	if (fd < 0) {
		perror("socket");
		exit(1);
	}
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = htons(PILOT_ETHERTYPE);
	sll->sll_ifindex = if_nametoindex(dev);
	if (!sll->sll_ifindex || bind(fd, (struct sockaddr *)sll, sizeof(*sll))) {
		fprintf(stderr, "pilot_raw: %s: %s\n", dev, strerror(errno));
		exit(1);
	}
	return fd;
}

static uint32_t packet_crc(struct pilot_hdr *h, const void *payload, size_t len)
{
	uint32_t saved = h->csum, crc;

	h->csum = 0;
	crc = crc32(0, (const Bytef *)h, sizeof(*h));
	crc = crc32(crc, payload, len);
	h->csum = saved;
	return crc;
}

static int do_send(char **argv)
{
	unsigned char buf[sizeof(struct pilot_hdr) + 1500];
	struct pilot_hdr *h = (struct pilot_hdr *)buf;
	size_t len = strlen(argv[6]);
	struct sockaddr_ll sll;
	int fd = open_socket(argv[1], &sll);

	if (len > 1500)
		return 1;
	memset(h, 0, sizeof(*h));
	h->ver_flags = 0x10;
	h->proto = 2;	/* datagram */
	h->len = htons(len);
	h->src_net = h->dst_net = htons(atoi(argv[2]));
	h->src_node = htonl(strtoul(argv[3], NULL, 0));
	h->dst_node = htonl(strtoul(argv[4], NULL, 0));
	h->sport = h->dport = htons(atoi(argv[5]));
	memcpy(h + 1, argv[6], len);
	h->csum = htonl(packet_crc(h, h + 1, len));
	if (sendto(fd, buf, sizeof(*h) + len, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("pilot_raw: send");
		return 1;
	}
	return 0;
}

static int do_recv(char **argv)
{
	unsigned char buf[65536];
	struct pilot_hdr *h = (struct pilot_hdr *)buf;
	struct sockaddr_ll sll;
	int fd = open_socket(argv[1], &sll);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;
	size_t len;

	if (poll(&p, 1, atoi(argv[2])) != 1)
		return 2;
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n < (ssize_t)sizeof(*h)) {
		fprintf(stderr, "pilot_raw: short packet (%zd bytes)\n", n);
		return 1;
	}
	len = ntohs(h->len);
	if ((size_t)n != sizeof(*h) + len || ntohl(h->csum) != packet_crc(h, h + 1, len)) {
		fprintf(stderr, "pilot_raw: bad packet (%zd bytes, length %zu)\n", n, len);
		return 1;
	}
	buf[n] = 0;
	printf("%u %u %u %s\n", ntohl(h->src_node), ntohl(h->dst_node), ntohs(h->dport),
	       (char *)(h + 1));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 8 && !strcmp(argv[1], "send"))
		return do_send(argv + 1);
	if (argc == 4 && !strcmp(argv[1], "recv"))
		return do_recv(argv + 1);
	fprintf(stderr, "usage: pilot_raw send DEV NET SRC DST PORT TEXT\n"
			"       pilot_raw recv DEV TIMEOUT_MS\n");
	return 1;
}
