// SPDX-License-Identifier: GPL-2.0
/*
 * xfer: one TCP transfer of random bytes, hashed at both ends, for the
 * fault tests (faults.sh). Nothing lost, nothing corrupted, nothing added
 * means the same byte count and the same SHA-256 on both sides.
 *
 *   xfer recv -p PORT [-r READY] [-P PROGRESS] [-t SECONDS]
 *	listens on every address (IPv4 and IPv6) at PORT, creates READY once
 *	it does, takes one connection and reads it to its end, then prints
 *	"received BYTES SHA256 SECONDS". PROGRESS holds the count received
 *	so far (a 20-digit number, rewritten every 64 KiB).
 *   xfer send -a ADDR -p PORT -b BYTES [-t SECONDS]
 *	connects, sends BYTES fresh random bytes, shuts its side down and
 *	waits for the receiver to close (so it has read everything), then
 *	prints "sent BYTES SHA256 SECONDS".
 *
 * Either gives up after SECONDS (default 300), saying how far it got, and
 * exits 1 on any failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#define CHUNK		65536

static volatile sig_atomic_t timed_out;
static unsigned long long moved;
static int progress_fd = -1;

static void on_alarm(int sig)
{
	timed_out = 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: xfer recv -p PORT [-r READY] [-P PROGRESS] [-t SECONDS]\n"
		"       xfer send -a ADDR -p PORT -b BYTES [-t SECONDS]\n");
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(const char *what)
{
	if (timed_out)
		fprintf(stderr, "xfer: timed out after %llu bytes\n", moved);
	else
		fprintf(stderr, "xfer: %s after %llu bytes: %s\n", what, moved,
			strerror(errno));
	return 1;
}

static void report_progress(void)
{
	char buf[22];

	if (progress_fd < 0)
		return;
	snprintf(buf, sizeof(buf), "%020llu\n", moved);
	if (pwrite(progress_fd, buf, 21, 0) != 21)
		perror("xfer: progress");
}

static void print_result(const char *verb, crypto_hash_sha256_state *st,
			 double t0)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof(h) + 1];

	crypto_hash_sha256_final(st, h);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	printf("%s %llu %s %.2f\n", verb, moved, hex, now() - t0);
}

static int do_recv(const char *port, const char *ready, const char *progress)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	static unsigned char buf[CHUNK];
	unsigned long long mark = 0;
	crypto_hash_sha256_state st;
	int s, c, off = 0, one = 1;
	double t0;
	ssize_t n;

	a.sin6_port = htons(atoi(port));
	s = socket(AF_INET6, SOCK_STREAM, 0);
	if (s < 0 ||
	    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 1))
		return fail("listen");
	if (progress) {
		progress_fd = open(progress, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (progress_fd < 0)
			return fail(progress);
		report_progress();
	}
	if (ready && close(open(ready, O_WRONLY | O_CREAT, 0644)))
		return fail(ready);
	c = accept(s, NULL, NULL);
	if (c < 0)
		return fail("accept");
	close(s);
	t0 = now();
	crypto_hash_sha256_init(&st);
	while ((n = read(c, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR && !timed_out)
				continue;
			return fail("read");
		}
		crypto_hash_sha256_update(&st, buf, n);
		moved += n;
		if (moved - mark >= CHUNK) {
			mark = moved;
			report_progress();
		}
	}
	report_progress();
	close(c);
	print_result("received", &st, t0);
	return 0;
}

static int connect_to(const char *addr, const char *port)
{
	struct addrinfo hints = {
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
	};
	struct addrinfo *ai;
	int s, err;

	err = getaddrinfo(addr, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "xfer: %s: %s\n", addr, gai_strerror(err));
		return -1;
	}
	s = socket(ai->ai_family, SOCK_STREAM, 0);
	if (s >= 0 && connect(s, ai->ai_addr, ai->ai_addrlen)) {
		close(s);
		s = -1;
	}
	freeaddrinfo(ai);
	return s;
}

static int do_send(const char *addr, const char *port, unsigned long long bytes)
{
	static unsigned char buf[CHUNK];
	crypto_hash_sha256_state st;
	size_t len, off;
	double t0;
	ssize_t n;
	int s;

	s = connect_to(addr, port);
	if (s < 0)
		return fail("connect");
	t0 = now();
	crypto_hash_sha256_init(&st);
	while (moved < bytes) {
		len = bytes - moved < CHUNK ? bytes - moved : CHUNK;
		randombytes_buf(buf, len);
		crypto_hash_sha256_update(&st, buf, len);
		for (off = 0; off < len; off += n) {
			n = write(s, buf + off, len - off);
			if (n < 0) {
				if (errno == EINTR && !timed_out) {
					n = 0;
					continue;
				}
				return fail("write");
			}
			moved += n;
		}
	}
	if (shutdown(s, SHUT_WR))
		return fail("shutdown");
	/* the receiver closes once it has read our end: all of it is there */
	while ((n = read(s, buf, sizeof(buf))) != 0) {
		if (n > 0) {
			errno = EPROTO;
			return fail("unexpected data from the receiver");
		}
		if (errno != EINTR || timed_out)
			return fail("waiting for the receiver");
	}
	close(s);
	print_result("sent", &st, t0);
	return 0;
}

int main(int argc, char **argv)
{
	const char *addr = NULL, *port = NULL, *ready = NULL, *progress = NULL;
	struct sigaction sa = { .sa_handler = on_alarm };
	unsigned long long bytes = 0;
	unsigned int limit = 300;
	const char *mode;
	int c;

	if (argc < 2)
		usage();
	mode = argv[1];
	optind = 2;
	while ((c = getopt(argc, argv, "a:p:b:r:P:t:")) != -1) {
		switch (c) {
		case 'a':
			addr = optarg;
			break;
		case 'p':
			port = optarg;
			break;
		case 'b':
			bytes = strtoull(optarg, NULL, 0);
			break;
		case 'r':
			ready = optarg;
			break;
		case 'P':
			progress = optarg;
			break;
		case 't':
			limit = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (!port || optind != argc || sodium_init() < 0)
		usage();
	/* no SA_RESTART: a blocked read or write returns to see the flag */
	sigaction(SIGALRM, &sa, NULL);
	alarm(limit);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "recv"))
		return do_recv(port, ready, progress);
	if (!strcmp(mode, "send") && addr && bytes)
		return do_send(addr, port, bytes);
	usage();
	return 2;
}
