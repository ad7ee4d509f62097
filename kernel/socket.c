// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP sockets of a pilot device.
 *
 * A device that is up owns one IPv4 and one IPv6 socket (v6-only), bound
 * to the same port in the network namespace the device was created in,
 * as WireGuard does: the device can move to another namespace while its
 * traffic keeps using the first one. The sockets are published with RCU
 * for the datapath and replaced only under RTNL.
 *
 * Each peer keeps its route to its endpoint (peer->route, a dst_cache with
 * a copy per CPU), as WireGuard does: a frame costs a route lookup only
 * after the endpoint, the fwmark or the routes changed.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/inet_sock.h>
#include <net/ip6_route.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "device.h"
#include "peer.h"
#include "receive.h"
#include "socket.h"

static int create_sock(struct pilot_device *pd, struct net *net, int family,
		       u16 port, struct socket **sockp)
{
	struct udp_tunnel_sock_cfg tunnel = {
		.sk_user_data = pd,
		.encap_type = 1,
		.encap_rcv = pilot_udp_recv,
	};
	struct udp_port_cfg cfg = {
		.family = family,
		.local_udp_port = htons(port),
	};
	int err;

	if (family == AF_INET6) {
		cfg.local_ip6 = in6addr_any;
		cfg.ipv6_v6only = 1;
		cfg.use_udp6_tx_checksums = 1;
		cfg.use_udp6_rx_checksums = 1;
	} else {
		cfg.local_ip.s_addr = htonl(INADDR_ANY);
	}
	err = udp_sock_create(net, &cfg, sockp);
	if (err)
		return err;
	(*sockp)->sk->sk_mark = READ_ONCE(pd->fwmark);
	setup_udp_tunnel_sock(net, *sockp, &tunnel);
	return 0;
}

static void release_sock_pair(struct socket *s4, struct socket *s6)
{
	if (s4)
		udp_tunnel_sock_release(s4);
	if (s6)
		udp_tunnel_sock_release(s6);
}

/* Swap in a new pair (NULLs to close); frees the old pair once no reader
 * can hold it.
 */
static void swap_socks(struct pilot_device *pd, struct socket *s4,
		       struct socket *s6, u16 port)
{
	struct socket *old4 = rtnl_dereference(pd->sock4);
	struct socket *old6 = rtnl_dereference(pd->sock6);

	rcu_assign_pointer(pd->sock4, s4);
	rcu_assign_pointer(pd->sock6, s6);
	WRITE_ONCE(pd->bound_port, port);
	if (old4 || old6) {
		synchronize_net();
		release_sock_pair(old4, old6);
	}
}

/**
 * pilot_socket_open - bind the device's sockets to a port
 * @pd: the device
 * @port: the UDP port, or 0 to pick a free one (the same for both
 *	address families)
 *
 * Replaces the sockets the device had only once the new ones are bound,
 * so a failure leaves everything as it was. Must hold RTNL.
 *
 * Return: 0, -ENONET when the device's first namespace is gone, or the
 * error of socket creation (-EADDRINUSE when the port is taken).
 */
int pilot_socket_open(struct pilot_device *pd, u16 port)
{
	struct socket *s4 = NULL, *s6 = NULL;
	unsigned int tries = 0;
	u16 bound;
	int err;

	ASSERT_RTNL();
	if (!pd->creating_net)
		return -ENONET;
retry:
	err = create_sock(pd, pd->creating_net, AF_INET, port, &s4);
	if (err)
		return err;
	bound = ntohs(inet_sk(s4->sk)->inet_sport);

	err = create_sock(pd, pd->creating_net, AF_INET6, bound, &s6);
	if (err == -EADDRINUSE && !port && ++tries < 100) {
		/* the port picked for IPv4 is taken for IPv6: pick again */
		release_sock_pair(s4, NULL);
		goto retry;
	}
	if (err == -EAFNOSUPPORT) {
		/* IPv6 is disabled in this kernel or namespace */
		s6 = NULL;
		err = 0;
	}
	if (err) {
		release_sock_pair(s4, NULL);
		return err;
	}
	swap_socks(pd, s4, s6, bound);
	return 0;
}

/**
 * pilot_socket_close - close the device's sockets, if open
 * @pd: the device
 *
 * Must hold RTNL.
 */
void pilot_socket_close(struct pilot_device *pd)
{
	ASSERT_RTNL();
	swap_socks(pd, NULL, NULL, 0);
}

/**
 * pilot_socket_set_mark - mark the packets the device's sockets send
 * @pd: the device
 * @mark: the fwmark; 0 for none
 *
 * Must hold RTNL.
 */
void pilot_socket_set_mark(struct pilot_device *pd, u32 mark)
{
	struct pilot_peer *peer;
	struct socket *s;

	ASSERT_RTNL();
	list_for_each_entry(peer, &pd->peer_list, list)
		pilot_peer_route_reset(peer);
	s = rtnl_dereference(pd->sock4);
	if (s)
		WRITE_ONCE(s->sk->sk_mark, mark);
	s = rtnl_dereference(pd->sock6);
	if (s)
		WRITE_ONCE(s->sk->sk_mark, mark);
}

/*
 * Keep @dst, looked up for @ep and @mark, as @peer's route on this CPU,
 * unless either changed meanwhile: each change resets the cache under
 * endpoint_lock, so what is kept under it belongs to the current ones.
 */
static void route_keep(struct pilot_peer *peer, const struct pilot_endpoint *ep,
		       u32 mark, struct dst_entry *dst, const void *saddr)
{
	read_seqlock_excl(&peer->endpoint_lock);
	if (pilot_peer_endpoint_is(peer, ep) && mark == READ_ONCE(peer->pd->fwmark)) {
#if IS_ENABLED(CONFIG_IPV6)
		if (ep->family == AF_INET6)
			dst_cache_set_ip6(&peer->route, dst, saddr);
		else
#endif
			dst_cache_set_ip4(&peer->route, dst, *(const __be32 *)saddr);
	}
	read_sequnlock_excl(&peer->endpoint_lock);
}

static int send4(struct pilot_peer *peer, struct sock *sk, struct sk_buff *skb,
		 const struct pilot_endpoint *ep, u32 mark, bool xnet)
{
	struct flowi4 fl4 = {
		.daddr = ep->addr4,
		.flowi4_proto = IPPROTO_UDP,
		.flowi4_mark = mark,
		.fl4_sport = inet_sk(sk)->inet_sport,
		.fl4_dport = htons(ep->port),
	};
	struct rtable *rt;

	rt = dst_cache_get_ip4(&peer->route, &fl4.saddr);
	if (!rt) {
		rt = ip_route_output_flow(sock_net(sk), &fl4, sk);
		if (IS_ERR(rt))
			return PTR_ERR(rt);
		route_keep(peer, ep, mark, &rt->dst, &fl4.saddr);
	}
	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0, fl4.fl4_sport,
			    fl4.fl4_dport, xnet, false);
	return 0;
}

static int send6(struct pilot_peer *peer, struct sock *sk, struct sk_buff *skb,
		 const struct pilot_endpoint *ep, u32 mark, bool xnet)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct flowi6 fl6 = {
		.daddr = ep->addr6,
		.flowi6_proto = IPPROTO_UDP,
		.flowi6_mark = mark,
		.fl6_sport = inet_sk(sk)->inet_sport,
		.fl6_dport = htons(ep->port),
	};
	struct dst_entry *dst;

	dst = dst_cache_get_ip6(&peer->route, &fl6.saddr);
	if (!dst) {
		dst = ipv6_stub->ipv6_dst_lookup_flow(sock_net(sk), sk, &fl6, NULL);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
		route_keep(peer, ep, mark, dst, &fl6.saddr);
	}
	skb_scrub_packet(skb, xnet);
	udp_tunnel6_xmit_skb(dst, sk, skb, NULL, &fl6.saddr, &fl6.daddr, 0,
			     ip6_dst_hoplimit(dst), 0, fl6.fl6_sport,
			     fl6.fl6_dport, false);
	return 0;
#else
	return -EAFNOSUPPORT;
#endif
}

/**
 * pilot_socket_send - send one frame to a peer's endpoint
 * @peer: the peer, whose route is used and kept
 * @skb: the frame, with room in front for the outer headers; consumed
 * @ep: where to: the peer's endpoint, as read a moment ago
 *
 * Must be called with BH disabled (the route cache is per CPU), inside an
 * RCU read-side section.
 *
 * Return: 0 once the frame went down the stack, else a negative errno
 * (-ENOTCONN when the device is down, -EHOSTUNREACH without a route).
 */
int pilot_socket_send(struct pilot_peer *peer, struct sk_buff *skb,
		      const struct pilot_endpoint *ep)
{
	struct pilot_device *pd = peer->pd;
	struct socket *sock;
	u32 mark;
	bool xnet;
	int err;

	if (ep->family == AF_INET6)
		sock = rcu_dereference_bh(pd->sock6);
	else
		sock = rcu_dereference_bh(pd->sock4);
	if (unlikely(!sock)) {
		err = -ENOTCONN;
		goto drop;
	}
	mark = READ_ONCE(pd->fwmark);
	xnet = !net_eq(sock_net(sock->sk), dev_net(pd->dev));
	/* the stack must not count the frame against pilot0 again */
	skb->dev = NULL;
	skb->mark = mark;
	skb->ip_summed = CHECKSUM_NONE;
	err = ep->family == AF_INET6 ? send6(peer, sock->sk, skb, ep, mark, xnet) :
				       send4(peer, sock->sk, skb, ep, mark, xnet);
	if (!err)
		return 0;
drop:
	kfree_skb(skb);
	return err;
}
