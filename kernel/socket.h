/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The UDP sockets a pilot device sends and receives its frames on.
 */
#ifndef _PILOT_SOCKET_H
#define _PILOT_SOCKET_H

#include <linux/types.h>

struct pilot_device;
struct pilot_endpoint;
struct pilot_peer;
struct sk_buff;

int pilot_socket_open(struct pilot_device *pd, u16 port);
void pilot_socket_close(struct pilot_device *pd);
void pilot_socket_set_mark(struct pilot_device *pd, u32 mark);
int pilot_socket_send(struct pilot_peer *peer, struct sk_buff *skb,
		      const struct pilot_endpoint *ep);

#endif /* _PILOT_SOCKET_H */
