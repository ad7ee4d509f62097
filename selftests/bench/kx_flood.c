// SPDX-License-Identifier: GPL-2.0
/*
 * kx_flood: many Pilot nodes starting PILK key exchanges with one kernel
 * node at once, for the benchmark (selftests/bench/bench.sh). Node i has
 * node ID FIRST + i, a random X25519 public key (the kernel's scalar
 * multiplication costs the same for any), and the endpoint
 * (SRC + i % SOURCES, 5000 + i / SOURCES): its own address and port, so
 * that the kernel's answer (a PILK, which does not name the node it
 * answers) tells which node it is for. Source addresses are taken with
 * IP_PKTINFO; the namespace routes SRC's range to itself (a local route).
 *
 * At most WINDOW exchanges are outstanding (started, not answered, not
 * given up); one unanswered after a second is sent again (three times in
 * all), and given up a second after its last try. An answered node sends its PILK once
 * more, with the same key, so that the kernel stops retransmitting its
 * answer (spec 7.5: a same-key PILK clears the pending re-key).
 *
 * Prints "sent S replies R answered A seconds T rate X retransmits N":
 * frames sent, answers received, nodes answered, the seconds from the first
 * frame to the last answer and A / T. Exits 0 when every node was answered
 * (with --any, whatever was answered).
 *
 * usage: kx_flood --peer ADDR:PORT --src ADDR --sources S --nodes N
 *                 [--first NODE] [--window W] [--timeout MS] [--once] [--any]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PILK_LEN	40
#define BASE_PORT	5000
#define MAX_PORTS	64
#define TRIES		3

struct node {
	uint8_t key[32];
	double sent_at;
	uint8_t tries;
	bool answered;
	bool given_up;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr, "usage: kx_flood --peer ADDR:PORT --src ADDR --sources S --nodes N\n"
		"                [--first NODE] [--window W] [--timeout MS] [--once] [--any]\n");
	exit(2);
}

static int socks[MAX_PORTS];
static struct sockaddr_in peer;
static uint32_t src_base, first_node = 100000;
static unsigned int sources, nports;

static int send_pilk(unsigned int i, const struct node *n)
{
	uint8_t frame[PILK_LEN] = { 'P', 'I', 'L', 'K' };
	uint32_t id = htonl(first_node + i);
	char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))] = { 0 };
	struct iovec iov = { frame, sizeof(frame) };
	struct msghdr msg = {
		.msg_name = &peer, .msg_namelen = sizeof(peer),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	struct in_pktinfo pi = { 0 };

	memcpy(frame + 4, &id, 4);
	memcpy(frame + 8, n->key, 32);
	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	pi.ipi_spec_dst.s_addr = htonl(src_base + i % sources);
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	if (sendmsg(socks[i / sources], &msg, 0) < 0 && errno != EAGAIN) {
		perror("sendmsg");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "peer", required_argument, NULL, 'p' },
		{ "src", required_argument, NULL, 's' },
		{ "sources", required_argument, NULL, 'S' },
		{ "nodes", required_argument, NULL, 'n' },
		{ "first", required_argument, NULL, 'f' },
		{ "window", required_argument, NULL, 'w' },
		{ "timeout", required_argument, NULL, 't' },
		{ "once", no_argument, NULL, 'o' },
		{ "any", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned int nnodes = 0, window = 64, timeout_ms = 5000, i, next = 0;
	unsigned long sent = 0, replies = 0, answered = 0, retrans = 0, given_up = 0;
	bool once = false, any = false;
	double start = 0, last = 0, progress;
	struct pollfd pfd[MAX_PORTS];
	struct node *nodes;
	struct in_addr a;
	char *colon;
	int c, fd, on = 1;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			colon = strrchr(optarg, ':');
			if (!colon)
				usage();
			*colon = 0;
			peer.sin_family = AF_INET;
			peer.sin_port = htons(atoi(colon + 1));
			if (inet_pton(AF_INET, optarg, &peer.sin_addr) != 1)
				usage();
			break;
		case 's':
			if (inet_pton(AF_INET, optarg, &a) != 1)
				usage();
			src_base = ntohl(a.s_addr);
			break;
		case 'S': sources = atoi(optarg); break;
		case 'n': nnodes = atoi(optarg); break;
		case 'f': first_node = strtoul(optarg, NULL, 0); break;
		case 'w': window = atoi(optarg); break;
		case 't': timeout_ms = atoi(optarg); break;
		case 'o': once = true; break;
		case 'a': any = true; break;
		default: usage();
		}
	}
	if (!peer.sin_port || !src_base || !sources || !nnodes || !window)
		usage();
	nports = (nnodes + sources - 1) / sources;
	if (nports > MAX_PORTS) {
		fprintf(stderr, "kx_flood: more than %d nodes a source address\n", MAX_PORTS);
		return 2;
	}
	nodes = calloc(nnodes, sizeof(*nodes));
	fd = open("/dev/urandom", O_RDONLY);
	if (!nodes || fd < 0) {
		perror("kx_flood");
		return 1;
	}
	for (i = 0; i < nnodes; i++)
		if (read(fd, nodes[i].key, 32) != 32) {
			perror("/dev/urandom");
			return 1;
		}
	close(fd);
	for (i = 0; i < nports; i++) {
		struct sockaddr_in sin = { .sin_family = AF_INET,
					   .sin_port = htons(BASE_PORT + i) };
		int rcvbuf = 4 << 20;

		socks[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		if (socks[i] < 0 ||
		    setsockopt(socks[i], IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) ||
		    setsockopt(socks[i], SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) ||
		    bind(socks[i], (struct sockaddr *)&sin, sizeof(sin))) {
			perror("kx_flood: socket");
			return 1;
		}
		pfd[i].fd = socks[i];
		pfd[i].events = POLLIN;
	}

	progress = start = now();
	while (answered < nnodes) {
		double t = now();

		/*
		 * new exchanges, up to the window; an answered node's second
		 * PILK and the retransmits take no place in it
		 */
		while (next < nnodes && next - answered - given_up < window) {
			if (send_pilk(next, &nodes[next]))
				return 1;
			nodes[next].sent_at = t;
			nodes[next].tries = 1;
			next++;
			sent++;
		}
		/* retransmits */
		for (i = 0; !once && i < next; i++) {
			struct node *n = &nodes[i];

			if (n->answered || n->given_up || t - n->sent_at < 1.0)
				continue;
			if (n->tries >= TRIES) {
				n->given_up = true;
				given_up++;
				continue;
			}
			if (send_pilk(i, n))
				return 1;
			n->sent_at = t;
			n->tries++;
			sent++;
			retrans++;
		}
		if (t - progress > timeout_ms / 1000.0)
			break;
		if (poll(pfd, nports, 10) <= 0)
			continue;
		for (i = 0; i < nports; i++) {
			uint8_t buf[256];
			char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
			struct sockaddr_in from;
			struct iovec iov = { buf, sizeof(buf) };
			struct msghdr msg = {
				.msg_name = &from, .msg_namelen = sizeof(from),
				.msg_iov = &iov, .msg_iovlen = 1,
				.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
			};
			struct cmsghdr *cm;
			ssize_t len;

			while ((len = recvmsg(socks[i], &msg, 0)) >= 0) {
				unsigned int idx = UINT32_MAX;

				for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
					struct in_pktinfo pi;

					if (cm->cmsg_level != IPPROTO_IP || cm->cmsg_type != IP_PKTINFO)
						continue;
					memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
					idx = ntohl(pi.ipi_addr.s_addr) - src_base + i * sources;
				}
				msg.msg_namelen = sizeof(from);
				msg.msg_controllen = sizeof(cbuf);
				if (len < PILK_LEN || (memcmp(buf, "PILK", 4) && memcmp(buf, "PILA", 4)))
					continue;
				replies++;
				last = progress = now();
				if (idx >= nnodes || nodes[idx].answered)
					continue;
				nodes[idx].answered = true;
				answered++;
				if (nodes[idx].given_up) {	/* a late answer */
					nodes[idx].given_up = false;
					given_up--;
				}
				if (once)
					continue;
				if (send_pilk(idx, &nodes[idx]))
					return 1;
				sent++;
			}
		}
	}
	printf("sent %lu replies %lu answered %lu seconds %.3f rate %.1f retransmits %lu\n",
	       sent, replies, answered, last > start ? last - start : 0,
	       last > start ? answered / (last - start) : 0, retrans);
	return answered == nnodes || any ? 0 : 1;
}
