// SPDX-License-Identifier: GPL-2.0
/*
 * What pilot-keyd does with each kernel request, over kernel.c's calls:
 * signing devices (re-signing when the kernel says the node ID or key
 * changed meanwhile), answering verifications, adding resolved peers,
 * and the queue's overflow policy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "daemon.h"
#include "log.h"
#include "verify.h"

#define KEYD_SIGN_ATTEMPTS 3

/* The device as the kernel has it now: 1, 0 when it is gone, or -errno. */
static int find_device(struct daemon *d, uint32_t ifindex,
		       struct pilot_device_info *out)
{
	struct pilot_device_info *list = NULL;
	size_t n = 0, i;
	int found = 0, err;

	err = kernel_dev_list(&d->k, &list, &n);
	if (err) {
		keyd_log(LOG_ERR, "cannot list pilot devices: %s",
			 kernel_strerror(&d->k, err));
		return err;
	}
	for (i = 0; i < n; i++) {
		if (list[i].ifindex == ifindex) {
			*out = list[i];
			found = 1;
		}
	}
	free(list);
	return found;
}

static bool key_is_zero(const uint8_t key[32])
{
	return sodium_is_zero(key, 32);
}

/*
 * Sign a device's challenge and send identity-set. A refusal because the
 * node ID or X25519 key changed meanwhile is answered by reading the
 * device again and signing what it has now.
 */
static void sign_device(struct daemon *d, uint32_t ifindex, uint32_t node_id,
			const uint8_t public_key[32])
{
	struct pilot_device_info dev;
	char name[IF_NAMESIZE], why[256] = "";
	uint8_t pk[32];
	int i, err, found;

	kernel_ifname(&d->k, ifindex, name);
	memcpy(pk, public_key, 32);
	for (i = 0; i < KEYD_SIGN_ATTEMPTS; i++) {
		err = kernel_identity_set(&d->k, ifindex, node_id, pk, &d->id);
		if (!err) {
			keyd_log(LOG_INFO, "%s: identity set (node %u)", name,
				 node_id);
			return;
		}
		/* the next request overwrites the kernel's message */
		snprintf(why, sizeof(why), "%s", kernel_strerror(&d->k, err));
		found = find_device(d, ifindex, &dev);
		if (found < 0)
			break;
		if (!found) {
			keyd_log(LOG_INFO, "%s: gone before its identity was set",
				 name);
			return;
		}
		if (dev.node_id == node_id && !memcmp(dev.public_key, pk, 32))
			break;	/* not stale: a real refusal */
		keyd_log(LOG_DEBUG, "%s: node ID or key changed meanwhile; signing again",
			 name);
		node_id = dev.node_id;
		memcpy(pk, dev.public_key, 32);
		if (key_is_zero(pk))
			return;
	}
	keyd_log(LOG_ERR, "%s: identity-set refused: %s", name, why);
}

/**
 * daemon_resync() - sign every served device's challenge
 * @d: the daemon
 *
 * After a start or lost notifications: devices without an X25519 key yet
 * are skipped (their sign request comes when they get one).
 */
void daemon_resync(struct daemon *d)
{
	struct pilot_device_info *list = NULL;
	size_t n = 0, i;
	int err;

	d->resync = false;
	err = kernel_dev_list(&d->k, &list, &n);
	if (err) {
		keyd_log(LOG_ERR, "cannot list pilot devices: %s",
			 kernel_strerror(&d->k, err));
		return;
	}
	for (i = 0; i < n; i++) {
		if (!keyd_serves(d->cfg, list[i].ifname))
			continue;
		if (key_is_zero(list[i].public_key)) {
			keyd_log(LOG_INFO, "%s: no X25519 key yet; waiting for it",
				 list[i].ifname);
			continue;
		}
		sign_device(d, list[i].ifindex, list[i].node_id,
			    list[i].public_key);
	}
	free(list);
}

static void answer(struct daemon *d, const char *name,
		   const struct verify_reply *rp)
{
	int err = kernel_verify_reply(&d->k, rp);

	if (err)
		keyd_log(LOG_WARNING, "%s: node %u: verify-reply refused: %s",
			 name, rp->node_id, kernel_strerror(&d->k, err));
}

static void resolve(struct daemon *d, const struct keyd_event *ev,
		    const char *name)
{
	struct pilot_device_info dev;
	struct sockaddr_storage ep;
	char text[64];
	int err;

	if (find_device(d, ev->ifindex, &dev) <= 0) {
		keyd_log(LOG_INFO, "%s: node %u: device gone; resolve dropped",
			 name, ev->node_id);
		return;
	}
	if (keyd_handle_resolve(&d->st, name, ev->node_id, dev.node_id, &ep))
		return;
	format_endpoint(text, sizeof(text), &ep);
	err = kernel_peer_new(&d->k, ev->ifindex, ev->node_id, &ep);
	if (!err)
		keyd_log(LOG_INFO, "%s: node %u: added as a peer at %s", name,
			 ev->node_id, text);
	else if (err == -EEXIST)
		keyd_log(LOG_DEBUG, "%s: node %u: a peer already", name,
			 ev->node_id);
	else
		keyd_log(LOG_WARNING, "%s: node %u: peer-new refused: %s", name,
			 ev->node_id, kernel_strerror(&d->k, err));
}

/*
 * A peer went away: forget what the caches hold for it, so that a node
 * that registers late is asked again at once (spec §7.3, RemovePeer).
 */
static void forget(struct daemon *d, const struct keyd_event *ev,
		   const char *name)
{
	key_cache_remove(d->st.keys, ev->node_id);
	key_cache_remove(d->st.resolves, ev->node_id);
	keyd_log(LOG_DEBUG, "%s: node %u: peer removed; its cached keys forgotten",
		 name, ev->node_id);
}

/**
 * daemon_handle() - serve one request
 * @d: the daemon
 * @ev: the request
 *
 * Every request ends in an answer to the kernel or a log line.
 */
void daemon_handle(struct daemon *d, const struct keyd_event *ev)
{
	char name[IF_NAMESIZE];
	struct verify_reply rp;

	kernel_ifname(&d->k, ev->ifindex, name);
	switch (ev->kind) {
	case KEYD_EV_SIGN:
		if (key_is_zero(ev->public_key))
			break;
		sign_device(d, ev->ifindex, ev->node_id, ev->public_key);
		break;
	case KEYD_EV_VERIFY:
		keyd_handle_verify(&d->st, name, &ev->verify, &rp);
		answer(d, name, &rp);
		break;
	case KEYD_EV_RESOLVE:
		resolve(d, ev, name);
		break;
	case KEYD_EV_PEER_DEL:
		forget(d, ev, name);
		break;
	}
}

/**
 * daemon_enqueue() - queue a request off the socket, or refuse it
 * @ev: the request
 * @arg: the daemon
 *
 * When the queue is full a verification is answered busy, a resolution
 * dropped and a sign request turned into a later re-sync, each logged.
 * A removed peer is forgotten at once, without queueing.
 */
void daemon_enqueue(const struct keyd_event *ev, void *arg)
{
	struct daemon *d = arg;
	char name[IF_NAMESIZE];
	struct verify_reply rp;

	kernel_ifname(&d->k, ev->ifindex, name);
	if (ev->kind == KEYD_EV_PEER_DEL) {
		forget(d, ev, name);	/* cheap: never queued */
		return;
	}
	if (!keyd_serves(d->cfg, name)) {
		keyd_log(LOG_DEBUG, "%s: not served (--device); request ignored",
			 name);
		return;
	}
	if (keyd_queue_push(&d->queue, ev))
		return;
	switch (ev->kind) {
	case KEYD_EV_SIGN:
		keyd_log(LOG_WARNING, "%s: queue full; will sign every device once it drains",
			 name);
		d->resync = true;
		break;
	case KEYD_EV_VERIFY:
		keyd_busy_reply(ev, &rp);
		keyd_log(LOG_WARNING, "%s: node %u: queue full; answered busy",
			 name, ev->node_id);
		answer(d, name, &rp);
		break;
	case KEYD_EV_RESOLVE:
		keyd_log(LOG_WARNING, "%s: node %u: queue full; resolve dropped",
			 name, ev->node_id);
		break;
	case KEYD_EV_PEER_DEL:
		break;
	}
}

/**
 * daemon_reload_peers() - re-read the peers file (SIGHUP)
 * @d: the daemon
 *
 * A bad file leaves the previous table in place and says why.
 */
void daemon_reload_peers(struct daemon *d)
{
	struct peers_table t;
	char err[300];

	if (!d->cfg->peers) {
		keyd_log(LOG_INFO, "SIGHUP: no peers file configured");
		return;
	}
	if (peers_file_load(d->cfg->peers, &t, err, sizeof(err))) {
		keyd_log(LOG_ERR, "peers file not reloaded, keeping the previous %zu nodes: %s",
			 d->st.peers.n, err);
		return;
	}
	peers_table_free(&d->st.peers);
	d->st.peers = t;
	keyd_log(LOG_INFO, "peers file reloaded: %zu nodes", t.n);
}
