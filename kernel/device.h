/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The pilot net device: "ip link add pilot0 type pilot".
 */
#ifndef _PILOT_DEVICE_H
#define _PILOT_DEVICE_H

#include <linux/netdevice.h>

/**
 * struct pilot_device - private area of a pilot net device
 * @dev: the net device this area belongs to
 */
struct pilot_device {
	struct net_device *dev;
};

int pilot_device_init(void);
void pilot_device_uninit(void);
bool pilot_dev_is_pilot(const struct net_device *dev);

#endif /* _PILOT_DEVICE_H */
