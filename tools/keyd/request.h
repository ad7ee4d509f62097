/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What pilot-keyd decides for each kernel request, apart from netlink:
 * key lookups (pinned, peers file, caches, registry), PILA verification
 * and endpoint resolution.
 */
#ifndef KEYD_REQUEST_H
#define KEYD_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "cache.h"
#include "identity.h"
#include "peers_file.h"
#include "registry.h"

/**
 * struct keyd - the state the requests are decided from
 * @keys: the peer-key caches (spec §7.3)
 * @resolves: failed resolutions (its negative map only)
 * @peers: the static peers file, empty when none
 * @reg: the registry client, NULL when no registry is configured
 * @id: our identity (signs resolve requests), NULL when none
 */
struct keyd {
	struct key_cache *keys;
	struct key_cache *resolves;
	struct peers_table peers;
	struct registry *reg;
	const struct identity *id;
};

/**
 * struct verify_request - a verify-request-ntf
 * @ifindex: the device
 * @cookie: names the request, for the reply
 * @node_id: the node in question
 * @has_public_key: @public_key is set
 * @public_key: the frame's X25519 key (signed)
 * @has_identity_key: @identity_key is set
 * @identity_key: the frame's (or the pinned) Ed25519 key
 * @has_signature: a PILA frame; without it a pure key lookup (PILK)
 * @signature: the frame's signature of the challenge
 * @pinned: verify under @identity_key, ask no registry
 */
struct verify_request {
	uint32_t ifindex;
	uint32_t cookie;
	uint32_t node_id;
	bool has_public_key;
	uint8_t public_key[32];
	bool has_identity_key;
	uint8_t identity_key[32];
	bool has_signature;
	uint8_t signature[64];
	bool pinned;
};

/**
 * struct verify_reply - the verify-reply to send
 * @ifindex: the device
 * @cookie: the request's cookie
 * @node_id: the node
 * @result: a PILOT_AUTH_RESULT_* value
 * @has_key: @key is set (on acceptance only)
 * @key: the node's registered or pinned Ed25519 key
 */
struct verify_reply {
	uint32_t ifindex;
	uint32_t cookie;
	uint32_t node_id;
	uint32_t result;
	bool has_key;
	uint8_t key[32];
};

int keyd_init(struct keyd *k, key_cache_clock_fn clock);
void keyd_release(struct keyd *k);
uint32_t keyd_lookup_key(struct keyd *k, uint32_t node_id, uint8_t key[32],
			 char *why, size_t whylen);
void keyd_handle_verify(struct keyd *k, const char *ifname,
			const struct verify_request *rq,
			struct verify_reply *rp);
int keyd_handle_resolve(struct keyd *k, const char *ifname, uint32_t node_id,
			uint32_t own_node_id, struct sockaddr_storage *ep);
const char *keyd_result_name(uint32_t result);

#endif /* KEYD_REQUEST_H */
