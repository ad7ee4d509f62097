// SPDX-License-Identifier: GPL-2.0
/*
 * pilot-keyd's registry client: one persistent connection, requests
 * framed as a big-endian 32-bit length and a JSON object, a reconnect
 * once at once when a live connection fails, and a backoff after that.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "registry_int.h"

#define BACKOFF_MIN_MS	500
#define BACKOFF_MAX_MS	10000

/**
 * struct registry - a client of one registry
 * @cfg: the configuration; @cfg.addr points to @addr
 * @addr: copy of the "host:port"
 * @tls: TLS client context, NULL for plaintext
 * @conn: the connection, kept between requests
 * @backoff_ms: the delay after the next failure; 0 while all is well
 * @retry_at: reg_now_ms() before which no connection is tried
 * @last_err: why the last connection failed, told while backing off
 */
struct registry {
	struct registry_config cfg;
	char *addr;
	SSL_CTX *tls;
	struct reg_conn conn;
	unsigned int backoff_ms;
	uint64_t retry_at;
	char last_err[160];
};

/**
 * registry_new() - a client of the registry (no connection yet)
 * @cfg: where the registry is; copied
 *
 * Return: the client, or NULL with errno set (EINVAL for a malformed
 * address or a zero timeout, ENOMEM).
 */
struct registry *registry_new(const struct registry_config *cfg)
{
	char host[256], port[16];
	struct registry *r;

	if (!cfg->addr || !cfg->timeout_ms ||
	    reg_split_hostport(cfg->addr, host, sizeof(host), port, sizeof(port))) {
		errno = EINVAL;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->cfg = *cfg;
	r->conn.fd = -1;
	r->addr = strdup(cfg->addr);
	if (!r->addr)
		goto nomem;
	r->cfg.addr = r->addr;
	if (cfg->tls) {
		r->tls = reg_tls_ctx_new();
		if (!r->tls)
			goto nomem;
	}
	return r;
nomem:
	registry_free(r);
	errno = ENOMEM;
	return NULL;
}

/**
 * registry_free() - close the connection and free the client
 * @r: the client, may be NULL
 */
void registry_free(struct registry *r)
{
	if (!r)
		return;
	reg_conn_close(&r->conn);
	SSL_CTX_free(r->tls);
	free(r->addr);
	free(r);
}

static enum registry_status connect_registry(struct registry *r,
					     uint64_t deadline,
					     char *err, size_t errlen)
{
	char host[256], port[16];
	enum registry_status st;

	st = reg_conn_open(&r->conn, r->addr, deadline, err, errlen);
	if (st || !r->tls)
		return st;
	reg_split_hostport(r->addr, host, sizeof(host), port, sizeof(port));
	return reg_tls_start(&r->conn, r->tls, host, r->cfg.fingerprint,
			     deadline, err, errlen);
}

/*
 * One request and its reply on the connection, opened first if need be.
 * The reply (NUL-terminated) is the caller's to free.
 */
static enum registry_status exchange(struct registry *r, const char *req,
				     uint64_t deadline, char **reply,
				     size_t *replylen, char *err, size_t errlen)
{
	size_t reqlen = strlen(req), got;
	enum registry_status st;
	char why[128];
	uint8_t hdr[4];
	uint32_t len;
	char *frame;

	if (r->conn.fd < 0) {
		st = connect_registry(r, deadline, err, errlen);
		if (st)
			return st;
	}
	frame = malloc(4 + reqlen);
	if (!frame) {
		reg_errf(err, errlen, "out of memory");
		return REGISTRY_UNREACHABLE;
	}
	len = htonl(reqlen);
	memcpy(frame, &len, 4);
	memcpy(frame + 4, req, reqlen);
	st = reg_conn_write(&r->conn, frame, 4 + reqlen, deadline, err, errlen);
	free(frame);
	if (st)
		return st;
	st = reg_conn_read(&r->conn, hdr, 4, deadline, &got, err, errlen);
	if (st)
		return st;
	len = (uint32_t)hdr[0] << 24 | hdr[1] << 16 | hdr[2] << 8 | hdr[3];
	if (len > REG_MAX_REPLY) {
		reg_errf(err, errlen, "reply too large (%u bytes)", len);
		return REGISTRY_BAD_REPLY;
	}
	if (!len) {
		reg_errf(err, errlen, "empty reply");
		return REGISTRY_BAD_REPLY;
	}
	*reply = malloc(len + 1);
	if (!*reply) {
		reg_errf(err, errlen, "out of memory");
		return REGISTRY_UNREACHABLE;
	}
	st = reg_conn_read(&r->conn, *reply, len, deadline, &got, why, sizeof(why));
	if (st) {
		reg_errf(err, errlen, "%s after %zu of %u reply bytes", why, got, len);
		free(*reply);
		*reply = NULL;
		return st;
	}
	(*reply)[len] = '\0';
	*replylen = len;
	return REGISTRY_OK;
}

static void back_off(struct registry *r, const char *why)
{
	r->backoff_ms = r->backoff_ms ? r->backoff_ms * 2 : BACKOFF_MIN_MS;
	if (r->backoff_ms > BACKOFF_MAX_MS)
		r->backoff_ms = BACKOFF_MAX_MS;
	r->retry_at = reg_now_ms() + r->backoff_ms;
	snprintf(r->last_err, sizeof(r->last_err), "%s", why);
}

/*
 * Send a request and get its reply, managing the connection: a failed
 * reused connection is replaced once at once; a connection that cannot be
 * had starts (or lengthens) the backoff; a bad reply drops the connection
 * without a backoff (the next request reconnects).
 */
static enum registry_status transact(struct registry *r, const char *req,
				     char **reply, size_t *replylen,
				     char *err, size_t errlen)
{
	uint64_t now = reg_now_ms(), deadline = now + r->cfg.timeout_ms;
	enum registry_status st;
	char why[160];
	bool reused;

	*reply = NULL;
	if (r->conn.fd < 0 && now < r->retry_at) {
		reg_errf(err, errlen, "registry unreachable (%s); next attempt in %.1f s",
			 r->last_err, (r->retry_at - now) / 1000.0);
		return REGISTRY_UNREACHABLE;
	}
	reused = r->conn.fd >= 0;
	st = exchange(r, req, deadline, reply, replylen, why, sizeof(why));
	if (st == REGISTRY_UNREACHABLE && reused && reg_now_ms() < deadline) {
		reg_conn_close(&r->conn);
		st = exchange(r, req, deadline, reply, replylen, why, sizeof(why));
	}
	if (st == REGISTRY_OK) {
		r->backoff_ms = 0;
		return st;
	}
	reg_conn_close(&r->conn);
	if (st == REGISTRY_UNREACHABLE)
		back_off(r, why);
	else
		r->backoff_ms = 0;
	reg_errf(err, errlen, "%s", why);
	return st;
}

/**
 * registry_lookup() - ask the registry for a node's Ed25519 public key
 * @r: the client
 * @node_id: the node
 * @key: receives the key; untouched unless REGISTRY_OK
 * @err: receives a one-line reason when not REGISTRY_OK
 * @errlen: size of @err
 *
 * Return: REGISTRY_OK, REGISTRY_NOT_FOUND (no such node, or no key),
 * REGISTRY_UNREACHABLE or REGISTRY_BAD_REPLY.
 */
enum registry_status registry_lookup(struct registry *r, uint32_t node_id,
				     uint8_t key[32], char *err, size_t errlen)
{
	enum registry_status st;
	size_t len;
	char *req, *reply;

	req = reg_msg_lookup(node_id);
	if (!req) {
		reg_errf(err, errlen, "out of memory");
		return REGISTRY_UNREACHABLE;
	}
	st = transact(r, req, &reply, &len, err, errlen);
	free(req);
	if (st)
		return st;
	st = reg_parse_lookup(reply, len, node_id, key, err, errlen);
	free(reply);
	if (st == REGISTRY_BAD_REPLY)
		reg_conn_close(&r->conn);
	return st;
}

/**
 * registry_resolve() - ask the registry for a node's endpoint
 * @r: the client
 * @node_id: the node
 * @requester_id: this node, whose key signs the request
 * @secret_key: this node's Ed25519 secret key (seed || public key)
 * @endpoint: receives the address; untouched unless REGISTRY_OK
 * @err: receives a one-line reason when not REGISTRY_OK
 * @errlen: size of @err
 *
 * The registry answers only for public nodes or trusted pairs; a refusal
 * (including a rejected signature) is REGISTRY_BAD_REPLY.
 *
 * Return: REGISTRY_OK, REGISTRY_NOT_FOUND (no such node, or no endpoint),
 * REGISTRY_UNREACHABLE or REGISTRY_BAD_REPLY.
 */
enum registry_status registry_resolve(struct registry *r, uint32_t node_id,
				      uint32_t requester_id,
				      const uint8_t secret_key[64],
				      struct sockaddr_storage *endpoint,
				      char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	enum registry_status st;
	size_t len;
	char *req, *reply;

	req = reg_msg_resolve(node_id, requester_id, secret_key);
	if (!req) {
		reg_errf(err, errlen, "out of memory");
		return REGISTRY_UNREACHABLE;
	}
	st = transact(r, req, &reply, &len, err, errlen);
	free(req);
	if (st)
		return st;
	st = reg_parse_resolve(reply, len, node_id, &ss, err, errlen);
	free(reply);
	if (st == REGISTRY_BAD_REPLY)
		reg_conn_close(&r->conn);
	else if (st == REGISTRY_OK)
		*endpoint = ss;
	return st;
}
