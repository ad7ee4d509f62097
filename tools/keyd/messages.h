/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The keyd attribute set's messages: the kernel's requests parsed, and
 * pilot-keyd's answers built, apart from any socket.
 */
#ifndef KEYD_MESSAGES_H
#define KEYD_MESSAGES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netlink/genl/genl.h>

#include "request.h"

/**
 * enum keyd_event_kind - what the kernel asks
 * @KEYD_EV_SIGN: sign-request-ntf
 * @KEYD_EV_VERIFY: verify-request-ntf
 * @KEYD_EV_RESOLVE: resolve-request-ntf
 * @KEYD_EV_PEER_DEL: peer-del-ntf (group "peers"): forget the node's keys
 */
enum keyd_event_kind {
	KEYD_EV_SIGN,
	KEYD_EV_VERIFY,
	KEYD_EV_RESOLVE,
	KEYD_EV_PEER_DEL,
};

/**
 * struct keyd_event - one request from the kernel
 * @kind: which
 * @ifindex: the device
 * @node_id: the device's node (sign) or the node in question
 * @has_public_key: @public_key is set
 * @public_key: the X25519 key to sign (sign)
 * @verify: the whole request (verify)
 */
struct keyd_event {
	enum keyd_event_kind kind;
	uint32_t ifindex;
	uint32_t node_id;
	bool has_public_key;
	uint8_t public_key[32];
	struct verify_request verify;
};

int keyd_parse_event(struct nl_msg *msg, struct keyd_event *ev);
int keyd_put_identity_set(struct nl_msg *msg, uint32_t ifindex,
			  uint32_t node_id, const uint8_t public_key[32],
			  const uint8_t identity_key[32],
			  const uint8_t signature[64]);
int keyd_put_verify_reply(struct nl_msg *msg, const struct verify_reply *rp);
int keyd_put_peer_new(struct nl_msg *msg, uint32_t ifindex, uint32_t node_id,
		      const struct sockaddr_storage *ep);

#endif /* KEYD_MESSAGES_H */
