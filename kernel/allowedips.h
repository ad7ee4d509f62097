/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Allowed IPs: the prefixes routed to each peer and accepted from it
 * (WireGuard's cryptokey routing).
 */
#ifndef _PILOT_ALLOWEDIPS_H
#define _PILOT_ALLOWEDIPS_H

#include <linux/bitmap.h>
#include <linux/in6.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>

struct pilot_peer;

/**
 * struct pilot_aip_key - a prefix, its address masked to its length
 * @family: AF_INET or AF_INET6
 * @cidr: prefix length
 * @pad: zero
 * @addr4: an IPv4 address (the rest of @addr6 is zero)
 * @addr6: an IPv6 address
 */
struct pilot_aip_key {
	u8 family;
	u8 cidr;
	u16 pad;
	union {
		__be32 addr4;
		struct in6_addr addr6;
	};
};

/**
 * struct pilot_allowedip - one prefix of one peer
 * @key: the prefix
 * @node: entry in the table (RCU readers)
 * @peer_list: entry in the peer's list (under RTNL)
 * @peer: the peer it routes to (RCU; changes when another peer claims it)
 * @rcu: frees it after readers are done
 */
struct pilot_allowedip {
	struct pilot_aip_key key;
	struct rhash_head node;
	struct list_head peer_list;
	struct pilot_peer __rcu *peer;
	struct rcu_head rcu;
};

/**
 * struct pilot_allowedips - a device's allowed IPs
 * @table: every prefix, by &struct pilot_aip_key
 * @count4: IPv4 prefixes of each length (under RTNL)
 * @count6: IPv6 prefixes of each length (under RTNL)
 * @lens4: lengths that have an IPv4 prefix, for lookups (atomic bit ops)
 * @lens6: likewise for IPv6
 *
 * A lookup tries the lengths present from the longest down and takes the
 * first prefix that matches: longest-prefix match at a hash probe per
 * distinct length.
 */
struct pilot_allowedips {
	struct rhashtable table;
	u32 count4[33];
	u32 count6[129];
	DECLARE_BITMAP(lens4, 33);
	DECLARE_BITMAP(lens6, 129);
};

int pilot_allowedips_init(struct pilot_allowedips *aips);
void pilot_allowedips_destroy(struct pilot_allowedips *aips);
bool pilot_aip_key_make(struct pilot_aip_key *key, u16 family,
			const void *addr, u8 cidr);
int pilot_allowedips_insert(struct pilot_allowedips *aips,
			    struct pilot_peer *peer,
			    const struct pilot_aip_key *key);
void pilot_allowedips_remove(struct pilot_allowedips *aips,
			     struct pilot_peer *peer,
			     const struct pilot_aip_key *key);
void pilot_allowedips_remove_peer(struct pilot_allowedips *aips,
				  struct pilot_peer *peer);
struct pilot_peer *pilot_allowedips_lookup(struct pilot_allowedips *aips,
					   u16 family, const void *addr);
bool __init pilot_allowedips_selftest(void);

#endif /* _PILOT_ALLOWEDIPS_H */
