// SPDX-License-Identifier: GPL-2.0
/*
 * "pilot monitor": print the kernel's notifications as they come, one line
 * (or one JSON object) each, until interrupted.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netlink/genl/ctrl.h>

#include "pilot.h"

static const char *const del_reasons[] = {
	[PILOT_DEL_REASON_USERSPACE] = "userspace",
	[PILOT_DEL_REASON_TEARDOWN] = "teardown",
};

static int on_notification(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_DEVICE_MAX + 1];
	struct pilot_peer_info p = { 0 };
	char ifname[IF_NAMESIZE] = "?";
	const char *event, *reason = "";
	uint8_t cmd = genlmsg_hdr(nlmsg_hdr(msg))->cmd;

	(void)arg;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_DEVICE_MAX, NULL) ||
	    !tb[PILOT_A_DEVICE_PEER] || pilot_nl_peer_parse(tb[PILOT_A_DEVICE_PEER], &p))
		return NL_SKIP;
	if (tb[PILOT_A_DEVICE_IFNAME])
		nla_strlcpy(ifname, tb[PILOT_A_DEVICE_IFNAME], sizeof(ifname));
	if (cmd == PILOT_CMD_PEER_ADD_NTF) {
		event = "peer-add";
	} else if (cmd == PILOT_CMD_PEER_DEL_NTF) {
		event = "peer-del";
		reason = p.del_reason < sizeof(del_reasons) / sizeof(del_reasons[0]) ?
			 del_reasons[p.del_reason] : "unknown";
	} else {
		event = "unknown";
	}
	if (json)
		printf("{\"event\":\"%s\",\"interface\":\"%s\",\"node_id\":%u%s%s%s}\n",
		       event, ifname, p.node_id, *reason ? ",\"reason\":\"" : "",
		       reason, *reason ? "\"" : "");
	else
		printf("%s %s %u%s%s\n", event, ifname, p.node_id, *reason ? " " : "",
		       reason);
	fflush(stdout);
	free(p.aips);
	return NL_OK;
}

/**
 * cmd_monitor() - "pilot monitor": print notifications until interrupted
 * @argc: argument count
 * @argv: arguments
 *
 * Return: exit status.
 */
int cmd_monitor(int argc, char **argv)
{
	struct nl_sock *sk;
	int grp, err;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "Usage: %s [-j] monitor\n", prog);
		return EINVAL;
	}
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "%s: cannot reach the kernel\n", prog);
		return ECONNREFUSED;
	}
	grp = genl_ctrl_resolve_grp(sk, PILOT_FAMILY_NAME, PILOT_MCGRP_PEERS);
	if (grp < 0) {
		fprintf(stderr, "%s: the pilot kernel module is not loaded (modprobe pilot)\n",
			prog);
		nl_socket_free(sk);
		return ENOENT;
	}
	if (nl_socket_add_membership(sk, grp)) {
		nl_socket_free(sk);
		return EPERM;
	}
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_notification, NULL);
	do
		err = nl_recvmsgs_default(sk);
	while (err >= 0 || err == -NLE_INTR);
	fprintf(stderr, "%s: monitor: %s\n", prog, nl_geterror(err));
	nl_socket_free(sk);
	return EIO;
}
