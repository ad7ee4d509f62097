// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the pilot CLI's configuration file parser,
 * config_parse() of tools/pilot/config.c (what `pilot setconf` reads),
 * with the value parsers of tools/pilot/peers.c and keys.c it calls,
 * built from the tools' own sources.
 *
 * Invariants: a file that parses sets only known bits, every peer has
 * well-formed allowed IPs, and an endpoint it took prints back as text
 * that parses to the same endpoint.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../tools/pilot/pilot.h"

#define FAIL(why) do { fprintf(stderr, "fuzz_config: %s\n", why); abort(); } while (0)

const char *prog = "fuzz_config";
bool json;

static FILE *devnull;

static void check_peer(const struct pilot_peer_info *p)
{
	struct pilot_peer_info again;
	char text[80];
	size_t i;

	for (i = 0; i < p->n_aips; i++) {
		const struct pilot_allowedip *a = &p->aips[i];

		if (a->family == AF_INET ? a->cidr > 32 :
		    a->family == AF_INET6 ? a->cidr > 128 : true)
			FAIL("allowed IP with a bad family or length");
	}
	if (!p->endpoint_family)
		return;
	if (p->endpoint_family != AF_INET && p->endpoint_family != AF_INET6)
		FAIL("endpoint of an unknown family");
	if (!p->endpoint_port)
		FAIL("endpoint port 0 accepted");
	format_endpoint(text, sizeof(text), p);
	memset(&again, 0, sizeof(again));
	if (!parse_endpoint(text, &again))
		FAIL("a printed endpoint does not parse");
	if (again.endpoint_family != p->endpoint_family ||
	    again.endpoint_port != p->endpoint_port ||
	    memcmp(again.endpoint_addr, p->endpoint_addr, sizeof(again.endpoint_addr)))
		FAIL("a printed endpoint parses to another one");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pilot_device_config cfg;
	FILE *f, *saved;
	size_t i;
	int err;

	if (!size)
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	memset(&cfg, 0, sizeof(cfg));
	/* the parser names the bad line on stderr: keep libFuzzer's clean */
	saved = stderr;
	stderr = devnull;
	err = config_parse(f, "fuzz", &cfg);
	stderr = saved;
	fclose(f);
	if (err && err != -EINVAL && err != -ENOMEM)
		FAIL("unexpected error code");
	if (!err) {
		if (cfg.set & ~(PILOT_SET_NODE_ID | PILOT_SET_NETWORK_ID |
				PILOT_SET_LISTEN_PORT | PILOT_SET_PRIVATE_KEY |
				PILOT_SET_ENCRYPTION | PILOT_SET_FWMARK |
				PILOT_SET_LEARN_PEERS))
			FAIL("an unknown setting bit");
		for (i = 0; i < cfg.n_peers; i++)
			check_peer(&cfg.peers[i]);
	}
	config_free(&cfg);
	return 0;
}
