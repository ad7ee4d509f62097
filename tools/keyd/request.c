// SPDX-License-Identifier: GPL-2.0
/*
 * The decisions behind the kernel's requests, free of netlink so the unit
 * tests can drive them with a fake registry.
 *
 * A node's Ed25519 key comes from, in order: the static peers file (the
 * local authority: a reload takes effect at once, its keys are never
 * cached), the positive cache, the negative cache (a failure less than
 * 3 s old fails at once), then the registry, whose answer fills the
 * caches (spec §7.3). A pinned key (the kernel says so) bypasses all of
 * them. A PILA frame whose key differs from the one found invalidates the
 * cached key and is looked up once more (spec §7.4 step 5).
 */
#include <errno.h>
#include <string.h>
#include <linux/pilot.h>

#include "log.h"
#include "request.h"
#include "verify.h"

/**
 * keyd_init() - empty state: no peers file, no registry, no identity
 * @k: the state
 * @clock: the caches' clock, NULL for the monotonic clock
 *
 * Return: 0 or -ENOMEM.
 */
int keyd_init(struct keyd *k, key_cache_clock_fn clock)
{
	memset(k, 0, sizeof(*k));
	k->keys = key_cache_new(clock);
	k->resolves = key_cache_new(clock);
	if (!k->keys || !k->resolves) {
		keyd_release(k);
		return -ENOMEM;
	}
	return 0;
}

/**
 * keyd_release() - free the caches and the peers table
 * @k: the state (the registry and identity belong to the caller)
 */
void keyd_release(struct keyd *k)
{
	key_cache_free(k->keys);
	key_cache_free(k->resolves);
	peers_table_free(&k->peers);
	k->keys = NULL;
	k->resolves = NULL;
}

/**
 * keyd_result_name() - a PILOT_AUTH_RESULT_* value in words
 * @result: the value
 *
 * Return: a short phrase for log lines.
 */
const char *keyd_result_name(uint32_t result)
{
	switch (result) {
	case PILOT_AUTH_RESULT_ACCEPTED:
		return "accepted";
	case PILOT_AUTH_RESULT_UNKNOWN_NODE:
		return "unknown node";
	case PILOT_AUTH_RESULT_KEY_MISMATCH:
		return "key mismatch";
	case PILOT_AUTH_RESULT_BAD_SIGNATURE:
		return "bad signature";
	case PILOT_AUTH_RESULT_UNREACHABLE:
		return "registry unreachable";
	case PILOT_AUTH_RESULT_BUSY:
		return "busy";
	default:
		return "refused";
	}
}

static uint32_t result_of(enum registry_status st)
{
	return st == REGISTRY_NOT_FOUND ? PILOT_AUTH_RESULT_UNKNOWN_NODE :
					  PILOT_AUTH_RESULT_UNREACHABLE;
}

/**
 * keyd_lookup_key() - find a node's Ed25519 key (unpinned)
 * @k: the state
 * @node_id: the node
 * @key: receives the key on PILOT_AUTH_RESULT_ACCEPTED
 * @why: receives, on failure, a phrase saying why
 * @whylen: its size
 *
 * Return: PILOT_AUTH_RESULT_ACCEPTED, _UNKNOWN_NODE (no peers-file entry
 * and no registry, or the registry knows no key) or _UNREACHABLE.
 */
uint32_t keyd_lookup_key(struct keyd *k, uint32_t node_id, uint8_t key[32],
			 char *why, size_t whylen)
{
	const struct peer_entry *e = peers_find(&k->peers, node_id);
	enum registry_status st;
	char err[160] = "";
	int neg;

	if (e) {
		memcpy(key, e->key, 32);
		return PILOT_AUTH_RESULT_ACCEPTED;
	}
	if (key_cache_get(k->keys, node_id, key))
		return PILOT_AUTH_RESULT_ACCEPTED;
	if (key_cache_negative(k->keys, node_id, &neg)) {
		snprintf(why, whylen, "failed a lookup less than 3 s ago");
		return (uint32_t)neg;
	}
	if (!k->reg) {
		snprintf(why, whylen, "not in the peers file, no registry");
		return PILOT_AUTH_RESULT_UNKNOWN_NODE;
	}
	st = registry_lookup(k->reg, node_id, key, err, sizeof(err));
	if (st == REGISTRY_OK) {
		key_cache_put(k->keys, node_id, key);
		return PILOT_AUTH_RESULT_ACCEPTED;
	}
	snprintf(why, whylen, "registry: %s", err[0] ? err : "no answer");
	key_cache_fail(k->keys, node_id, (int)result_of(st));
	return result_of(st);
}

/* A pinned key: the signature (if any) under it, nothing else. */
static void verify_pinned(const char *ifname, const struct verify_request *rq,
			  struct verify_reply *rp)
{
	if (!rq->has_identity_key) {
		rp->result = PILOT_AUTH_RESULT_UNKNOWN_NODE;
		keyd_log(LOG_WARNING, "%s: node %u: pinned request without a key",
			 ifname, rq->node_id);
		return;
	}
	if (rq->has_signature &&
	    (!rq->has_public_key ||
	     !pilot_verify_challenge(rq->signature, rq->identity_key,
				     rq->node_id, rq->public_key))) {
		rp->result = PILOT_AUTH_RESULT_BAD_SIGNATURE;
		keyd_log(LOG_NOTICE,
			 "%s: node %u: PILA rejected: bad signature (pinned key)",
			 ifname, rq->node_id);
		return;
	}
	rp->result = PILOT_AUTH_RESULT_ACCEPTED;
	rp->has_key = true;
	memcpy(rp->key, rq->identity_key, 32);
}

/**
 * keyd_handle_verify() - decide a verify-request-ntf
 * @k: the state
 * @ifname: the device's name, for log lines
 * @rq: the request
 * @rp: receives the reply to send (always filled)
 *
 * With @rq->pinned, the signature is checked under the pinned key only.
 * Otherwise the node's key is looked up (keyd_lookup_key()); without a
 * signature that is the answer. With one, a frame key that differs
 * invalidates the cached key and is looked up once more; still different
 * is a key mismatch; then the signature must verify under the key found.
 * Each refusal logs one line.
 */
void keyd_handle_verify(struct keyd *k, const char *ifname,
			const struct verify_request *rq,
			struct verify_reply *rp)
{
	const char *what = rq->has_signature ? "PILA rejected" : "key lookup failed";
	uint8_t expected[32];
	char why[200] = "";

	memset(rp, 0, sizeof(*rp));
	rp->ifindex = rq->ifindex;
	rp->cookie = rq->cookie;
	rp->node_id = rq->node_id;
	if (rq->pinned) {
		verify_pinned(ifname, rq, rp);
		return;
	}
	rp->result = keyd_lookup_key(k, rq->node_id, expected, why, sizeof(why));
	if (rp->result != PILOT_AUTH_RESULT_ACCEPTED)
		goto refused;
	if (!rq->has_signature)
		goto accepted;
	if (!rq->has_public_key || !rq->has_identity_key) {
		rp->result = PILOT_AUTH_RESULT_BAD_SIGNATURE;
		snprintf(why, sizeof(why), "request without the frame's keys");
		goto refused;
	}
	if (memcmp(expected, rq->identity_key, 32)) {
		key_cache_invalidate(k->keys, rq->node_id);
		rp->result = keyd_lookup_key(k, rq->node_id, expected, why,
					     sizeof(why));
		if (rp->result != PILOT_AUTH_RESULT_ACCEPTED)
			goto refused;
		if (memcmp(expected, rq->identity_key, 32)) {
			rp->result = PILOT_AUTH_RESULT_KEY_MISMATCH;
			snprintf(why, sizeof(why),
				 "the frame's Ed25519 key is not the registered one");
			goto refused;
		}
		keyd_log(LOG_INFO, "%s: node %u: registered key changed; the frame's is current",
			 ifname, rq->node_id);
	}
	if (!pilot_verify_challenge(rq->signature, expected, rq->node_id,
				    rq->public_key)) {
		rp->result = PILOT_AUTH_RESULT_BAD_SIGNATURE;
		why[0] = '\0';
		goto refused;
	}
accepted:
	rp->result = PILOT_AUTH_RESULT_ACCEPTED;
	rp->has_key = true;
	memcpy(rp->key, expected, 32);
	keyd_log(LOG_DEBUG, "%s: node %u: %s", ifname, rq->node_id,
		 rq->has_signature ? "PILA accepted" : "key found");
	return;
refused:
	keyd_log(LOG_NOTICE, "%s: node %u: %s: %s%s%s%s", ifname, rq->node_id,
		 what, keyd_result_name(rp->result), why[0] ? " (" : "", why,
		 why[0] ? ")" : "");
}

/**
 * keyd_handle_resolve() - find a node's endpoint, for a resolve-request-ntf
 * @k: the state
 * @ifname: the device's name, for log lines
 * @node_id: the node
 * @own_node_id: the device's node ID (the registry wants the requester)
 * @ep: receives the endpoint on success
 *
 * The peers file's endpoint wins; else the registry is asked (which needs
 * our identity to sign the request). Failures are negatively cached for
 * 3 s like key lookups, and logged once each.
 *
 * Return: 0; -ENOENT when no endpoint is known; -EHOSTUNREACH when the
 * registry could not be asked; -EAGAIN when the node failed moments ago.
 */
int keyd_handle_resolve(struct keyd *k, const char *ifname, uint32_t node_id,
			uint32_t own_node_id, struct sockaddr_storage *ep)
{
	const struct peer_entry *e = peers_find(&k->peers, node_id);
	enum registry_status st;
	char err[160] = "";
	int neg;

	memset(ep, 0, sizeof(*ep));
	if (e && e->has_endpoint) {
		*ep = e->endpoint;
		return 0;
	}
	if (key_cache_negative(k->resolves, node_id, &neg)) {
		keyd_log(LOG_DEBUG, "%s: node %u: resolve failed moments ago",
			 ifname, node_id);
		return -EAGAIN;
	}
	if (!k->reg || !k->id) {
		keyd_log(LOG_NOTICE,
			 "%s: node %u: cannot resolve: no endpoint in the peers file%s",
			 ifname, node_id, k->reg ? ", no identity" : ", no registry");
		key_cache_fail(k->resolves, node_id, -ENOENT);
		return -ENOENT;
	}
	st = registry_resolve(k->reg, node_id, own_node_id, k->id->sk, ep,
			      err, sizeof(err));
	if (st == REGISTRY_OK &&
	    (ep->ss_family == AF_INET || ep->ss_family == AF_INET6))
		return 0;
	if (st == REGISTRY_OK)
		snprintf(err, sizeof(err), "no usable endpoint");
	neg = st == REGISTRY_UNREACHABLE ? -EHOSTUNREACH : -ENOENT;
	key_cache_fail(k->resolves, node_id, neg);
	keyd_log(LOG_NOTICE, "%s: node %u: cannot resolve: registry: %s",
		 ifname, node_id, err[0] ? err : "no answer");
	return neg;
}
