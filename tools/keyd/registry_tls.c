// SPDX-License-Identifier: GPL-2.0
/*
 * TLS to the registry with OpenSSL: no CA verification; instead the
 * SHA-256 of the leaf certificate (DER) must equal the configured pin,
 * like the Go daemon's DialTLSPinned. The socket stays non-blocking and
 * every step waits in poll(2) until the caller's deadline.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "registry_int.h"

/**
 * reg_tls_ctx_new() - the client context: TLS 1.2 or later, no CA check
 * (the leaf pin replaces it)
 *
 * Return: the context, or NULL.
 */
SSL_CTX *reg_tls_ctx_new(void)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (!ctx)
		return NULL;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	/* an EOF without close_notify reads as an end: replies are framed */
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	return ctx;
}

/*
 * OpenSSL writes to the socket with write(2), which raises SIGPIPE on a
 * reset connection: hold it blocked around each call and discard one it
 * raised, leaving one that was already pending to the caller.
 */
struct nopipe {
	sigset_t old;
	bool was_pending;
};

static void nopipe_begin(struct nopipe *np)
{
	sigset_t pipe, pending;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigpending(&pending);
	np->was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, &np->old);
}

static void nopipe_end(struct nopipe *np)
{
	const struct timespec zero = { 0 };
	sigset_t pipe, pending;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigpending(&pending);
	if (!np->was_pending && sigismember(&pending, SIGPIPE))
		sigtimedwait(&pipe, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &np->old, NULL);
}

/* What to wait for after a non-positive @ret: 0 = retry, else -errno or 1 at EOF. */
static int tls_wait(struct reg_conn *c, int ret, uint64_t deadline)
{
	switch (SSL_get_error(c->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return reg_wait(c->fd, POLLIN, deadline);
	case SSL_ERROR_WANT_WRITE:
		return reg_wait(c->fd, POLLOUT, deadline);
	case SSL_ERROR_ZERO_RETURN:
		return 1;
	case SSL_ERROR_SYSCALL:
		return errno ? -errno : -ECONNRESET;
	default:
		return -EPROTO;
	}
}

static bool is_ip_literal(const char *host)
{
	unsigned char a[16];

	return inet_pton(AF_INET, host, a) == 1 ||
	       inet_pton(AF_INET6, host, a) == 1;
}

static enum registry_status check_pin(struct reg_conn *c, const uint8_t fp[32],
				      char *err, size_t errlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	X509 *cert;
	bool ok;

	cert = SSL_get1_peer_certificate(c->ssl);
	if (!cert) {
		reg_errf(err, errlen, "registry sent no certificate");
		return REGISTRY_UNREACHABLE;
	}
	ok = X509_digest(cert, EVP_sha256(), md, &mdlen) && mdlen == 32 &&
	     !CRYPTO_memcmp(md, fp, 32);
	X509_free(cert);
	if (!ok) {
		reg_errf(err, errlen, "registry certificate fingerprint mismatch");
		return REGISTRY_UNREACHABLE;
	}
	return REGISTRY_OK;
}

/**
 * reg_tls_start() - run the TLS handshake on an open connection and
 * check the leaf certificate's pin
 * @c: the connection, plaintext so far
 * @ctx: from reg_tls_ctx_new()
 * @host: the registry's host, sent as SNI when it is a name
 * @fp: SHA-256 the leaf certificate (DER) must have
 * @deadline: reg_now_ms() value by which it must be done
 * @err: receives the reason on failure
 * @errlen: size of @err
 *
 * On failure @c->ssl may be set: the caller closes the connection.
 *
 * Return: REGISTRY_OK or REGISTRY_UNREACHABLE.
 */
enum registry_status reg_tls_start(struct reg_conn *c, SSL_CTX *ctx,
				   const char *host, const uint8_t fp[32],
				   uint64_t deadline, char *err, size_t errlen)
{
	struct nopipe np;
	int ret, w;

	c->ssl = SSL_new(ctx);
	if (!c->ssl || !SSL_set_fd(c->ssl, c->fd)) {
		reg_errf(err, errlen, "TLS: out of memory");
		return REGISTRY_UNREACHABLE;
	}
	if (!is_ip_literal(host))
		SSL_set_tlsext_host_name(c->ssl, host);
	for (;;) {
		ERR_clear_error();
		nopipe_begin(&np);
		ret = SSL_connect(c->ssl);
		nopipe_end(&np);
		if (ret == 1)
			break;
		w = tls_wait(c, ret, deadline);
		if (!w)
			continue;
		if (w == -ETIMEDOUT)
			reg_errf(err, errlen, "TLS handshake with registry timed out");
		else if (w == -EPROTO)
			reg_errf(err, errlen, "TLS handshake with registry failed: %s",
				 ERR_reason_error_string(ERR_peek_last_error()) ?: "unknown error");
		else
			reg_errf(err, errlen, "TLS handshake with registry: %s",
				 w > 0 ? "connection closed" : strerror(-w));
		ERR_clear_error();
		return REGISTRY_UNREACHABLE;
	}
	return check_pin(c, fp, err, errlen);
}

/**
 * reg_tls_io() - one TLS read or write
 * @c: a connection after reg_tls_start()
 * @buf: the bytes to write, or room for those read
 * @len: their number
 * @write: write rather than read
 * @deadline: reg_now_ms() value not to wait past
 *
 * Return: bytes moved (>0), 0 at the end of the stream, or a negative
 * errno (-ETIMEDOUT at the deadline, -EPROTO for a TLS error).
 */
ssize_t reg_tls_io(struct reg_conn *c, void *buf, size_t len, bool write,
		   uint64_t deadline)
{
	int n = len > INT_MAX ? INT_MAX : (int)len;
	struct nopipe np;
	int ret, w;

	for (;;) {
		ERR_clear_error();
		if (write) {
			nopipe_begin(&np);
			ret = SSL_write(c->ssl, buf, n);
			nopipe_end(&np);
		} else {
			ret = SSL_read(c->ssl, buf, n);
		}
		if (ret > 0)
			return ret;
		w = tls_wait(c, ret, deadline);
		if (w)
			return w > 0 ? 0 : w;
	}
}
