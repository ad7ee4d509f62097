// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: pilot-keyd's static peers file parser,
 * peers_file_parse() of tools/keyd/peers_file.c, built from its own
 * source.
 *
 * Invariants: a file that parses gives a table sorted by node ID with
 * no node twice, where peers_find() finds every entry, and whose
 * endpoints print back as text that parses to the same address; a
 * refused file leaves an empty table and a reason.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/keyd/peers_file.h"

#define FAIL(why) do { fprintf(stderr, "fuzz_peers: %s\n", why); abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_storage again;
	struct peers_table t;
	char err[256] = "";
	char text[80];
	FILE *f;
	size_t i;
	int ret;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	ret = peers_file_parse(f, "fuzz", &t, err, sizeof(err));
	fclose(f);
	if (ret) {
		if (ret != -EINVAL && ret != -ENOMEM)
			FAIL("unexpected error code");
		if (t.v || t.n)
			FAIL("a refused file left a table");
		if (!err[0])
			FAIL("a refusal without a reason");
		return 0;
	}
	for (i = 0; i < t.n; i++) {
		if (i && t.v[i - 1].node_id >= t.v[i].node_id)
			FAIL("table not sorted, or a node twice");
		if (peers_find(&t, t.v[i].node_id) != &t.v[i])
			FAIL("peers_find() misses an entry");
		if (!t.v[i].has_endpoint)
			continue;
		format_endpoint(text, sizeof(text), &t.v[i].endpoint);
		if (!parse_endpoint(text, &again) ||
		    memcmp(&again, &t.v[i].endpoint, sizeof(again)))
			FAIL("a printed endpoint parses to another one");
	}
	peers_table_free(&t);
	return 0;
}
