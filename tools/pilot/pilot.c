// SPDX-License-Identifier: GPL-2.0
/*
 * pilot: configure pilot tunnel devices, in the manner of wg(8).
 *
 * Exit status: 0 on success, otherwise the errno of the failure
 * (1 for a usage error).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pilot_nl.h"

#define PILOT_TOOLS_VERSION "0.1.0"

struct version_reply {
	char module[64];
	char protocol[64];
	uint32_t family;
};

static int parse_version(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_VERSION_MAX + 1];
	struct version_reply *v = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_VERSION_MAX, NULL))
		return NL_SKIP;
	if (tb[PILOT_A_VERSION_MODULE])
		nla_strlcpy(v->module, tb[PILOT_A_VERSION_MODULE], sizeof(v->module));
	if (tb[PILOT_A_VERSION_PROTOCOL])
		nla_strlcpy(v->protocol, tb[PILOT_A_VERSION_PROTOCOL], sizeof(v->protocol));
	if (tb[PILOT_A_VERSION_FAMILY])
		v->family = nla_get_u32(tb[PILOT_A_VERSION_FAMILY]);
	return NL_OK;
}

static int cmd_version(void)
{
	struct version_reply v = { 0 };
	struct pilot_nl nl;
	int err;

	printf("pilot tools %s\n", PILOT_TOOLS_VERSION);
	err = pilot_nl_open(&nl);
	if (err) {
		fprintf(stderr, "pilot: the pilot kernel module is not available: %s\n",
			strerror(-err));
		return -err;
	}
	err = pilot_nl_transact(&nl, pilot_nl_request(&nl, PILOT_CMD_VERSION_GET, 0),
				parse_version, &v);
	if (err) {
		fprintf(stderr, "pilot: version: %s\n", pilot_nl_strerror(&nl, err));
		pilot_nl_close(&nl);
		return -err;
	}
	printf("pilot module %s, netlink family version %u, protocol %s\n",
	       v.module, v.family, v.protocol);
	pilot_nl_close(&nl);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: pilot <command> [arguments]\n"
		"\n"
		"Commands:\n"
		"  version   show the versions of the tools and of the kernel module\n"
		"  help      show this text\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version"))
		return cmd_version();
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "pilot: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 1;
}
