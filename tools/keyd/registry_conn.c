// SPDX-License-Identifier: GPL-2.0
/*
 * The registry client's transport: a non-blocking TCP connection whose
 * every connect, read and write waits in poll(2) no later than a deadline
 * on the monotonic clock. TLS, when on, is registry_tls.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "registry_int.h"

/**
 * reg_now_ms() - the monotonic clock in milliseconds
 *
 * Return: milliseconds since an arbitrary start.
 */
uint64_t reg_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/**
 * reg_errf() - write a one-line reason into a caller's buffer
 * @err: the buffer, may be NULL
 * @errlen: its size
 * @fmt: printf(3) format
 */
void reg_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/**
 * reg_wait() - wait until a socket is ready, or the deadline
 * @fd: the socket
 * @events: POLLIN or POLLOUT
 * @deadline: reg_now_ms() value not to wait past
 *
 * Return: 0 when ready (or in error: the next call will tell),
 * -ETIMEDOUT at the deadline, another negative errno on failure.
 */
int reg_wait(int fd, short events, uint64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	uint64_t now;
	int n;

	for (;;) {
		now = reg_now_ms();
		if (now >= deadline)
			return -ETIMEDOUT;
		n = poll(&p, 1, (int)(deadline - now));
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -errno;
	}
}

/**
 * reg_split_hostport() - split "host:port", "[v6]:port" or "name:port"
 * @addr: the text
 * @host: receives the host, without brackets
 * @hostlen: size of @host
 * @port: receives the port
 * @portlen: size of @port
 *
 * Return: 0, or -EINVAL when @addr has no port or a part does not fit.
 */
int reg_split_hostport(const char *addr, char *host, size_t hostlen,
		       char *port, size_t portlen)
{
	const char *colon, *h = addr;
	size_t hl;

	if (addr[0] == '[') {
		const char *end = strchr(addr, ']');

		if (!end || end[1] != ':')
			return -EINVAL;
		h = addr + 1;
		hl = end - h;
		colon = end + 1;
	} else {
		colon = strrchr(addr, ':');
		if (!colon || strchr(addr, ':') != colon)
			return -EINVAL;
		hl = colon - addr;
	}
	if (!hl || hl >= hostlen || !colon[1] || strlen(colon + 1) >= portlen)
		return -EINVAL;
	memcpy(host, h, hl);
	host[hl] = '\0';
	memcpy(port, colon + 1, strlen(colon + 1) + 1);
	return 0;
}

/* Connect one address; 0 or a negative errno. */
static int connect_one(int *fdp, const struct addrinfo *ai, uint64_t deadline)
{
	socklen_t sl = sizeof(int);
	int fd, soerr = 0, one = 1, ret;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
	if (fd < 0)
		return -errno;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS) {
		ret = -errno;
		goto fail;
	}
	ret = reg_wait(fd, POLLOUT, deadline);
	if (ret)
		goto fail;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl)) {
		ret = -errno;
		goto fail;
	}
	if (soerr) {
		ret = -soerr;
		goto fail;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	*fdp = fd;
	return 0;
fail:
	close(fd);
	return ret;
}

/**
 * reg_conn_open() - open a TCP connection to the registry
 * @c: the closed connection to open
 * @addr: "host:port"
 * @deadline: reg_now_ms() value by which it must be up
 * @err: receives the reason on failure
 * @errlen: size of @err
 *
 * Tries every address the host resolves to, in order, until one answers.
 *
 * Return: REGISTRY_OK or REGISTRY_UNREACHABLE.
 */
enum registry_status reg_conn_open(struct reg_conn *c, const char *addr,
				   uint64_t deadline, char *err, size_t errlen)
{
	struct addrinfo hints = {
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICSERV,
	};
	struct addrinfo *res, *ai;
	char host[256], port[16];
	int ret = -EHOSTUNREACH, gai;

	if (reg_split_hostport(addr, host, sizeof(host), port, sizeof(port))) {
		reg_errf(err, errlen, "bad registry address \"%s\"", addr);
		return REGISTRY_UNREACHABLE;
	}
	gai = getaddrinfo(host, port, &hints, &res);
	if (gai) {
		reg_errf(err, errlen, "resolve %s: %s", addr, gai_strerror(gai));
		return REGISTRY_UNREACHABLE;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		ret = connect_one(&c->fd, ai, deadline);
		if (!ret || ret == -ETIMEDOUT)
			break;
	}
	freeaddrinfo(res);
	if (ret == -ETIMEDOUT)
		reg_errf(err, errlen, "connect %s: timed out", addr);
	else if (ret)
		reg_errf(err, errlen, "connect %s: %s", addr, strerror(-ret));
	return ret ? REGISTRY_UNREACHABLE : REGISTRY_OK;
}

/* One read or write of at most @len bytes: >0, 0 at EOF, or -errno. */
static ssize_t conn_io(struct reg_conn *c, void *buf, size_t len, bool write,
		       uint64_t deadline)
{
	ssize_t n;
	int ret;

	if (c->ssl)
		return reg_tls_io(c, buf, len, write, deadline);
	for (;;) {
		if (write)
			n = send(c->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		else
			n = recv(c->fd, buf, len, MSG_DONTWAIT);
		if (n >= 0)
			return n;
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		ret = reg_wait(c->fd, write ? POLLOUT : POLLIN, deadline);
		if (ret)
			return ret;
	}
}

static void io_errf(char *err, size_t errlen, const char *what, ssize_t ret)
{
	if (ret == -ETIMEDOUT)
		reg_errf(err, errlen, "registry %s timed out", what);
	else
		reg_errf(err, errlen, "registry %s: %s", what, strerror(-ret));
}

/**
 * reg_conn_write() - write a whole buffer
 * @c: an open connection
 * @buf: the bytes
 * @len: how many
 * @deadline: reg_now_ms() value by which they must be written
 * @err: receives the reason on failure
 * @errlen: size of @err
 *
 * Return: REGISTRY_OK or REGISTRY_UNREACHABLE.
 */
enum registry_status reg_conn_write(struct reg_conn *c, const void *buf,
				    size_t len, uint64_t deadline,
				    char *err, size_t errlen)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = conn_io(c, (char *)buf + done, len - done, true, deadline);
		if (n <= 0) {
			io_errf(err, errlen, "write", n ? n : -EPIPE);
			return REGISTRY_UNREACHABLE;
		}
		done += n;
	}
	return REGISTRY_OK;
}

/**
 * reg_conn_read() - read exactly a number of bytes
 * @c: an open connection
 * @buf: receives them
 * @len: how many
 * @deadline: reg_now_ms() value by which they must have come
 * @got: receives how many came, also on failure
 * @err: receives the reason on failure
 * @errlen: size of @err
 *
 * Return: REGISTRY_OK, or REGISTRY_UNREACHABLE on a timeout, an error or
 * the end of the stream.
 */
enum registry_status reg_conn_read(struct reg_conn *c, void *buf, size_t len,
				   uint64_t deadline, size_t *got,
				   char *err, size_t errlen)
{
	ssize_t n;

	*got = 0;
	while (*got < len) {
		n = conn_io(c, (char *)buf + *got, len - *got, false, deadline);
		if (!n) {
			reg_errf(err, errlen, "registry closed the connection");
			return REGISTRY_UNREACHABLE;
		}
		if (n < 0) {
			io_errf(err, errlen, "read", n);
			return REGISTRY_UNREACHABLE;
		}
		*got += n;
	}
	return REGISTRY_OK;
}

/**
 * reg_conn_close() - close a connection, if open
 * @c: the connection
 *
 * The TLS session is dropped without a close_notify: a shutdown could
 * block, and the registry's replies carry their own lengths.
 */
void reg_conn_close(struct reg_conn *c)
{
	if (c->ssl) {
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
}
