// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: pilot-keyd's registry reply parsers of
 * tools/keyd/registry_msg.c (reg_parse_lookup(), reg_parse_resolve(),
 * reg_parse_endpoint()), built from its own source. The reply is what a
 * registry, or anyone on the path to a plaintext one, sends back.
 *
 * The first byte picks the node asked for (42 or another), the rest is
 * the reply. Invariants: a verdict is one of the three statuses; a
 * refusal says why, in one printable NUL-terminated line; an endpoint
 * taken is AF_INET or AF_INET6 with a port, and the same text parses the
 * same way with pilot-keyd's peers file parser too (which may take more:
 * zero-padded ports of 8 digits or more).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "../../tools/keyd/registry_int.h"
#include "../../tools/keyd/peers_file.h"

#define FAIL(why) do { fprintf(stderr, "fuzz_registry: %s\n", why); abort(); } while (0)

static void check_err(enum registry_status st, const char *err, size_t errlen)
{
	size_t i;

	if (st != REGISTRY_OK && st != REGISTRY_NOT_FOUND && st != REGISTRY_BAD_REPLY)
		FAIL("unexpected status");
	if (st == REGISTRY_OK)
		return;
	if (!memchr(err, '\0', errlen) || !err[0])
		FAIL("a refusal without a reason");
	for (i = 0; err[i]; i++)
		if (!isprint((unsigned char)err[i]))
			FAIL("a reason with an unprintable byte");
}

static void check_endpoint(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *s6 = (const void *)ss;
	const struct sockaddr_in *s4 = (const void *)ss;

	if (ss->ss_family == AF_INET ? !s4->sin_port :
	    ss->ss_family == AF_INET6 ? !s6->sin6_port : true)
		FAIL("an endpoint without a family or a port");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_storage ep, ep2;
	enum registry_status st;
	uint32_t node_id;
	char err[256];
	uint8_t key[32];
	char *text;
	bool ok;

	if (!size)
		return 0;
	node_id = data[0] & 1 ? 42 : 0xfffffffe;
	data++;
	size--;

	memset(err, 0x55, sizeof(err));
	st = reg_parse_lookup((const char *)data, size, node_id, key, err, sizeof(err));
	check_err(st, err, sizeof(err));

	memset(err, 0x55, sizeof(err));
	memset(&ep, 0, sizeof(ep));
	st = reg_parse_resolve((const char *)data, size, node_id, &ep, err, sizeof(err));
	check_err(st, err, sizeof(err));
	if (st == REGISTRY_OK)
		check_endpoint(&ep);

	/* the bytes as an endpoint, against the peers file's parser */
	text = strndup((const char *)data, size);
	if (!text)
		return 0;
	memset(&ep, 0, sizeof(ep));
	if (!reg_parse_endpoint(text, &ep))
		check_endpoint(&ep);
	/* the peers file may be more lenient (ports of 8 or more digits) */
	if (!reg_parse_endpoint(text, &ep)) {
		ok = parse_endpoint(text, &ep2);
		if (!ok)
			FAIL("an endpoint the registry may send, the peers file refuses");
		if (memcmp(&ep, &ep2, sizeof(ep)))
			FAIL("the registry and the peers file read an endpoint differently");
	}
	free(text);
	return 0;
}
