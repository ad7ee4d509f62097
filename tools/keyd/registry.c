// SPDX-License-Identifier: GPL-2.0
/*
 * Placeholder for the registry client: every request fails as
 * unreachable. The real TCP/TLS client replaces this file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "registry.h"

struct registry {
	int unused;
};

/**
 * registry_new() - make a registry client
 * @cfg: where the registry is (unused by this placeholder)
 *
 * Return: a client, or NULL with errno set.
 */
struct registry *registry_new(const struct registry_config *cfg)
{
	struct registry *r = calloc(1, sizeof(*r));

	(void)cfg;
	return r;
}

/**
 * registry_free() - release a client
 * @r: the client, or NULL
 */
void registry_free(struct registry *r)
{
	free(r);
}

/**
 * registry_lookup() - ask for a node's Ed25519 key
 * @r: the client
 * @node_id: the node
 * @key: receives the key on success
 * @err: receives why not
 * @errlen: its size
 *
 * Return: always REGISTRY_UNREACHABLE in this placeholder.
 */
enum registry_status registry_lookup(struct registry *r, uint32_t node_id,
				     uint8_t key[32], char *err, size_t errlen)
{
	(void)r; (void)node_id; (void)key;
	snprintf(err, errlen, "registry client not built");
	return REGISTRY_UNREACHABLE;
}

/**
 * registry_resolve() - ask for a node's endpoint
 * @r: the client
 * @node_id: the node
 * @requester_id: our node ID
 * @secret_key: our Ed25519 secret key, to sign the request
 * @endpoint: receives the endpoint on success
 * @err: receives why not
 * @errlen: its size
 *
 * Return: always REGISTRY_UNREACHABLE in this placeholder.
 */
enum registry_status registry_resolve(struct registry *r, uint32_t node_id,
				      uint32_t requester_id,
				      const uint8_t secret_key[64],
				      struct sockaddr_storage *endpoint,
				      char *err, size_t errlen)
{
	(void)r; (void)node_id; (void)requester_id; (void)secret_key;
	(void)endpoint;
	snprintf(err, errlen, "registry client not built");
	return REGISTRY_UNREACHABLE;
}
