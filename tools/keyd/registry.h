/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pilot-keyd's client of the Pilot registry (spec §9.1-§9.2): the JSON
 * "lookup" of a node's Ed25519 key and the signed "resolve" of its
 * endpoint, over one persistent TCP connection, optionally TLS with the
 * leaf certificate pinned by its SHA-256.
 *
 * Every request is bounded by the configured timeout, connecting
 * included; replies over 1 MiB are refused unread. After a failed
 * connection the client reconnects once at once, then backs off (0.5 s
 * doubling to 10 s) and, while it does, answers REGISTRY_UNREACHABLE
 * without touching the network. Not thread-safe: one caller at a time.
 *
 * Writes on a TLS connection may raise SIGPIPE (OpenSSL writes with
 * write(2)); the client blocks it around them, and plaintext writes use
 * MSG_NOSIGNAL.
 */
#ifndef PILOT_KEYD_REGISTRY_H
#define PILOT_KEYD_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/socket.h>

/**
 * struct registry_config - where the registry is and how to talk to it
 * @addr: "host:port"; host is IPv4, [IPv6] or a name. A name is resolved
 *        with getaddrinfo(3), which is bounded by the resolver's own
 *        timeouts rather than @timeout_ms: use a numeric address where
 *        that matters.
 * @tls: speak TLS, with the leaf certificate pinned by @fingerprint (no
 *       CA verification)
 * @fingerprint: SHA-256 of the leaf certificate (DER)
 * @timeout_ms: bound of one request, connecting included
 */
struct registry_config {
	const char *addr;
	bool tls;
	uint8_t fingerprint[32];
	unsigned int timeout_ms;
};

/**
 * enum registry_status - the outcome of a request
 * @REGISTRY_OK: answered
 * @REGISTRY_NOT_FOUND: the registry knows no such node, or it has no key
 *                      (lookup) or no endpoint (resolve)
 * @REGISTRY_UNREACHABLE: no connection, timeout, closed connection, TLS
 *                        failure (including a fingerprint mismatch), or
 *                        backing off after one of those
 * @REGISTRY_BAD_REPLY: malformed, oversized or unexpected reply, or an
 *                      error reply other than "not found" (e.g. a refused
 *                      signature, or older servers' "request failed")
 */
enum registry_status {
	REGISTRY_OK,
	REGISTRY_NOT_FOUND,
	REGISTRY_UNREACHABLE,
	REGISTRY_BAD_REPLY,
};

struct registry;

struct registry *registry_new(const struct registry_config *cfg);
void registry_free(struct registry *r);
enum registry_status registry_lookup(struct registry *r, uint32_t node_id,
				     uint8_t key[32], char *err, size_t errlen);
enum registry_status registry_resolve(struct registry *r, uint32_t node_id,
				      uint32_t requester_id,
				      const uint8_t secret_key[64],
				      struct sockaddr_storage *endpoint,
				      char *err, size_t errlen);

#endif /* PILOT_KEYD_REGISTRY_H */
