// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: pilot-keyd's identity.json parser, identity_parse()
 * of tools/keyd/identity.c, built from its own source.
 *
 * Invariants: a file that parses holds a key pair whose public key is
 * its seed's; it prints back (identity_format()) as a file that parses
 * to the same pair; a refused one leaves the pair wiped and says why.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "../../tools/keyd/identity.h"

#define FAIL(why) do { fprintf(stderr, "fuzz_identity: %s\n", why); abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct identity zero;
	struct identity id, again;
	uint8_t pk[32], sk[64];
	char err[256] = "";
	char *text;
	int ret;

	/* a canary: a parse that fails must wipe what it wrote */
	memset(&id, 0xa5, sizeof(id));
	ret = identity_parse((const char *)data, size, &id, err, sizeof(err));
	if (ret) {
		if (ret != -EINVAL)
			FAIL("unexpected error code");
		if (memcmp(&id, &zero, sizeof(id)))
			FAIL("a refused identity was not wiped");
		if (!err[0] || !memchr(err, '\0', sizeof(err)))
			FAIL("a refusal without a reason");
		return 0;
	}
	crypto_sign_seed_keypair(pk, sk, id.sk);
	if (memcmp(pk, id.pk, 32) || memcmp(sk, id.sk, 64))
		FAIL("accepted a public key that is not the seed's");
	text = identity_format(&id);
	if (!text)
		FAIL("out of memory");
	if (identity_parse(text, strlen(text), &again, err, sizeof(err)))
		FAIL("a formatted identity does not parse");
	if (memcmp(&again, &id, sizeof(id)))
		FAIL("a formatted identity parses to another pair");
	identity_text_free(text);
	identity_wipe(&id);
	identity_wipe(&again);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (sodium_init() < 0)
		abort();
	return 0;
}
