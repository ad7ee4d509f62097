/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The L5 key-exchange manager (spec section 7): PILK frames in and out,
 * sessions installed, replaced or kept, the pending re-key with its
 * retransmits and give-up, and the packets that wait for a key.
 */
#ifndef _PILOT_KX_H
#define _PILOT_KX_H

#include <linux/types.h>
#include <uapi/linux/pilot.h>

struct pilot_device;
struct pilot_endpoint;
struct pilot_peer;
struct pilot_session;
struct sk_buff;
struct sk_buff_head;

enum pilot_kx_consts {
	PILOT_PILK_LEN = 40,
	/* spec 7.2 */
	PILOT_REKEY_INTERVAL_MS = 4000,
	PILOT_MAX_REKEY_SENDS = 6,		/* MaxRekeyAttempts 5, plus the first */
	PILOT_GAVE_UP_COOLDOWN_MS = 5000,
	PILOT_DUPLICATE_DEBOUNCE_MS = 250,
	PILOT_REPLY_STALE_MS = 6000,
	PILOT_REPLY_MIN_INTERVAL_MS = 1000,
	PILOT_REKEY_REQUEST_INTERVAL_MS = 3000,
	PILOT_MAX_RETRANSMITS_PER_TICK = 64,
	PILOT_MAX_CRYPTO_PEERS = 16384,
	/* spec 8.1: packets waiting for a key, per peer */
	PILOT_STAGED_MAX = 64,
	/* inbound key-exchange frames waiting for the worker */
	PILOT_KX_QUEUE_MAX = 1024,
	/* spec 8.4: keepalive of an otherwise idle session */
	PILOT_KEEPALIVE_DEFAULT_S = 25,
};

int pilot_kx_init(struct pilot_device *pd);
void pilot_kx_uninit(struct pilot_device *pd);
void pilot_kx_start(struct pilot_device *pd);
void pilot_kx_stop(struct pilot_device *pd);
void pilot_kx_receive(struct pilot_device *pd, struct sk_buff *skb);
bool pilot_kx_defer(struct pilot_device *pd, struct sk_buff *skb);
void pilot_kx_request(struct pilot_device *pd, struct pilot_peer *peer,
		      struct sk_buff *skb);
void pilot_kx_initiate(struct pilot_peer *peer);
void pilot_kx_note_rx(struct pilot_peer *peer);
void pilot_kx_path_changed(struct pilot_peer *peer);
bool pilot_kx_in_cooldown(struct pilot_peer *peer);
bool pilot_session_drop(struct pilot_peer *peer, struct pilot_session *expected,
			enum pilot_drop_reason reason);
void pilot_kx_peer_gone(struct pilot_peer *peer);
void pilot_kx_reset(struct pilot_device *pd);
void pilot_kx_requeue(struct pilot_device *pd, struct sk_buff *skb);
void pilot_kx_requeue_all(struct pilot_device *pd, struct sk_buff_head *q);
void pilot_kx_answered(struct pilot_device *pd, struct sk_buff *skb,
		       enum pilot_auth_result result, const u8 *key);
void pilot_kx_identity_changed(struct pilot_device *pd);

#endif /* _PILOT_KX_H */
