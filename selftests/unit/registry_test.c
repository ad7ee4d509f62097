// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of pilot-keyd's registry client (tools/keyd/registry*.c)
 * against the test registry (selftests/pilot/registry_server.c), run
 * next to this binary over loopback: lookups, resolves, every fault mode
 * of the server, reconnection, backoff and the TLS pin.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>
#ifdef __SANITIZE_ADDRESS__
/* from the sanitizer runtime (gcc ships no header for it) */
int __lsan_do_recoverable_leak_check(void);
int __sanitizer_install_malloc_and_free_hooks(
	void (*malloc_hook)(const volatile void *, size_t),
	void (*free_hook)(const volatile void *));
#endif

#include "kselftest_harness.h"
#include "../../tools/keyd/registry.h"

#define TIMEOUT_MS	400
#define MARGIN_MS	400

struct server {
	const char *host;	/* "127.0.0.1" unless set */
	pid_t pid;
	unsigned int port;
	uint8_t fp[32];
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The server binary: $REGISTRY_SERVER, or registry_server next to us. */
static void server_path(char *buf, size_t len)
{
	const char *env = getenv("REGISTRY_SERVER");
	ssize_t n;
	char *slash;

	if (env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", buf, len - 32);
	buf[n > 0 ? n : 0] = '\0';
	slash = strrchr(buf, '/');
	slash = slash ? slash + 1 : buf;
	snprintf(slash, len - (slash - buf), "registry_server");
}

/* The text after @prefix on a whole line of @buf, or NULL. */
static char *line_after(char *buf, const char *prefix)
{
	char *p = strstr(buf, prefix);

	return p && strchr(p, '\n') ? p + strlen(prefix) : NULL;
}

/* Read the server's "port N" and "fingerprint HEX" lines, 5 s at most. */
static int read_banner(int fd, struct server *s, bool tls)
{
	char buf[512], *p, *f = NULL;
	size_t got = 0;
	unsigned int i;
	ssize_t n;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		buf[got] = '\0';
		p = line_after(buf, "port ");
		f = line_after(buf, "fingerprint ");
		if (p && (f || !tls))
			break;
		if (poll(&pfd, 1, 5000) != 1)
			return -1;
		n = read(fd, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			return -1;
		got += n;
	}
	s->port = atoi(p);
	if (tls) {
		for (i = 0; i < 32; i++)
			if (sscanf(f + 2 * i, "%2hhx", &s->fp[i]) != 1)
				return -1;
	}
	return s->port ? 0 : -1;
}

/*
 * Start the server on 127.0.0.1:@port (0: any) with optional fault and
 * TLS files; it dies with us.
 */
static int start_server(struct server *s, const char *dir, unsigned int port,
			const char *fault, bool tls)
{
	char path[4096], listen[64], nodes[256], cert[256], key[256];
	const char *argv[16] = { path, "--listen", listen, "--nodes", nodes };
	int pfd[2], argc = 5, ret;

	server_path(path, sizeof(path));
	snprintf(listen, sizeof(listen), "%s:%u", s->host ?: "127.0.0.1", port);
	snprintf(nodes, sizeof(nodes), "%s/nodes", dir);
	snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
	snprintf(key, sizeof(key), "%s/key.pem", dir);
	if (fault) {
		argv[argc++] = "--fault";
		argv[argc++] = fault;
	}
	if (tls) {
		argv[argc++] = "--tls-cert";
		argv[argc++] = cert;
		argv[argc++] = "--tls-key";
		argv[argc++] = key;
	}
	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (!s->pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(pfd[1], 1);
		execv(path, (char **)argv);
		_exit(127);
	}
	close(pfd[1]);
	ret = read_banner(pfd[0], s, tls);
	close(pfd[0]);
	return ret;
}

static void stop_server(struct server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	s->pid = 0;
}

/* A throwaway self-signed certificate and its key, and its SHA-256. */
static int make_cert(const char *dir, uint8_t fp[32])
{
	char path[256];
	EVP_PKEY *pkey = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	unsigned int len = 0;
	X509_NAME *name;
	FILE *f;
	int ok;

	if (!pkey || !x)
		return -1;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -60);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, pkey);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				   (const unsigned char *)"registry.test", -1, -1, 0);
	X509_set_issuer_name(x, name);
	ok = X509_sign(x, pkey, EVP_sha256()) > 0 &&
	     X509_digest(x, EVP_sha256(), fp, &len) && len == 32;
	snprintf(path, sizeof(path), "%s/cert.pem", dir);
	f = fopen(path, "w");
	ok = ok && f && PEM_write_X509(f, x);
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "%s/key.pem", dir);
	f = fopen(path, "w");
	ok = ok && f && PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL);
	if (f)
		fclose(f);
	X509_free(x);
	EVP_PKEY_free(pkey);
	return ok ? 0 : -1;
}

FIXTURE(reg) {
	char dir[64];
	uint8_t pk7[32], sk7[64], pk9[32], sk9[64];
	struct server srv;
	struct registry *r;
	char err[256];
};

FIXTURE_SETUP(reg)
{
	char path[128], b7[64], b9[64];
	FILE *f;

	ASSERT_LE(0, sodium_init());
	snprintf(self->dir, sizeof(self->dir), "/tmp/registry_test.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	crypto_sign_keypair(self->pk7, self->sk7);
	crypto_sign_keypair(self->pk9, self->sk9);
	sodium_bin2base64(b7, sizeof(b7), self->pk7, 32, sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(b9, sizeof(b9), self->pk9, 32, sodium_base64_VARIANT_ORIGINAL);
	snprintf(path, sizeof(path), "%s/nodes", self->dir);
	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	fprintf(f, "# id key endpoint\n7 %s 192.0.2.7:4000\n9 %s [2001:db8::9]:4001\n11 -\n",
		b7, b9);
	fclose(f);
	self->srv.pid = 0;
	self->r = NULL;
}

FIXTURE_TEARDOWN(reg)
{
	static const char * const files[] = { "nodes", "cert.pem", "key.pem" };
	char path[128];
	unsigned int i;

	registry_free(self->r);
	stop_server(&self->srv);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", self->dir, files[i]);
		unlink(path);
	}
	rmdir(self->dir);
#ifdef __SANITIZE_ADDRESS__
	/* the harness's children end in _exit(): no leak check unless asked */
	EXPECT_EQ(0, __lsan_do_recoverable_leak_check());
#endif
}

static struct registry *client(struct server *s, const uint8_t *fp)
{
	struct registry_config cfg = { .timeout_ms = TIMEOUT_MS, .tls = !!fp };
	char addr[64];

	snprintf(addr, sizeof(addr), "%s:%u", s->host ?: "127.0.0.1", s->port);
	cfg.addr = addr;	/* copied by registry_new() */
	if (fp)
		memcpy(cfg.fingerprint, fp, 32);
	return registry_new(&cfg);
}

#define SERVE(fault, tls) do { \
	ASSERT_EQ(0, start_server(&self->srv, self->dir, 0, fault, tls)); \
	self->r = client(&self->srv, NULL); \
	ASSERT_NE(NULL, self->r); \
} while (0)

#define LOOKUP(id, key) \
	registry_lookup(self->r, id, key, self->err, sizeof(self->err))

TEST_F(reg, lookup_ok_and_reused)
{
	uint8_t key[32];

	SERVE(NULL, false);
	ASSERT_EQ(REGISTRY_OK, LOOKUP(7, key));
	ASSERT_EQ(0, memcmp(key, self->pk7, 32));
	ASSERT_EQ(REGISTRY_OK, LOOKUP(9, key));
	ASSERT_EQ(0, memcmp(key, self->pk9, 32));
}

TEST_F(reg, ipv6_registry)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	uint8_t key[32];
	int fd;

	fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		if (fd >= 0)
			close(fd);
		SKIP(return, "no IPv6 loopback on this host");
	}
	close(fd);
	self->srv.host = "[::1]";
	SERVE(NULL, false);
	ASSERT_EQ(REGISTRY_OK, LOOKUP(7, key));
	ASSERT_EQ(0, memcmp(key, self->pk7, 32));
}

TEST_F(reg, unknown_node_and_no_key)
{
	uint8_t key[32] = { 0 }, zero[32] = { 0 };

	SERVE(NULL, false);
	ASSERT_EQ(REGISTRY_NOT_FOUND, LOOKUP(5, key));
	ASSERT_NE(NULL, strstr(self->err, "node 5 not found"));
	ASSERT_EQ(REGISTRY_NOT_FOUND, LOOKUP(11, key));
	ASSERT_STREQ("node 11 has no public key", self->err);
	ASSERT_EQ(0, memcmp(key, zero, 32));
	/* the connection survives a negative answer */
	ASSERT_EQ(REGISTRY_OK, LOOKUP(7, key));
}

TEST_F(reg, bad_address_refused)
{
	struct registry_config cfg = { .addr = "127.0.0.1", .timeout_ms = 100 };

	errno = 0;
	ASSERT_EQ(NULL, registry_new(&cfg));
	ASSERT_EQ(EINVAL, errno);
	cfg.addr = "[::1:9000";
	ASSERT_EQ(NULL, registry_new(&cfg));
	cfg.addr = "[::1]:9000";
	self->r = registry_new(&cfg);
	ASSERT_NE(NULL, self->r);
}

TEST_F(reg, fault_malformed)
{
	uint8_t key[32];

	SERVE("malformed", false);
	ASSERT_EQ(REGISTRY_BAD_REPLY, LOOKUP(7, key));
	ASSERT_EQ(0, strncmp(self->err, "malformed reply", 15));
}

#ifdef __SANITIZE_ADDRESS__
static size_t biggest_malloc;

static void malloc_hook(const volatile void *p, size_t size)
{
	if (size > biggest_malloc)
		biggest_malloc = size;
}

static void free_hook(const volatile void *p)
{
}
#endif

TEST_F(reg, fault_oversized)
{
	uint8_t key[32];
	uint64_t t0;

	SERVE("oversized", false);
#ifdef __SANITIZE_ADDRESS__
	ASSERT_NE(0, __sanitizer_install_malloc_and_free_hooks(malloc_hook,
							       free_hook));
#endif
	t0 = now_ms();
	ASSERT_EQ(REGISTRY_BAD_REPLY, LOOKUP(7, key));
	ASSERT_STREQ("reply too large (67108864 bytes)", self->err);
	ASSERT_GT(TIMEOUT_MS, now_ms() - t0);	/* refused, not read */
#ifdef __SANITIZE_ADDRESS__
	ASSERT_GT(64 * 1024, biggest_malloc);
#endif
	/* no backoff after a bad reply: the next request reconnects */
	ASSERT_EQ(REGISTRY_BAD_REPLY, LOOKUP(7, key));
	ASSERT_STREQ("reply too large (67108864 bytes)", self->err);
}

TEST_F(reg, fault_truncated)
{
	uint8_t key[32];

	SERVE("truncated", false);
	ASSERT_EQ(REGISTRY_UNREACHABLE, LOOKUP(7, key));
	ASSERT_NE(NULL, strstr(self->err, "closed the connection after"));
}

TEST_F(reg, fault_wrong_node)
{
	uint8_t key[32];

	SERVE("wrong-node", false);
	ASSERT_EQ(REGISTRY_BAD_REPLY, LOOKUP(7, key));
	ASSERT_STREQ("reply for node 8, not 7", self->err);
}

TEST_F(reg, fault_no_key)
{
	uint8_t key[32];

	SERVE("no-key", false);
	ASSERT_EQ(REGISTRY_NOT_FOUND, LOOKUP(7, key));
	ASSERT_STREQ("node 7 has no public key", self->err);
}

TEST_F(reg, fault_slow_times_out)
{
	uint8_t key[32];
	uint64_t t0, dt;

	SERVE("slow", false);
	t0 = now_ms();
	ASSERT_EQ(REGISTRY_UNREACHABLE, LOOKUP(7, key));
	dt = now_ms() - t0;
	ASSERT_LE(TIMEOUT_MS - 10, dt);
	ASSERT_GT(TIMEOUT_MS + MARGIN_MS, dt);
	ASSERT_STREQ("registry read timed out", self->err);
}

TEST_F(reg, reconnect_after_restart)
{
	unsigned int port;
	uint8_t key[32];

	SERVE(NULL, false);
	ASSERT_EQ(REGISTRY_OK, LOOKUP(7, key));
	port = self->srv.port;
	stop_server(&self->srv);
	ASSERT_EQ(0, start_server(&self->srv, self->dir, port, NULL, false));
	/* the kept connection is dead: replaced at once, no error */
	ASSERT_EQ(REGISTRY_OK, LOOKUP(9, key));
	ASSERT_EQ(0, memcmp(key, self->pk9, 32));
}

/* A listener on 127.0.0.1:@port that nobody accepts from, or -1. */
static int bare_listener(unsigned int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(*port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 4) ||
	    getsockname(fd, (struct sockaddr *)&a, &al)) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

TEST_F(reg, backoff_answers_at_once)
{
	unsigned int port;
	uint8_t key[32];
	uint64_t t0;
	int st, lfd, cfd;

	SERVE(NULL, false);
	port = self->srv.port;
	stop_server(&self->srv);
	ASSERT_EQ(REGISTRY_UNREACHABLE, LOOKUP(7, key));
	ASSERT_NE(NULL, strstr(self->err, "connect 127.0.0.1:"));
	ASSERT_NE(NULL, strstr(self->err, "Connection refused"));

	/* the port listens again, but the client does not try: it backs off */
	lfd = bare_listener(&port);
	ASSERT_LE(0, lfd);
	t0 = now_ms();
	st = LOOKUP(7, key);
	cfd = accept(lfd, NULL, NULL);
	close(lfd);
	if (cfd >= 0)
		close(cfd);
	ASSERT_EQ(REGISTRY_UNREACHABLE, st);
	ASSERT_GT(100, now_ms() - t0);
	ASSERT_EQ(-1, cfd);	/* no connection was made */
	ASSERT_NE(NULL, strstr(self->err, "next attempt in 0."));
	ASSERT_NE(NULL, strstr(self->err, "Connection refused"));

	/* after 0.5 s it tries again and gets through */
	ASSERT_EQ(0, start_server(&self->srv, self->dir, port, NULL, false));
	do {
		usleep(20000);
		st = LOOKUP(7, key);
	} while (st == REGISTRY_UNREACHABLE && now_ms() - t0 < 3000);
	ASSERT_EQ(REGISTRY_OK, st);
	ASSERT_EQ(0, memcmp(key, self->pk7, 32));
}

TEST_F(reg, backoff_doubles)
{
	uint8_t key[32];
	double next = 0;
	uint64_t t0;
	char *p;

	SERVE(NULL, false);
	stop_server(&self->srv);
	ASSERT_EQ(REGISTRY_UNREACHABLE, LOOKUP(7, key));
	/* wait out the first backoff (0.5 s) until a real attempt fails */
	t0 = now_ms();
	do {
		usleep(20000);
		ASSERT_EQ(REGISTRY_UNREACHABLE, LOOKUP(7, key));
	} while (strstr(self->err, "next attempt") && now_ms() - t0 < 2000);
	ASSERT_EQ(NULL, strstr(self->err, "next attempt"));
	/* the second backoff is twice the first */
	ASSERT_EQ(REGISTRY_UNREACHABLE, LOOKUP(7, key));
	p = strstr(self->err, "next attempt in ");
	ASSERT_NE(NULL, p);
	ASSERT_EQ(1, sscanf(p, "next attempt in %lf", &next));
	ASSERT_LT(0.6, next);
	ASSERT_GE(1.0, next);
}

#define RESOLVE(id, req, sk, ss) \
	registry_resolve(self->r, id, req, sk, ss, self->err, sizeof(self->err))

TEST_F(reg, resolve_ok)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct in6_addr a6;

	SERVE(NULL, false);
	ASSERT_EQ(REGISTRY_OK, RESOLVE(9, 7, self->sk7, &ss));
	ASSERT_EQ(AF_INET6, s6->sin6_family);
	ASSERT_EQ(4001, ntohs(s6->sin6_port));
	inet_pton(AF_INET6, "2001:db8::9", &a6);
	ASSERT_EQ(0, memcmp(&a6, &s6->sin6_addr, 16));

	ASSERT_EQ(REGISTRY_OK, RESOLVE(7, 9, self->sk9, &ss));
	ASSERT_EQ(AF_INET, s4->sin_family);
	ASSERT_EQ(4000, ntohs(s4->sin_port));
	ASSERT_EQ(htonl(0xc0000207), s4->sin_addr.s_addr);

	ASSERT_EQ(REGISTRY_NOT_FOUND, RESOLVE(5, 7, self->sk7, &ss));
}

TEST_F(reg, resolve_wrong_signature_refused)
{
	struct sockaddr_storage ss = { 0 };

	SERVE(NULL, false);
	/* node 9 asks, but signs with node 7's key */
	ASSERT_EQ(REGISTRY_BAD_REPLY, RESOLVE(7, 9, self->sk7, &ss));
	ASSERT_STREQ("registry: signature verification failed", self->err);
	ASSERT_EQ(0, ss.ss_family);
	/* a requester the registry does not know is refused too */
	ASSERT_EQ(REGISTRY_BAD_REPLY, RESOLVE(7, 5, self->sk7, &ss));
	ASSERT_STREQ("registry: resolve denied: requester node 5 is not registered",
		     self->err);
	/* and a refusal is no connection failure: no backoff */
	ASSERT_EQ(REGISTRY_OK, RESOLVE(7, 9, self->sk9, &ss));
}

TEST_F(reg, tls_pinned)
{
	uint8_t fp[32], key[32];

	ASSERT_EQ(0, make_cert(self->dir, fp));
	ASSERT_EQ(0, start_server(&self->srv, self->dir, 0, NULL, true));
	ASSERT_EQ(0, memcmp(fp, self->srv.fp, 32));
	self->r = client(&self->srv, fp);
	ASSERT_NE(NULL, self->r);
	ASSERT_EQ(REGISTRY_OK, LOOKUP(7, key));
	ASSERT_EQ(0, memcmp(key, self->pk7, 32));
	ASSERT_EQ(REGISTRY_OK, LOOKUP(9, key));
	ASSERT_EQ(0, memcmp(key, self->pk9, 32));
}

TEST_F(reg, tls_wrong_fingerprint)
{
	uint8_t fp[32], key[32] = { 0 }, zero[32] = { 0 };

	ASSERT_EQ(0, make_cert(self->dir, fp));
	ASSERT_EQ(0, start_server(&self->srv, self->dir, 0, NULL, true));
	fp[31] ^= 1;
	self->r = client(&self->srv, fp);
	ASSERT_NE(NULL, self->r);
	ASSERT_EQ(REGISTRY_UNREACHABLE, LOOKUP(7, key));
	ASSERT_STREQ("registry certificate fingerprint mismatch", self->err);
	ASSERT_EQ(0, memcmp(key, zero, 32));
}

/* A registry that accepts TCP but never speaks TLS: bounded handshake. */
TEST_F(reg, tls_handshake_times_out)
{
	uint8_t fp[32] = { 0 }, key[32];
	uint64_t t0, dt;
	int fd;

	/* the kernel completes the TCP handshake; nobody answers the hello */
	fd = bare_listener(&self->srv.port);
	ASSERT_LE(0, fd);
	self->r = client(&self->srv, fp);
	ASSERT_NE(NULL, self->r);
	t0 = now_ms();
	EXPECT_EQ(REGISTRY_UNREACHABLE, LOOKUP(7, key));
	dt = now_ms() - t0;
	close(fd);
	ASSERT_LE(TIMEOUT_MS - 10, dt);
	ASSERT_GT(TIMEOUT_MS + MARGIN_MS, dt);
	ASSERT_STREQ("TLS handshake with registry timed out", self->err);
}

TEST_F(reg, plaintext_client_tls_server_no_hang)
{
	uint8_t fp[32], key[32];
	uint64_t t0;

	ASSERT_EQ(0, make_cert(self->dir, fp));
	ASSERT_EQ(0, start_server(&self->srv, self->dir, 0, NULL, true));
	self->r = client(&self->srv, NULL);
	ASSERT_NE(NULL, self->r);
	t0 = now_ms();
	/* the server drops the connection when no TLS hello comes */
	ASSERT_EQ(REGISTRY_UNREACHABLE, LOOKUP(7, key));
	ASSERT_GT(TIMEOUT_MS, now_ms() - t0);
	/* closed, or reset when our request was still unread */
	ASSERT_TRUE(!strcmp(self->err, "registry closed the connection") ||
		    !strcmp(self->err, "registry read: Connection reset by peer"));
}

TEST_HARNESS_MAIN
