/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client of the Pilot registry (spec §9): a node's Ed25519 key
 * (lookup) and its endpoint (resolve).
 */
#ifndef KEYD_REGISTRY_H
#define KEYD_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/socket.h>

/**
 * struct registry_config - where the registry is and how to talk to it
 * @addr: "host:port" (IPv4, [IPv6] or name)
 * @tls: TLS, leaf certificate pinned by fingerprint
 * @fingerprint: SHA-256 of the leaf certificate (DER)
 * @timeout_ms: per request, connecting included
 */
struct registry_config {
	const char *addr;
	bool tls;
	uint8_t fingerprint[32];
	unsigned int timeout_ms;
};

/**
 * enum registry_status - the outcome of a registry request
 * @REGISTRY_OK: the answer is in the output arguments
 * @REGISTRY_NOT_FOUND: the registry knows no such node, or it has no key
 * @REGISTRY_UNREACHABLE: no connection, timeout, TLS failure
 * @REGISTRY_BAD_REPLY: malformed, oversized or unexpected reply
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

#endif /* KEYD_REGISTRY_H */
