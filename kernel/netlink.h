/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The "pilot" generic netlink family.
 */
#ifndef _PILOT_NETLINK_H
#define _PILOT_NETLINK_H

int pilot_genl_init(void);
void pilot_genl_uninit(void);

#endif /* _PILOT_NETLINK_H */
