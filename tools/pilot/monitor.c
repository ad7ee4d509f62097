// SPDX-License-Identifier: GPL-2.0
/*
 * "pilot monitor": print the kernel's notifications as they come, one line
 * (or one JSON object) each, until interrupted.
 *
 * Peers coming and going print as "peer-add pilot0 7" and "peer-del
 * pilot0 7 userspace"; what the datapath reports as "pilot0: peer 7 key
 * installed (unauthenticated, rekey)", "pilot0: peer 7 rekey gave up",
 * "pilot0: peer 7 endpoint 10.0.0.2:9000 (learned)" and "pilot0: peer 7
 * crypto dropped (aead)"; a refused PILA frame as "pilot0: node 7 PILA
 * refused (bad-signature) from 10.0.0.2:9000".
 *
 * Under a flood of refused frames the kernel may send faster than we print:
 * when the socket overruns, the kernel drops what does not fit, we say so
 * on stderr and go on, as "ip monitor" does.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/ctrl.h>

#include "pilot.h"

/* Room for a burst of notifications while stdout is slow. */
#define MONITOR_RCVBUF (1 << 20)

static const char *const del_reasons[] = {
	[PILOT_DEL_REASON_USERSPACE] = "userspace",
	[PILOT_DEL_REASON_TEARDOWN] = "teardown",
};

static const char *const events[] = {
	[PILOT_CMD_PEER_ADD_NTF] = "peer-add",
	[PILOT_CMD_PEER_DEL_NTF] = "peer-del",
	[PILOT_CMD_KEY_INSTALLED_NTF] = "key-installed",
	[PILOT_CMD_REKEY_GAVE_UP_NTF] = "rekey-gave-up",
	[PILOT_CMD_ENDPOINT_CHANGED_NTF] = "endpoint-changed",
	[PILOT_CMD_CRYPTO_DROPPED_NTF] = "crypto-dropped",
};

static const char *del_reason(uint32_t reason)
{
	return reason < sizeof(del_reasons) / sizeof(del_reasons[0]) ?
	       del_reasons[reason] : "unknown";
}

static const char *drop_reason(uint32_t reason)
{
	return pilot_drop_reason_name(reason) ?: "unknown";
}

/* What an event carries besides the device and the node: JSON members. */
static void print_json_details(uint8_t cmd, const struct pilot_peer_info *p,
			       const char *ep)
{
	switch (cmd) {
	case PILOT_CMD_PEER_DEL_NTF:
		printf(",\"reason\":\"%s\"", del_reason(p->del_reason));
		break;
	case PILOT_CMD_KEY_INSTALLED_NTF:
		printf(",\"authenticated\":%s,\"key_changed\":%s",
		       p->authenticated ? "true" : "false",
		       p->key_changed ? "true" : "false");
		break;
	case PILOT_CMD_ENDPOINT_CHANGED_NTF:
		printf(",\"endpoint\":%s%s%s,\"endpoint_learned\":%s",
		       p->endpoint_family ? "\"" : "", p->endpoint_family ? ep : "null",
		       p->endpoint_family ? "\"" : "",
		       p->endpoint_learned ? "true" : "false");
		break;
	case PILOT_CMD_CRYPTO_DROPPED_NTF:
		printf(",\"reason\":\"%s\"", drop_reason(p->drop_reason));
		break;
	}
}

/* The text line of an event. */
static void print_text(uint8_t cmd, const char *event, const char *ifname,
		       const struct pilot_peer_info *p, const char *ep)
{
	switch (cmd) {
	case PILOT_CMD_PEER_DEL_NTF:
		printf("%s %s %u %s\n", event, ifname, p->node_id,
		       del_reason(p->del_reason));
		break;
	case PILOT_CMD_KEY_INSTALLED_NTF:
		printf("%s: peer %u key installed (%s%s)\n", ifname, p->node_id,
		       p->authenticated ? "authenticated" : "unauthenticated",
		       p->key_changed ? ", rekey" : "");
		break;
	case PILOT_CMD_REKEY_GAVE_UP_NTF:
		printf("%s: peer %u rekey gave up\n", ifname, p->node_id);
		break;
	case PILOT_CMD_ENDPOINT_CHANGED_NTF:
		printf("%s: peer %u endpoint %s%s\n", ifname, p->node_id, ep,
		       p->endpoint_learned ? " (learned)" : "");
		break;
	case PILOT_CMD_CRYPTO_DROPPED_NTF:
		printf("%s: peer %u crypto dropped (%s)\n", ifname, p->node_id,
		       drop_reason(p->drop_reason));
		break;
	default:	/* peer-add, and what this tool does not know */
		printf("%s %s %u\n", event, ifname, p->node_id);
	}
}

/* auth-failed-ntf, in the keyd attribute set. */
static int on_auth_failed(struct nl_msg *msg)
{
	struct nlattr *tb[PILOT_A_KEYD_MAX + 1];
	char ifname[IF_NAMESIZE] = "?", addr[INET6_ADDRSTRLEN] = "", ep[64] = "";
	const char *result;
	uint32_t node;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_KEYD_MAX, NULL) ||
	    !tb[PILOT_A_KEYD_IFINDEX] || !tb[PILOT_A_KEYD_NODE_ID] || !tb[PILOT_A_KEYD_RESULT])
		return NL_SKIP;
	if_indextoname(nla_get_u32(tb[PILOT_A_KEYD_IFINDEX]), ifname);
	node = nla_get_u32(tb[PILOT_A_KEYD_NODE_ID]);
	result = pilot_auth_result_name(nla_get_u32(tb[PILOT_A_KEYD_RESULT])) ?: "unknown";
	if (tb[PILOT_A_KEYD_ENDPOINT_IPV4] && tb[PILOT_A_KEYD_ENDPOINT_PORT]) {
		inet_ntop(AF_INET, nla_data(tb[PILOT_A_KEYD_ENDPOINT_IPV4]), addr, sizeof(addr));
		snprintf(ep, sizeof(ep), "%s:%u", addr,
			 nla_get_u16(tb[PILOT_A_KEYD_ENDPOINT_PORT]));
	} else if (tb[PILOT_A_KEYD_ENDPOINT_IPV6] && tb[PILOT_A_KEYD_ENDPOINT_PORT]) {
		inet_ntop(AF_INET6, nla_data(tb[PILOT_A_KEYD_ENDPOINT_IPV6]), addr, sizeof(addr));
		snprintf(ep, sizeof(ep), "[%s]:%u", addr,
			 nla_get_u16(tb[PILOT_A_KEYD_ENDPOINT_PORT]));
	}
	if (json)
		printf("{\"event\":\"auth-failed\",\"interface\":\"%s\",\"node_id\":%u,"
		       "\"result\":\"%s\",\"endpoint\":%s%s%s}\n", ifname, node, result,
		       *ep ? "\"" : "", *ep ? ep : "null", *ep ? "\"" : "");
	else
		printf("%s: node %u PILA refused (%s)%s%s\n", ifname, node, result,
		       *ep ? " from " : "", ep);
	fflush(stdout);
	return NL_OK;
}

static int on_notification(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_DEVICE_MAX + 1];
	struct pilot_peer_info p = { 0 };
	char ifname[IF_NAMESIZE] = "?", ep[64];
	uint8_t cmd = genlmsg_hdr(nlmsg_hdr(msg))->cmd;
	const char *event = "unknown";

	(void)arg;
	if (cmd == PILOT_CMD_AUTH_FAILED_NTF)
		return on_auth_failed(msg);
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_DEVICE_MAX, NULL) ||
	    !tb[PILOT_A_DEVICE_PEER] || pilot_nl_peer_parse(tb[PILOT_A_DEVICE_PEER], &p))
		return NL_SKIP;
	if (tb[PILOT_A_DEVICE_IFNAME])
		nla_strlcpy(ifname, tb[PILOT_A_DEVICE_IFNAME], sizeof(ifname));
	if (cmd < sizeof(events) / sizeof(events[0]) && events[cmd])
		event = events[cmd];
	format_endpoint(ep, sizeof(ep), &p);
	if (json) {
		/* interface names hold no quote, backslash or control character */
		printf("{\"event\":\"%s\",\"interface\":\"%s\",\"node_id\":%u",
		       event, ifname, p.node_id);
		print_json_details(cmd, &p, ep);
		puts("}");
	} else {
		print_text(cmd, event, ifname, &p, ep);
	}
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
	nl_socket_set_buffer_size(sk, MONITOR_RCVBUF, 0);
	for (;;) {
		err = nl_recvmsgs_default(sk);
		if (err == -NLE_NOMEM) {	/* ENOBUFS: the socket overran */
			fprintf(stderr, "%s: monitor: events lost (receive buffer full)\n",
				prog);
			continue;
		}
		if (err < 0 && err != -NLE_INTR)
			break;
	}
	fprintf(stderr, "%s: monitor: %s\n", prog, nl_geterror(err));
	nl_socket_free(sk);
	return EIO;
}
