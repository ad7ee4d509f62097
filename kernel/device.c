// SPDX-License-Identifier: GPL-2.0
/*
 * The pilot net device.
 *
 * A pilot device is a layer-3 point-to-point tunnel interface with no link
 * layer header, configured like a WireGuard interface: "ip link add pilot0
 * type pilot" makes it, and everything Pilot-specific goes through the
 * "pilot" generic netlink family.
 */

#include <crypto/algapi.h>
#include <linux/ethtool.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/icmp.h>
#include <net/ip_tunnels.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "device.h"
#include "kx.h"
#include "messages.h"
#include "peer.h"
#include "send.h"
#include "session.h"
#include "socket.h"
#include "version.h"

/* Every pilot device of every namespace, under RTNL. */
static LIST_HEAD(pilot_device_list);

/*
 * What the stack may hand pilot0: GSO packets and packets whose checksum
 * is left to do (software segmentation and checksums in pilot_xmit()),
 * in page fragments. Received packets need no checksum check, as the
 * AEAD vouched for them.
 */
#define PILOT_NETDEV_FEATURES (NETIF_F_HW_CSUM | NETIF_F_RXCSUM | NETIF_F_SG | \
			       NETIF_F_GSO_SOFTWARE | NETIF_F_HIGHDMA)

static const struct device_type pilot_device_type = {
	.name = KBUILD_MODNAME,
};

static int pilot_dev_init(struct net_device *dev)
{
	struct pilot_device *pd = netdev_priv(dev);
	int err;

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	err = gro_cells_init(&pd->gro_cells, dev);
	if (err)
		goto err_stats;
	err = pilot_kx_init(pd);
	if (err)
		goto err_gro;
	err = pilot_peers_init(pd);
	if (err)
		goto err_kx;
	list_add(&pd->list, &pilot_device_list);
	return 0;

err_kx:
	pilot_kx_uninit(pd);
err_gro:
	gro_cells_destroy(&pd->gro_cells);
err_stats:
	free_percpu(dev->tstats);
	return err;
}

static void pilot_dev_uninit(struct net_device *dev)
{
	struct pilot_device *pd = netdev_priv(dev);

	list_del(&pd->list);
	pilot_kx_uninit(pd);
	/* down, workers stopped: what is in flight finishes, nothing starts */
	pilot_crypt_wait(pd);
	pilot_peers_destroy(pd);
	gro_cells_destroy(&pd->gro_cells);
	free_percpu(dev->tstats);
}

static int pilot_open(struct net_device *dev)
{
	struct pilot_device *pd = netdev_priv(dev);
	int err;

	err = pilot_socket_open(pd, pd->listen_port);
	if (!err)
		pilot_kx_start(pd);
	return err;
}

static int pilot_stop(struct net_device *dev)
{
	struct pilot_device *pd = netdev_priv(dev);

	pilot_socket_close(pd);
	pilot_kx_stop(pd);
	return 0;
}

static const struct net_device_ops pilot_netdev_ops = {
	.ndo_init		= pilot_dev_init,
	.ndo_uninit		= pilot_dev_uninit,
	.ndo_open		= pilot_open,
	.ndo_stop		= pilot_stop,
	.ndo_start_xmit		= pilot_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

static void pilot_get_drvinfo(struct net_device *dev,
			      struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, PILOT_VERSION, sizeof(info->version));
}

static const struct ethtool_ops pilot_ethtool_ops = {
	.get_drvinfo		= pilot_get_drvinfo,
	.get_link		= ethtool_op_get_link,
};

/**
 * pilot_dev_is_pilot - tell whether a net device is a pilot device
 * @dev: any net device
 *
 * Return: true when @dev was made by this module, so its private area is a
 * &struct pilot_device.
 */
bool pilot_dev_is_pilot(const struct net_device *dev)
{
	return dev->netdev_ops == &pilot_netdev_ops;
}

/* The last word on a device's memory: no key outlives it. */
static void pilot_destruct(struct net_device *dev)
{
	struct pilot_device *pd = netdev_priv(dev);

	memzero_explicit(pd->private_key, sizeof(pd->private_key));
}

/**
 * pilot_device_private_key - copy the device's X25519 private key
 * @pd: the device
 * @key: receives the key; the caller wipes it after use
 */
void pilot_device_private_key(struct pilot_device *pd, u8 key[CURVE25519_KEY_SIZE])
{
	spin_lock_bh(&pd->key_lock);
	memcpy(key, pd->private_key, CURVE25519_KEY_SIZE);
	spin_unlock_bh(&pd->key_lock);
}

/**
 * pilot_device_public_key - copy the device's X25519 public key
 * @pd: the device
 * @key: receives the key
 */
void pilot_device_public_key(struct pilot_device *pd, u8 key[CURVE25519_KEY_SIZE])
{
	spin_lock_bh(&pd->key_lock);
	memcpy(key, pd->public_key, CURVE25519_KEY_SIZE);
	spin_unlock_bh(&pd->key_lock);
}

/**
 * pilot_device_set_key - give the device a new X25519 key pair
 * @pd: the device; must hold RTNL
 * @priv: the clamped private key
 * @pub: its public key
 *
 * A key that really changes drops every session derived from the old one,
 * and the identity's signature of the old one: the device sends PILK
 * until pilot-keyd signs the new key.
 */
void pilot_device_set_key(struct pilot_device *pd, const u8 priv[CURVE25519_KEY_SIZE],
			  const u8 pub[CURVE25519_KEY_SIZE])
{
	bool changed;

	ASSERT_RTNL();
	spin_lock_bh(&pd->key_lock);
	changed = crypto_memneq(pd->private_key, priv, CURVE25519_KEY_SIZE);
	memcpy(pd->private_key, priv, CURVE25519_KEY_SIZE);
	memcpy(pd->public_key, pub, CURVE25519_KEY_SIZE);
	if (changed)
		WRITE_ONCE(pd->identity_signed, false);
	spin_unlock_bh(&pd->key_lock);
	if (changed) {
		pilot_kx_reset(pd);
		pilot_auth_key_changed(pd);
	}
}

/**
 * pilot_device_set_node_id - give the device a new node ID
 * @pd: the device; must hold RTNL
 * @node_id: the node ID
 *
 * A new node ID needs a new signature of the key-exchange challenge.
 */
void pilot_device_set_node_id(struct pilot_device *pd, u32 node_id)
{
	bool changed;

	ASSERT_RTNL();
	spin_lock_bh(&pd->key_lock);
	changed = pd->node_id != node_id;
	WRITE_ONCE(pd->node_id, node_id);
	if (changed)
		WRITE_ONCE(pd->identity_signed, false);
	spin_unlock_bh(&pd->key_lock);
	if (changed)
		pilot_auth_key_changed(pd);
}

/**
 * pilot_keypair_from_private - clamp an X25519 private key, derive its public
 * @priv: receives the clamped private key
 * @pub: receives the public key
 * @key: the private key as given
 *
 * Return: false when no public key derives from @key; the caller wipes
 * @priv either way.
 */
bool pilot_keypair_from_private(u8 priv[CURVE25519_KEY_SIZE],
				u8 pub[CURVE25519_KEY_SIZE],
				const u8 key[CURVE25519_KEY_SIZE])
{
	memcpy(priv, key, CURVE25519_KEY_SIZE);
	curve25519_clamp_secret(priv);
	return curve25519_generate_public(pub, priv);
}

static void pilot_setup(struct net_device *dev)
{
	struct pilot_device *pd = netdev_priv(dev);

	dev->netdev_ops = &pilot_netdev_ops;
	dev->ethtool_ops = &pilot_ethtool_ops;
	dev->header_ops = &ip_tunnel_header_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = ALIGN(PILOT_TUNNEL_OVERHEAD, 4);
	dev->mtu = ETH_DATA_LEN - PILOT_TUNNEL_OVERHEAD;
	dev->min_mtu = IPV4_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - PILOT_TUNNEL_OVERHEAD;
	dev->needs_free_netdev = true;
	dev->priv_destructor = pilot_destruct;
	pilot_set_lltx(dev);
	/* GSO packets are cut up in pilot_xmit(); checksums are done there */
	dev->features |= PILOT_NETDEV_FEATURES;
	dev->hw_features |= PILOT_NETDEV_FEATURES;
	dev->hw_enc_features |= PILOT_NETDEV_FEATURES;
	netif_keep_dst(dev);
	SET_NETDEV_DEVTYPE(dev, &pilot_device_type);

	memset(pd, 0, sizeof(*pd));
	pd->dev = dev;
	pd->encryption = true;
	spin_lock_init(&pd->key_lock);
	pd->learn_peers = true;
}

static int pilot_newlink(struct net *src_net, struct net_device *dev,
			 struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct pilot_device *pd = netdev_priv(dev);
	u8 key[CURVE25519_KEY_SIZE];
	bool ok;

	curve25519_generate_secret(key);
	ok = pilot_keypair_from_private(pd->private_key, pd->public_key, key);
	memzero_explicit(key, sizeof(key));
	if (!ok)
		return -EINVAL;
	pd->creating_net = src_net;
	return register_netdevice(dev);
}

static struct rtnl_link_ops pilot_link_ops __read_mostly = {
	.kind		= KBUILD_MODNAME,
	.priv_size	= sizeof(struct pilot_device),
	.setup		= pilot_setup,
	.newlink	= pilot_newlink,
};

/*
 * A namespace is going away: devices created in it lose their sockets now,
 * even those living elsewhere, which stay but cannot come up again.
 */
static void __net_exit pilot_netns_pre_exit(struct net *net)
{
	struct pilot_device *pd;

	rtnl_lock();
	list_for_each_entry(pd, &pilot_device_list, list) {
		if (pd->creating_net != net)
			continue;
		pilot_socket_close(pd);
		pd->creating_net = NULL;
		netif_carrier_off(pd->dev);
	}
	rtnl_unlock();
}

static struct pernet_operations pilot_net_ops = {
	.pre_exit = pilot_netns_pre_exit,
};

/**
 * pilot_device_init - register the "pilot" link kind
 *
 * Return: 0 or a negative errno.
 */
int pilot_device_init(void)
{
	int err;

	err = register_pernet_device(&pilot_net_ops);
	if (err)
		return err;
	err = rtnl_link_register(&pilot_link_ops);
	if (err)
		unregister_pernet_device(&pilot_net_ops);
	return err;
}

/**
 * pilot_device_uninit - unregister the link kind, deleting every pilot device
 */
void pilot_device_uninit(void)
{
	rtnl_link_unregister(&pilot_link_ops);
	unregister_pernet_device(&pilot_net_ops);
}
