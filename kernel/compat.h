/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few kernel API differences between the oldest kernel pilot builds
 * against (Debian 12's 6.1) and the newest it is tested on (6.12), told
 * apart by what the headers define rather than by version numbers.
 */
#ifndef _PILOT_COMPAT_H
#define _PILOT_COMPAT_H

#include <linux/netdevice.h>

/* 6.12 moved the unaligned accessors to <linux/unaligned.h> (Kbuild looks). */
#ifdef PILOT_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.4 moved skb_gso_segment() to <net/gso.h> (Kbuild looks). */
#ifdef PILOT_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

/*
 * 6.3 gave crypto completions their data pointer instead of the request
 * (PILOT_HAVE_CRYPTO_DONE_DATA; Kbuild looks): session.c has one
 * callback for each.
 */

/* 6.12 turned the NETIF_F_LLTX feature bit into dev->lltx. */
static inline void pilot_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

#endif /* _PILOT_COMPAT_H */
