// SPDX-License-Identifier: GPL-2.0
/*
 * nl_dump IFNAME: every byte the "pilot" family answers about a device,
 * its device get (one device, then the dump of all) and its peer dump,
 * each reply message as one line of hex, for secrets.sh to search for key
 * material no attribute should carry. No parsing: a key in an attribute
 * the tools do not know would show as well.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pilot_nl.h"

static int print_hex(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	const unsigned char *p = (const unsigned char *)nlh;
	unsigned int *count = arg;
	__u32 i;

	for (i = 0; i < nlh->nlmsg_len; i++)
		printf("%02x", p[i]);
	putchar('\n');
	++*count;
	return NL_OK;
}

static int ask(struct pilot_nl *nl, uint8_t cmd, int flags, const char *ifname,
	       unsigned int *count)
{
	struct nl_msg *msg = pilot_nl_request(nl, cmd, flags);
	int err;

	if (!msg || nla_put_string(msg, PILOT_A_DEVICE_IFNAME, ifname) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	err = pilot_nl_transact(nl, msg, print_hex, count);
	if (err)
		fprintf(stderr, "nl_dump: command %u: %s\n", cmd, pilot_nl_strerror(nl, err));
	return err;
}

int main(int argc, char **argv)
{
	unsigned int devs = 0, all = 0, peers = 0;
	struct pilot_nl nl;
	int err;

	if (argc != 2) {
		fprintf(stderr, "Usage: nl_dump IFNAME\n");
		return 2;
	}
	err = pilot_nl_open(&nl);
	if (err) {
		fprintf(stderr, "nl_dump: %s\n", strerror(-err));
		return 1;
	}
	err = ask(&nl, PILOT_CMD_DEV_GET, 0, argv[1], &devs) ?:
	      ask(&nl, PILOT_CMD_DEV_GET, NLM_F_DUMP, argv[1], &all) ?:
	      ask(&nl, PILOT_CMD_PEER_GET, NLM_F_DUMP, argv[1], &peers);
	pilot_nl_close(&nl);
	fprintf(stderr, "nl_dump: %u device, %u dumped, %u peer messages\n", devs, all, peers);
	/* each answer must have said something, or the search proves nothing */
	return err || !devs || !all || !peers;
}
