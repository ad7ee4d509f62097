/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The receive path: datagrams of a device's UDP sockets.
 */
#ifndef _PILOT_RECEIVE_H
#define _PILOT_RECEIVE_H

struct sk_buff;
struct sock;

struct pilot_device;

int pilot_udp_recv(struct sock *sk, struct sk_buff *skb);
void pilot_receive_deferred(struct pilot_device *pd, struct sk_buff *skb);

#endif /* _PILOT_RECEIVE_H */
