// SPDX-License-Identifier: GPL-2.0
/*
 * pilot_peer: a second, userspace Pilot tunnel endpoint written from the
 * protocol spec (../shared/spec/pilot-tunnel.md), for the kernel tests.
 *
 * One process is one Pilot node (node ID N) with one UDP socket, talking
 * to one kernel node (node ID M). It runs the PILK key exchange as a Go
 * daemon without identity would (PILA, as one with an identity, when given
 * --identity-seed), then one scenario, and prints TAP:
 *
 *   handshake  PILK out, the kernel's PILK back, the key derived
 *   echo       ICMP echoes inside PILS frames, both ways checked
 *   tcp        the kernel's TCP segments (one GSO packet cut up) and UDP
 *              datagrams: sizes, order and checksums
 *   attack     replays, forgeries, truncations, spoofs, stray frames;
 *              after each, a fresh echo shows the session is intact
 *   spray      PILK frames from random node IDs (nothing answers them)
 *   fragments  an echo too long for one datagram, sent as PILF pieces
 *   raw        a non-IP Pilot datagram each way (packet sockets there)
 *   auth       PILA faults: forged and foreign signatures, truncated,
 *              zero, unknown and unregistered senders, a trailer, a
 *              replayed old PILA, a PILK from a registered node
 *   keyrequest the kernel's PILA retransmits, with their key request
 *   lengths    every kind of frame (and random bytes) at every length 0..200
 *   replay     replay storms; counters up to 2^64-1; the replay gate
 *   spoof      packets in our session claiming another node as sender
 *   flood      PILK frames from random node IDs and source addresses
 *   pila-flood PILA frames with junk signatures from random sources
 *   selftest   the crypto and wire code against the spec's vectors (12.2)
 *
 * Two helpers for secrets.sh, which searches every output of the module
 * and the tools for key material: "session-key" prints, in hex, the key
 * derived from a private key and a peer's public key (both base64), and
 * "identity-file" the identity.json of --identity-seed.
 *
 * and two helpers for the node's side of "raw": "sniff" waits for a Pilot
 * packet on a device's packet socket, "inject" writes one.
 *
 * With --expect FILE, the frames the kernel should drop are written there
 * as "reason<TAB>count" lines, every reason a received frame can be
 * dropped for, in the order of the uapi enum (the format of "pilot show
 * DEV drops"), for the shell tests to compare; then, when some drops may
 * fall under one of two reasons, a line "replay|no-key<TAB>count".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <zlib.h>

#include <linux/pilot.h>

#include "pilot_nl.h"

/* Wire constants (spec 1, 2). */
#define MAGIC_PILS	0x50494c53u
#define MAGIC_PILK	0x50494c4bu
#define MAGIC_PILA	0x50494c41u
#define MAGIC_PILT	0x50494c54u
#define MAGIC_PILP	0x50494c50u
#define MAGIC_PILF	0x50494c46u
#define PILK_LEN	40
#define PILA_LEN	136
#define PILS_HDR	20		/* magic, sender, nonce */
#define TAG_LEN		16
#define PILS_MIN	(PILS_HDR + TAG_LEN)
#define HDR_LEN		34		/* Pilot packet header */
#define FRAG_HDR	14
#define FRAG_MAX_FRAME	1223
#define FRAG_MAX_PAYLOAD (FRAG_MAX_FRAME - FRAG_HDR)
#define FRAG_MAX_COUNT	64
#define PROTO_STREAM	1
#define PROTO_DATAGRAM	2
#define PROTO_CONTROL	3
#define MAX_FRAME	(FRAG_MAX_COUNT * FRAG_MAX_PAYLOAD)
#define HKDF_INFO	"pilot-tunnel-v1"
#define RAW_PORT	1000		/* the "raw" scenario's Pilot port */


/* ---- TAP ---------------------------------------------------------------- */

static int tap_n, tap_failed;

static bool tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		tap_failed++;
	return ok;
}

static void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

/* ---- bytes -------------------------------------------------------------- */

static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v); }
static void put64(uint8_t *p, uint64_t v) { put32(p, v >> 32); put32(p + 4, v); }
static uint16_t get16(const uint8_t *p) { return p[0] << 8 | p[1]; }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }
static uint64_t get64(const uint8_t *p) { return (uint64_t)get32(p) << 32 | get32(p + 4); }

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static size_t unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = 0;

	if (sodium_hex2bin(out, cap, hex, strlen(hex), NULL, &n, NULL))
		return 0;
	return n;
}

/* ---- crypto (spec 3, 4, 5) ---------------------------------------------- */

/* HKDF-SHA256, no salt, info "pilot-tunnel-v1", one 32-byte block (3.2). */
static void hkdf(uint8_t key[32], uint8_t prk_out[32], const uint8_t shared[32])
{
	crypto_auth_hmacsha256_state st;
	uint8_t prk[32], one = 1;

	crypto_auth_hmacsha256_init(&st, (const uint8_t *)"", 0);
	crypto_auth_hmacsha256_update(&st, shared, 32);
	crypto_auth_hmacsha256_final(&st, prk);
	crypto_auth_hmacsha256_init(&st, prk, sizeof(prk));
	crypto_auth_hmacsha256_update(&st, (const uint8_t *)HKDF_INFO, strlen(HKDF_INFO));
	crypto_auth_hmacsha256_update(&st, &one, 1);
	crypto_auth_hmacsha256_final(&st, key);
	if (prk_out)
		memcpy(prk_out, prk, sizeof(prk));
	sodium_memzero(prk, sizeof(prk));
	sodium_memzero(&st, sizeof(st));
}

/* The session key with a peer; -1 for a low-order peer key (all-zero X25519). */
static int derive(uint8_t key[32], const uint8_t priv[32], const uint8_t peer_pub[32])
{
	uint8_t shared[32];

	if (crypto_scalarmult(shared, priv, peer_pub))
		return -1;
	hkdf(key, NULL, shared);
	sodium_memzero(shared, sizeof(shared));
	return 0;
}

/* A PILS frame from @sender: nonce = @prefix || @counter, AAD = @sender (4.2). */
static size_t seal(uint8_t *frame, const uint8_t key[32], uint32_t sender,
		   const uint8_t prefix[4], uint64_t counter, const uint8_t *pt, size_t len)
{
	unsigned long long clen;

	put32(frame, MAGIC_PILS);
	put32(frame + 4, sender);
	memcpy(frame + 8, prefix, 4);
	put64(frame + 12, counter);
	crypto_aead_aes256gcm_encrypt(frame + PILS_HDR, &clen, pt, len, frame + 4, 4,
				      NULL, frame + 8, key);
	return PILS_HDR + clen;
}

/* Open a PILS frame into @pt; the plaintext length, or -1 (5.1). */
static long open_frame(uint8_t *pt, const uint8_t key[32], const uint8_t *frame, size_t len)
{
	unsigned long long plen;

	if (len < PILS_MIN)
		return -1;
	if (crypto_aead_aes256gcm_decrypt(pt, &plen, NULL, frame + PILS_HDR, len - PILS_HDR,
					  frame + 4, 4, frame + 8, key))
		return -1;
	return plen;
}

/* The receive window of 5.2/5.3: 256 counters below the highest seen. */
struct window {
	uint64_t max;
	uint64_t bits[4];
};

enum verdict { ACCEPT, REPLAY, OUTSIDE };

static bool wbit(const struct window *w, uint64_t c)
{
	return w->bits[c % 256 / 64] >> (c % 64) & 1;
}

static void wset(struct window *w, uint64_t c, bool on)
{
	uint64_t m = 1ULL << (c % 64);

	if (on)
		w->bits[c % 256 / 64] |= m;
	else
		w->bits[c % 256 / 64] &= ~m;
}

static enum verdict window_record(struct window *w, uint64_t c)
{
	uint64_t d, s;

	if (w->max == 0 || c > w->max) {
		d = w->max ? c - w->max : 256;
		if (d >= 256)
			memset(w->bits, 0, sizeof(w->bits));
		else
			for (s = 0; s < d; s++)
				wset(w, c - s, false);
		w->max = c;
		wset(w, c, true);
		return ACCEPT;
	}
	if (w->max - c >= 256)
		return OUTSIDE;
	if (wbit(w, c))
		return REPLAY;
	wset(w, c, true);
	return ACCEPT;
}

/* ---- the Pilot packet (2.7) --------------------------------------------- */

struct pilot_addr {
	uint16_t net;
	uint32_t node;
};

static uint32_t pilot_crc(const uint8_t *pkt, size_t len)
{
	static const uint8_t zero[4];
	uLong crc = crc32(0, pkt, 30);

	crc = crc32(crc, zero, 4);
	return crc32(crc, pkt + HDR_LEN, len - HDR_LEN);
}

/* A Pilot packet in @pkt: header, then @len payload bytes copied from @payload
 * (unless it already sits at pkt + HDR_LEN). Returns the packet length.
 */
static size_t pilot_build(uint8_t *pkt, uint8_t proto, struct pilot_addr src,
			  struct pilot_addr dst, uint16_t sport, uint16_t dport,
			  const uint8_t *payload, size_t len)
{
	memset(pkt, 0, HDR_LEN);
	pkt[0] = 1 << 4;
	pkt[1] = proto;
	put16(pkt + 2, len);
	put16(pkt + 4, src.net);
	put32(pkt + 6, src.node);
	put16(pkt + 10, dst.net);
	put32(pkt + 12, dst.node);
	put16(pkt + 16, sport);
	put16(pkt + 18, dport);
	if (payload && payload != pkt + HDR_LEN)
		memcpy(pkt + HDR_LEN, payload, len);
	put32(pkt + 30, pilot_crc(pkt, HDR_LEN + len));
	return HDR_LEN + len;
}

/* The decoder's rules (2.7); NULL when fine, else what is wrong. */
static const char *pilot_check(const uint8_t *pkt, size_t len)
{
	if (len < HDR_LEN)
		return "shorter than a header";
	if (len < HDR_LEN + (size_t)get16(pkt + 2))
		return "shorter than its payload length";
	if (pkt[0] >> 4 != 1)
		return "version is not 1";
	if (get32(pkt + 30) != pilot_crc(pkt, HDR_LEN + get16(pkt + 2)))
		return "bad CRC-32";
	return NULL;
}

/* ---- IP and ICMP echo ---------------------------------------------------- */

struct ip_pair {
	int family;			/* AF_INET or AF_INET6 */
	uint8_t local[16], remote[16];	/* overlay addresses */
};

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/*
 * The sum of the pseudo-header of an ICMPv6, TCP or UDP checksum. IPv4's
 * (zero, protocol, 16-bit length) and IPv6's (32-bit length, zeros, next
 * header) sum to the same words, so one tail serves both.
 */
static uint32_t pseudo_sum(int family, const uint8_t *src, const uint8_t *dst, uint8_t proto,
			   size_t len)
{
	size_t alen = family == AF_INET ? 4 : 16;
	uint8_t tail[8] = { 0 };

	put32(tail, len);
	tail[7] = proto;
	return csum_add(csum_add(csum_add(0, src, alen), dst, alen), tail, 8);
}

/* The ICMPv6 checksum: pseudo-header, then the message. */
static uint16_t icmp6_csum(const uint8_t *src, const uint8_t *dst, const uint8_t *msg, size_t len)
{
	return csum_fold(csum_add(pseudo_sum(AF_INET6, src, dst, IPPROTO_ICMPV6, len), msg, len));
}

/* An IP header from @src to @dst for @plen bytes of @proto; returns its length. */
static size_t ip_header(uint8_t *buf, int family, const uint8_t *src, const uint8_t *dst,
			uint8_t proto, size_t plen)
{
	if (family == AF_INET) {
		memset(buf, 0, 20);
		buf[0] = 0x45;
		put16(buf + 2, 20 + plen);
		buf[8] = 64;
		buf[9] = proto;
		memcpy(buf + 12, src, 4);
		memcpy(buf + 16, dst, 4);
		put16(buf + 10, csum_fold(csum_add(0, buf, 20)));
		return 20;
	}
	memset(buf, 0, 40);
	buf[0] = 0x60;
	put16(buf + 4, plen);
	buf[6] = proto;
	buf[7] = 64;
	memcpy(buf + 8, src, 16);
	memcpy(buf + 24, dst, 16);
	return 40;
}

static void fill_payload(uint8_t *p, size_t len, uint16_t seq)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + seq);
}

/* An ICMP echo request (or reply) from @src to @dst; returns its length. */
static size_t echo_build(uint8_t *buf, int family, const uint8_t *src, const uint8_t *dst,
			 bool reply, uint16_t id, uint16_t seq, size_t plen)
{
	size_t hlen = ip_header(buf, family, src, dst,
				family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6, 8 + plen);
	uint8_t *icmp = buf + hlen;

	if (family == AF_INET)
		icmp[0] = reply ? 0 : 8;
	else
		icmp[0] = reply ? 129 : 128;
	icmp[1] = 0;
	put16(icmp + 2, 0);
	put16(icmp + 4, id);
	put16(icmp + 6, seq);
	fill_payload(icmp + 8, plen, seq);
	if (family == AF_INET)
		put16(icmp + 2, csum_fold(csum_add(0, icmp, 8 + plen)));
	else
		put16(icmp + 2, icmp6_csum(src, dst, icmp, 8 + plen));
	return hlen + 8 + plen;
}

/* An echo reply from @src to @dst: its sequence number, or -1 with *why. */
static long echo_parse_reply(const uint8_t *ip, size_t len, int family, const uint8_t *src,
			     const uint8_t *dst, uint16_t id, const char **why)
{
	const uint8_t *icmp;
	size_t ilen;
	uint16_t seq;
	uint8_t want[8 + 65536];

	*why = NULL;
	if (family == AF_INET) {
		if (len < 28 || ip[0] != 0x45 || get16(ip + 2) != len || ip[9] != IPPROTO_ICMP)
			return *why = "not an IPv4 ICMP packet of its length", -1;
		if (csum_fold(csum_add(0, ip, 20)))
			return *why = "bad IPv4 header checksum", -1;
		if (memcmp(ip + 12, src, 4) || memcmp(ip + 16, dst, 4))
			return *why = "IPv4 addresses are not the pair's", -1;
		icmp = ip + 20;
		ilen = len - 20;
		if (icmp[0] != 0 || icmp[1] != 0)
			return *why = "not an ICMP echo reply", -1;
		if (csum_fold(csum_add(0, icmp, ilen)))
			return *why = "bad ICMP checksum", -1;
	} else {
		if (len < 48 || ip[0] >> 4 != 6 || get16(ip + 4) + 40u != len ||
		    ip[6] != IPPROTO_ICMPV6)
			return *why = "not an IPv6 ICMPv6 packet of its length", -1;
		if (memcmp(ip + 8, src, 16) || memcmp(ip + 24, dst, 16))
			return *why = "IPv6 addresses are not the pair's", -1;
		icmp = ip + 40;
		ilen = len - 40;
		if (icmp[0] != 129 || icmp[1] != 0)
			return *why = "not an ICMPv6 echo reply", -1;
		if (icmp6_csum(src, dst, icmp, ilen))
			return *why = "bad ICMPv6 checksum", -1;
	}
	if (get16(icmp + 4) != id)
		return *why = "another echo identifier", -1;
	seq = get16(icmp + 6);
	fill_payload(want, ilen - 8, seq);
	if (memcmp(icmp + 8, want, ilen - 8))
		return *why = "echo payload differs from the request's", -1;
	return seq;
}

/* ---- the node ------------------------------------------------------------ */

struct node {
	/* configuration */
	uint32_t id, peer_id;
	uint16_t net;
	struct sockaddr_storage bind, peer;
	socklen_t bind_len, peer_len;
	struct ip_pair ip;
	bool have_ip;
	bool not_echo;			/* IP packets from the kernel are not echo replies */
	uint8_t expect_key[32];
	bool check_key;
	bool auth;			/* PILA with this Ed25519 identity */
	uint8_t ed_pk[32], ed_sk[64];
	uint8_t peer_ed[32];		/* the kernel node's, to check its PILA */
	bool check_peer_ed;
	int timeout;
	unsigned int count, size;
	const char *expect_path;
	uint32_t src_base, src_size;	/* --sources: the pool, host order */
	uint32_t other_id;		/* --other-node: another real peer */
	uint8_t other_ip[16];		/* --other-addr: its overlay address */
	int other_family;
	bool have_other_ip;
	/* state */
	int spoof_fd;
	uint32_t src_next;
	int fd;
	uint8_t priv[32], pub[32], peer_pub[32], key[32];
	bool keyed;
	uint8_t prefix[4];		/* our send epoch */
	uint64_t counter;		/* last counter sent */
	unsigned int epochs;		/* send epochs of this session */
	uint8_t rx_prefix[4];		/* the kernel's send epoch */
	bool rx_prefix_set;
	struct window rx;
	uint64_t rx_frames;		/* PILS frames opened */
	uint64_t first_rx_counter;
	uint32_t frag_id;
	uint16_t echo_id, seq;
	uint8_t *answered;		/* echo replies seen, by sequence */
	uint8_t *forbidden;		/* sequences the kernel must not answer */
	unsigned int violations;	/* answers to those */
	unsigned long expect[PILOT_DROP_REASON_MAX + 1];
	unsigned long expect_replay_or_no_key;	/* either, the kernel's choice */
	/* partial PILF frame from the kernel */
	uint32_t rf_id;
	unsigned int rf_count, rf_have;
	size_t rf_len[FRAG_MAX_COUNT];
	uint8_t rf_data[FRAG_MAX_COUNT][FRAG_MAX_PAYLOAD];
};

static void bit_set(uint8_t *map, uint16_t i) { map[i / 8] |= 1 << (i % 8); }
static bool bit_get(const uint8_t *map, uint16_t i) { return map[i / 8] >> (i % 8) & 1; }
static void bit_clear(uint8_t *map, uint16_t i) { map[i / 8] &= ~(1 << (i % 8)); }

static int parse_endpoint(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(s, ':');
	size_t hl;
	long port;

	if (!colon || colon == s)
		return -1;
	port = strtol(colon + 1, NULL, 10);
	hl = colon - s;
	if (s[0] == '[' && s[hl - 1] == ']') {
		s++;
		hl -= 2;
	}
	if (port <= 0 || port > 65535 || hl >= sizeof(host))
		return -1;
	memcpy(host, s, hl);
	host[hl] = 0;
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return 0;
	}
	return -1;
}

/* A.B.C.D/LEN: the first address and the size of the block (host order). */
static int parse_prefix(const char *s, uint32_t *base, uint32_t *size)
{
	char a[INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	struct in_addr in;
	long len;

	if (!slash || (size_t)(slash - s) >= sizeof(a))
		return -1;
	memcpy(a, s, slash - s);
	a[slash - s] = 0;
	len = strtol(slash + 1, NULL, 10);
	if (inet_pton(AF_INET, a, &in) != 1 || len < 8 || len > 30)
		return -1;
	*size = 1u << (32 - len);
	*base = ntohl(in.s_addr) & ~(*size - 1);
	/* neither the block's first address nor its last */
	*base += 1;
	*size -= 2;
	return 0;
}

static int parse_ip(const char *s, int *family, uint8_t *out)
{
	if (inet_pton(AF_INET, s, out) == 1)
		return *family = AF_INET, 0;
	if (inet_pton(AF_INET6, s, out) == 1)
		return *family = AF_INET6, 0;
	return -1;
}

static bool same_endpoint(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;

	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return a4->sin_port == b4->sin_port && a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	return a6->sin6_port == b6->sin6_port &&
	       !memcmp(&a6->sin6_addr, &b6->sin6_addr, sizeof(a6->sin6_addr));
}

static int open_socket(struct node *n)
{
	n->fd = socket(n->bind.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (n->fd < 0 || bind(n->fd, (struct sockaddr *)&n->bind, n->bind_len)) {
		perror("pilot_peer: socket");
		return -1;
	}
	return 0;
}

/* One datagram to the kernel node; every byte of it must leave. */
static bool send_raw(struct node *n, const uint8_t *buf, size_t len)
{
	ssize_t r = sendto(n->fd, buf, len, 0, (struct sockaddr *)&n->peer, n->peer_len);

	if (r != (ssize_t)len) {
		diag("sendto of %zu bytes: %s", len, r < 0 ? strerror(errno) : "short");
		return false;
	}
	return true;
}

/* One datagram from the kernel node before @deadline: its length, -1 on timeout. */
static long recv_raw(struct node *n, uint8_t *buf, size_t cap, int64_t deadline)
{
	struct sockaddr_storage from;
	struct pollfd pfd = { .fd = n->fd, .events = POLLIN };
	socklen_t flen;
	ssize_t r;
	int64_t left;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return -1;
		flen = sizeof(from);
		r = recvfrom(n->fd, buf, cap, 0, (struct sockaddr *)&from, &flen);
		if (r < 0)
			return -1;
		if (same_endpoint(&from, &n->peer))
			return r;
		diag("ignored a datagram from another address");
	}
}

/* Take one PILF piece from the kernel; a whole frame once complete (2.6). */
static long reassemble(struct node *n, uint8_t *frame, const uint8_t *buf, size_t len)
{
	uint32_t id;
	unsigned int idx, cnt, i;
	size_t total = 0;

	if (len < FRAG_HDR + 1 || get32(buf + 4) != n->peer_id) {
		tap(false, "kernel PILF piece well-formed (length %zu, sender %u)", len,
		    len >= 8 ? get32(buf + 4) : 0);
		return -1;
	}
	id = get32(buf + 8);
	idx = buf[12];
	cnt = buf[13];
	if (cnt < 2 || cnt > FRAG_MAX_COUNT || idx >= cnt || len - FRAG_HDR > FRAG_MAX_PAYLOAD) {
		tap(false, "kernel PILF piece %u of %u, %zu bytes, within the limits of 2.6",
		    idx, cnt, len - FRAG_HDR);
		return -1;
	}
	if (!n->rf_count || n->rf_id != id) {
		n->rf_id = id;
		n->rf_count = cnt;
		n->rf_have = 0;
		memset(n->rf_len, 0, sizeof(n->rf_len));
	}
	if (cnt != n->rf_count || n->rf_len[idx])
		return -1;
	memcpy(n->rf_data[idx], buf + FRAG_HDR, len - FRAG_HDR);
	n->rf_len[idx] = len - FRAG_HDR;
	if (++n->rf_have < cnt)
		return -1;
	for (i = 0; i < cnt; i++) {
		memcpy(frame + total, n->rf_data[i], n->rf_len[i]);
		total += n->rf_len[i];
	}
	n->rf_count = 0;
	diag("reassembled a %zu-byte frame from %u PILF pieces of the kernel", total, cnt);
	return total;
}

/* The next whole frame from the kernel (PILF put back together). */
static long recv_frame(struct node *n, uint8_t *frame, int64_t deadline)
{
	static uint8_t buf[65536];
	long len;

	for (;;) {
		len = recv_raw(n, buf, sizeof(buf), deadline);
		if (len < 0)
			return -1;
		if (len >= 4 && get32(buf) == MAGIC_PILF) {
			len = reassemble(n, frame, buf, len);
			if (len < 0)
				continue;
			return len;
		}
		memcpy(frame, buf, len);
		return len;
	}
}

/* ---- key exchange (2.1, 3, 7.5) ------------------------------------------ */

static void new_keypair(struct node *n)
{
	randombytes_buf(n->priv, sizeof(n->priv));
	crypto_scalarmult_base(n->pub, n->priv);
}

static size_t build_pilk(uint8_t *f, uint32_t node, const uint8_t pub[32])
{
	put32(f, MAGIC_PILK);
	put32(f + 4, node);
	memcpy(f + 8, pub, 32);
	return PILK_LEN;
}

/* The challenge PILA signs (2.2): "auth" || node ID || X25519 key. */
static void challenge(uint8_t c[40], uint32_t node, const uint8_t pub[32])
{
	memcpy(c, "auth", 4);
	put32(c + 4, node);
	memcpy(c + 8, pub, 32);
}

static size_t build_pila(uint8_t *f, uint32_t node, const uint8_t pub[32],
			 const uint8_t ed_pk[32], const uint8_t ed_sk[64])
{
	uint8_t c[40];

	put32(f, MAGIC_PILA);
	put32(f + 4, node);
	memcpy(f + 8, pub, 32);
	memcpy(f + 40, ed_pk, 32);
	challenge(c, node, pub);
	crypto_sign_detached(f + 72, NULL, c, sizeof(c), ed_sk);
	return PILA_LEN;
}

/* Our key-exchange frame: PILA with an identity, else PILK (7.6). */
static size_t build_kx(struct node *n, uint8_t *f)
{
	return n->auth ? build_pila(f, n->id, n->pub, n->ed_pk, n->ed_sk) :
			 build_pilk(f, n->id, n->pub);
}

/* Whether @f is a well-formed PILA of the kernel node, its signature good. */
static bool kernel_pila_ok(const struct node *n, const uint8_t *f, long len)
{
	uint8_t c[40];

	if (len != PILA_LEN || get32(f) != MAGIC_PILA || get32(f + 4) != n->peer_id)
		return false;
	if (n->check_peer_ed && memcmp(f + 40, n->peer_ed, 32))
		return false;
	challenge(c, n->peer_id, f + 8);
	return !crypto_sign_verify_detached(f + 72, c, sizeof(c), f + 40);
}

/* A new send epoch: random prefix, counters from 1 (3.4, 4.1). */
static void new_epoch(struct node *n)
{
	randombytes_buf(n->prefix, sizeof(n->prefix));
	n->counter = 0;
	n->epochs++;
}

/*
 * PILK out (again every second, as a daemon retransmits), until the
 * kernel's PILK comes back; check it and derive the key.
 */
static bool handshake(struct node *n)
{
	uint8_t out[PILA_LEN], in[MAX_FRAME];
	int64_t end = now_ms() + n->timeout, next = 0;
	uint32_t want = n->auth ? MAGIC_PILA : MAGIC_PILK;
	const char *kind = n->auth ? "PILA" : "PILK";
	size_t olen;
	long len = -1;
	bool ok;

	new_keypair(n);
	olen = build_kx(n, out);
	while (now_ms() < end) {
		if (now_ms() >= next) {
			if (!send_raw(n, out, olen))
				break;
			next = now_ms() + 1000;
		}
		len = recv_frame(n, in, next < end ? next : end);
		if (len >= 4 && get32(in) == want)
			break;
		if (len >= 0)
			diag("before the key exchange: ignored a %ld-byte frame", len);
		len = -1;
	}
	if (!tap(len >= 0, "kernel answers our %s with its %s within %d ms", kind, kind, n->timeout))
		return false;
	if (n->auth)
		ok = tap(kernel_pila_ok(n, in, len),
			 "conformance 8/70: the kernel's PILA is exactly 136 bytes, node ID %u at 4..8, its registered Ed25519 key at 40..72, signed (got %ld bytes)",
			 n->peer_id, len);
	else
		ok = tap(len == PILK_LEN && get32(in + 4) == n->peer_id,
			 "conformance 9/70: the kernel's PILK is exactly 40 bytes, magic PILK, node ID %u at 4..8 (got %ld bytes, node %u)",
			 n->peer_id, len, len >= 8 ? get32(in + 4) : 0);
	memcpy(n->peer_pub, in + 8, 32);
	if (n->check_key)
		ok &= tap(!memcmp(n->peer_pub, n->expect_key, 32),
			  "the PILK carries the kernel device's public key");
	ok &= tap(!derive(n->key, n->priv, n->peer_pub),
		  "a session key derives from the kernel's X25519 key (not low-order)");
	n->keyed = ok;
	n->epochs = 0;
	new_epoch(n);
	return ok;
}

/* ---- sending and receiving Pilot packets -------------------------------- */

static struct pilot_addr self_addr(const struct node *n) { return (struct pilot_addr){ n->net, n->id }; }
static struct pilot_addr peer_addr(const struct node *n) { return (struct pilot_addr){ n->net, n->peer_id }; }

/* Seal a Pilot packet under our epoch with the next counter, into @frame. */
static size_t seal_next(struct node *n, uint8_t *frame, const uint8_t *pkt, size_t len)
{
	return seal(frame, n->key, n->id, n->prefix, ++n->counter, pkt, len);
}

/* Send a frame: as one datagram, or as PILF pieces when longer than 1223
 * bytes (@reverse: last piece first).
 */
static bool send_frame(struct node *n, const uint8_t *frame, size_t len, bool reverse)
{
	uint8_t piece[FRAG_HDR + FRAG_MAX_PAYLOAD];
	unsigned int cnt, i, k;
	size_t off, plen;
	uint32_t id;

	if (len <= FRAG_MAX_FRAME)
		return send_raw(n, frame, len);
	cnt = (len + FRAG_MAX_PAYLOAD - 1) / FRAG_MAX_PAYLOAD;
	if (cnt > FRAG_MAX_COUNT)
		return false;
	id = n->frag_id++;
	for (k = 0; k < cnt; k++) {
		i = reverse ? cnt - 1 - k : k;
		off = (size_t)i * FRAG_MAX_PAYLOAD;
		plen = len - off < FRAG_MAX_PAYLOAD ? len - off : FRAG_MAX_PAYLOAD;
		put32(piece, MAGIC_PILF);
		put32(piece + 4, n->id);
		put32(piece + 8, id);
		piece[12] = i;
		piece[13] = cnt;
		memcpy(piece + FRAG_HDR, frame + off, plen);
		if (!send_raw(n, piece, FRAG_HDR + plen))
			return false;
	}
	return true;
}

/* A Pilot datagram on the IP port carrying an ICMP echo request. */
static size_t echo_packet(struct node *n, uint8_t *pkt, uint16_t seq, size_t plen)
{
	size_t len = echo_build(pkt + HDR_LEN, n->ip.family, n->ip.local, n->ip.remote,
				false, n->echo_id, seq, plen);

	return pilot_build(pkt, PROTO_DATAGRAM, self_addr(n), peer_addr(n),
			   PILOT_IP_PORT, PILOT_IP_PORT, pkt + HDR_LEN, len);
}

/*
 * Check a frame from the kernel. PILS frames are opened, their counter and
 * Pilot header checked (a failure is a failed test case); echo replies are
 * noted in n->answered. Returns the plaintext length of a PILS frame put in
 * @pt, else -1.
 */
static long take_frame(struct node *n, const uint8_t *frame, long len, uint8_t *pt)
{
	const char *why;
	uint64_t counter;
	long plen, seq;
	uint32_t magic = len >= 4 ? get32(frame) : 0;

	if (magic == MAGIC_PILK || magic == MAGIC_PILA) {
		if ((len == PILK_LEN || kernel_pila_ok(n, frame, len)) &&
		    !memcmp(frame + 8, n->peer_pub, 32))
			diag("the kernel sent its key exchange again (same key)");
		else
			tap(false, "a key exchange from the kernel during the session is well formed, with the same key");
		return -1;
	}
	if (magic != MAGIC_PILS) {
		tap(false, "the kernel sends only PILK, PILS and PILF frames (got %ld bytes, magic %08x)",
		    len, magic);
		return -1;
	}
	plen = open_frame(pt, n->key, frame, len);
	if (plen < 0 || get32(frame + 4) != n->peer_id) {
		tap(false, "a %ld-byte PILS frame from the kernel opens under the session key, sender %u (sender %u)",
		    len, n->peer_id, len >= 8 ? get32(frame + 4) : 0);
		return -1;
	}
	counter = get64(frame + 12);
	if (!n->rx_prefix_set || memcmp(n->rx_prefix, frame + 8, 4)) {
		if (n->rx_prefix_set)
			diag("the kernel started a new send epoch");
		memcpy(n->rx_prefix, frame + 8, 4);
		n->rx_prefix_set = true;
		memset(&n->rx, 0, sizeof(n->rx));
	}
	if (!n->rx_frames++)
		n->first_rx_counter = counter;
	if (counter == 0 || window_record(&n->rx, counter) != ACCEPT)
		tap(false, "the kernel never sends a counter twice nor counter 0 (got %llu)",
		    (unsigned long long)counter);
	if ((why = pilot_check(pt, plen))) {
		tap(false, "the kernel's Pilot packet passes the decoder: %s", why);
		return -1;
	}
	if (get16(pt + 4) != n->net || get32(pt + 6) != n->peer_id ||
	    get16(pt + 10) != n->net || get32(pt + 12) != n->id ||
	    plen != HDR_LEN + get16(pt + 2)) {
		tap(false, "the kernel's Pilot packet is from %u:%u to %u:%u, exactly its length (got %u:%u to %u:%u, %ld of %u)",
		    n->net, n->peer_id, n->net, n->id, get16(pt + 4), get32(pt + 6),
		    get16(pt + 10), get32(pt + 12), plen, HDR_LEN + get16(pt + 2));
		return -1;
	}
	if (pt[1] == PROTO_CONTROL && !get16(pt + 18) && !get16(pt + 2)) {
		diag("a keepalive from the kernel");
		return -1;
	}
	if (pt[1] == PROTO_DATAGRAM && get16(pt + 16) == PILOT_IP_PORT &&
	    get16(pt + 18) == PILOT_IP_PORT && n->have_ip && !n->not_echo) {
		seq = echo_parse_reply(pt + HDR_LEN, plen - HDR_LEN, n->ip.family, n->ip.remote,
				       n->ip.local, n->echo_id, &why);
		if (seq >= 0) {
			bit_set(n->answered, seq);
			if (bit_get(n->forbidden, seq)) {
				diag("the kernel answered echo %ld, which it should have dropped", seq);
				n->violations++;
			}
		} else {
			diag("an IP packet from the kernel that is not our echo reply: %s", why);
		}
	}
	return plen;
}

/* Wait until the kernel answered echo @seq (or the timeout). */
static bool wait_echo(struct node *n, uint16_t seq, int timeout)
{
	static uint8_t frame[MAX_FRAME], pt[MAX_FRAME];
	int64_t end = now_ms() + timeout;
	long len;

	while (!bit_get(n->answered, seq)) {
		len = recv_frame(n, frame, end);
		if (len < 0)
			return false;
		take_frame(n, frame, len, pt);
	}
	return true;
}

/* Wait for a PILS frame from the kernel that opens under the session key. */
static bool wait_sealed(struct node *n, int timeout)
{
	static uint8_t frame[MAX_FRAME], pt[MAX_FRAME];
	int64_t end = now_ms() + timeout;
	long len;

	for (;;) {
		len = recv_frame(n, frame, end);
		if (len < 0)
			return false;
		if (len >= 4 && get32(frame) == MAGIC_PILS && take_frame(n, frame, len, pt) >= 0)
			return true;
	}
}

/* Send an echo request (sealed, and in pieces when it is long) and wait for
 * its reply.
 */
static bool echo(struct node *n, size_t plen, bool reverse)
{
	static uint8_t pkt[MAX_FRAME], frame[MAX_FRAME];
	uint16_t seq = ++n->seq;
	size_t len = seal_next(n, frame, pkt, echo_packet(n, pkt, seq, plen));

	return send_frame(n, frame, len, reverse) && wait_echo(n, seq, n->timeout);
}

/* ---- scenarios ------------------------------------------------------------ */

static int write_expect(const struct node *n)
{
	unsigned long total = 0;
	FILE *f;
	int r;

	for (r = 1; r <= PILOT_DROP_REASON_MAX; r++)
		total += n->expect[r];
	total += n->expect_replay_or_no_key;
	diag("the kernel should count %lu dropped frames", total);
	if (!n->expect_path)
		return 0;
	f = fopen(n->expect_path, "w");
	if (!f) {
		perror(n->expect_path);
		return -1;
	}
	/* every reason a received frame can be dropped for */
	for (r = 1; r <= PILOT_DROP_REASON_MAX; r++)
		if (r != PILOT_DROP_REASON_QUEUE_FULL && r != PILOT_DROP_REASON_GAVE_UP &&
		    r != PILOT_DROP_REASON_NO_ROUTE)
			fprintf(f, "%s\t%lu\n", pilot_drop_reason_name(r), n->expect[r]);
	if (n->expect_replay_or_no_key)
		fprintf(f, "%s|%s\t%lu\n", pilot_drop_reason_name(PILOT_DROP_REASON_REPLAY),
			pilot_drop_reason_name(PILOT_DROP_REASON_NO_KEY), n->expect_replay_or_no_key);
	return fclose(f);
}

/* End a scenario talking to the kernel: the expected drops, the plan. */
static int finish(struct node *n)
{
	if (n->violations)
		tap(false, "the kernel answered none of the frames it had to drop (it answered %u)",
		    n->violations);
	if (write_expect(n))
		tap(false, "the expected drops are written to %s", n->expect_path);
	return tap_done();
}

static int run_handshake(struct node *n)
{
	handshake(n);
	return finish(n);
}

static int run_echo(struct node *n)
{
	unsigned int i, ok = 0;

	if (handshake(n)) {
		for (i = 0; i < n->count; i++)
			ok += echo(n, n->size, false);
		tap(ok == n->count, "%u of %u ICMP echoes (%u payload bytes, IPv%d) answered through PILS",
		    ok, n->count, n->size, n->ip.family == AF_INET ? 4 : 6);
		tap(n->rx_frames && n->first_rx_counter == 1,
		    "conformance 42/50: the kernel's first PILS frame carries counter 1 (got %llu)",
		    (unsigned long long)n->first_rx_counter);
		tap(n->rx_frames && n->rx.max - n->first_rx_counter + 1 == n->rx_frames,
		    "conformance 50: the kernel's counters rise by one per frame (%llu frames, %llu..%llu)",
		    (unsigned long long)n->rx_frames, (unsigned long long)n->first_rx_counter,
		    (unsigned long long)n->rx.max);
	}
	return finish(n);
}

/*
 * "tcp": the kernel node sends us UDP datagrams and opens a TCP connection
 * and writes to it (the shell test does that). We answer its SYN and
 * never acknowledge its data, so it sends its initial window: ten
 * segments, which its stack hands pilot0 as GSO packets to cut up.
 * Every IP packet must carry valid checksums (pilot0 takes packets whose
 * checksums are left to the device), every TCP segment at most our MSS
 * and the zeros written, in sequence. At the end we reset the connection,
 * so that the writer stops at once.
 */
#define PEER_TCP_MSS 1200
#define PEER_TCP_SEGMENTS 10
#define PEER_TCP_RST 0x04
#define PEER_TCP_SYN 0x02
#define PEER_TCP_ACK 0x10

struct ip_l4 {
	const uint8_t *src, *dst;	/* addresses in the IP header */
	const uint8_t *p;		/* the TCP or UDP header */
	size_t len;			/* from there to the end */
	uint8_t proto;
};

/* Parse an IP packet of @len bytes and check its checksums: NULL, or why not. */
static const char *ip_l4_parse(int family, const uint8_t *ip, size_t len, struct ip_l4 *l)
{
	size_t hlen;

	if (family == AF_INET) {
		hlen = (ip[0] & 15) * 4;
		if (len < 20 || ip[0] >> 4 != 4 || hlen < 20 || hlen > len || get16(ip + 2) != len)
			return "not an IPv4 packet of its length";
		if (csum_fold(csum_add(0, ip, hlen)))
			return "bad IPv4 header checksum";
		if (get16(ip + 6) & 0x3fff)
			return "an IPv4 fragment";
		l->src = ip + 12;
		l->dst = ip + 16;
		l->proto = ip[9];
	} else {
		hlen = 40;
		if (len < 40 || ip[0] >> 4 != 6 || get16(ip + 4) + 40u != len)
			return "not an IPv6 packet of its length";
		l->src = ip + 8;
		l->dst = ip + 24;
		l->proto = ip[6];
	}
	l->p = ip + hlen;
	l->len = len - hlen;
	if (l->proto != IPPROTO_TCP && l->proto != IPPROTO_UDP)
		return NULL;
	if (l->len < (l->proto == IPPROTO_TCP ? 20u : 8u))
		return "a truncated TCP or UDP header";
	if (csum_fold(csum_add(pseudo_sum(family, l->src, l->dst, l->proto, l->len), l->p, l->len)))
		return l->proto == IPPROTO_TCP ? "bad TCP checksum" : "bad UDP checksum";
	return NULL;
}

/* Answer the SYN @syn (its TCP header at l->p) with a SYN-ACK offering PEER_TCP_MSS. */
/*
 * Send the kernel a TCP segment without data, from our @port to its
 * @kernel_port: a SYN-ACK with our MSS, or a RST.
 */
static bool tcp_send(struct node *n, uint16_t port, uint16_t kernel_port, uint8_t flags,
		     uint32_t seq, uint32_t ack)
{
	static uint8_t pkt[MAX_FRAME], frame[MAX_FRAME];
	uint8_t *ip = pkt + HDR_LEN, *tcp;
	size_t hlen = ip_header(ip, n->ip.family, n->ip.local, n->ip.remote, IPPROTO_TCP, 24);

	tcp = ip + hlen;
	memset(tcp, 0, 24);
	put16(tcp, port);
	put16(tcp + 2, kernel_port);
	put32(tcp + 4, seq);
	put32(tcp + 8, ack);
	tcp[12] = 6 << 4;
	tcp[13] = flags;
	put16(tcp + 14, 65535);
	tcp[20] = 2;	/* MSS option; a RST carries it harmlessly */
	tcp[21] = 4;
	put16(tcp + 22, PEER_TCP_MSS);
	put16(tcp + 16, csum_fold(csum_add(pseudo_sum(n->ip.family, n->ip.local, n->ip.remote,
						       IPPROTO_TCP, 24), tcp, 24)));
	pilot_build(pkt, PROTO_DATAGRAM, self_addr(n), peer_addr(n), PILOT_IP_PORT,
		    PILOT_IP_PORT, ip, hlen + 24);
	return send_frame(n, frame, seal_next(n, frame, pkt, HDR_LEN + hlen + 24), false);
}

static bool all_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

static int run_tcp(struct node *n)
{
	static uint8_t frame[MAX_FRAME], pt[MAX_FRAME];
	unsigned int segs = 0, udp = 0, bad = 0, long_segs = 0;
	uint32_t next = 0, seq, our_seq = randombytes_random();
	uint16_t port = 0, kernel_port = 0;
	bool syn = false;
	struct ip_l4 l;
	const char *why;
	size_t data;
	int64_t end;
	long len;

	n->not_echo = true;
	if (!handshake(n))
		return finish(n);
	end = now_ms() + n->timeout;
	while (segs < PEER_TCP_SEGMENTS || udp < n->count) {
		len = recv_frame(n, frame, end);
		if (len < 0)
			break;
		len = take_frame(n, frame, len, pt);
		if (len < (long)HDR_LEN || pt[1] != PROTO_DATAGRAM ||
		    get16(pt + 16) != PILOT_IP_PORT || get16(pt + 18) != PILOT_IP_PORT)
			continue;
		why = ip_l4_parse(n->ip.family, pt + HDR_LEN, len - HDR_LEN, &l);
		if (why) {
			diag("an IP packet from the kernel: %s", why);
			bad++;
			continue;
		}
		if (l.proto == IPPROTO_UDP) {
			udp++;
			continue;
		}
		if (l.proto != IPPROTO_TCP)
			continue;
		seq = get32(l.p + 4);
		if (l.p[13] & PEER_TCP_SYN) {
			if (!syn)
				next = seq + 1;
			kernel_port = get16(l.p);
			port = get16(l.p + 2);
			syn = tcp_send(n, port, kernel_port, PEER_TCP_SYN | PEER_TCP_ACK, our_seq,
				       seq + 1);
			continue;
		}
		data = l.len - (l.p[12] >> 4) * 4;
		if (!syn || !data)
			continue;
		if (data > PEER_TCP_MSS)
			long_segs++;
		if (!all_zero(l.p + l.len - data, data)) {
			diag("a TCP segment carries other bytes than the zeros written");
			bad++;
		}
		if (seq == next) {
			next += data;
			segs++;
		} else if ((int32_t)(seq - next) > 0) {
			diag("a TCP segment past a gap (seq %u, next %u)", seq, next);
			bad++;
		}
	}
	if (syn)
		tcp_send(n, port, kernel_port, PEER_TCP_RST, our_seq + 1, 0);
	tap(syn, "the kernel's TCP SYN came through pilot0 and took our SYN-ACK");
	tap(segs >= PEER_TCP_SEGMENTS && !long_segs && !bad,
	    "%u TCP segments in sequence, each at most %u bytes, checksums valid (%u longer, %u bad packets)",
	    segs, PEER_TCP_MSS, long_segs, bad);
	tap(udp >= n->count, "%u of %u UDP datagrams with valid checksums", udp, n->count);
	return finish(n);
}

/*
 * The attack steps. Every frame the kernel must drop carries an echo
 * request whose sequence number is marked forbidden: an answer to it, at
 * any time, is a failed case (take_frame). After each dropped frame a
 * fresh echo (a probe) must be answered; the kernel answers in order, so
 * an answer to the dropped frame would come before the probe's.
 */
struct attack {
	struct node *n;
	uint8_t pkt[MAX_FRAME], frame[MAX_FRAME], held[MAX_FRAME], buf[MAX_FRAME];
	uint8_t three[3][2048];
};

static void expect_drop(struct node *n, enum pilot_drop_reason r, unsigned long k)
{
	n->expect[r] += k;
}

/* Seal a fresh echo request (into a->frame) that must not be answered. */
static size_t sealed_forbidden(struct attack *a, uint16_t *seqp)
{
	struct node *n = a->n;
	uint16_t seq = ++n->seq;

	bit_set(n->forbidden, seq);
	if (seqp)
		*seqp = seq;
	return seal_next(n, a->frame, a->pkt, echo_packet(n, a->pkt, seq, n->size));
}

/* Send a frame the kernel must drop for @r, then a probe echo. */
static bool dropped(struct attack *a, const uint8_t *frame, size_t len,
		    enum pilot_drop_reason r)
{
	unsigned int before = a->n->violations;

	expect_drop(a->n, r, 1);
	return send_raw(a->n, frame, len) && echo(a->n, a->n->size, false) &&
	       a->n->violations == before;
}

/* The frame held as forbidden may now be taken: send it, wait for its answer. */
static bool taken_now(struct attack *a, const uint8_t *frame, size_t len, uint16_t seq)
{
	struct node *n = a->n;

	bit_clear(n->forbidden, seq);
	return send_raw(n, frame, len) && wait_echo(n, seq, n->timeout);
}

/* 47 */
static void attack_replay(struct attack *a)
{
	struct node *n = a->n;
	uint16_t seq = ++n->seq;
	size_t len = seal_next(n, a->frame, a->pkt, echo_packet(n, a->pkt, seq, n->size));

	tap(send_raw(n, a->frame, len) && wait_echo(n, seq, n->timeout),
	    "an echo to replay is answered");
	bit_set(n->forbidden, seq);
	tap(dropped(a, a->frame, len, PILOT_DROP_REASON_REPLAY),
	    "conformance 47: the same frame again is a replay, not answered; a fresh echo then gets through");
}

/* 46 */
static void attack_tag(struct attack *a)
{
	struct node *n = a->n;
	uint16_t seq;
	size_t len = sealed_forbidden(a, &seq);
	bool ok;

	memcpy(a->buf, a->frame, len);
	a->buf[len - 1] ^= 0x01;
	ok = dropped(a, a->buf, len, PILOT_DROP_REASON_AEAD);
	tap(ok && taken_now(a, a->frame, len, seq),
	    "conformance 46: tag byte flipped -> dropped, untampered frame still opens");
	(void)n;
}

/* 44 and more: a genuine frame cut to every length 0..40 */
static void attack_truncate(struct attack *a)
{
	unsigned int bad = 0;
	uint16_t seq;
	size_t len, cut;

	for (cut = 0; cut <= 40; cut++) {
		len = sealed_forbidden(a, &seq);
		if (!dropped(a, a->frame, cut, cut < PILS_MIN ? PILOT_DROP_REASON_MALFORMED :
						PILOT_DROP_REASON_AEAD) ||
		    !taken_now(a, a->frame, len, seq)) {
			diag("the frame cut to %zu bytes disturbed the session", cut);
			bad++;
		}
	}
	tap(!bad, "conformance 44: a genuine frame cut to each length 0..40 is dropped (< 36 bytes: too short, else its tag fails); the whole frame then still opens");
}

/* 52 */
static void attack_high_counter(struct attack *a)
{
	size_t len = sealed_forbidden(a, NULL);

	put64(a->frame + 12, UINT64_MAX);
	randombytes_buf(a->frame + len - TAG_LEN, TAG_LEN);
	tap(dropped(a, a->frame, len, PILOT_DROP_REASON_AEAD),
	    "conformance 52: forged frame (junk tag, counter 2^64-1) dropped; the window did not move: the next genuine frame gets through");
}

/* 53: c2, forged c = 2^62, c1, c3 taken; c2 and c1 again are replays. */
static void attack_reorder(struct attack *a)
{
	struct node *n = a->n;
	size_t len[3];
	uint16_t seq[3];
	bool ok = true;
	int i;

	for (i = 0; i < 3; i++) {
		seq[i] = ++n->seq;
		len[i] = seal_next(n, a->three[i], a->pkt, echo_packet(n, a->pkt, seq[i], n->size));
	}
	ok &= send_raw(n, a->three[1], len[1]) && wait_echo(n, seq[1], n->timeout);
	memcpy(a->frame, a->three[0], len[0]);
	put64(a->frame + 12, 1ULL << 62);
	bit_set(n->forbidden, seq[0]);
	ok &= dropped(a, a->frame, len[0], PILOT_DROP_REASON_AEAD);
	ok &= taken_now(a, a->three[0], len[0], seq[0]);
	ok &= send_raw(n, a->three[2], len[2]) && wait_echo(n, seq[2], n->timeout);
	tap(ok, "conformance 53: c2, forged c = 2^62, c1, c3 -> the forged frame dropped, the three genuine ones answered");
	ok = true;
	for (i = 1; i >= 0; i--) {
		bit_set(n->forbidden, seq[i]);
		ok &= dropped(a, a->three[i], len[i], PILOT_DROP_REASON_REPLAY);
	}
	tap(ok, "conformance 53: c2 and c1 again are replays, not answered");
}

/* 48: a genuine frame held back while the counter runs 300 ahead. */
static void attack_outside(struct attack *a)
{
	struct node *n = a->n;
	size_t held = sealed_forbidden(a, NULL);

	memcpy(a->held, a->frame, held);
	n->counter += 300;
	tap(echo(n, n->size, false), "a frame 301 counters ahead is taken");
	tap(dropped(a, a->held, held, PILOT_DROP_REASON_OUTSIDE_WINDOW),
	    "conformance 48: the genuine frame held back is now outside the window, not answered");
}

/* 45: the PILS sender is a node the kernel does not know. */
static void attack_unknown_sender(struct attack *a)
{
	struct node *n = a->n;
	size_t len;

	echo_packet(n, a->pkt, ++n->seq, n->size);
	bit_set(n->forbidden, n->seq);
	len = seal(a->frame, n->key, n->id ^ 0x40000000, n->prefix, ++n->counter, a->pkt,
		   HDR_LEN + get16(a->pkt + 2));
	tap(dropped(a, a->frame, len, PILOT_DROP_REASON_NO_KEY),
	    "conformance 45: a PILS frame from a node the kernel has no key for is dropped (no key)");
}

/* A Pilot packet altered by @fix after it was built, then sealed genuinely. */
static void attack_inner(struct attack *a, const char *what, enum pilot_drop_reason r,
			 void (*fix)(struct node *n, uint8_t *pkt, size_t *len))
{
	struct node *n = a->n;
	size_t len = echo_packet(n, a->pkt, ++n->seq, n->size);

	bit_set(n->forbidden, n->seq);
	fix(n, a->pkt, &len);
	tap(dropped(a, a->frame, seal_next(n, a->frame, a->pkt, len), r), "%s", what);
}

static void fix_spoofed_src(struct node *n, uint8_t *pkt, size_t *len)
{
	put32(pkt + 6, n->id + 1);
	put32(pkt + 30, pilot_crc(pkt, *len));
}

/* The echo request comes from an overlay address not allowed for us. */
static void fix_ip_source(struct node *n, uint8_t *pkt, size_t *len)
{
	int v4 = n->ip.family == AF_INET;
	size_t plen = *len - HDR_LEN - (v4 ? 28 : 48);
	uint8_t src[16];

	memcpy(src, n->ip.local, 16);
	src[v4 ? 3 : 15] ^= 0x80;
	echo_build(pkt + HDR_LEN, n->ip.family, src, n->ip.remote, false, n->echo_id,
		   n->seq, plen);
	put32(pkt + 30, pilot_crc(pkt, *len));
}

static void fix_bad_crc(struct node *n, uint8_t *pkt, size_t *len)
{
	pkt[33] ^= 0x01;
}

static void fix_version(struct node *n, uint8_t *pkt, size_t *len)
{
	pkt[0] = 2 << 4;
	put32(pkt + 30, pilot_crc(pkt, *len));
}

static void fix_long_length(struct node *n, uint8_t *pkt, size_t *len)
{
	put16(pkt + 2, get16(pkt + 2) + 1);
	put32(pkt + 30, pilot_crc(pkt, *len));
}

/* 2.7: bytes after the payload length are ignored, not a reason to drop. */
static void attack_trailing(struct attack *a)
{
	struct node *n = a->n;
	uint16_t seq = ++n->seq;
	size_t len = echo_packet(n, a->pkt, seq, n->size);

	memset(a->pkt + len, 0xee, 5);
	tap(send_raw(n, a->frame, seal_next(n, a->frame, a->pkt, len + 5)) &&
	    wait_echo(n, seq, n->timeout),
	    "section 2.7: a Pilot packet with 5 bytes after its payload is taken, the bytes ignored");
}

/* 62/63: a new send epoch (new prefix, counter 1) is a new receive epoch. */
static void attack_epoch(struct attack *a)
{
	struct node *n = a->n;
	uint16_t seq;
	size_t held = sealed_forbidden(a, &seq);

	memcpy(a->held, a->frame, held);	/* the old epoch's, held back */
	new_epoch(n);
	tap(echo(n, n->size, false),
	    "conformance 62: a frame under a new nonce prefix with counter 1 starts a new receive epoch and is answered");
	tap(echo(n, n->size, false), "conformance 62: the next frame of the new epoch is answered");
	tap(taken_now(a, a->held, held, seq),
	    "conformance 63: a late, unseen frame of the previous epoch is still delivered");
	bit_set(n->forbidden, seq);
	tap(dropped(a, a->held, held, PILOT_DROP_REASON_STALE_EPOCH),
	    "conformance 63: that frame again is refused by its older epoch (stale epoch)");
}

/* 13.5: counter 0 is never replay-protected in Go; the kernel refuses it. */
static void attack_counter_zero(struct attack *a)
{
	struct node *n = a->n;
	size_t len = sealed_forbidden(a, NULL);

	len = seal(a->frame, n->key, n->id, n->prefix, 0, a->pkt, len - PILS_MIN);
	tap(dropped(a, a->frame, len, PILOT_DROP_REASON_REPLAY),
	    "section 13.5: a genuine frame with counter 0 is refused (replay), never taken");
}

/*
 * 2.3: frames longer than 1223 bytes in one datagram, as daemons from
 * before PILF send them: an echo request padded after its Pilot payload
 * to @total bytes of frame. Past the underlay MTU the datagram arrives in
 * IP fragments, so the kernel opens a non-linear skb.
 */
static void attack_big(struct attack *a, size_t total)
{
	struct node *n = a->n;
	uint16_t seq = ++n->seq;
	size_t len = echo_packet(n, a->pkt, seq, n->size);

	memset(a->pkt + len, 0xa5, total - PILS_MIN - len);
	len = seal_next(n, a->frame, a->pkt, total - PILS_MIN);
	tap(send_raw(n, a->frame, len) && wait_echo(n, seq, n->timeout),
	    "section 2.3: a %zu-byte PILS frame in a single datagram (no PILF) is taken", len);
}

/*
 * 64/66: the kernel keeps at most 16 receive epochs per session (spec 14.1
 * leaves the number open). Up to 16 are taken; a frame of a retired epoch
 * is stale; the 17th is refused and the session dropped, after which the
 * kernel asks for a key exchange, and a restarted peer keys a new session.
 */
static void attack_epoch_limit(struct attack *a)
{
	struct node *n = a->n;
	unsigned int taken = 0, want = 0, sent = 0;
	size_t held, len;
	uint8_t *in = a->buf;
	int64_t end;
	long r;

	held = sealed_forbidden(a, NULL);
	memcpy(a->held, a->frame, held);
	while (n->epochs < 16) {
		new_epoch(n);
		want++;
		taken += echo(n, n->size, false);
	}
	tap(taken == want, "conformance 66: frames opening receive epochs up to the 16th are taken (%u of %u)",
	    taken, want);
	tap(dropped(a, a->held, held, PILOT_DROP_REASON_STALE_EPOCH),
	    "conformance 64: a frame of an epoch retired since is refused (stale epoch), not reopened");

	new_epoch(n);
	len = sealed_forbidden(a, NULL);
	expect_drop(n, PILOT_DROP_REASON_EPOCHS_EXHAUSTED, 1);
	send_raw(n, a->frame, len);
	/*
	 * The kernel asks at once, unless it asked less than 3 s ago (spec
	 * 8.2); then on a later frame it cannot open, as a daemon keeps
	 * sending: one every half second, each dropped for want of a key.
	 */
	end = now_ms() + n->timeout + 3000;
	for (r = -1; now_ms() < end;) {
		r = recv_frame(n, in, now_ms() + 500);
		if (r == PILK_LEN && get32(in) == MAGIC_PILK)
			break;
		if (r >= 0) {
			take_frame(n, in, r, a->pkt);
			continue;
		}
		len = sealed_forbidden(a, NULL);
		expect_drop(n, PILOT_DROP_REASON_NO_KEY, 1);
		send_raw(n, a->frame, len);
		sent++;
	}
	tap(r == PILK_LEN && get32(in) == MAGIC_PILK && !memcmp(in + 8, n->peer_pub, 32) &&
	    get32(in + 4) == n->peer_id,
	    "conformance 66: a 17th epoch is refused and the session dropped: the kernel asks for a key exchange (its PILK; %u frames sent without a key meanwhile)",
	    sent);
	tap(handshake(n) && echo(n, n->size, false),
	    "a restarted peer (new X25519 key) then keys a new session, and echoes get through");
}

/* Section 1: what is not a PILS, PILK or PILF frame for this kernel. */
static void attack_strays(struct attack *a)
{
	static const char *const magics[] = { "PILX", "pils", "XXXX", "PIL", NULL };
	struct node *n = a->n;
	uint8_t f[160];
	size_t len, inner;
	unsigned int i;
	uint16_t seq;
	bool ok = true;

	for (i = 0; magics[i]; i++) {
		len = strlen(magics[i]);
		memset(f, 0x5a, sizeof(f));
		memcpy(f, magics[i], len);
		ok &= dropped(a, f, len == 4 ? 44 : len, PILOT_DROP_REASON_MALFORMED);
	}
	tap(ok, "section 1: frames of unknown magic, and a 3-byte frame, are dropped as malformed");

	ok = true;
	for (i = 0; i < 0x10; i++) {
		memset(f, 0, sizeof(f));
		f[0] = i;
		ok &= dropped(a, f, 1 + i, PILOT_DROP_REASON_RELAYED);
	}
	tap(ok, "section 1: beacon messages (first byte 0x00..0x0f) are left to userspace daemons");

	len = sealed_forbidden(a, &seq);
	a->buf[0] = 0x06;
	put32(a->buf + 1, n->id);
	memcpy(a->buf + 5, a->frame, len);
	ok = dropped(a, a->buf, len + 5, PILOT_DROP_REASON_RELAYED);
	tap(ok && taken_now(a, a->frame, len, seq),
	    "section 2.8: a relay delivery (0x06) of a genuine PILS frame is not opened; the frame sent directly then is");

	put32(f, MAGIC_PILP);
	put32(f + 4, n->id);
	tap(send_raw(n, f, 4) && send_raw(n, f, 8) && echo(n, n->size, false),
	    "section 2.5: PILP frames of 4 and 8 bytes are ignored");

	put32(a->buf, MAGIC_PILT);
	inner = echo_packet(n, a->buf + 4, ++n->seq, n->size);
	bit_set(n->forbidden, n->seq);
	tap(dropped(a, a->buf, 4 + inner, PILOT_DROP_REASON_PLAINTEXT),
	    "section 2.4: a PILT frame (an echo request in clear) is dropped while encryption is on");

	memset(f, 0x11, sizeof(f));
	put32(f, MAGIC_PILA);
	put32(f + 4, n->id);
	tap(dropped(a, f, 136, PILOT_DROP_REASON_UNAUTHENTICATED),
	    "section 2.2: a PILA frame with a junk signature is not taken");

	build_pilk(f, n->id, n->pub);
	tap(dropped(a, f, PILK_LEN - 1, PILOT_DROP_REASON_MALFORMED),
	    "conformance 13: a PILK frame of 39 bytes is dropped as malformed");

	memset(f + 8, 0, 32);
	tap(dropped(a, f, PILK_LEN, PILOT_DROP_REASON_MALFORMED),
	    "section 3.2: a PILK from our node with an all-zero (low-order) key is dropped");
}

static int run_attack(struct node *n)
{
	static struct attack a;
	int64_t t0;

	a.n = n;
	if (n->size > 1000)
		n->size = 1000;		/* every frame one datagram */
	if (handshake(n) && tap(echo(n, n->size, false), "a first echo gets through")) {
		t0 = now_ms();
		attack_replay(&a);
		attack_tag(&a);
		attack_truncate(&a);
		attack_high_counter(&a);
		attack_reorder(&a);
		attack_outside(&a);
		attack_unknown_sender(&a);
		attack_inner(&a, "section 8.5: a genuine frame whose inner source node is not the sender is dropped (spoofed)",
			     PILOT_DROP_REASON_SPOOFED, fix_spoofed_src);
		attack_inner(&a, "a genuine frame carrying an IP packet from outside our allowed IPs is dropped (source)",
			     PILOT_DROP_REASON_SOURCE, fix_ip_source);
		attack_inner(&a, "section 2.7: a genuine frame whose Pilot packet has a bad CRC-32 is dropped (bad packet)",
			     PILOT_DROP_REASON_BAD_PACKET, fix_bad_crc);
		attack_inner(&a, "section 2.7: a genuine frame whose Pilot packet has version 2 is dropped (bad packet)",
			     PILOT_DROP_REASON_BAD_PACKET, fix_version);
		attack_inner(&a, "section 2.7: a genuine frame whose payload length runs past its end is dropped (bad packet)",
			     PILOT_DROP_REASON_BAD_PACKET, fix_long_length);
		attack_trailing(&a);
		attack_epoch(&a);
		attack_counter_zero(&a);
		attack_big(&a, 1400);
		attack_big(&a, 4166);
		attack_big(&a, 65000);
		attack_strays(&a);
		tap(echo(n, n->size, false), "an echo gets through: the session survived every attack");
		diag("the attacks took %lld ms (the window gates fire at once on a session a minute old)",
		     (long long)(now_ms() - t0));
		attack_epoch_limit(&a);
	}
	return finish(n);
}

/* ---- PILA (2.2, 7.4-7.7) -------------------------------------------------- */

/*
 * Key-exchange frames go no faster than the kernel's per-source limit
 * takes them (5 a second, spec 8.6), so that each one is judged on its own.
 */
static bool send_kx_paced(struct node *n, const uint8_t *f, size_t len)
{
	static int64_t last;
	int64_t wait = last + 250 - now_ms();

	if (wait > 0)
		poll(NULL, 0, wait);
	last = now_ms();
	return send_raw(n, f, len);
}

/* A key-exchange frame the kernel must drop for @r, then a probe echo. */
static bool kx_dropped(struct attack *a, const uint8_t *frame, size_t len,
		       enum pilot_drop_reason r)
{
	unsigned int before = a->n->violations;

	expect_drop(a->n, r, 1);
	return send_kx_paced(a->n, frame, len) && echo(a->n, a->n->size, false) &&
	       a->n->violations == before;
}

/* Wait for the kernel's PILA (or PILK, with @pilk) carrying its key. */
static long wait_kernel_kx(struct node *n, uint8_t *in, bool pilk, int timeout)
{
	int64_t end = now_ms() + timeout;
	long len;

	while ((len = recv_frame(n, in, end)) >= 0) {
		if (len >= 4 && get32(in) == (pilk ? MAGIC_PILK : MAGIC_PILA))
			return len;
		if (len >= 4 && get32(in) == MAGIC_PILS)
			diag("a PILS frame while waiting for a key exchange (ignored)");
	}
	return -1;
}

/*
 * Our X25519 key changes to @priv (PILA in @f, @len bytes, sent): the
 * kernel answers a key change with its PILA; derive the new session.
 */
static bool rekeyed(struct node *n, const uint8_t *f, size_t len, const char *what)
{
	static uint8_t in[MAX_FRAME];
	long got;

	if (!send_kx_paced(n, f, len))
		return false;
	got = wait_kernel_kx(n, in, false, n->timeout);
	if (!tap(got >= 0 && kernel_pila_ok(n, in, got) && !memcmp(in + 8, n->peer_pub, 32),
		 "%s: the kernel answers with its signed PILA (got %ld bytes)", what, got))
		return false;
	derive(n->key, n->priv, n->peer_pub);
	new_epoch(n);
	n->rx_prefix_set = false;
	return true;
}

static void auth_faults(struct attack *a)
{
	struct node *n = a->n;
	uint8_t f[PILA_LEN], pub[32], priv[32], pk[32], sk[64];
	size_t len;

	randombytes_buf(priv, sizeof(priv));
	crypto_scalarmult_base(pub, priv);	/* a key that is never installed */
	len = build_pila(f, n->id, pub, n->ed_pk, n->ed_sk);
	tap(kx_dropped(a, f, len - 1, PILOT_DROP_REASON_MALFORMED),
	    "conformance 13/14: a PILA of 135 bytes is dropped as malformed");
	f[72] ^= 1;
	tap(kx_dropped(a, f, len, PILOT_DROP_REASON_AUTH_FAILED),
	    "section 7.4 step 6: a PILA whose signature does not verify is refused; the session stays");
	memset(f + 72, 0, 64);
	tap(kx_dropped(a, f, len, PILOT_DROP_REASON_AUTH_FAILED),
	    "conformance 14: a well-formed PILA with an all-zero signature is refused");
	crypto_sign_keypair(pk, sk);
	len = build_pila(f, n->id, pub, pk, sk);
	tap(kx_dropped(a, f, len, PILOT_DROP_REASON_AUTH_FAILED),
	    "section 7.4 step 5: a PILA signed by a key that is not the node's registered one is refused");
	sodium_memzero(sk, sizeof(sk));
	memset(f, 0, sizeof(f));
	put32(f, MAGIC_PILA);
	tap(kx_dropped(a, f, PILA_LEN, PILOT_DROP_REASON_AUTH_FAILED),
	    "conformance 14: PILA followed by 132 zero bytes is refused");
}

/* Spec 7.5 step 4: our PILK is refused, and answered with the kernel's PILA. */
static void auth_pilk(struct attack *a)
{
	static uint8_t in[MAX_FRAME];
	struct node *n = a->n;
	uint8_t f[PILK_LEN], pub[32], priv[32];
	long got;

	randombytes_buf(priv, sizeof(priv));
	crypto_scalarmult_base(pub, priv);
	build_pilk(f, n->id, pub);
	expect_drop(n, PILOT_DROP_REASON_UNAUTHENTICATED, 1);
	got = send_kx_paced(n, f, sizeof(f)) ? wait_kernel_kx(n, in, false, n->timeout) : -1;
	tap(got >= 0 && kernel_pila_ok(n, in, got) && !memcmp(in + 8, n->peer_pub, 32),
	    "section 7.5 step 4: a PILK from a node with a registered identity is refused and answered with the kernel's PILA");
	tap(echo(n, n->size, false), "the session is untouched by that PILK");
}

/*
 * A PILA with a trailer (the JF fork's caps and flags) is taken: the
 * kernel re-keys. Then the first PILA, replayed, is taken too (spec 13.2:
 * its signature is as good as ever), and our current PILA puts it right.
 */
static void auth_rekey_and_replay(struct attack *a, const uint8_t *first, size_t first_len)
{
	struct node *n = a->n;
	uint8_t f[PILA_LEN + 2];
	size_t len;

	new_keypair(n);
	len = build_pila(f, n->id, n->pub, n->ed_pk, n->ed_sk);
	f[len++] = 0x01;	/* caps */
	f[len++] = 0x01;	/* flags: request */
	if (rekeyed(n, f, len, "conformance 14, section 2.2: a PILA of 138 bytes (a trailer) with a new X25519 key re-keys"))
		tap(echo(n, n->size, false), "an echo gets through the new session");
	tap(rekeyed(n, first, first_len, "section 13.2: the first PILA replayed is taken (it has no freshness)"),
	    "the replayed PILA installs the old key again");
	/* the genuine peer's next retransmit restores its key */
	if (rekeyed(n, f, len, "our current PILA again re-keys back"))
		tap(echo(n, n->size, false), "an echo gets through after the replay was undone");
}

/* Key-exchange frames of the kernel within @ms (PILS frames are taken). */
static unsigned int count_kernel_kx(struct node *n, int ms)
{
	static uint8_t in[MAX_FRAME], pt[MAX_FRAME];
	int64_t end = now_ms() + ms;
	unsigned int kx = 0;
	long len;

	while ((len = recv_frame(n, in, end)) >= 0) {
		if (len >= 4 && (get32(in) == MAGIC_PILA || get32(in) == MAGIC_PILK))
			kx++;
		else
			take_frame(n, in, len, pt);
	}
	return kx;
}

/*
 * Spec 7.4 step 10 and 7.10 for PILA: a same-key PILA is answered only
 * when nothing authentic came from the peer for 6 s, and then once in a
 * burst (conformance 30, 31, 35).
 */
static void auth_stale_gate(struct attack *a, const uint8_t *current, size_t len)
{
	struct node *n = a->n;
	unsigned int i, kx;

	kx = send_kx_paced(n, current, len) ? count_kernel_kx(n, 1500) : 99;
	tap(kx == 0, "conformance 31: a same-key PILA right after traffic is not answered (%u answers)",
	    kx);
	diag("idle for 6.5 s: the kernel's inbound from us goes stale");
	count_kernel_kx(n, 6500);
	for (i = 0; i < 5; i++) {
		send_raw(n, current, len);
		poll(NULL, 0, 40);
	}
	kx = count_kernel_kx(n, 1500);
	tap(kx == 1, "conformance 30/35: five same-key PILAs in 200 ms while stale get exactly one answer (%u)",
	    kx);
	tap(echo(n, n->size, false), "the session is intact after the same-key PILAs");
}

static int run_auth(struct node *n)
{
	static struct attack a;
	uint8_t first[PILA_LEN];
	size_t first_len;

	a.n = n;
	if (!n->auth) {
		fprintf(stderr, "pilot_peer: auth needs --identity-seed\n");
		return 2;
	}
	if (handshake(n) && tap(echo(n, n->size, false), "a first echo gets through the PILA session")) {
		first_len = build_kx(n, first);
		auth_stale_gate(&a, first, first_len);
		auth_faults(&a);
		auth_pilk(&a);
		auth_rekey_and_replay(&a, first, first_len);
	}
	return finish(n);
}

/* Wait (at most the timeout) until @path exists, then remove it. */
static bool go_signal(const struct node *n, const char *path)
{
	int64_t end = now_ms() + n->timeout;

	while (access(path, F_OK)) {
		if (now_ms() >= end)
			return false;
		poll(NULL, 0, 20);
	}
	unlink(path);
	return true;
}

/*
 * A PILA frame from this node (an unregistered one, say), signed by a
 * fresh key; with --go FILE, --count of them, each after the first once
 * FILE appears.
 */
static int run_pila_once(struct node *n, const char *go)
{
	uint8_t f[PILA_LEN], pk[32], sk[64];
	unsigned int i;

	new_keypair(n);
	crypto_sign_keypair(pk, sk);
	build_pila(f, n->id, n->pub, n->auth ? n->ed_pk : pk, n->auth ? n->ed_sk : sk);
	sodium_memzero(sk, sizeof(sk));
	for (i = 0; i < (go ? n->count : 1); i++) {
		if (i && go && !tap(go_signal(n, go), "%s appeared", go))
			break;
		tap(send_raw(n, f, sizeof(f)), "sent a PILA from node %u", n->id);
	}
	return tap_done();
}

/*
 * Spec 7.7: the kernel (with traffic waiting for us) sends its PILA alone
 * the first time; each retransmit goes with a PILK, the key request. Then
 * our PILA completes the exchange.
 */
static int run_keyrequest(struct node *n)
{
	static uint8_t in[MAX_FRAME], out[PILA_LEN];
	long got, next;
	int64_t t1;

	new_keypair(n);
	got = wait_kernel_kx(n, in, false, 10000);
	tap(got >= 0 && kernel_pila_ok(n, in, got),
	    "conformance 23: the kernel starts with its signed PILA of 136 bytes");
	t1 = now_ms();
	next = recv_frame(n, in + PILA_LEN, now_ms() + 1000);
	tap(next < 0 || get32(in + PILA_LEN) != MAGIC_PILK,
	    "conformance 68: no PILK follows the first PILA");
	got = wait_kernel_kx(n, in, false, 10000);
	tap(got >= 0 && kernel_pila_ok(n, in, got),
	    "section 7.8: the PILA is retransmitted (after %lld ms)", (long long)(now_ms() - t1));
	next = recv_frame(n, in + PILA_LEN, now_ms() + 1000);
	tap(next == PILK_LEN && get32(in + PILA_LEN) == MAGIC_PILK &&
	    !memcmp(in + PILA_LEN + 8, in + 8, 32),
	    "conformance 68: the retransmit goes with a PILK of the same key (key request)");
	memcpy(n->peer_pub, in + 8, 32);
	derive(n->key, n->priv, n->peer_pub);
	n->keyed = true;
	new_epoch(n);
	send_raw(n, out, build_kx(n, out));
	/*
	 * No answer comes to our PILA: the kernel verifies it through its
	 * helper, and an echo sent at once may beat the session. Its waiting
	 * ping, sealed under the new key, says the session is there.
	 */
	tap(wait_sealed(n, n->timeout), "the kernel's waiting traffic comes sealed under the new session");
	if (n->have_ip)
		tap(echo(n, n->size, false), "after our PILA, an echo gets through");
	return finish(n);
}

/* K PILK frames from random node IDs; nothing should come back. */
static int run_spray(struct node *n)
{
	uint8_t f[PILK_LEN], pub[32], priv[32];
	unsigned int i, sent = 0;
	int64_t t0 = now_ms();
	uint32_t id;

	for (i = 0; i < n->count; i++) {
		do
			id = randombytes_random();
		while (id == n->id || id == n->peer_id || !id);
		randombytes_buf(priv, sizeof(priv));
		crypto_scalarmult_base(pub, priv);
		build_pilk(f, id, pub);
		sent += send_raw(n, f, sizeof(f));
	}
	tap(sent == n->count, "sent %u PILK frames from random node IDs in %lld ms",
	    sent, (long long)(now_ms() - t0));
	printf("# spray-ms %lld\n", (long long)(now_ms() - t0));
	return tap_done();
}

/* One PILF piece of fragment @id: @len bytes of @data as piece @idx of @cnt. */
static bool piece(struct node *n, uint32_t id, unsigned int idx, unsigned int cnt,
		  const uint8_t *data, size_t len)
{
	static uint8_t p[FRAG_HDR + FRAG_MAX_PAYLOAD + 16];

	put32(p, MAGIC_PILF);
	put32(p + 4, n->id);
	put32(p + 8, id);
	p[12] = idx;
	p[13] = cnt;
	memcpy(p + FRAG_HDR, data, len);
	return send_raw(n, p, FRAG_HDR + len);
}

/* A sealed echo request of @plen payload bytes in a->frame, in two halves. */
static size_t split_echo(struct attack *a, size_t plen, bool forbidden, uint16_t *seq)
{
	struct node *n = a->n;

	*seq = ++n->seq;
	if (forbidden)
		bit_set(n->forbidden, *seq);
	return seal_next(n, a->frame, a->pkt, echo_packet(n, a->pkt, *seq, plen));
}

/* Spec 2.6's reasons to drop a piece; each one then a short echo. */
static void fragment_faults(struct attack *a)
{
	struct node *n = a->n;
	uint8_t junk[FRAG_MAX_PAYLOAD + 1];
	size_t len, half;
	uint16_t seq;
	unsigned int i;
	bool ok;

	memset(junk, 0x3c, sizeof(junk));
	ok = piece(n, n->frag_id++, 0, 1, junk, 100) && echo(n, 56, false);
	expect_drop(n, PILOT_DROP_REASON_MALFORMED, 1);
	tap(ok, "section 2.6: a piece counting 1 piece is dropped");
	ok = piece(n, n->frag_id++, 0, 65, junk, 100) && echo(n, 56, false);
	expect_drop(n, PILOT_DROP_REASON_MALFORMED, 1);
	tap(ok, "section 2.6: a piece counting 65 pieces is dropped");
	ok = piece(n, n->frag_id++, 2, 2, junk, 100) && echo(n, 56, false);
	expect_drop(n, PILOT_DROP_REASON_MALFORMED, 1);
	tap(ok, "section 2.6: piece 2 of 2 (index past the count) is dropped");
	ok = piece(n, n->frag_id++, 0, 2, junk, FRAG_MAX_PAYLOAD + 1) && echo(n, 56, false);
	expect_drop(n, PILOT_DROP_REASON_MALFORMED, 1);
	tap(ok, "section 2.6: a piece of 1210 bytes (one past the limit) is dropped");

	len = split_echo(a, 56, false, &seq);
	half = len / 2;
	tap(piece(n, n->frag_id, 1, 2, a->frame + half, len - half) &&
	    piece(n, n->frag_id, 0, 2, a->frame, half) && wait_echo(n, seq, n->timeout),
	    "section 2.6: a short frame in two small pieces (any frame may be cut) is put back together and answered");
	n->frag_id++;

	len = split_echo(a, 56, false, &seq);
	half = len / 2;
	ok = piece(n, n->frag_id, 0, 2, a->frame, half) &&
	     piece(n, n->frag_id, 1, 3, a->frame + half, len - half);
	expect_drop(n, PILOT_DROP_REASON_MALFORMED, 1);
	tap(ok && piece(n, n->frag_id, 1, 2, a->frame + half, len - half) &&
	    wait_echo(n, seq, n->timeout),
	    "section 2.6: a piece whose count disagrees is dropped; the right one then completes the frame");
	n->frag_id++;

	len = split_echo(a, 56, false, &seq);
	half = len / 2;
	ok = piece(n, n->frag_id, 0, 2, a->frame, half) &&
	     piece(n, n->frag_id, 0, 2, junk, half);
	expect_drop(n, PILOT_DROP_REASON_MALFORMED, 1);
	tap(ok && piece(n, n->frag_id, 1, 2, a->frame + half, len - half) &&
	    wait_echo(n, seq, n->timeout),
	    "section 2.6: a second piece 0 is dropped, the first kept; piece 1 then completes the frame");
	n->frag_id++;

	/* pieces that make up a PILF piece (of a forbidden echo): no nesting */
	len = split_echo(a, 56, true, &seq);
	put32(a->buf, MAGIC_PILF);
	put32(a->buf + 4, n->id);
	put32(a->buf + 8, n->frag_id + 1);
	a->buf[12] = 0;
	a->buf[13] = 1;
	memcpy(a->buf + FRAG_HDR, a->frame, len);
	len += FRAG_HDR;
	half = len / 2;
	i = n->violations;
	ok = piece(n, n->frag_id, 0, 2, a->buf, half) &&
	     piece(n, n->frag_id, 1, 2, a->buf + half, len - half) && echo(n, 56, false) &&
	     n->violations == i;
	expect_drop(n, PILOT_DROP_REASON_MALFORMED, 1);
	tap(ok, "section 2.6: pieces that make up a PILF frame are dropped (no nesting)");
	n->frag_id += 2;

	/* 32 partial frames per source at most: the 33rd is refused */
	ok = true;
	for (i = 0; i < 33; i++)
		ok &= piece(n, n->frag_id++, 0, 2, junk, 100);
	expect_drop(n, PILOT_DROP_REASON_MALFORMED, 1);
	tap(ok && echo(n, 56, false),
	    "section 2.6: 33 partial frames from one source: the 33rd is refused, the session goes on");
}

static int run_fragments(struct node *n)
{
	static struct attack a;
	/* a frame of about 1400 bytes: two pieces each way */
	unsigned int size = n->size > 1300 ? n->size : 1300;

	a.n = n;
	if (handshake(n) && tap(echo(n, 56, false), "a short echo gets through")) {
		tap(echo(n, size, true),
		    "section 2.6: a %u-byte ICMP echo sealed into one PILS frame, sent as PILF pieces last first, is answered (reply reassembled)",
		    size);
		tap(echo(n, size, false), "the same in order");
		fragment_faults(&a);
	}
	return finish(n);
}

/* "raw": a Pilot datagram on RAW_PORT each way. */
static int run_raw(struct node *n)
{
	static uint8_t frame[MAX_FRAME], pt[MAX_FRAME];
	static const char msg[] = "pilot raw datagram from userspace";
	uint8_t pkt[HDR_LEN + sizeof(msg)];
	int64_t end;
	long len;
	bool got = false;

	if (!handshake(n))
		return finish(n);
	pilot_build(pkt, PROTO_DATAGRAM, self_addr(n), peer_addr(n), RAW_PORT, RAW_PORT,
		    (const uint8_t *)msg, sizeof(msg));
	tap(send_raw(n, frame, seal_next(n, frame, pkt, sizeof(pkt))),
	    "sent a datagram to Pilot port %d", RAW_PORT);
	/* the node's side answers with a datagram to port RAW_PORT + 1 */
	end = now_ms() + n->timeout;
	while (!got && (len = recv_frame(n, frame, end)) >= 0) {
		len = take_frame(n, frame, len, pt);
		got = len > HDR_LEN && pt[1] == PROTO_DATAGRAM && get16(pt + 18) == RAW_PORT + 1;
	}
	tap(got, "a datagram the node wrote to its packet socket arrives on port %d", RAW_PORT + 1);
	if (got)
		diag("its payload: %.*s", (int)(len - HDR_LEN), pt + HDR_LEN);
	return finish(n);
}

/* ---- hostile peers: spoofed sources, every length, floods, replays ------- */

/*
 * Frames from many source addresses (--sources PREFIX/LEN, IPv4): a second
 * socket, transparent, picks each datagram's source with IP_PKTINFO. The
 * kernel's per-source rate limit (spec 8.6) then judges each on its own.
 */
static int open_spoof_socket(struct node *n)
{
	int one = 1;
	struct sockaddr_in any = { .sin_family = AF_INET };

	if (n->peer.ss_family != AF_INET) {
		fprintf(stderr, "pilot_peer: --sources needs an IPv4 peer\n");
		return -1;
	}
	n->spoof_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (n->spoof_fd < 0 ||
	    setsockopt(n->spoof_fd, SOL_IP, IP_TRANSPARENT, &one, sizeof(one)) ||
	    bind(n->spoof_fd, (struct sockaddr *)&any, sizeof(any))) {
		perror("pilot_peer: spoofing socket");
		return -1;
	}
	return 0;
}

/* One datagram to the kernel node from source address @src (host order). */
static bool send_from(struct node *n, uint32_t src, const uint8_t *buf, size_t len)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} cb;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr mh = {
		.msg_name = &n->peer, .msg_namelen = n->peer_len,
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cb.buf, .msg_controllen = sizeof(cb.buf),
	};
	struct cmsghdr *c;
	struct in_pktinfo pi = { 0 };
	ssize_t r;

	memset(&cb, 0, sizeof(cb));
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	pi.ipi_spec_dst.s_addr = htonl(src);
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	r = sendmsg(n->spoof_fd, &mh, 0);
	if (r != (ssize_t)len) {
		diag("sendmsg of %zu bytes from a spoofed source: %s", len,
		     r < 0 ? strerror(errno) : "short");
		return false;
	}
	return true;
}

/* The next source of the pool, in order (never the same twice in a run). */
static uint32_t next_source(struct node *n)
{
	return n->src_base + (n->src_next++ % n->src_size);
}

static uint32_t random_source(struct node *n)
{
	return n->src_base + randombytes_uniform(n->src_size);
}

/* Node IDs that are all different and none of the test's (1..255). */
static uint32_t next_node_id(uint32_t *state)
{
	uint32_t id;

	do
		id = (*state += 0x9e3779b1u);
	while (id < 256);
	return id;
}

/* The kinds of frame "lengths" sends at every length. */
enum kind { K_PILK, K_PILA, K_PILS, K_PILF, K_PILT, K_PILP, K_BEACON, K_UNKNOWN, K_RANDOM };

static const char *const kind_name[] = {
	"PILK", "PILA", "PILS", "PILF", "PILT", "PILP", "beacon/relay (first byte 0x00..0x0f)",
	"unknown magic PILX", "random bytes",
};

static const uint32_t known_magic[] = {
	MAGIC_PILS, MAGIC_PILK, MAGIC_PILA, MAGIC_PILT, MAGIC_PILP, MAGIC_PILF,
};
#define N_MAGIC (sizeof(known_magic) / sizeof(known_magic[0]))

/*
 * A frame of kind @k and @len bytes in @f, and the reason the kernel drops
 * it for (0: not dropped). *@spoof: it goes from a source of its own, so
 * that no per-source bucket runs dry (key-exchange frames).
 */
static enum pilot_drop_reason make_frame(struct node *n, enum kind k, uint8_t *f, size_t len,
					 bool *spoof)
{
	static const uint8_t magic[][4] = {
		[K_PILK] = "PILK", [K_PILA] = "PILA", [K_PILS] = "PILS", [K_PILF] = "PILF",
		[K_PILT] = "PILT", [K_PILP] = "PILP", [K_UNKNOWN] = "PILX",
	};
	unsigned int i;
	bool again;

	*spoof = false;
	randombytes_buf(f, len);
	if (k == K_RANDOM) {
		/* a random frame that happens to start with a magic is made again */
		do {
			again = false;
			randombytes_buf(f, len);
			for (i = 0; len >= 4 && i < N_MAGIC; i++)
				again |= get32(f) == known_magic[i];
		} while (again);
		if (!len)
			return PILOT_DROP_REASON_MALFORMED;
		return f[0] < 0x10 ? PILOT_DROP_REASON_RELAYED : PILOT_DROP_REASON_MALFORMED;
	}
	if (k == K_BEACON) {
		if (len)
			f[0] = len % 16;
		return len ? PILOT_DROP_REASON_RELAYED : PILOT_DROP_REASON_MALFORMED;
	}
	memcpy(f, magic[k], len < 4 ? len : 4);
	if (len < 4)
		return PILOT_DROP_REASON_MALFORMED;
	if (len >= 8)
		put32(f + 4, n->id);
	switch (k) {
	case K_PILK:
		if (len < PILK_LEN)
			return PILOT_DROP_REASON_MALFORMED;
		/* our node, an all-zero (low-order) key: refused by the worker */
		memset(f + 8, 0, 32);
		*spoof = true;
		return PILOT_DROP_REASON_MALFORMED;
	case K_PILA:
		if (len < PILA_LEN)
			return PILOT_DROP_REASON_MALFORMED;
		/* a junk signature, and no pilot-keyd to ask */
		*spoof = true;
		return PILOT_DROP_REASON_UNAUTHENTICATED;
	case K_PILS:
		/* under our node ID: its junk tag fails */
		return len < PILS_MIN ? PILOT_DROP_REASON_MALFORMED : PILOT_DROP_REASON_AEAD;
	case K_PILF:
		/* a piece counting 1 piece (2.6) */
		if (len >= FRAG_HDR) {
			f[12] = 0;
			f[13] = 1;
		}
		return PILOT_DROP_REASON_MALFORMED;
	case K_PILT:
		return PILOT_DROP_REASON_PLAINTEXT;
	case K_PILP:
		return 0;
	default:
		return PILOT_DROP_REASON_MALFORMED;
	}
}

/*
 * "lengths": every kind of frame at every length 0..200 (and --count
 * random frames of random length); a probe echo after every fourth frame
 * (so that junk PILS frames never reach the decrypt-fail gate), and at the
 * end of each kind. Key-exchange frames go from sources of their own.
 */
static int run_lengths(struct node *n)
{
	uint8_t f[256];
	enum pilot_drop_reason r;
	unsigned int sent, bad, probes, k, i;
	size_t len;
	bool spoof, ok;

	if (!handshake(n) || !tap(echo(n, n->size, false), "a first echo gets through"))
		return finish(n);
	for (k = K_PILK; k <= K_RANDOM; k++) {
		sent = bad = probes = 0;
		for (i = 0; i < (k == K_RANDOM ? n->count : 201); i++) {
			len = k == K_RANDOM ? randombytes_uniform(201) : i;
			r = make_frame(n, k, f, len, &spoof);
			if (r)
				expect_drop(n, r, 1);
			ok = spoof ? send_from(n, next_source(n), f, len) : send_raw(n, f, len);
			sent += ok;
			if (i % 4 == 3) {
				probes++;
				if (!echo(n, n->size, false)) {
					diag("%s: no answer to the probe after %zu bytes",
					     kind_name[k], len);
					bad++;
				}
			}
		}
		probes++;
		bad += !echo(n, n->size, false);
		tap(!bad && sent == i,
		    "%s: %u frames of 0..200 bytes sent (%u), every one of %u probe echoes answered",
		    kind_name[k], i, sent, probes);
	}
	return finish(n);
}

/* Seal an echo request with counter @c (our epoch), into @frame. */
static size_t sealed_at(struct node *n, uint8_t *frame, uint8_t *pkt, uint64_t c, uint16_t *seq)
{
	*seq = ++n->seq;
	return seal(frame, n->key, n->id, n->prefix, c, pkt, echo_packet(n, pkt, *seq, n->size));
}

/*
 * "replay": replay storms and counters up to 2^64-1.
 * 1. --count copies of 16 answered frames, a probe after every fourth
 *    copy: each is a replay, or outside the window once 256 newer
 *    counters went by; the session goes on.
 * 2. Junk-tag frames with counters 2^63, 2^64-2, 2^64-1: AEAD failures,
 *    the window does not move.
 * 3. Genuine frames at 2^64-101, 2^64-2, 2^64-1 are taken (the window
 *    slides up to U64_MAX); those again are replays, a genuine frame far
 *    below is outside the window; our counter is spent, so a new epoch
 *    (new prefix, counter 1) carries on, and the old epoch's frame is stale.
 * 4. A burst of --count copies with no probe on an epoch over a second old:
 *    the fifth replay fires the replay gate (spec 6.5), the session goes,
 *    the rest find no key; the kernel asks for a key exchange, and we key a
 *    new session.
 */
static int run_replay(struct node *n)
{
	static struct attack a;
	static uint8_t rec[16][2048];
	static uint8_t in[MAX_FRAME];
	uint64_t rc[16];
	size_t rlen[16], len, top;
	uint16_t seq[16], s1, s2, s3;
	unsigned int i, bad = 0, replays = 0, outside = 0, sent = 0;
	int64_t t, end;
	long got;
	bool ok;

	a.n = n;
	if (n->size > 1000)
		n->size = 1000;
	if (!handshake(n) || !tap(echo(n, n->size, false), "a first echo gets through"))
		return finish(n);

	/* 1 */
	ok = true;
	for (i = 0; i < 16; i++) {
		rc[i] = ++n->counter;
		rlen[i] = sealed_at(n, rec[i], a.pkt, rc[i], &seq[i]);
		ok &= send_raw(n, rec[i], rlen[i]) && wait_echo(n, seq[i], n->timeout);
		bit_set(n->forbidden, seq[i]);
	}
	tap(ok, "16 genuine echoes to replay are answered");
	for (i = 0; i < n->count; i++) {
		unsigned int j = i % 16;

		if (n->counter - rc[j] >= 256) {
			expect_drop(n, PILOT_DROP_REASON_OUTSIDE_WINDOW, 1);
			outside++;
		} else {
			expect_drop(n, PILOT_DROP_REASON_REPLAY, 1);
			replays++;
		}
		sent += send_raw(n, rec[j], rlen[j]);
		if (i % 4 == 3 && !echo(n, n->size, false))
			bad++;
	}
	tap(sent == n->count && !bad && echo(n, n->size, false),
	    "a storm of %u copies of 16 old genuine frames (%u replays, %u outside the window), a probe after every fourth: every probe answered",
	    n->count, replays, outside);

	/* 2 */
	{
		static const uint64_t forged[] = { 1ULL << 63, UINT64_MAX - 1, UINT64_MAX };

		ok = true;
		for (i = 0; i < 3; i++) {
			len = sealed_forbidden(&a, NULL);
			put64(a.frame + 12, forged[i]);
			randombytes_buf(a.frame + len - TAG_LEN, TAG_LEN);
			ok &= dropped(&a, a.frame, len, PILOT_DROP_REASON_AEAD);
		}
		tap(ok, "junk-tag frames with counters 2^63, 2^64-2 and 2^64-1 fail their tag; the window did not move: probes get through");
	}

	/* 3 */
	len = sealed_at(n, a.frame, a.pkt, UINT64_MAX - 100, &s1);
	ok = send_raw(n, a.frame, len) && wait_echo(n, s1, n->timeout);
	tap(ok, "a genuine frame with counter 2^64-101 is taken (the window jumps)");
	len = sealed_at(n, a.frame, a.pkt, UINT64_MAX - 1, &s2);
	memcpy(a.held, a.frame, len);
	ok = send_raw(n, a.frame, len) && wait_echo(n, s2, n->timeout);
	tap(ok, "a genuine frame with counter 2^64-2 is taken (the window slides 99)");
	len = sealed_at(n, a.three[0], a.pkt, UINT64_MAX, &s3);
	top = len;
	ok = send_raw(n, a.three[0], len) && wait_echo(n, s3, n->timeout);
	tap(ok, "a genuine frame with counter 2^64-1 is taken (the window slides to U64_MAX)");
	bit_set(n->forbidden, s2);
	bit_set(n->forbidden, s3);
	expect_drop(n, PILOT_DROP_REASON_REPLAY, 2);
	ok = send_raw(n, a.three[0], top) && send_raw(n, a.held, top);
	len = sealed_at(n, a.frame, a.pkt, n->counter + 1, &s1);
	bit_set(n->forbidden, s1);
	expect_drop(n, PILOT_DROP_REASON_OUTSIDE_WINDOW, 1);
	ok &= send_raw(n, a.frame, len);
	/* our counter is spent: a new send epoch, as a peer would re-derive */
	new_epoch(n);
	tap(ok && echo(n, n->size, false),
	    "counters 2^64-1 and 2^64-2 again are replays, a genuine frame far below is outside the window; a new epoch (counter 1) is answered");
	expect_drop(n, PILOT_DROP_REASON_STALE_EPOCH, 1);
	tap(send_raw(n, a.three[0], top) && echo(n, n->size, false),
	    "the old epoch's frame at 2^64-1 again is stale; the new epoch carries on");

	/* 4: an epoch over a second old, then a burst with no probe */
	poll(NULL, 0, 1100);
	rc[0] = ++n->counter;
	rlen[0] = sealed_at(n, rec[0], a.pkt, rc[0], &seq[0]);
	ok = send_raw(n, rec[0], rlen[0]) && wait_echo(n, seq[0], n->timeout);
	bit_set(n->forbidden, seq[0]);
	for (i = 0, sent = 0; ok && i < n->count; i++)
		sent += send_raw(n, rec[0], rlen[0]);
	/*
	 * The fifth is a replay that drops the session; the rest find none
	 * (no-key), but for those the kernel had started to open already:
	 * with parallel crypto they finish under the dropped session, as
	 * replays. Either way, each is counted once.
	 */
	expect_drop(n, PILOT_DROP_REASON_REPLAY, 5);
	n->expect_replay_or_no_key += n->count - 5;
	tap(ok && sent == n->count, "a burst of %u copies of one answered frame sent", n->count);
	/*
	 * The kernel dropped the session at the fifth and asks for our key,
	 * unless it asked less than 3 s ago (spec 8.2): then on a later frame
	 * it cannot open; one every half second, as a daemon keeps sending.
	 */
	t = now_ms();
	end = t + n->timeout + 3000;
	for (got = -1; now_ms() < end;) {
		got = recv_frame(n, in, now_ms() + 500);
		if (got == PILK_LEN && get32(in) == MAGIC_PILK)
			break;
		if (got >= 0) {
			take_frame(n, in, got, a.pkt);
			continue;
		}
		expect_drop(n, PILOT_DROP_REASON_NO_KEY, 1);
		send_raw(n, rec[0], rlen[0]);
	}
	tap(got == PILK_LEN && get32(in + 4) == n->peer_id && !memcmp(in + 8, n->peer_pub, 32),
	    "spec 6.5: the fifth replay fires the replay gate: the session is dropped and the kernel asks for a key exchange (its PILK after %lld ms)",
	    (long long)(now_ms() - t));
	tap(handshake(n) && echo(n, n->size, false),
	    "a new session is keyed, and echoes get through");
	return finish(n);
}

/* Inner source node @node (and its CRC) of the Pilot packet of an echo. */
static void inner_from(uint8_t *pkt, size_t len, uint32_t node)
{
	put32(pkt + 6, node);
	put32(pkt + 30, pilot_crc(pkt, len));
}

/*
 * "spoof": packets under our valid session that claim another sender: an
 * inner source node of the real peer --other-node, of node 0 (not a
 * keepalive) and of node 2^32-1; a keepalive stamped with the other node;
 * an echo from the other node's overlay address (--other-addr); and a PILS
 * frame sealed under our key that names the other node as its sender.
 */
static int run_spoof(struct node *n)
{
	static struct attack a;
	static const uint32_t claims[] = { 0, 0xffffffffu };
	static const char *const what[] = { "node 0 (not a keepalive)", "node 2^32-1" };
	struct pilot_addr other = { n->net, n->other_id };
	size_t len, plen;
	unsigned int i;

	a.n = n;
	if (!n->other_id || !n->have_other_ip || n->other_family != n->ip.family) {
		fprintf(stderr, "pilot_peer: spoof needs --other-node and --other-addr (of --addr's family)\n");
		return 2;
	}
	if (!handshake(n) || !tap(echo(n, n->size, false), "a first echo gets through"))
		return finish(n);

	len = echo_packet(n, a.pkt, ++n->seq, n->size);
	bit_set(n->forbidden, n->seq);
	inner_from(a.pkt, len, n->other_id);
	tap(dropped(&a, a.frame, seal_next(n, a.frame, a.pkt, len), PILOT_DROP_REASON_SPOOFED),
	    "section 8.5: an echo in our session whose inner source is node %u, a real peer, is dropped (spoofed)",
	    n->other_id);
	for (i = 0; i < 2; i++) {
		len = echo_packet(n, a.pkt, ++n->seq, n->size);
		bit_set(n->forbidden, n->seq);
		inner_from(a.pkt, len, claims[i]);
		tap(dropped(&a, a.frame, seal_next(n, a.frame, a.pkt, len),
			    PILOT_DROP_REASON_SPOOFED),
		    "section 8.5: an echo whose inner source is %s is dropped (spoofed)", what[i]);
	}

	len = pilot_build(a.pkt, PROTO_CONTROL, other, (struct pilot_addr){ 0, 0 }, 0, 0,
			  NULL, 0);
	tap(dropped(&a, a.frame, seal_next(n, a.frame, a.pkt, len), PILOT_DROP_REASON_SPOOFED),
	    "section 8.5: a keepalive stamped with node %u in our session is dropped (spoofed)",
	    n->other_id);
	len = pilot_build(a.pkt, PROTO_CONTROL, (struct pilot_addr){ 0, 0 },
			  (struct pilot_addr){ 0, 0 }, 0, 0, NULL, 0);
	tap(send_raw(n, a.frame, seal_next(n, a.frame, a.pkt, len)) && echo(n, n->size, false),
	    "an unstamped keepalive (node 0, as old daemons send) is taken, not counted");

	plen = echo_build(a.pkt + HDR_LEN, n->ip.family, n->other_ip, n->ip.remote, false,
			  n->echo_id, ++n->seq, n->size);
	bit_set(n->forbidden, n->seq);
	len = pilot_build(a.pkt, PROTO_DATAGRAM, self_addr(n), peer_addr(n), PILOT_IP_PORT,
			  PILOT_IP_PORT, a.pkt + HDR_LEN, plen);
	tap(dropped(&a, a.frame, seal_next(n, a.frame, a.pkt, len), PILOT_DROP_REASON_SOURCE),
	    "an echo in our session from the overlay address of node %u (allowed for that peer only) is dropped (source)",
	    n->other_id);

	len = echo_packet(n, a.pkt, ++n->seq, n->size);
	bit_set(n->forbidden, n->seq);
	inner_from(a.pkt, len, n->other_id);
	len = seal(a.frame, n->key, n->other_id, n->prefix, ++n->counter, a.pkt, len);
	tap(dropped(&a, a.frame, len, PILOT_DROP_REASON_AEAD),
	    "section 4.2: a frame sealed under our key naming node %u as its sender fails that session's tag (AAD and key); ours goes on",
	    n->other_id);
	return finish(n);
}

/* Frames a second since @t0 (ms), for the figures. */
static unsigned long rate(unsigned int frames, int64_t t0)
{
	int64_t ms = now_ms() - t0;

	return frames * 1000UL / (ms > 0 ? ms : 1);
}

/*
 * "flood": --count PILK frames, each from a new random node ID with a
 * random key, each from a random source of --sources. Nothing is waited
 * for; the shell compares the kernel's counters with what was sent.
 */
static int run_flood(struct node *n)
{
	uint8_t f[PILK_LEN];
	uint32_t ids = randombytes_random();
	unsigned int i, sent = 0;
	int64_t t0 = now_ms();

	put32(f, MAGIC_PILK);
	for (i = 0; i < n->count; i++) {
		put32(f + 4, next_node_id(&ids));
		randombytes_buf(f + 8, 32);
		sent += send_from(n, random_source(n), f, sizeof(f));
	}
	tap(sent == n->count, "sent %u PILK frames from random node IDs and sources in %lld ms (%lu frames/s)",
	    sent, (long long)(now_ms() - t0), rate(sent, t0));
	printf("# flood-sent %u\n# flood-rate %lu\n", sent, rate(sent, t0));
	return tap_done();
}

/*
 * "pila-flood": --count PILA frames from random sources of --sources: from
 * new random node IDs (nobody registered them), and every eighth claiming
 * our own node (--identity-seed: our registered Ed25519 key) with a junk
 * signature. Every one must be refused.
 */
static int run_pila_flood(struct node *n)
{
	uint8_t f[PILA_LEN];
	uint32_t ids = randombytes_random();
	unsigned int i, sent = 0, ours = 0;
	int64_t t0 = now_ms();

	put32(f, MAGIC_PILA);
	for (i = 0; i < n->count; i++) {
		randombytes_buf(f + 8, PILA_LEN - 8);
		if (n->auth && i % 8 == 7) {
			put32(f + 4, n->id);
			memcpy(f + 40, n->ed_pk, 32);
			ours++;
		} else {
			put32(f + 4, next_node_id(&ids));
		}
		sent += send_from(n, random_source(n), f, sizeof(f));
	}
	tap(sent == n->count, "sent %u PILA frames with junk signatures (%u claiming node %u) in %lld ms (%lu frames/s)",
	    sent, ours, n->id, (long long)(now_ms() - t0), rate(sent, t0));
	printf("# flood-sent %u\n# flood-rate %lu\n", sent, rate(sent, t0));
	return tap_done();
}

/* ---- the node's side of "raw": packet sockets on pilot0 ----------------- */

static int packet_socket(const char *dev, struct sockaddr_ll *sll)
{
	int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(PILOT_ETHERTYPE));

	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = htons(PILOT_ETHERTYPE);
	sll->sll_ifindex = if_nametoindex(dev);
	if (fd < 0 || !sll->sll_ifindex || bind(fd, (struct sockaddr *)sll, sizeof(*sll))) {
		perror("pilot_peer: packet socket");
		return -1;
	}
	return fd;
}

/* sniff DEV PORT: print the first Pilot packet to PORT seen on DEV. */
static int run_sniff(struct node *n, const char *dev, int port, const char *ready)
{
	struct pollfd pfd = { .events = POLLIN };
	struct sockaddr_ll sll;
	uint8_t buf[65536];
	int64_t end = now_ms() + n->timeout, left;
	ssize_t len;
	FILE *f;

	pfd.fd = packet_socket(dev, &sll);
	if (pfd.fd < 0)
		return 2;
	if (ready && (f = fopen(ready, "w")))
		fclose(f);
	while ((left = end - now_ms()) > 0 && poll(&pfd, 1, left) > 0) {
		len = recv(pfd.fd, buf, sizeof(buf), 0);
		if (len < HDR_LEN || get16(buf + 18) != port)
			continue;
		printf("from %u:%u port %u to %u:%u port %u proto %u len %u crc %s payload %.*s\n",
		       get16(buf + 4), get32(buf + 6), get16(buf + 16), get16(buf + 10),
		       get32(buf + 12), port, buf[1], get16(buf + 2),
		       pilot_check(buf, len) ? "bad" : "ok", (int)(len - HDR_LEN), buf + HDR_LEN);
		return 0;
	}
	fprintf(stderr, "pilot_peer: nothing for port %d on %s\n", port, dev);
	return 1;
}

/* inject DEV: write a datagram from node N to node M, port RAW_PORT + 1. */
static int run_inject(struct node *n, const char *dev)
{
	static const char msg[] = "pilot raw datagram from the kernel node";
	uint8_t pkt[HDR_LEN + sizeof(msg)];
	struct sockaddr_ll sll;
	int fd = packet_socket(dev, &sll);
	size_t len;

	if (fd < 0)
		return 2;
	len = pilot_build(pkt, PROTO_DATAGRAM, self_addr(n), peer_addr(n), RAW_PORT + 1,
			  RAW_PORT + 1, (const uint8_t *)msg, sizeof(msg));
	if (sendto(fd, pkt, len, 0, (struct sockaddr *)&sll, sizeof(sll)) != (ssize_t)len) {
		perror("pilot_peer: inject");
		return 1;
	}
	return 0;
}

/* ---- selftest: the spec's vectors (12.2) -------------------------------- */

#define V_A_PRIV "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
#define V_A_PUB	 "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
#define V_B_PRIV "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"
#define V_B_PUB	 "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
#define V_SHARED "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
#define V_PRK	 "fd5b81e5379cfe3599ea059945250eabdb0913b8c3ae8bd85d6b735f15538be5"
#define V_KEY	 "3e765a2f49fe2a9185dd5d57c08a3525060d2d2c2b2a356fadef25f614d38662"
#define V_SYN	 "11010000000000000001000000000002c00003e800000000000000000200145ed874"
#define V_DATA	 "12010005000000000001000000000002c00003e8000000010000000101f65ee872c868656c6c6f"
#define V_KA_A	 "100300000000111111110000000000000000000000000000000000000000a51112ca"
#define V_KA_B	 "100300000000222222220000000000000000000000000000000000000000d1226e71"
#define V_PILS1	 "50494c5311111111a1a2a3a400000000000000015bdc3d767cd5c63b6e915f70083927aa0004ff33f71d645619959700712d145b953064ab796d9e533a25effd5fe9acb3b7ff"
#define V_PILS2	 "50494c5311111111a1a2a3a40000000000000002b2e3c4aef3988fd4d49986c6468a3f3756510c4343008de6b9005efe6ea5d0894a92d60818bdd7a840ad399ac6f1bd0aabd56f1c789ef9"
#define V_PILS3	 "50494c5322222222b1b2b3b400000000000000012f70d70164597ea2e18cc14aa11ac63bedf9a4e931d8eed2fae5c8672afa7af6b521c5d34b529761be0f3f25ca8680e5d5c0"
#define V_AADTAG "c505ab5fe453b0fd80c64289d2187df7"
#define V_PILK	 "50494c4b111111118520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"

static bool eq_hex(const uint8_t *got, size_t len, const char *hex)
{
	uint8_t want[256];

	return unhex(want, sizeof(want), hex) == len && !memcmp(got, want, len);
}

/* Build the Pilot packet of a vector from its fields, compare. */
static bool vector_packet(const char *hex, uint8_t proto, uint8_t flags, struct pilot_addr s,
			  struct pilot_addr d, uint16_t sp, uint16_t dp, uint32_t seq,
			  uint32_t ack, uint16_t win, const char *payload)
{
	uint8_t pkt[128];
	size_t len, plen = payload ? strlen(payload) : 0;

	memcpy(pkt + HDR_LEN, payload ? payload : "", plen);
	put32(pkt + 20, 0);
	len = pilot_build(pkt, proto, s, d, sp, dp, pkt + HDR_LEN, plen);
	pkt[0] |= flags;
	put32(pkt + 20, seq);
	put32(pkt + 24, ack);
	put16(pkt + 28, win);
	put32(pkt + 30, pilot_crc(pkt, len));
	return eq_hex(pkt, len, hex) && !pilot_check(pkt, len);
}

static bool vector_window(const uint64_t *seq, const char *want, size_t n)
{
	struct window w = { 0 };
	size_t i;

	for (i = 0; i < n; i++)
		if ("aro"[window_record(&w, seq[i])] != want[i])
			return false;
	return true;
}

static int run_selftest(void)
{
	uint8_t a_priv[32], a_pub[32], b_priv[32], b_pub[32], s1[32], s2[32], prk[32], key[32];
	uint8_t pt[128], frame[256], want[256], nonce_a[4], nonce_b[4], f[PILK_LEN];
	struct pilot_addr n0_1 = { 0, 1 }, n0_2 = { 0, 2 }, nA = { 0, 0x11111111 },
			  nB = { 0, 0x22222222 }, zero = { 0, 0 };
	size_t len, wlen;
	long plen;

	unhex(a_priv, 32, V_A_PRIV);
	unhex(b_priv, 32, V_B_PRIV);
	unhex(nonce_a, 4, "a1a2a3a4");
	unhex(nonce_b, 4, "b1b2b3b4");
	crypto_scalarmult_base(a_pub, a_priv);
	crypto_scalarmult_base(b_pub, b_priv);
	tap(eq_hex(a_pub, 32, V_A_PUB) && eq_hex(b_pub, 32, V_B_PUB),
	    "12.2: X25519 public keys of A and B (RFC 7748 6.1)");
	tap(!crypto_scalarmult(s1, a_priv, b_pub) && !crypto_scalarmult(s2, b_priv, a_pub) &&
	    eq_hex(s1, 32, V_SHARED) && !memcmp(s1, s2, 32),
	    "12.2: X25519 shared secret, the same from both sides");
	hkdf(key, prk, s1);
	tap(eq_hex(prk, 32, V_PRK), "12.2: HKDF-Extract PRK (no salt)");
	tap(eq_hex(key, 32, V_KEY), "12.2 / conformance 2: AES key = HKDF-Expand(PRK, \"pilot-tunnel-v1\")");
	derive(s2, b_priv, a_pub);
	tap(!memcmp(s2, key, 32), "conformance 1: both sides derive the same key");
	memset(s2, 0, 32);
	tap(derive(s1, a_priv, s2) < 0, "section 3.2: a low-order (all-zero) peer key is refused");

	tap(vector_packet(V_SYN, PROTO_STREAM, 1, n0_1, n0_2, 49152, 1000, 0, 0, 512, NULL),
	    "12.2: Pilot packet CRC-32, spec SYN");
	tap(vector_packet(V_DATA, PROTO_STREAM, 2, n0_1, n0_2, 49152, 1000, 1, 1, 0x01f6, "hello"),
	    "12.2: Pilot packet CRC-32, spec data \"hello\"");
	tap(vector_packet(V_KA_A, PROTO_CONTROL, 0, nA, zero, 0, 0, 0, 0, 0, NULL) &&
	    vector_packet(V_KA_B, PROTO_CONTROL, 0, nB, zero, 0, 0, 0, 0, 0, NULL),
	    "12.2: keepalives stamped with A and B");

	len = unhex(pt, sizeof(pt), V_SYN);
	wlen = seal(frame, key, 0x11111111, nonce_a, 1, pt, len);
	tap(eq_hex(frame, wlen, V_PILS1) && wlen == 20 + len + 16,
	    "12.2 / conformance 42/43: PILS A->B counter 1 = 20 + plaintext + 16 bytes");
	len = unhex(pt, sizeof(pt), V_DATA);
	wlen = seal(frame, key, 0x11111111, nonce_a, 2, pt, len);
	tap(eq_hex(frame, wlen, V_PILS2), "12.2: PILS A->B counter 2");
	len = unhex(pt, sizeof(pt), V_KA_B);
	wlen = seal(frame, key, 0x22222222, nonce_b, 1, pt, len);
	tap(eq_hex(frame, wlen, V_PILS3), "12.2: PILS B->A counter 1");

	len = unhex(want, sizeof(want), V_PILS3);
	plen = open_frame(pt, key, want, len);
	tap(plen == 34 && eq_hex(pt, plen, V_KA_B), "12.2: the B->A frame opens to B's keepalive");
	put32(want + 4, 0x11111111);
	tap(open_frame(pt, key, want, len) < 0,
	    "section 4.2: the same frame with A as sender (AAD) does not open");
	len = unhex(pt, sizeof(pt), V_KA_B);
	seal(frame, key, 0x11111111, nonce_b, 1, pt, len);
	tap(eq_hex(frame + 20 + 34, 16, V_AADTAG), "12.2: AAD sensitivity tag");
	len = unhex(want, sizeof(want), V_PILS1);
	want[len - 1] ^= 1;
	tap(open_frame(pt, key, want, len) < 0, "conformance 46: a flipped tag byte does not open");
	want[len - 1] ^= 1;
	tap(open_frame(pt, key, want, 35) < 0 && open_frame(pt, key, want, len) == 34,
	    "conformance 44: a 35-byte frame is too short; the whole frame then opens");

	build_pilk(f, 0x11111111, a_pub);
	tap(eq_hex(f, PILK_LEN, V_PILK), "12.2 / conformance 9: PILK of A, 40 bytes");

	{
		static const uint64_t w1[] = { 100, 100 }, w2[] = { 10000, 9744, 1 },
				      w3[] = { 500, 490, 490 }, w4[] = { 2, 1, 3, 2, 1 },
				      w6[] = { 5, 300, 45, 44, 45 };
		uint64_t w5[265];
		char v5[266];
		int i;

		for (i = 0; i < 264; i++) {
			w5[i] = i + 1;
			v5[i] = 'a';
		}
		w5[264] = 1;
		v5[264] = 'o';
		tap(vector_window(w1, "ar", 2) && vector_window(w2, "aoo", 3) &&
		    vector_window(w3, "aar", 3) && vector_window(w4, "aaarr", 5) &&
		    vector_window(w5, v5, 265) && vector_window(w6, "aaaor", 5),
		    "12.2 / conformance 20/48: the replay window sequences");
	}
	return tap_done();
}

/* ---- helpers for secrets.sh ---------------------------------------------- */

/* identity.json as pilot-keyd reads it: base64 of seed || public key. */
static int print_identity_file(const struct node *n)
{
	char sk[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)];
	char pk[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];

	sodium_bin2base64(sk, sizeof(sk), n->ed_sk, 64, sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(pk, sizeof(pk), n->ed_pk, 32, sodium_base64_VARIANT_ORIGINAL);
	printf("{\n  \"private_key\": \"%s\",\n  \"public_key\": \"%s\"\n}\n", sk, pk);
	sodium_memzero(sk, sizeof(sk));
	return 0;
}

/* The session key of @priv_b64 with @pub_b64, in hex, as the kernel derives it. */
static int print_session_key(const char *priv_b64, const char *pub_b64)
{
	uint8_t priv[32], pub[32], key[32];
	char hex[65];
	size_t a = 0, b = 0;
	int ret = 2;

	if (sodium_base642bin(priv, 32, priv_b64, strlen(priv_b64), NULL, &a, NULL,
			      sodium_base64_VARIANT_ORIGINAL) || a != 32 ||
	    sodium_base642bin(pub, 32, pub_b64, strlen(pub_b64), NULL, &b, NULL,
			      sodium_base64_VARIANT_ORIGINAL) || b != 32) {
		fprintf(stderr, "pilot_peer: session-key takes two base64 keys\n");
	} else if (derive(key, priv, pub)) {
		fprintf(stderr, "pilot_peer: a low-order peer key\n");
	} else {
		puts(sodium_bin2hex(hex, sizeof(hex), key, sizeof(key)));
		ret = 0;
	}
	sodium_memzero(priv, sizeof(priv));
	sodium_memzero(key, sizeof(key));
	sodium_memzero(hex, sizeof(hex));
	return ret;
}

/* ---- main ----------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: pilot_peer selftest\n"
		"       pilot_peer [OPTIONS] handshake | echo | tcp | attack | spray | fragments | raw |\n"
		"                            auth | pila-once | keyrequest | lengths | replay |\n"
		"                            spoof | flood | pila-flood\n"
		"       pilot_peer [-t MS] [-r FILE] sniff DEV PORT\n"
		"       pilot_peer --identity-seed HEX identity   (prints the Ed25519 public key)\n"
		"       pilot_peer --identity-seed HEX identity-file   (prints its identity.json)\n"
		"       pilot_peer session-key PRIVATE-BASE64 PEER-PUBLIC-BASE64   (hex)\n"
		"       pilot_peer -n ID -N ID [--network ID] inject DEV\n"
		"Options:\n"
		"  -n, --node ID           this node's ID (N)\n"
		"  -N, --peer-node ID      the kernel node's ID (M)\n"
		"  -b, --bind ADDR:PORT    this node's UDP address ([v6]:port for IPv6)\n"
		"  -p, --peer ADDR:PORT    the kernel node's endpoint\n"
		"      --network ID        Pilot network ID (default 1)\n"
		"  -a, --addr IP           this node's overlay address (echo source)\n"
		"  -A, --peer-addr IP      the kernel node's overlay address\n"
		"  -k, --peer-key BASE64   the kernel device's public key, checked if given\n"
		"  -c, --count N           echoes (echo), UDP datagrams (tcp), PILK frames (spray); default 3\n"
		"  -s, --size N            ICMP echo payload bytes (default 56)\n"
		"  -t, --timeout MS        wait for each answer (default 3000)\n"
		"  -e, --expect FILE       write the drops the kernel should count\n"
		"  -r, --ready FILE        create FILE once listening\n"
		"      --identity-seed HEX this node's Ed25519 seed: PILA instead of PILK\n"
		"      --peer-identity BASE64 the kernel node's Ed25519 key, checked in its PILA\n"
		"      --go FILE           pila-once: send each frame after the first once FILE appears\n"
		"      --sources A.B.C.D/LEN  lengths, flood, pila-flood: send key exchanges from\n"
		"                          these source addresses (IP_TRANSPARENT)\n"
		"      --other-node ID     spoof: another real peer of the kernel node\n"
		"      --other-addr IP     spoof: that peer's overlay address\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "node", required_argument, NULL, 'n' },
		{ "peer-node", required_argument, NULL, 'N' },
		{ "bind", required_argument, NULL, 'b' },
		{ "peer", required_argument, NULL, 'p' },
		{ "network", required_argument, NULL, 'w' },
		{ "addr", required_argument, NULL, 'a' },
		{ "peer-addr", required_argument, NULL, 'A' },
		{ "peer-key", required_argument, NULL, 'k' },
		{ "count", required_argument, NULL, 'c' },
		{ "size", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "expect", required_argument, NULL, 'e' },
		{ "ready", required_argument, NULL, 'r' },
		{ "identity-seed", required_argument, NULL, 'I' },
		{ "go", required_argument, NULL, 'G' },
		{ "peer-identity", required_argument, NULL, 'P' },
		{ "sources", required_argument, NULL, 'S' },
		{ "other-node", required_argument, NULL, 'O' },
		{ "other-addr", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static uint8_t answered[8192], forbidden[8192];
	static struct node n = {
		.net = 1, .timeout = 3000, .count = 3, .size = 56,
		.answered = answered, .forbidden = forbidden,
	};
	const char *ready = NULL, *go = NULL, *cmd;
	uint8_t seed[32];
	int fam2 = 0, c;
	size_t klen;
	bool have_local = false, have_remote = false;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "n:N:b:p:a:A:k:c:s:t:e:r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': n.id = strtoul(optarg, NULL, 0); break;
		case 'N': n.peer_id = strtoul(optarg, NULL, 0); break;
		case 'w': n.net = strtoul(optarg, NULL, 0); break;
		case 'c': n.count = strtoul(optarg, NULL, 0); break;
		case 's': n.size = strtoul(optarg, NULL, 0); break;
		case 't': n.timeout = strtol(optarg, NULL, 0); break;
		case 'e': n.expect_path = optarg; break;
		case 'r': ready = optarg; break;
		case 'b':
			if (parse_endpoint(optarg, &n.bind, &n.bind_len))
				goto bad;
			break;
		case 'p':
			if (parse_endpoint(optarg, &n.peer, &n.peer_len))
				goto bad;
			break;
		case 'a':
			if (parse_ip(optarg, &n.ip.family, n.ip.local))
				goto bad;
			have_local = true;
			break;
		case 'A':
			if (parse_ip(optarg, &fam2, n.ip.remote))
				goto bad;
			have_remote = true;
			break;
		case 'k':
			if (sodium_base642bin(n.expect_key, 32, optarg, strlen(optarg), NULL, &klen,
					      NULL, sodium_base64_VARIANT_ORIGINAL) || klen != 32)
				goto bad;
			n.check_key = true;
			break;
		case 'G':
			go = optarg;
			break;
		case 'S':
			if (parse_prefix(optarg, &n.src_base, &n.src_size))
				goto bad;
			break;
		case 'O':
			n.other_id = strtoul(optarg, NULL, 0);
			break;
		case 'o':
			if (parse_ip(optarg, &n.other_family, n.other_ip))
				goto bad;
			n.have_other_ip = true;
			break;
		case 'I':
			if (unhex(seed, sizeof(seed), optarg) != sizeof(seed))
				goto bad;
			crypto_sign_seed_keypair(n.ed_pk, n.ed_sk, seed);
			sodium_memzero(seed, sizeof(seed));
			n.auth = true;
			break;
		case 'P':
			if (sodium_base642bin(n.peer_ed, 32, optarg, strlen(optarg), NULL, &klen,
					      NULL, sodium_base64_VARIANT_ORIGINAL) || klen != 32)
				goto bad;
			n.check_peer_ed = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind];
	if (sodium_init() < 0) {
		fprintf(stderr, "pilot_peer: libsodium failed to start\n");
		return 2;
	}
	if (!crypto_aead_aes256gcm_is_available()) {
		fprintf(stderr, "pilot_peer: AES-256-GCM is not available here: libsodium needs AES-NI and PCLMUL (run QEMU with -cpu max)\n");
		printf("not ok 1 libsodium AES-256-GCM available (AES-NI)\n1..1\n");
		return 1;
	}
	if (!strcmp(cmd, "selftest"))
		return run_selftest();
	if (!strcmp(cmd, "identity") && n.auth) {
		char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];

		puts(sodium_bin2base64(b64, sizeof(b64), n.ed_pk, 32,
				       sodium_base64_VARIANT_ORIGINAL));
		return 0;
	}
	if (!strcmp(cmd, "identity-file") && n.auth)
		return print_identity_file(&n);
	if (!strcmp(cmd, "session-key") && optind + 2 < argc)
		return print_session_key(argv[optind + 1], argv[optind + 2]);
	if (!strcmp(cmd, "sniff") && optind + 2 < argc)
		return run_sniff(&n, argv[optind + 1], atoi(argv[optind + 2]), ready);
	if (!strcmp(cmd, "inject") && optind + 1 < argc && n.id && n.peer_id)
		return run_inject(&n, argv[optind + 1]);

	if (!n.id || !n.peer_id || !n.bind_len || !n.peer_len) {
		fprintf(stderr, "pilot_peer: --node, --peer-node, --bind and --peer are needed\n");
		return 2;
	}
	n.have_ip = have_local && have_remote;
	if (n.have_ip && fam2 != n.ip.family) {
		fprintf(stderr, "pilot_peer: --addr and --peer-addr differ in family\n");
		return 2;
	}
	if (!n.have_ip && strcmp(cmd, "handshake") && strcmp(cmd, "spray") && strcmp(cmd, "raw") &&
	    strcmp(cmd, "pila-once") && strcmp(cmd, "keyrequest") && strcmp(cmd, "flood") &&
	    strcmp(cmd, "pila-flood")) {
		fprintf(stderr, "pilot_peer: %s needs --addr and --peer-addr\n", cmd);
		return 2;
	}
	if (open_socket(&n))
		return 2;
	if ((!strcmp(cmd, "lengths") || !strcmp(cmd, "flood") || !strcmp(cmd, "pila-flood")) &&
	    !n.src_size) {
		fprintf(stderr, "pilot_peer: %s needs --sources\n", cmd);
		return 2;
	}
	if (n.src_size && open_spoof_socket(&n))
		return 2;
	if (ready) {
		FILE *f = fopen(ready, "w");

		if (f)
			fclose(f);
	}
	n.echo_id = randombytes_random();
	n.frag_id = randombytes_random();
	if (!strcmp(cmd, "handshake"))
		return run_handshake(&n);
	if (!strcmp(cmd, "echo"))
		return run_echo(&n);
	if (!strcmp(cmd, "tcp"))
		return run_tcp(&n);
	if (!strcmp(cmd, "attack"))
		return run_attack(&n);
	if (!strcmp(cmd, "spray"))
		return run_spray(&n);
	if (!strcmp(cmd, "fragments"))
		return run_fragments(&n);
	if (!strcmp(cmd, "raw"))
		return run_raw(&n);
	if (!strcmp(cmd, "auth"))
		return run_auth(&n);
	if (!strcmp(cmd, "pila-once"))
		return run_pila_once(&n, go);
	if (!strcmp(cmd, "keyrequest"))
		return run_keyrequest(&n);
	if (!strcmp(cmd, "lengths"))
		return run_lengths(&n);
	if (!strcmp(cmd, "replay"))
		return run_replay(&n);
	if (!strcmp(cmd, "spoof"))
		return run_spoof(&n);
	if (!strcmp(cmd, "flood"))
		return run_flood(&n);
	if (!strcmp(cmd, "pila-flood"))
		return run_pila_flood(&n);
	usage(stderr);
	return 2;
bad:
	fprintf(stderr, "pilot_peer: bad value for -%c: %s\n", c, optarg);
	return 2;
}
