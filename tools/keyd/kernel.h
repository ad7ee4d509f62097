/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pilot-keyd's generic netlink glue: the "keyd" multicast group's
 * requests in, identity-set, verify-reply and peer-new out.
 */
#ifndef KEYD_KERNEL_H
#define KEYD_KERNEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <net/if.h>

#include "pilot_nl.h"
#include "identity.h"
#include "messages.h"
#include "request.h"

/**
 * struct keyd_kernel - the two netlink sockets
 * @req: requests and their ACKs (blocking)
 * @mc: the keyd multicast group (non-blocking, polled)
 * @cb: @mc's callbacks
 * @overrun: the kernel dropped notifications for want of buffer space
 */
struct keyd_kernel {
	struct pilot_nl req;
	struct nl_sock *mc;
	struct nl_cb *cb;
	bool overrun;
};

typedef void (*keyd_event_fn)(const struct keyd_event *ev, void *arg);

int kernel_open(struct keyd_kernel *k, char *err, size_t errlen);
void kernel_close(struct keyd_kernel *k);
int kernel_fd(const struct keyd_kernel *k);
int kernel_receive(struct keyd_kernel *k, keyd_event_fn fn, void *arg);
int kernel_identity_set(struct keyd_kernel *k, uint32_t ifindex,
			uint32_t node_id, const uint8_t public_key[32],
			const struct identity *id);
int kernel_verify_reply(struct keyd_kernel *k, const struct verify_reply *rp);
int kernel_peer_new(struct keyd_kernel *k, uint32_t ifindex, uint32_t node_id,
		    const struct sockaddr_storage *ep);
const char *kernel_strerror(const struct keyd_kernel *k, int err);
int kernel_dev_list(struct keyd_kernel *k, struct pilot_device_info **list,
		    size_t *count);
const char *kernel_ifname(struct keyd_kernel *k, uint32_t ifindex,
			  char buf[IF_NAMESIZE]);

#endif /* KEYD_KERNEL_H */
