/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small client of the "pilot" generic netlink family, shared by the
 * pilot CLI, the pilot-keyd helper and the tests.
 */
#ifndef PILOT_NL_H
#define PILOT_NL_H

#include <stdint.h>
#include <netlink/genl/genl.h>
#include <linux/pilot.h>

/**
 * struct pilot_nl - a netlink socket bound to the pilot family
 * @sk: the libnl socket
 * @family: the family's numeric id
 * @errmsg: the kernel's extended-ACK message for the last failed request,
 *          empty when it gave none
 */
struct pilot_nl {
	struct nl_sock *sk;
	int family;
	char errmsg[256];
};

/* Reply handler: return NL_OK to go on, NL_STOP to stop. */
typedef int (*pilot_nl_reply_fn)(struct nl_msg *msg, void *arg);

int pilot_nl_open(struct pilot_nl *nl);
void pilot_nl_close(struct pilot_nl *nl);
struct nl_msg *pilot_nl_request(struct pilot_nl *nl, uint8_t cmd, int flags);
int pilot_nl_transact(struct pilot_nl *nl, struct nl_msg *msg,
		      pilot_nl_reply_fn reply, void *arg);
const char *pilot_nl_strerror(const struct pilot_nl *nl, int err);

#endif /* PILOT_NL_H */
