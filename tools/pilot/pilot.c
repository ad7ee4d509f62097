// SPDX-License-Identifier: GPL-2.0
/*
 * pilot: configure pilot tunnel devices, in the manner of wg(8).
 *
 * Exit status: 0 on success, otherwise the errno of the failure (EINVAL
 * for a malformed command line). The kernel's own explanation of a refused
 * request (its extended ACK) is printed as it is.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "pilot.h"

const char *prog = "pilot";
bool json;

/**
 * nl_open_or_explain() - open the netlink handle, saying why when it fails
 * @nl: the handle to open
 *
 * Return: 0 or an errno for the exit status.
 */
int nl_open_or_explain(struct pilot_nl *nl)
{
	int err = pilot_nl_open(nl);

	if (err == -ENOENT)
		fprintf(stderr, "%s: the pilot kernel module is not loaded (modprobe pilot)\n", prog);
	else if (err)
		fprintf(stderr, "%s: cannot reach the kernel: %s\n", prog, strerror(-err));
	return -err;
}

/**
 * report() - close the handle and describe a failed request
 * @nl: the handle the request went through
 * @err: 0 or its negative errno
 * @what: the command, for the message
 * @dev: the device it was about
 *
 * Return: the exit status: 0 or the errno.
 */
int report(struct pilot_nl *nl, int err, const char *what, const char *dev)
{
	if (err == -EPERM)
		fprintf(stderr, "%s: %s %s: %s (needs CAP_NET_ADMIN)\n", prog, what, dev,
			pilot_nl_strerror(nl, err));
	else if (err)
		fprintf(stderr, "%s: %s %s: %s\n", prog, what, dev, pilot_nl_strerror(nl, err));
	pilot_nl_close(nl);
	return -err;
}

static int cmd_version(int argc, char **argv)
{
	struct pilot_version_info v;
	struct pilot_nl nl;
	int err;

	(void)argc;
	(void)argv;
	if (!json)
		printf("pilot tools %s\n", PILOT_TOOLS_VERSION);
	err = nl_open_or_explain(&nl);
	if (err)
		return err;
	err = pilot_nl_version_get(&nl, &v);
	if (!err && json)
		printf("{\"tools\":\"%s\",\"module\":\"%s\",\"family\":%u,\"protocol\":\"%s\"}\n",
		       PILOT_TOOLS_VERSION, v.module, v.family, v.protocol);
	else if (!err)
		printf("pilot module %s, netlink family version %u, protocol %s\n",
		       v.module, v.family, v.protocol);
	return report(&nl, err, "version", "");
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [-j | --json] <command> [arguments]\n"
		"\n"
		"Commands:\n"
		"  show [all | interfaces | DEV] [FIELD]   show devices (default: all); FIELD:\n"
		"      public-key, private-key, node-id, network-id, listen-port, fwmark,\n"
		"      encryption, learn-peers, identity, drops (the device's, by reason),\n"
		"      peers, endpoints, allowed-ips, latest-key-exchange (unix seconds),\n"
		"      transfer, persistent-keepalive, dump\n"
		"  showconf DEV                            print DEV as a configuration file\n"
		"  set DEV [SETTING VALUE]...              change DEV's settings (learn-peers\n"
		"      on | off: accept key exchanges from nodes that are not peers)\n"
		"  setconf DEV FILE                        make DEV match FILE\n"
		"  addconf DEV FILE                        add FILE's settings to DEV\n"
		"  syncconf DEV FILE                       like setconf, touching only what differs\n"
		"  genkey                                  print a new private key\n"
		"  pubkey                                  private key on stdin, public key out\n"
		"  monitor                                 print peer notifications as they come:\n"
		"      peers added and removed, keys installed, key exchanges given up,\n"
		"      endpoints changed, sessions dropped\n"
		"  version                                 tools and module versions\n"
		"  help                                    this text\n"
		"\n"
		"-j prints JSON (read commands). Private keys are never shown.\n", prog);
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "show", cmd_show },
	{ "showconf", cmd_showconf },
	{ "set", cmd_set },
	{ "setconf", cmd_setconf },
	{ "addconf", cmd_setconf },
	{ "syncconf", cmd_setconf },
	{ "genkey", cmd_genkey },
	{ "pubkey", cmd_pubkey },
	{ "version", cmd_version },
	{ "monitor", cmd_monitor },
};

int main(int argc, char **argv)
{
	static char *show_all[] = { "show", NULL };
	size_t i;

	if (sodium_init() < 0) {
		fprintf(stderr, "%s: libsodium failed to start\n", prog);
		return ENOSYS;
	}
	argc--;
	argv++;
	while (argc && (!strcmp(argv[0], "-j") || !strcmp(argv[0], "--json"))) {
		json = true;
		argc--;
		argv++;
	}
	if (!argc) {
		argv = show_all;
		argc = 1;
	}
	if (!strcmp(argv[0], "help") || !strcmp(argv[0], "--help") ||
	    !strcmp(argv[0], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[0], "--version"))
		argv[0] = "version";
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[0], commands[i].name))
			return commands[i].fn(argc, argv);
	fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[0]);
	usage(stderr);
	return EINVAL;
}
