/* SPDX-License-Identifier: GPL-2.0 */
/* pilot-keyd's handling of the kernel's requests (daemon.c). */
#ifndef KEYD_DAEMON_H
#define KEYD_DAEMON_H

#include <stdbool.h>

#include "config.h"
#include "identity.h"
#include "kernel.h"
#include "queue.h"
#include "request.h"

/**
 * struct daemon - pilot-keyd's state
 * @cfg: the settings
 * @st: the decisions' state (caches, peers file, registry)
 * @k: the netlink sockets
 * @id: our identity
 * @queue: requests waiting
 * @resync: sign every device once the queue drains
 */
struct daemon {
	struct keyd_config *cfg;
	struct keyd st;
	struct keyd_kernel k;
	struct identity id;
	struct keyd_queue queue;
	bool resync;
};

void daemon_resync(struct daemon *d);
void daemon_handle(struct daemon *d, const struct keyd_event *ev);
void daemon_enqueue(const struct keyd_event *ev, void *arg);
void daemon_reload_peers(struct daemon *d);

#endif /* KEYD_DAEMON_H */
