// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of pilot-keyd (tools/keyd), built from its own sources
 * without the netlink glue; the registry is a fake defined here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <sodium.h>
#include <linux/pilot.h>

#include "kselftest_harness.h"
#include "pilot_nl.h"
#include "../../tools/keyd/cache.h"
#include "../../tools/keyd/config.h"
#include "../../tools/keyd/daemon.h"
#include "../../tools/keyd/identity.h"
#include "../../tools/keyd/messages.h"
#include "../../tools/keyd/peers_file.h"
#include "../../tools/keyd/queue.h"
#include "../../tools/keyd/registry.h"
#include "../../tools/keyd/request.h"
#include "../../tools/keyd/verify.h"

static void unhex(uint8_t *out, const char *hex)
{
	size_t len = strlen(hex) / 2;

	if (sodium_hex2bin(out, len, hex, strlen(hex), NULL, NULL, NULL))
		abort();
}

/* RFC 8032 §7.1 test 1, also the spec §12.2 identity. */
#define SEED1 "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
#define PK1 "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
#define SPEC_PRIV "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2DXWpgBgrEKt9VL/tPJZAc6DuFy89qmIyWvAhpo9wdRGg=="
#define SPEC_PUB "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
#define SPEC_JSON "{\n  \"private_key\": \"" SPEC_PRIV "\",\n  \"public_key\": \"" SPEC_PUB "\"\n}"

static void spec_identity(struct identity *id)
{
	uint8_t seed[32];

	unhex(seed, SEED1);
	crypto_sign_seed_keypair(id->pk, id->sk, seed);
}

/* ---- identity ---- */

static char tmpdir[] = "/tmp/keyd_test.XXXXXX";
static pid_t tmpdir_owner;

/* One directory for the whole run (tests run in forked children). */
__attribute__((constructor)) static void make_tmpdir(void)
{
	if (!mkdtemp(tmpdir))
		abort();
	tmpdir_owner = getpid();
}

__attribute__((destructor)) static void remove_tmpdir(void)
{
	static const char *const names[] = {
		"spec.json", "perm.json", "bad.json", "newdir/identity.json",
		"newdir",
	};
	char path[300];
	size_t i;

	if (getpid() != tmpdir_owner)
		return;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		if (unlink(path))
			rmdir(path);
	}
	rmdir(tmpdir);
}

static const char *tmppath(const char *name)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%s/%s", tmpdir, name);
	return buf;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
	if (chmod(path, mode))
		abort();
}

TEST(identity_spec_vector_loads)
{
	const char *path = tmppath("spec.json");
	struct identity id;
	uint8_t pk[32], seed[32];
	char err[256];

	write_file(path, SPEC_JSON, 0600);
	ASSERT_EQ(0, identity_load(path, &id, err, sizeof(err)));
	unhex(pk, PK1);
	unhex(seed, SEED1);
	ASSERT_EQ(0, memcmp(id.pk, pk, 32));
	ASSERT_EQ(0, memcmp(id.sk, seed, 32));
	ASSERT_EQ(0, memcmp(id.sk + 32, pk, 32));
	identity_wipe(&id);
	ASSERT_TRUE(sodium_is_zero((uint8_t *)&id, sizeof(id)));
}

TEST(identity_format_is_go_marshalindent)
{
	struct identity id;
	char *text;

	spec_identity(&id);
	text = identity_format(&id);
	ASSERT_NE(NULL, text);
	ASSERT_STREQ(SPEC_JSON, text);
	identity_text_free(text);
}

TEST(identity_group_or_other_permission_refused)
{
	const char *path = tmppath("perm.json");
	static const mode_t modes[] = { 0644, 0640, 0604, 0610, 0601 };
	struct identity id;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		write_file(path, SPEC_JSON, modes[i]);
		ASSERT_EQ(-EPERM, identity_load(path, &id, err, sizeof(err)));
		ASSERT_NE(NULL, strstr(err, "chmod 600"));
		ASSERT_EQ(NULL, strstr(err, SPEC_PRIV));
		ASSERT_TRUE(sodium_is_zero((uint8_t *)&id, sizeof(id)));
	}
	write_file(path, SPEC_JSON, 0400);
	ASSERT_EQ(0, identity_load(path, &id, err, sizeof(err)));
	identity_wipe(&id);
}

TEST(identity_missing_file)
{
	struct identity id;
	char err[256];

	ASSERT_EQ(-ENOENT, identity_load(tmppath("absent.json"), &id, err,
					 sizeof(err)));
}

static int load_text(const char *text, char *err, size_t errlen)
{
	const char *path = tmppath("bad.json");
	struct identity id;
	int ret;

	write_file(path, text, 0600);
	ret = identity_load(path, &id, err, errlen);
	if (!ret)
		identity_wipe(&id);
	return ret;
}

TEST(identity_malformed_refused)
{
	char err[256];

	/* corrupt base64 */
	ASSERT_EQ(-EINVAL, load_text("{\"private_key\": \"nWGx!!\", \"public_key\": \""
				     SPEC_PUB "\"}", err, sizeof(err)));
	ASSERT_NE(NULL, strstr(err, "private_key"));
	/* unpadded base64 */
	ASSERT_EQ(-EINVAL, load_text("{\"private_key\": \"" SPEC_PRIV "\", \"public_key\": "
				     "\"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
				     err, sizeof(err)));
	/* private key of 32 bytes */
	ASSERT_EQ(-EINVAL, load_text("{\"private_key\": \"" SPEC_PUB "\", \"public_key\": \""
				     SPEC_PUB "\"}", err, sizeof(err)));
	/* public key of 64 bytes */
	ASSERT_EQ(-EINVAL, load_text("{\"private_key\": \"" SPEC_PRIV "\", \"public_key\": \""
				     SPEC_PRIV "\"}", err, sizeof(err)));
	/* not JSON, missing member, wrong type */
	ASSERT_EQ(-EINVAL, load_text("private_key=x", err, sizeof(err)));
	ASSERT_EQ(-EINVAL, load_text("{\"public_key\": \"" SPEC_PUB "\"}", err, sizeof(err)));
	ASSERT_EQ(-EINVAL, load_text("{\"private_key\": 1, \"public_key\": \"" SPEC_PUB "\"}",
				     err, sizeof(err)));
	/* the control: the same text, well formed, loads */
	ASSERT_EQ(0, load_text(SPEC_JSON, err, sizeof(err)));
}

TEST(identity_mismatched_public_key_refused)
{
	char err[256];

	/* RFC 8032 test 2's public key with test 1's private key */
	ASSERT_EQ(-EINVAL, load_text("{\"private_key\": \"" SPEC_PRIV "\", \"public_key\": "
				     "\"PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=\"}",
				     err, sizeof(err)));
	ASSERT_NE(NULL, strstr(err, "identity file corrupted"));
}

TEST(identity_init_round_trips)
{
	const char *dir = tmppath("newdir");
	char path[300], err[256];
	struct identity made, loaded;
	struct stat st;

	snprintf(path, sizeof(path), "%s/identity.json", dir);
	unlink(path);
	rmdir(dir);
	ASSERT_EQ(0, identity_create(path, &made, err, sizeof(err)));
	ASSERT_EQ(0, stat(path, &st));
	ASSERT_EQ(0600, st.st_mode & 07777);
	ASSERT_EQ(0, stat(dir, &st));
	ASSERT_EQ(0700, st.st_mode & 07777);
	ASSERT_EQ(0, identity_load(path, &loaded, err, sizeof(err)));
	ASSERT_EQ(0, memcmp(&made, &loaded, sizeof(made)));
	ASSERT_EQ(-EEXIST, identity_create(path, &loaded, err, sizeof(err)));
	ASSERT_TRUE(sodium_is_zero((uint8_t *)&loaded, sizeof(loaded)));
	/* the existing file is untouched */
	ASSERT_EQ(0, identity_load(path, &loaded, err, sizeof(err)));
	ASSERT_EQ(0, memcmp(&made, &loaded, sizeof(made)));
	identity_wipe(&made);
	identity_wipe(&loaded);
	unlink(path);
	rmdir(dir);
}

/* ---- signatures ---- */

struct rfc_vector {
	const char *seed, *pk, *msg, *sig;
};

static const struct rfc_vector rfc8032[] = {
	{ SEED1, PK1, "",
	  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	  "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
	  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	{ "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
	  "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
	  "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
	  "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
};

TEST(verify_rfc8032_vectors)
{
	uint8_t seed[32], pk[32], sk[64], want_pk[32], sig[64], got[64], msg[2];
	size_t i, len;

	for (i = 0; i < sizeof(rfc8032) / sizeof(rfc8032[0]); i++) {
		unhex(seed, rfc8032[i].seed);
		unhex(want_pk, rfc8032[i].pk);
		unhex(sig, rfc8032[i].sig);
		len = strlen(rfc8032[i].msg) / 2;
		unhex(msg, rfc8032[i].msg);
		crypto_sign_seed_keypair(pk, sk, seed);
		ASSERT_EQ(0, memcmp(pk, want_pk, 32));
		crypto_sign_detached(got, NULL, msg, len, sk);
		ASSERT_EQ(0, memcmp(got, sig, 64));
		ASSERT_TRUE(ed25519_verify_go(sig, msg, len, pk));
		/* corrupted: R, S, message, key */
		sig[1] ^= 1;
		ASSERT_FALSE(ed25519_verify_go(sig, msg, len, pk));
		sig[1] ^= 1;
		sig[40] ^= 0x10;
		ASSERT_FALSE(ed25519_verify_go(sig, msg, len, pk));
		sig[40] ^= 0x10;
		ASSERT_FALSE(ed25519_verify_go(sig, (const uint8_t *)"x", 1, pk));
		pk[3] ^= 4;
		ASSERT_FALSE(ed25519_verify_go(sig, msg, len, pk));
		sodium_memzero(sk, sizeof(sk));
	}
}

TEST(verify_spec_challenge_signature_and_pila)
{
	static const char chal_hex[] =
		"61757468111111118520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
	static const char sig_hex[] =
		"87c0c4e7248540bd41d9c9b85978354f894177ef7b47f22ad5c4035f89fc6726"
		"4bfdedf3fb8f8be9dee5c6f4281e1084c4b66506e00a0f1a35eed392289dbc09";
	static const char pila_hex[] =
		"50494c41111111118520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
		"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
		"87c0c4e7248540bd41d9c9b85978354f894177ef7b47f22ad5c4035f89fc6726"
		"4bfdedf3fb8f8be9dee5c6f4281e1084c4b66506e00a0f1a35eed392289dbc09";
	uint8_t x[32], chal[40], want_chal[40], sig[64], want_sig[64];
	uint8_t pila[136], want_pila[136];
	struct identity id;

	spec_identity(&id);
	unhex(x, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	unhex(want_chal, chal_hex);
	unhex(want_sig, sig_hex);
	unhex(want_pila, pila_hex);
	pilot_challenge(chal, 0x11111111, x);
	ASSERT_EQ(0, memcmp(chal, want_chal, 40));
	pilot_sign_challenge(sig, &id, 0x11111111, x);
	ASSERT_EQ(0, memcmp(sig, want_sig, 64));
	memcpy(pila, "PILA", 4);
	memcpy(pila + 4, chal + 4, 36);
	memcpy(pila + 40, id.pk, 32);
	memcpy(pila + 72, sig, 64);
	ASSERT_EQ(0, memcmp(pila, want_pila, 136));
	/* the receiver's check, from the frame's fields */
	ASSERT_TRUE(pilot_verify_challenge(want_pila + 72, want_pila + 40,
					   0x11111111, want_pila + 8));
	ASSERT_FALSE(pilot_verify_challenge(want_pila + 72, want_pila + 40,
					    0x11111112, want_pila + 8));
	identity_wipe(&id);
}

/* S + L: the same point equation, a non-canonical S. */
TEST(verify_noncanonical_s_refused)
{
	static const uint8_t l[32] = {
		0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
		0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0x10 };
	uint8_t sig[64], pk[32];
	unsigned int carry = 0, i;

	unhex(sig, rfc8032[0].sig);
	unhex(pk, rfc8032[0].pk);
	ASSERT_TRUE(ed25519_verify_go(sig, NULL, 0, pk));
	for (i = 0; i < 32; i++) {
		carry += sig[32 + i] + l[i];
		sig[32 + i] = carry & 0xff;
		carry >>= 8;
	}
	ASSERT_EQ(0, sig[63] & 0xe0);	/* only S < L can refuse it */
	ASSERT_FALSE(ed25519_verify_go(sig, NULL, 0, pk));
	ASSERT_NE(0, crypto_sign_verify_detached(sig, NULL, 0, pk));
	sig[63] |= 0x20;
	ASSERT_FALSE(ed25519_verify_go(sig, NULL, 0, pk));
}

/*
 * A = the identity (small order): [k]A = O for every k, so R = [S]B
 * verifies any message. Go accepts; libsodium refuses the key.
 */
TEST(verify_small_order_public_key_as_go)
{
	static const uint8_t one[32] = { 1 };
	uint8_t pk[32] = { 1 }, sig[64] = { 0 }, pk_nc[32];
	const uint8_t msg[] = "any message";

	memcpy(sig + 32, one, 32);	/* S = 1 */
	ASSERT_EQ(0, crypto_scalarmult_ed25519_base_noclamp(sig, sig + 32)); /* R = B */
	ASSERT_NE(0, crypto_sign_verify_detached(sig, msg, sizeof(msg), pk));
	ASSERT_TRUE(ed25519_verify_go(sig, msg, sizeof(msg), pk));
	/* x = 0 with the sign bit set: Go decodes it as the identity */
	memcpy(pk_nc, pk, 32);
	pk_nc[31] |= 0x80;
	ASSERT_TRUE(ed25519_verify_go(sig, msg, sizeof(msg), pk_nc));
	/* y = p + 1 (non-canonical y of the identity) */
	memset(pk_nc, 0xff, 32);
	pk_nc[0] = 0xee;
	pk_nc[31] = 0x7f;
	ASSERT_TRUE(ed25519_verify_go(sig, msg, sizeof(msg), pk_nc));
	/* a wrong R still fails */
	sig[0] ^= 1;
	ASSERT_FALSE(ed25519_verify_go(sig, msg, sizeof(msg), pk));
	sig[0] ^= 1;
	/* S = 2 with R = B fails: [2]B != B */
	sig[32] = 2;
	ASSERT_FALSE(ed25519_verify_go(sig, msg, sizeof(msg), pk));
}

/*
 * R = the identity (small order) under an honest key: S = k·a makes
 * [S]B - [k]A = O. Go accepts; libsodium refuses small-order R.
 */
TEST(verify_small_order_r_as_go)
{
	crypto_hash_sha512_state hs;
	uint8_t seed[32], pk[32], sk[64], a[32], wide[64], h[64], k[32];
	uint8_t sig[64] = { 1 };	/* R = (0, 1) */
	const uint8_t msg[] = "small-order R";

	unhex(seed, SEED1);
	crypto_sign_seed_keypair(pk, sk, seed);
	ASSERT_EQ(0, crypto_sign_ed25519_sk_to_curve25519(a, sk));
	memset(wide, 0, sizeof(wide));
	memcpy(wide, a, 32);
	crypto_core_ed25519_scalar_reduce(a, wide);
	crypto_hash_sha512_init(&hs);
	crypto_hash_sha512_update(&hs, sig, 32);
	crypto_hash_sha512_update(&hs, pk, 32);
	crypto_hash_sha512_update(&hs, msg, sizeof(msg));
	crypto_hash_sha512_final(&hs, h);
	crypto_core_ed25519_scalar_reduce(k, h);
	crypto_core_ed25519_scalar_mul(sig + 32, k, a);
	ASSERT_NE(0, crypto_sign_verify_detached(sig, msg, sizeof(msg), pk));
	ASSERT_TRUE(ed25519_verify_go(sig, msg, sizeof(msg), pk));
	/* another message changes k: refused */
	ASSERT_FALSE(ed25519_verify_go(sig, (const uint8_t *)"x", 1, pk));
	/* non-canonical encodings of R never match Go's canonical R' */
	sig[31] |= 0x80;
	ASSERT_FALSE(ed25519_verify_go(sig, msg, sizeof(msg), pk));
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(a, sizeof(a));
}

/*
 * A of mixed order (an honest point plus the order-2 point (0, -1)) with
 * R = the identity: [S]B - [k]A = O when S = k·a and k is even, and
 * [k]A leaves the prime-order subgroup when k is odd. Go accepts the
 * first and refuses the second; libsodium refuses both (small-order R),
 * and its scalar multiplication refuses A, so this exercises the
 * double-and-add path.
 */
TEST(verify_mixed_order_key_as_go)
{
	uint8_t t2[32], seed[32], p[32], sk[64], a[32], wide[64], h[64], k[32];
	uint8_t pk[32], sig[64];
	crypto_hash_sha512_state hs;
	bool seen_even = false, seen_odd = false;
	uint8_t msg;

	memset(t2, 0xff, 32);
	t2[0] = 0xec;
	t2[31] = 0x7f;			/* (0, -1), order 2 */
	unhex(seed, SEED1);
	crypto_sign_seed_keypair(p, sk, seed);
	ASSERT_EQ(0, crypto_sign_ed25519_sk_to_curve25519(a, sk));
	memset(wide, 0, sizeof(wide));
	memcpy(wide, a, 32);
	crypto_core_ed25519_scalar_reduce(a, wide);
	ASSERT_EQ(0, crypto_core_ed25519_add(pk, p, t2));
	ASSERT_FALSE(crypto_core_ed25519_is_valid_point(pk));
	for (msg = 0; msg < 64 && !(seen_even && seen_odd); msg++) {
		memset(sig, 0, sizeof(sig));
		sig[0] = 1;		/* R = (0, 1) */
		crypto_hash_sha512_init(&hs);
		crypto_hash_sha512_update(&hs, sig, 32);
		crypto_hash_sha512_update(&hs, pk, 32);
		crypto_hash_sha512_update(&hs, &msg, 1);
		crypto_hash_sha512_final(&hs, h);
		crypto_core_ed25519_scalar_reduce(k, h);
		crypto_core_ed25519_scalar_mul(sig + 32, k, a);
		ASSERT_NE(0, crypto_sign_verify_detached(sig, &msg, 1, pk));
		if (k[0] & 1) {
			ASSERT_FALSE(ed25519_verify_go(sig, &msg, 1, pk));
			seen_odd = true;
		} else {
			ASSERT_TRUE(ed25519_verify_go(sig, &msg, 1, pk));
			seen_even = true;
		}
	}
	ASSERT_TRUE(seen_even);
	ASSERT_TRUE(seen_odd);
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(a, sizeof(a));
}

/*
 * Inputs on which libsodium and Go may disagree (small-order and
 * non-canonical encodings of keys and R, keys of mixed order), with the
 * verdict of Go 1.19's crypto/ed25519.Verify: a sample of the inputs
 * ed25519_go/crosscheck.sh generates and checks against Go.
 */
static const struct {
	const char *pk, *msg, *sig;
	bool go, sodium;
} go_vectors[] = {
	{ /* small-order key, R = [S]B (non-canonical encoding); libsodium refuses */
	  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "0806",
	  "4f3d71f209fb511d392dc0c9fd0d0500b080c67f274c8c1a3a2f0022bd358bd8"
	  "27880f4f14d1413a932c8faf4c551cf1490a1730d22853a8a142d0f016902c03", true, false },
	{ /* small-order key, R = [S]B (non-canonical encoding); libsodium refuses */
	  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0900",
	  "518731d4e137174b69effa20d142ae46005fb63f646fe7185710c7a016c11769"
	  "1dbbf2041d9dab5bae772069854fc77ecda68aa307b71367770836eda6a24b02", true, false },
	{ /* small-order key, R = [S]B (non-canonical encoding); libsodium refuses */
	  "0100000000000000000000000000000000000000000000000000000000000080", "0b00",
	  "a4029d194286663f1d39c716c8c6b18ac9ac0c9b2e9572b3e4c43eb9e8ca1f24"
	  "9d422a875e4ff2c35061f93fbc72ffa0e9a9a882fe55eca3c291fd8caaf6b701", true, false },
	{ /* small-order key, R = [S]B (non-canonical encoding); libsodium refuses */
	  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "0c00",
	  "e4c9f0e67f2133ffcdc88fc38cabb2937006ec4b55bf3049de1394df75cd51fe"
	  "ba9d5e810f83679bec32a3e8fdb39cbc3780823052d9ac9657a894632ab84e07", true, false },
	{ /* small-order key, R = [S]B (non-canonical encoding); libsodium refuses */
	  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "0800",
	  "4d254c69d76ac756a22a849812155ee08321a42e7649f8ffcfde9a2683a46e6e"
	  "6affc38cb05d95bd40acac343065003932a93d16affffc03dc6ac265a89bf20b", false, false },
	{ /* small-order key, R = [S]B (non-canonical encoding); libsodium refuses */
	  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0901",
	  "fe3939f1867b96aec3643bcac637be8490b57597319a97d685d8a2658ab83bea"
	  "0fcb1148fd4aa7bdc01a07d7c124120c2408a769554e324394ecc39071164d04", false, false },
	{ /* small-order key, R = [S]B (non-canonical encoding); libsodium refuses */
	  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "1301",
	  "08396c63c55e826b27cc4ec31dbff78ac0600c0dd13799799abe383f210c0a78"
	  "fe1384e2ea51cf7e03a825a34e25d31736fe525034005de27e98d781a2396505", false, false },
	{ /* honest key, small-order R, S = k*a; libsodium refuses */
	  "bb5c672482b0dcca91a21a4ed63b15afde8aa1378da72cd01b349589d6e7dd6a", "0a00",
	  "0100000000000000000000000000000000000000000000000000000000000000"
	  "347035a1ae9e6065956d7d3695c2c36210e87c527fbb1bf0051d7d8080ea8405", true, false },
	{ /* honest key, small-order R, S = k*a (non-canonical encoding); libsodium refuses */
	  "bb5c672482b0dcca91a21a4ed63b15afde8aa1378da72cd01b349589d6e7dd6a", "0800",
	  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
	  "8b60333ce3c554aae018eea29aba22d91a85d9d02d17909ef8a6ad27ee4e5b0d", false, false },
	{ /* honest key, small-order R, S = k*a (non-canonical encoding); libsodium refuses */
	  "bb5c672482b0dcca91a21a4ed63b15afde8aa1378da72cd01b349589d6e7dd6a", "0900",
	  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "d1999a211d6dd9add606f39b69529936df05ac41278124b9fcdd1fdd8242fb07", false, false },
	{ /* honest key, small-order R, S = k*a (non-canonical encoding); libsodium refuses */
	  "bb5c672482b0dcca91a21a4ed63b15afde8aa1378da72cd01b349589d6e7dd6a", "0b00",
	  "0100000000000000000000000000000000000000000000000000000000000080"
	  "46f21348837bb7627e9ef517ffb8cedbb87e8e0d54ecfcb739049d7be430c50c", false, false },
	{ /* mixed-order key, small-order R, S = k*a; libsodium refuses */
	  "8c86bfd1db634f35b523710bd18d54a024af84ee1702d83ed6dcde78a0c38004", "0308",
	  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"
	  "bdf557dd745e12f148659937fc6d9bf6a2d91fdf2acaf7e1860994e97adff60e", true, false },
	{ /* mixed-order key, small-order R, S = k*a; libsodium refuses */
	  "4474f29d970d6bb0e21894fc6ab9b56ac822a678acabb4ff660a5bd60325d337", "0507",
	  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
	  "43d047954719fa8567a098e7c8a396c0d553b5a619f93a0d8ad09dad0b13670a", true, false },
	{ /* mixed-order key, small-order R, S = k*a; libsodium refuses */
	  "36d71b768097e450a716027421a92064056938905c2e167f9eee3932067d0c34", "0603",
	  "0000000000000000000000000000000000000000000000000000000000000080"
	  "d572834b5b99ef7602266f2987677b5c349c2482ab887b3b56c812f6d7a8ff0e", true, false },
	{ /* mixed-order key, small-order R, S = k*a; libsodium refuses */
	  "a98b0d6268f2944f1de76b0395464a9537dd598753544b0099f5a429fcda2cc8", "070a",
	  "0000000000000000000000000000000000000000000000000000000000000000"
	  "804807d968c77b3b40e5f98b4bee15bd98eca37737d1c44e697b82370044780e", true, false },
	{ /* mixed-order key, small-order R, S = k*a (non-canonical encoding); libsodium refuses */
	  "8c86bfd1db634f35b523710bd18d54a024af84ee1702d83ed6dcde78a0c38004", "0800",
	  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
	  "84cf1c228f857b404c060c6c4a375eb3d935ab450b1542d5b9ce3a9de2d26803", false, false },
	{ /* mixed-order key, small-order R, S = k*a (non-canonical encoding); libsodium refuses */
	  "8c86bfd1db634f35b523710bd18d54a024af84ee1702d83ed6dcde78a0c38004", "0900",
	  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ac4669497973180a62816dfc31ab1cd2981f3551ecc27c0dcd2dc519d6a91807", false, false },
	{ /* mixed-order key, small-order R, S = k*a (non-canonical encoding); libsodium refuses */
	  "8c86bfd1db634f35b523710bd18d54a024af84ee1702d83ed6dcde78a0c38004", "0b00",
	  "0100000000000000000000000000000000000000000000000000000000000080"
	  "896f896472864628713d5e68cfdd19b3effbb87a59eaef6c382363711b38c901", false, false },
	{ /* mixed-order key, R = [r]B, S = r + k*a; libsodium accepts */
	  "bb5c672482b0dcca91a21a4ed63b15afde8aa1378da72cd01b349589d6e7dd6a", "0004",
	  "c8c13123137765a23467a1bd1c98b0ae23f5722987512b94eba6fa5fdee42c18"
	  "31c9fe6f9da379804ea4cfebf89dee0bbae4fa2bfd99ddfee89980c468b09608", true, true },
	{ /* mixed-order key, R = [r]B, S = r + k*a; libsodium accepts */
	  "32a398db7d4f23356e5de5b129c4ea5021755ec87258d32fe4cb6a7629182295", "0006",
	  "2f994c702289338bb81a35ae5b3f00bd8aaabbda0c328f310edd503bb59f62db"
	  "c43cd6575a77f57805f66d2460fdf082095f94c8816320f46687f9cebd50a605", true, true },
	{ /* mixed-order key, R = [r]B, S = r + k*a; libsodium accepts */
	  "8c86bfd1db634f35b523710bd18d54a024af84ee1702d83ed6dcde78a0c38004", "0008",
	  "2532158f44a934ef22a0b093198d7a721a1a6e5b8de7533625010149aebc40de"
	  "ea542d1122f8ce34aff07caa4e1b64b9ea26feef7a5cc7de056357cdd957720d", true, true },
	{ /* mixed-order key, R = [r]B, S = r + k*a; libsodium accepts */
	  "bb5c672482b0dcca91a21a4ed63b15afde8aa1378da72cd01b349589d6e7dd6a", "000c",
	  "630b555aa3ac046411c533012dc48f0138d4f2f0429e7f676343cdea1af76327"
	  "93ff8f175495aa2f062fa795934abcb593d6c3a4ce193332790302beb6c4870f", true, true },
	{ /* mixed-order key, R = [r]B, S = r + k*a; libsodium refuses */
	  "8c86bfd1db634f35b523710bd18d54a024af84ee1702d83ed6dcde78a0c38004", "0000",
	  "6230da3b52243198864bcb339f114dbfc572055d6c9412b511d14acb5eb93e57"
	  "350d6183257dc29d4c50e21c678c95760d031687adf41a02d59afc05d7591508", false, false },
	{ /* mixed-order key, R = [r]B, S = r + k*a; libsodium refuses */
	  "6179402e249cb0ca4adc8ef42e72ab5fdb507b11e8fd27c1292321875f3c7ffb", "0001",
	  "d775cd3559e9de0e629021048bb743de94ec08d67ff4bdddafd796b404e169e2"
	  "e1e9dfd1306a51c7296295e03d5b8e24a87e6ddd6f5c8c9cd69fe43ec9d6d204", false, false },
	{ /* mixed-order key, R = [r]B, S = r + k*a; libsodium refuses */
	  "a98b0d6268f2944f1de76b0395464a9537dd598753544b0099f5a429fcda2cc8", "0002",
	  "2b7d12c598bd87b959cc38df7b846db677649dfff7b2e0143213ae6ef4bff05d"
	  "ed3e7d3c0385cdb06ce5ded32fcfe2235f37ef86c284ad036d27a2e233c16705", false, false },
};

TEST(verify_matches_go_on_edge_cases)
{
	uint8_t pk[32], msg[2], sig[64];
	size_t i;

	for (i = 0; i < sizeof(go_vectors) / sizeof(go_vectors[0]); i++) {
		unhex(pk, go_vectors[i].pk);
		unhex(msg, go_vectors[i].msg);
		unhex(sig, go_vectors[i].sig);
		ASSERT_EQ(go_vectors[i].sodium,
			  crypto_sign_verify_detached(sig, msg, 2, pk) == 0)
			TH_LOG("vector %zu: libsodium's verdict", i);
		ASSERT_EQ(go_vectors[i].go, ed25519_verify_go(sig, msg, 2, pk))
			TH_LOG("vector %zu: not Go's verdict", i);
	}
}

TEST(verify_not_a_point_refused)
{
	uint8_t sig[64], pk[32] = { 2 };	/* y = 2 is not on the curve */

	unhex(sig, rfc8032[0].sig);
	ASSERT_FALSE(ed25519_verify_go(sig, NULL, 0, pk));
}

/* ---- peers file ---- */

static int parse_text(const char *text, struct peers_table *t, char *err,
		      size_t errlen)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!f)
		abort();
	ret = peers_file_parse(f, "peers", t, err, errlen);
	fclose(f);
	return ret;
}

TEST(peers_file_good)
{
	const struct peer_entry *e;
	struct peers_table t;
	uint8_t pk[32];
	char err[256], ep[64];

	ASSERT_EQ(0, parse_text("# static peers\n\n"
				"7 " SPEC_PUB " 192.0.2.7:4000  # node seven\n"
				"  0x2a\t" SPEC_PUB "\t[2001:db8::2a]:9000\n"
				"3 " SPEC_PUB "\n", &t, err, sizeof(err)));
	ASSERT_EQ(3, t.n);
	unhex(pk, PK1);
	e = peers_find(&t, 7);
	ASSERT_NE(NULL, e);
	ASSERT_EQ(0, memcmp(e->key, pk, 32));
	ASSERT_TRUE(e->has_endpoint);
	format_endpoint(ep, sizeof(ep), &e->endpoint);
	ASSERT_STREQ("192.0.2.7:4000", ep);
	e = peers_find(&t, 42);
	ASSERT_NE(NULL, e);
	format_endpoint(ep, sizeof(ep), &e->endpoint);
	ASSERT_STREQ("[2001:db8::2a]:9000", ep);
	e = peers_find(&t, 3);
	ASSERT_NE(NULL, e);
	ASSERT_FALSE(e->has_endpoint);
	ASSERT_EQ(NULL, peers_find(&t, 8));
	peers_table_free(&t);
}

TEST(peers_file_bad_lines_named)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "7\n", "peers:1: expected NODE-ID KEY [ENDPOINT], found 1 field" },
		{ "# c\nx7 " SPEC_PUB "\n", "peers:2: bad node ID \"x7\"" },
		{ "4294967296 " SPEC_PUB "\n", "peers:1: bad node ID" },
		{ "\n\n7 abc\n", "peers:3: bad key for node 7" },
		{ "7 " SPEC_PRIV "\n", "peers:1: bad key for node 7" },
		{ "7 " SPEC_PUB " 192.0.2.7\n", "peers:1: bad endpoint \"192.0.2.7\"" },
		{ "7 " SPEC_PUB " 192.0.2.7:0\n", "peers:1: bad endpoint" },
		{ "7 " SPEC_PUB " [2001:db8::1:4000\n", "peers:1: bad endpoint" },
		{ "7 " SPEC_PUB " 1.2.3.4:5 extra\n", "peers:1: expected NODE-ID" },
		{ "7 " SPEC_PUB "\n7 " SPEC_PUB "\n", "peers:2: node 7 is listed twice" },
	};
	struct peers_table t;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		ASSERT_EQ(-EINVAL, parse_text(cases[i].text, &t, err, sizeof(err)));
		ASSERT_EQ(0, strncmp(err, cases[i].want, strlen(cases[i].want)))
			TH_LOG("case %zu: got \"%s\"", i, err);
		ASSERT_EQ(0, t.n);
	}
}

/* ---- caches ---- */

static uint64_t fake_now;

static uint64_t fake_clock(void)
{
	return fake_now;
}

TEST(cache_positive_and_invalidate)
{
	struct key_cache *c = key_cache_new(fake_clock);
	uint8_t k1[32] = { 1 }, out[32];

	ASSERT_NE(NULL, c);
	ASSERT_FALSE(key_cache_get(c, 7, out));
	ASSERT_EQ(0, key_cache_put(c, 7, k1));
	memset(out, 0, sizeof(out));
	ASSERT_TRUE(key_cache_get(c, 7, out));
	ASSERT_EQ(0, memcmp(out, k1, 32));
	fake_now += 1000000;	/* no TTL */
	ASSERT_TRUE(key_cache_get(c, 7, out));
	key_cache_invalidate(c, 7);
	ASSERT_FALSE(key_cache_get(c, 7, out));
	key_cache_free(c);
}

TEST(cache_negative_ttl_3s)
{
	struct key_cache *c = key_cache_new(fake_clock);
	uint8_t k1[32] = { 1 };
	int why = 0;

	fake_now = 10000;
	ASSERT_FALSE(key_cache_negative(c, 9, NULL));
	ASSERT_TRUE(key_cache_fail(c, 9, 4));
	ASSERT_TRUE(key_cache_negative(c, 9, &why));
	ASSERT_EQ(4, why);
	fake_now += 2999;
	ASSERT_TRUE(key_cache_negative(c, 9, NULL));
	fake_now += 1;
	ASSERT_FALSE(key_cache_negative(c, 9, NULL));
	/* a success deletes the negative entry */
	ASSERT_TRUE(key_cache_fail(c, 9, 4));
	ASSERT_EQ(1, key_cache_negative_count(c));
	ASSERT_EQ(0, key_cache_put(c, 9, k1));
	ASSERT_FALSE(key_cache_negative(c, 9, NULL));
	ASSERT_EQ(0, key_cache_negative_count(c));
	/* removal clears both */
	ASSERT_TRUE(key_cache_fail(c, 10, 1));
	key_cache_remove(c, 9);
	key_cache_remove(c, 10);
	ASSERT_EQ(0, key_cache_negative_count(c));
	ASSERT_EQ(0, key_cache_positive_count(c));
	key_cache_free(c);
}

TEST(cache_negative_cap_and_purge)
{
	struct key_cache *c = key_cache_new(fake_clock);
	uint32_t i;

	fake_now = 50000;
	for (i = 0; i < KEY_CACHE_NEG_MAX / 2; i++)
		ASSERT_TRUE(key_cache_fail(c, i, 1));
	fake_now += 1000;
	for (; i < KEY_CACHE_NEG_MAX; i++)
		ASSERT_TRUE(key_cache_fail(c, i, 1));
	ASSERT_EQ(4096, key_cache_negative_count(c));
	/* full and nothing 3 s old: not recorded */
	ASSERT_FALSE(key_cache_fail(c, 100000, 1));
	ASSERT_FALSE(key_cache_negative(c, 100000, NULL));
	ASSERT_EQ(4096, key_cache_negative_count(c));
	/* an existing node is refreshed even when full */
	ASSERT_TRUE(key_cache_fail(c, 5, 1));
	/* the first half turns 3 s old: purged to make room */
	fake_now += 2000;
	ASSERT_TRUE(key_cache_fail(c, 100000, 1));
	ASSERT_TRUE(key_cache_negative(c, 100000, NULL));
	ASSERT_EQ(KEY_CACHE_NEG_MAX / 2 + 2, key_cache_negative_count(c));
	ASSERT_TRUE(key_cache_negative(c, 5, NULL));	/* refreshed, kept */
	ASSERT_FALSE(key_cache_negative(c, 6, NULL));
	ASSERT_TRUE(key_cache_negative(c, KEY_CACHE_NEG_MAX - 1, NULL));
	key_cache_free(c);
}

/* ---- the verify-request decisions, with a fake registry ---- */

struct fake_node {
	uint32_t node_id;
	enum registry_status st;
	uint8_t key[32];
};

static struct fake_node fake_nodes[8];
static unsigned int fake_calls, fake_resolves;

struct registry {
	int dummy;
};

struct registry *registry_new(const struct registry_config *cfg)
{
	return calloc(1, sizeof(struct registry));
}

void registry_free(struct registry *r)
{
	free(r);
}

enum registry_status registry_lookup(struct registry *r, uint32_t node_id,
				     uint8_t key[32], char *err, size_t errlen)
{
	size_t i;

	fake_calls++;
	for (i = 0; i < 8; i++) {
		if (fake_nodes[i].node_id != node_id)
			continue;
		if (fake_nodes[i].st == REGISTRY_OK)
			memcpy(key, fake_nodes[i].key, 32);
		else
			snprintf(err, errlen, "fake says %d", fake_nodes[i].st);
		return fake_nodes[i].st;
	}
	snprintf(err, errlen, "node %u not found", node_id);
	return REGISTRY_NOT_FOUND;
}

enum registry_status registry_resolve(struct registry *r, uint32_t node_id,
				      uint32_t requester_id,
				      const uint8_t secret_key[64],
				      struct sockaddr_storage *endpoint,
				      char *err, size_t errlen)
{
	fake_resolves++;
	if (node_id == 77) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)endpoint;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(4000);
		s4->sin_addr.s_addr = htonl(0xc0000207);
		return REGISTRY_OK;
	}
	snprintf(err, errlen, "unreachable");
	return REGISTRY_UNREACHABLE;
}

/* A signed PILA request from the spec's node A (0x11111111). */
static void pila_request(struct verify_request *rq, uint32_t node_id)
{
	struct identity id;

	memset(rq, 0, sizeof(*rq));
	spec_identity(&id);
	rq->ifindex = 5;
	rq->cookie = 99;
	rq->node_id = node_id;
	rq->has_public_key = rq->has_identity_key = rq->has_signature = true;
	unhex(rq->public_key, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	memcpy(rq->identity_key, id.pk, 32);
	pilot_sign_challenge(rq->signature, &id, node_id, rq->public_key);
	identity_wipe(&id);
}

FIXTURE(decide) {
	struct keyd k;
	struct verify_request rq;
	struct verify_reply rp;
	uint8_t pk[32];
	uint8_t other[32];
};

FIXTURE_SETUP(decide)
{
	fake_now = 1000;
	fake_calls = fake_resolves = 0;
	memset(fake_nodes, 0, sizeof(fake_nodes));
	ASSERT_EQ(0, keyd_init(&self->k, fake_clock));
	self->k.reg = registry_new(NULL);
	unhex(self->pk, PK1);
	unhex(self->other, rfc8032[1].pk);
}

FIXTURE_TEARDOWN(decide)
{
	registry_free(self->k.reg);
	keyd_release(&self->k);
}

TEST_F(decide, pinned_ignores_registry)
{
	pila_request(&self->rq, 0x11111111);
	self->rq.pinned = true;
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_ACCEPTED, self->rp.result);
	ASSERT_TRUE(self->rp.has_key);
	ASSERT_EQ(0, memcmp(self->rp.key, self->pk, 32));
	ASSERT_EQ(99, self->rp.cookie);
	ASSERT_EQ(5, self->rp.ifindex);
	ASSERT_EQ(0x11111111, self->rp.node_id);
	ASSERT_EQ(0, fake_calls);
	self->rq.signature[10] ^= 1;
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_BAD_SIGNATURE, self->rp.result);
	ASSERT_FALSE(self->rp.has_key);
	ASSERT_EQ(0, fake_calls);
}

TEST_F(decide, peers_file_key)
{
	struct peers_table t;
	char err[128];

	ASSERT_EQ(0, parse_text("286331153 " SPEC_PUB "\n", &t, err, sizeof(err)));
	self->k.peers = t;
	pila_request(&self->rq, 0x11111111);
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_ACCEPTED, self->rp.result);
	ASSERT_EQ(0, memcmp(self->rp.key, self->pk, 32));
	ASSERT_EQ(0, fake_calls);
	/* a frame with another key: mismatch, the peers file is the authority */
	memcpy(self->rq.identity_key, self->other, 32);
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_KEY_MISMATCH, self->rp.result);
	ASSERT_EQ(0, fake_calls);
}

TEST_F(decide, registry_cached_then_bad_signature)
{
	fake_nodes[0] = (struct fake_node){ 0x11111111, REGISTRY_OK, { 0 } };
	memcpy(fake_nodes[0].key, self->pk, 32);
	pila_request(&self->rq, 0x11111111);
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_ACCEPTED, self->rp.result);
	ASSERT_EQ(1, fake_calls);
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_ACCEPTED, self->rp.result);
	ASSERT_EQ(1, fake_calls);	/* positive cache */
	self->rq.public_key[0] ^= 1;	/* signature no longer covers it */
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_BAD_SIGNATURE, self->rp.result);
	ASSERT_FALSE(self->rp.has_key);
}

TEST_F(decide, mismatch_then_relookup)
{
	/* cached key is stale; the registry now has the frame's key */
	fake_nodes[0] = (struct fake_node){ 0x11111111, REGISTRY_OK, { 0 } };
	memcpy(fake_nodes[0].key, self->pk, 32);
	ASSERT_EQ(0, key_cache_put(self->k.keys, 0x11111111, self->other));
	pila_request(&self->rq, 0x11111111);
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_ACCEPTED, self->rp.result);
	ASSERT_EQ(1, fake_calls);
	ASSERT_EQ(0, memcmp(self->rp.key, self->pk, 32));
	/* the registry still has another key: one re-lookup, then mismatch */
	memcpy(fake_nodes[0].key, self->other, 32);
	key_cache_invalidate(self->k.keys, 0x11111111);
	fake_calls = 0;
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_KEY_MISMATCH, self->rp.result);
	ASSERT_EQ(2, fake_calls);
	ASSERT_FALSE(self->rp.has_key);
}

TEST_F(decide, unknown_and_negative_cache)
{
	pila_request(&self->rq, 0x11111111);	/* not in the fake: not found */
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_UNKNOWN_NODE, self->rp.result);
	ASSERT_EQ(1, fake_calls);
	fake_now += 2999;
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_UNKNOWN_NODE, self->rp.result);
	ASSERT_EQ(1, fake_calls);	/* negatively cached */
	fake_now += 1;
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(2, fake_calls);
}

TEST_F(decide, unreachable)
{
	fake_nodes[0] = (struct fake_node){ 0x11111111, REGISTRY_UNREACHABLE, { 0 } };
	pila_request(&self->rq, 0x11111111);
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_UNREACHABLE, self->rp.result);
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_UNREACHABLE, self->rp.result);
	ASSERT_EQ(1, fake_calls);
}

TEST_F(decide, pure_lookup_and_no_registry)
{
	fake_nodes[0] = (struct fake_node){ 7, REGISTRY_OK, { 0 } };
	memcpy(fake_nodes[0].key, self->other, 32);
	memset(&self->rq, 0, sizeof(self->rq));
	self->rq.node_id = 7;
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_ACCEPTED, self->rp.result);
	ASSERT_TRUE(self->rp.has_key);
	ASSERT_EQ(0, memcmp(self->rp.key, self->other, 32));
	registry_free(self->k.reg);
	self->k.reg = NULL;
	self->rq.node_id = 8;
	keyd_handle_verify(&self->k, "pilot0", &self->rq, &self->rp);
	ASSERT_EQ(PILOT_AUTH_RESULT_UNKNOWN_NODE, self->rp.result);
}

TEST_F(decide, resolve)
{
	struct identity id;
	struct sockaddr_storage ep;
	struct peers_table t;
	char err[128], text[64];

	spec_identity(&id);
	self->k.id = &id;
	ASSERT_EQ(0, parse_text("5 " SPEC_PUB " 198.51.100.5:7000\n6 " SPEC_PUB "\n",
				&t, err, sizeof(err)));
	self->k.peers = t;
	ASSERT_EQ(0, keyd_handle_resolve(&self->k, "pilot0", 5, 1, &ep));
	format_endpoint(text, sizeof(text), &ep);
	ASSERT_STREQ("198.51.100.5:7000", text);
	ASSERT_EQ(0, fake_resolves);
	ASSERT_EQ(0, keyd_handle_resolve(&self->k, "pilot0", 77, 1, &ep));
	format_endpoint(text, sizeof(text), &ep);
	ASSERT_STREQ("192.0.2.7:4000", text);
	ASSERT_EQ(1, fake_resolves);
	ASSERT_EQ(-EHOSTUNREACH, keyd_handle_resolve(&self->k, "pilot0", 6, 1, &ep));
	ASSERT_EQ(-EAGAIN, keyd_handle_resolve(&self->k, "pilot0", 6, 1, &ep));
	ASSERT_EQ(2, fake_resolves);
	fake_now += 3000;
	ASSERT_EQ(-EHOSTUNREACH, keyd_handle_resolve(&self->k, "pilot0", 6, 1, &ep));
	ASSERT_EQ(3, fake_resolves);
	self->k.id = NULL;
	identity_wipe(&id);
}

/* ---- keyd.conf ---- */

static int parse_conf(struct keyd_config *c, const char *text, char *err,
		      size_t errlen)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!f)
		abort();
	ret = keyd_config_parse(c, f, "keyd.conf", err, errlen);
	fclose(f);
	return ret;
}

TEST(config_file)
{
	struct keyd_config c;
	char err[256];

	keyd_config_init(&c);
	ASSERT_EQ(0, parse_conf(&c, "# keyd\n[Keyd]\n"
				"Identity = /x/id.json\n  peers=/x/peers  # static\n"
				"Registry = reg.example:9000\nRegistryTLS = on\n"
				"RegistryFingerprint = " "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff"
				"00112233445566778899AABBCCDDEEFF\n"
				"Device = pilot0, pilot1\nDevice = pilot2\n", err, sizeof(err)));
	ASSERT_STREQ("/x/id.json", c.identity);
	ASSERT_STREQ("/x/peers", c.peers);
	ASSERT_STREQ("reg.example:9000", c.registry);
	ASSERT_TRUE(c.registry_tls);
	ASSERT_TRUE(c.has_fingerprint);
	ASSERT_EQ(0x00, c.fingerprint[0]);
	ASSERT_EQ(0xff, c.fingerprint[15]);
	ASSERT_EQ(0xaa, c.fingerprint[26]);
	ASSERT_EQ(3, c.n_devices);
	ASSERT_TRUE(keyd_serves(&c, "pilot2"));
	ASSERT_FALSE(keyd_serves(&c, "pilot3"));
	keyd_config_release(&c);
	ASSERT_TRUE(keyd_serves(&c, "pilot3"));	/* none: all */
}

TEST(config_file_errors)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "Identity /x\n", "keyd.conf:1: expected Key = Value" },
		{ "\n[Interface]\n", "keyd.conf:2: unknown section [Interface]" },
		{ "Colour = blue\n", "keyd.conf:1: unknown key \"Colour\"" },
		{ "RegistryTLS = yes\n", "keyd.conf:1: bad RegistryTLS \"yes\"" },
		{ "RegistryFingerprint = 0011\n", "keyd.conf:1: bad RegistryFingerprint" },
		{ "Device = averyveryverylongname\n", "keyd.conf:1: device name" },
	};
	struct keyd_config c;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		keyd_config_init(&c);
		ASSERT_EQ(-EINVAL, parse_conf(&c, cases[i].text, err, sizeof(err)));
		ASSERT_EQ(0, strncmp(err, cases[i].want, strlen(cases[i].want)))
			TH_LOG("case %zu: got \"%s\"", i, err);
		keyd_config_release(&c);
	}
}

/* ---- netlink messages (no socket) ---- */

static struct nl_msg *notification(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 0, 0, 0x20, 0, 0, cmd, PILOT_FAMILY_VERSION))
		abort();
	return msg;
}

static struct nlattr **parse_reply(struct nl_msg *msg, struct nlattr **tb)
{
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_KEYD_MAX, NULL))
		abort();
	return tb;
}

TEST(messages_verify_request)
{
	struct keyd_event ev;
	struct nl_msg *msg;
	uint8_t x[32], ed[32], sig[64];

	memset(x, 0x11, 32);
	memset(ed, 0x22, 32);
	memset(sig, 0x33, 64);
	msg = notification(PILOT_CMD_VERIFY_REQUEST_NTF);
	nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, 4);
	nla_put_u32(msg, PILOT_A_KEYD_COOKIE, 0xdeadbeef);
	nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, 7);
	nla_put(msg, PILOT_A_KEYD_PUBLIC_KEY, 32, x);
	nla_put(msg, PILOT_A_KEYD_IDENTITY_KEY, 32, ed);
	nla_put(msg, PILOT_A_KEYD_SIGNATURE, 64, sig);
	nla_put_flag(msg, PILOT_A_KEYD_PINNED);
	ASSERT_EQ(1, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);
	ASSERT_EQ(KEYD_EV_VERIFY, ev.kind);
	ASSERT_EQ(4, ev.verify.ifindex);
	ASSERT_EQ(0xdeadbeef, ev.verify.cookie);
	ASSERT_EQ(7, ev.verify.node_id);
	ASSERT_TRUE(ev.verify.has_public_key);
	ASSERT_EQ(0, memcmp(ev.verify.public_key, x, 32));
	ASSERT_TRUE(ev.verify.has_identity_key);
	ASSERT_EQ(0, memcmp(ev.verify.identity_key, ed, 32));
	ASSERT_TRUE(ev.verify.has_signature);
	ASSERT_EQ(0, memcmp(ev.verify.signature, sig, 64));
	ASSERT_TRUE(ev.verify.pinned);

	/* a pure lookup: no keys, no signature, not pinned */
	msg = notification(PILOT_CMD_VERIFY_REQUEST_NTF);
	nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, 4);
	nla_put_u32(msg, PILOT_A_KEYD_COOKIE, 1);
	nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, 8);
	nla_put(msg, PILOT_A_KEYD_SIGNATURE, 63, sig);	/* wrong length */
	ASSERT_EQ(1, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);
	ASSERT_FALSE(ev.verify.has_signature);
	ASSERT_FALSE(ev.verify.has_public_key);
	ASSERT_FALSE(ev.verify.pinned);

	/* no cookie: nothing to answer */
	msg = notification(PILOT_CMD_VERIFY_REQUEST_NTF);
	nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, 4);
	nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, 8);
	ASSERT_EQ(-EINVAL, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);
	/* a short node-id */
	msg = notification(PILOT_CMD_VERIFY_REQUEST_NTF);
	nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, 4);
	nla_put_u32(msg, PILOT_A_KEYD_COOKIE, 1);
	nla_put_u16(msg, PILOT_A_KEYD_NODE_ID, 8);
	ASSERT_EQ(-EINVAL, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);
}

TEST(messages_sign_and_resolve_requests)
{
	struct keyd_event ev;
	struct nl_msg *msg;
	uint8_t x[32];

	memset(x, 0x44, 32);
	msg = notification(PILOT_CMD_SIGN_REQUEST_NTF);
	nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, 3);
	nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, 0x11111111);
	nla_put(msg, PILOT_A_KEYD_PUBLIC_KEY, 32, x);
	ASSERT_EQ(1, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);
	ASSERT_EQ(KEYD_EV_SIGN, ev.kind);
	ASSERT_EQ(3, ev.ifindex);
	ASSERT_EQ(0x11111111, ev.node_id);
	ASSERT_EQ(0, memcmp(ev.public_key, x, 32));
	/* a sign request without the key cannot be served */
	msg = notification(PILOT_CMD_SIGN_REQUEST_NTF);
	nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, 3);
	nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, 1);
	ASSERT_EQ(-EINVAL, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);

	msg = notification(PILOT_CMD_RESOLVE_REQUEST_NTF);
	nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, 3);
	nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, 77);
	ASSERT_EQ(1, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);
	ASSERT_EQ(KEYD_EV_RESOLVE, ev.kind);
	ASSERT_EQ(77, ev.node_id);
	/* another command of the family is not ours */
	msg = notification(PILOT_CMD_AUTH_FAILED_NTF);
	nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, 3);
	nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, 77);
	ASSERT_EQ(0, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);
}

TEST(messages_peer_del)
{
	struct pilot_peer_info p = { .node_id = 12 };
	struct keyd_event ev;
	struct nl_msg *msg;

	msg = notification(PILOT_CMD_PEER_DEL_NTF);
	nla_put_u32(msg, PILOT_A_DEVICE_IFINDEX, 6);
	ASSERT_EQ(0, pilot_nl_put_peer(msg, &p));
	ASSERT_EQ(1, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);
	ASSERT_EQ(KEYD_EV_PEER_DEL, ev.kind);
	ASSERT_EQ(6, ev.ifindex);
	ASSERT_EQ(12, ev.node_id);
	/* without its peer nest */
	msg = notification(PILOT_CMD_PEER_DEL_NTF);
	nla_put_u32(msg, PILOT_A_DEVICE_IFINDEX, 6);
	ASSERT_EQ(-EINVAL, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);
	/* the group's other notifications are not ours */
	msg = notification(PILOT_CMD_PEER_ADD_NTF);
	nla_put_u32(msg, PILOT_A_DEVICE_IFINDEX, 6);
	ASSERT_EQ(0, pilot_nl_put_peer(msg, &p));
	ASSERT_EQ(0, keyd_parse_event(msg, &ev));
	nlmsg_free(msg);
}

TEST(messages_replies)
{
	struct nlattr *tb[PILOT_A_KEYD_MAX + 1], *dtb[PILOT_A_DEVICE_MAX + 1];
	struct verify_reply rp = { .ifindex = 4, .cookie = 9, .node_id = 7,
				   .result = PILOT_AUTH_RESULT_ACCEPTED,
				   .has_key = true };
	struct pilot_peer_info peer;
	struct sockaddr_storage ep;
	uint8_t x[32], ed[32], sig[64];
	struct nl_msg *msg;

	memset(rp.key, 0x55, 32);
	msg = notification(PILOT_CMD_VERIFY_REPLY);
	ASSERT_EQ(0, keyd_put_verify_reply(msg, &rp));
	parse_reply(msg, tb);
	ASSERT_EQ(4, nla_get_u32(tb[PILOT_A_KEYD_IFINDEX]));
	ASSERT_EQ(9, nla_get_u32(tb[PILOT_A_KEYD_COOKIE]));
	ASSERT_EQ(7, nla_get_u32(tb[PILOT_A_KEYD_NODE_ID]));
	ASSERT_EQ(PILOT_AUTH_RESULT_ACCEPTED, nla_get_u32(tb[PILOT_A_KEYD_RESULT]));
	ASSERT_EQ(32, nla_len(tb[PILOT_A_KEYD_IDENTITY_KEY]));
	ASSERT_EQ(0, memcmp(nla_data(tb[PILOT_A_KEYD_IDENTITY_KEY]), rp.key, 32));
	nlmsg_free(msg);
	/* a refusal carries no key */
	rp.result = PILOT_AUTH_RESULT_BAD_SIGNATURE;
	rp.has_key = false;
	msg = notification(PILOT_CMD_VERIFY_REPLY);
	ASSERT_EQ(0, keyd_put_verify_reply(msg, &rp));
	parse_reply(msg, tb);
	ASSERT_EQ(NULL, tb[PILOT_A_KEYD_IDENTITY_KEY]);
	ASSERT_EQ(PILOT_AUTH_RESULT_BAD_SIGNATURE, nla_get_u32(tb[PILOT_A_KEYD_RESULT]));
	nlmsg_free(msg);

	memset(x, 1, 32);
	memset(ed, 2, 32);
	memset(sig, 3, 64);
	msg = notification(PILOT_CMD_IDENTITY_SET);
	ASSERT_EQ(0, keyd_put_identity_set(msg, 4, 0x11111111, x, ed, sig));
	parse_reply(msg, tb);
	ASSERT_EQ(4, nla_get_u32(tb[PILOT_A_KEYD_IFINDEX]));
	ASSERT_EQ(0x11111111, nla_get_u32(tb[PILOT_A_KEYD_NODE_ID]));
	ASSERT_EQ(0, memcmp(nla_data(tb[PILOT_A_KEYD_PUBLIC_KEY]), x, 32));
	ASSERT_EQ(0, memcmp(nla_data(tb[PILOT_A_KEYD_IDENTITY_KEY]), ed, 32));
	ASSERT_EQ(64, nla_len(tb[PILOT_A_KEYD_SIGNATURE]));
	ASSERT_EQ(0, memcmp(nla_data(tb[PILOT_A_KEYD_SIGNATURE]), sig, 64));
	nlmsg_free(msg);

	ASSERT_TRUE(parse_endpoint("[2001:db8::7]:4000", &ep));
	msg = notification(PILOT_CMD_PEER_NEW);
	ASSERT_EQ(0, keyd_put_peer_new(msg, 4, 7, &ep));
	ASSERT_EQ(0, genlmsg_parse(nlmsg_hdr(msg), 0, dtb, PILOT_A_DEVICE_MAX, NULL));
	ASSERT_EQ(4, nla_get_u32(dtb[PILOT_A_DEVICE_IFINDEX]));
	ASSERT_NE(NULL, dtb[PILOT_A_DEVICE_PEER]);
	memset(&peer, 0, sizeof(peer));
	ASSERT_EQ(0, pilot_nl_peer_parse(dtb[PILOT_A_DEVICE_PEER], &peer));
	ASSERT_EQ(7, peer.node_id);
	ASSERT_EQ(AF_INET6, peer.endpoint_family);
	ASSERT_EQ(4000, peer.endpoint_port);
	ASSERT_EQ(0x20, peer.endpoint_addr[0]);
	ASSERT_EQ(7, peer.endpoint_addr[15]);
	ASSERT_FALSE(peer.has_identity);
	ASSERT_EQ(0, peer.n_aips);
	free(peer.aips);
	nlmsg_free(msg);
	ep.ss_family = AF_UNIX;
	msg = notification(PILOT_CMD_PEER_NEW);
	ASSERT_EQ(-EAFNOSUPPORT, keyd_put_peer_new(msg, 4, 7, &ep));
	nlmsg_free(msg);
}

/* ---- the request queue ---- */

TEST(queue_bounded_fifo)
{
	static struct keyd_queue q;
	struct keyd_event ev = { .kind = KEYD_EV_VERIFY }, out;
	struct verify_reply rp;
	uint32_t i;

	ASSERT_FALSE(keyd_queue_pop(&q, &out));
	for (i = 0; i < KEYD_QUEUE_MAX; i++) {
		ev.node_id = i;
		ASSERT_TRUE(keyd_queue_push(&q, &ev));
	}
	ev.node_id = 1000;
	ASSERT_FALSE(keyd_queue_push(&q, &ev));
	ASSERT_TRUE(keyd_queue_pop(&q, &out));
	ASSERT_EQ(0, out.node_id);
	ASSERT_TRUE(keyd_queue_push(&q, &ev));	/* wraps around */
	for (i = 1; i < KEYD_QUEUE_MAX; i++) {
		ASSERT_TRUE(keyd_queue_pop(&q, &out));
		ASSERT_EQ(i, out.node_id);
	}
	ASSERT_TRUE(keyd_queue_pop(&q, &out));
	ASSERT_EQ(1000, out.node_id);
	ASSERT_FALSE(keyd_queue_pop(&q, &out));

	ev.ifindex = 3;
	ev.node_id = 7;
	ev.verify.cookie = 42;
	keyd_busy_reply(&ev, &rp);
	ASSERT_EQ(3, rp.ifindex);
	ASSERT_EQ(7, rp.node_id);
	ASSERT_EQ(42, rp.cookie);
	ASSERT_EQ(PILOT_AUTH_RESULT_BUSY, rp.result);
	ASSERT_FALSE(rp.has_key);
}

/* ---- daemon.c over a fake kernel ---- */

#define FAKE_DEVS 4
#define FAKE_LOG 300

static struct {
	struct pilot_device_info devs[FAKE_DEVS];
	size_t n_devs;
	int refuse;			/* identity-set's errno, 0: by staleness */
	unsigned int sets, set_ok;
	uint32_t set_node[FAKE_LOG];
	uint8_t set_pk[FAKE_LOG][32];
	struct verify_reply replies[FAKE_LOG];
	unsigned int n_replies;
	uint32_t new_peer[FAKE_LOG];
	struct sockaddr_storage new_ep[FAKE_LOG];
	unsigned int n_new_peers;
	int peer_new_err;
} fk;

static struct pilot_device_info *fake_dev(uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < fk.n_devs; i++)
		if (fk.devs[i].ifindex == ifindex)
			return &fk.devs[i];
	return NULL;
}

int kernel_identity_set(struct keyd_kernel *k, uint32_t ifindex,
			uint32_t node_id, const uint8_t public_key[32],
			const struct identity *id)
{
	struct pilot_device_info *dev = fake_dev(ifindex);
	uint8_t sig[64];

	fk.set_node[fk.sets] = node_id;
	memcpy(fk.set_pk[fk.sets++], public_key, 32);
	if (!dev)
		return -ENODEV;
	if (fk.refuse)
		return -fk.refuse;
	if (dev->node_id != node_id || memcmp(dev->public_key, public_key, 32))
		return -ESTALE;
	/* what the kernel would check, and what the daemon would sign */
	pilot_sign_challenge(sig, id, node_id, public_key);
	if (!pilot_verify_challenge(sig, id->pk, node_id, public_key))
		return -EBADMSG;
	memcpy(dev->identity_key, id->pk, 32);
	dev->has_identity = true;
	fk.set_ok++;
	return 0;
}

int kernel_verify_reply(struct keyd_kernel *k, const struct verify_reply *rp)
{
	fk.replies[fk.n_replies++ % FAKE_LOG] = *rp;
	return 0;
}

int kernel_peer_new(struct keyd_kernel *k, uint32_t ifindex, uint32_t node_id,
		    const struct sockaddr_storage *ep)
{
	fk.new_peer[fk.n_new_peers] = node_id;
	fk.new_ep[fk.n_new_peers++] = *ep;
	return fk.peer_new_err;
}

const char *kernel_strerror(const struct keyd_kernel *k, int err)
{
	return strerror(-err);
}

int kernel_dev_list(struct keyd_kernel *k, struct pilot_device_info **list,
		    size_t *count)
{
	*list = calloc(FAKE_DEVS, sizeof(**list));
	if (!*list)
		return -ENOMEM;
	memcpy(*list, fk.devs, fk.n_devs * sizeof(**list));
	*count = fk.n_devs;
	return 0;
}

const char *kernel_ifname(struct keyd_kernel *k, uint32_t ifindex,
			  char buf[IF_NAMESIZE])
{
	snprintf(buf, IF_NAMESIZE, "pilot%u", ifindex);
	return buf;
}

static void fake_device(uint32_t ifindex, uint32_t node_id, uint8_t key_byte)
{
	struct pilot_device_info *d = &fk.devs[fk.n_devs++];

	memset(d, 0, sizeof(*d));
	d->ifindex = ifindex;
	snprintf(d->ifname, sizeof(d->ifname), "pilot%u", ifindex);
	d->node_id = node_id;
	memset(d->public_key, key_byte, 32);
}

FIXTURE(daemon) {
	struct daemon *d;
	struct keyd_config cfg;
};

FIXTURE_SETUP(daemon)
{
	memset(&fk, 0, sizeof(fk));
	fake_now = 1000;
	keyd_config_init(&self->cfg);
	self->d = calloc(1, sizeof(*self->d));
	ASSERT_NE(NULL, self->d);
	ASSERT_EQ(0, keyd_init(&self->d->st, fake_clock));
	self->d->cfg = &self->cfg;
	spec_identity(&self->d->id);
	self->d->st.id = &self->d->id;
}

FIXTURE_TEARDOWN(daemon)
{
	keyd_release(&self->d->st);
	identity_wipe(&self->d->id);
	free(self->d);
	keyd_config_release(&self->cfg);
}

TEST_F(daemon, resync_signs_served_devices_with_a_key)
{
	fake_device(1, 0x11111111, 0xaa);
	fake_device(2, 0x22222222, 0);		/* no X25519 key yet */
	fake_device(3, 0x33333333, 0xcc);
	daemon_resync(self->d);
	ASSERT_EQ(2, fk.sets);
	ASSERT_EQ(2, fk.set_ok);
	ASSERT_TRUE(fk.devs[0].has_identity);
	ASSERT_FALSE(fk.devs[1].has_identity);
	ASSERT_TRUE(fk.devs[2].has_identity);
	/* --device pilot3: only that one */
	memset(&fk.sets, 0, sizeof(fk.sets));
	fk.set_ok = 0;
	ASSERT_EQ(0, keyd_config_set(&self->cfg, "Device", "pilot3", NULL, 0));
	daemon_resync(self->d);
	ASSERT_EQ(1, fk.sets);
	ASSERT_EQ(0x33333333, fk.set_node[0]);
}

TEST_F(daemon, stale_sign_request_is_signed_again)
{
	struct keyd_event ev = { .kind = KEYD_EV_SIGN, .ifindex = 1,
				 .node_id = 0x11111111, .has_public_key = true };

	fake_device(1, 0x11111111, 0xbb);	/* the key changed since */
	memset(ev.public_key, 0xaa, 32);
	daemon_handle(self->d, &ev);
	ASSERT_EQ(2, fk.sets);
	ASSERT_EQ(1, fk.set_ok);
	ASSERT_EQ(0xaa, fk.set_pk[0][0]);
	ASSERT_EQ(0xbb, fk.set_pk[1][0]);
	/* a refusal that is not staleness is not retried */
	fk.sets = fk.set_ok = 0;
	fk.refuse = EOPNOTSUPP;
	memset(ev.public_key, 0xbb, 32);
	daemon_handle(self->d, &ev);
	ASSERT_EQ(1, fk.sets);
	ASSERT_EQ(0, fk.set_ok);
	/* nor is a device that went away */
	fk.sets = 0;
	fk.refuse = 0;
	ev.ifindex = 9;
	daemon_handle(self->d, &ev);
	ASSERT_EQ(1, fk.sets);
}

TEST_F(daemon, verify_request_is_answered)
{
	struct keyd_event ev = { .kind = KEYD_EV_VERIFY, .ifindex = 1,
				 .node_id = 0x11111111 };
	struct peers_table t;
	char err[128];

	ASSERT_EQ(0, parse_text("286331153 " SPEC_PUB "\n", &t, err, sizeof(err)));
	self->d->st.peers = t;
	pila_request(&ev.verify, 0x11111111);
	ev.verify.ifindex = 1;
	daemon_handle(self->d, &ev);
	ASSERT_EQ(1, fk.n_replies);
	ASSERT_EQ(PILOT_AUTH_RESULT_ACCEPTED, fk.replies[0].result);
	ASSERT_EQ(99, fk.replies[0].cookie);
	ASSERT_EQ(1, fk.replies[0].ifindex);
	ev.verify.signature[0] ^= 1;
	daemon_handle(self->d, &ev);
	ASSERT_EQ(2, fk.n_replies);
	ASSERT_EQ(PILOT_AUTH_RESULT_BAD_SIGNATURE, fk.replies[1].result);
}

TEST_F(daemon, full_queue_answers_busy)
{
	struct keyd_event ev = { .kind = KEYD_EV_VERIFY, .ifindex = 1 };
	unsigned int i;

	for (i = 0; i < KEYD_QUEUE_MAX; i++) {
		ev.node_id = i;
		ev.verify.cookie = i;
		daemon_enqueue(&ev, self->d);
	}
	ASSERT_EQ(KEYD_QUEUE_MAX, self->d->queue.len);
	ASSERT_EQ(0, fk.n_replies);
	ev.verify.cookie = 5000;
	daemon_enqueue(&ev, self->d);
	ASSERT_EQ(1, fk.n_replies);
	ASSERT_EQ(PILOT_AUTH_RESULT_BUSY, fk.replies[0].result);
	ASSERT_EQ(5000, fk.replies[0].cookie);
	/* a sign request finding it full becomes a re-sync */
	ev.kind = KEYD_EV_SIGN;
	ASSERT_FALSE(self->d->resync);
	daemon_enqueue(&ev, self->d);
	ASSERT_TRUE(self->d->resync);
	/* a device not served is not queued */
	ASSERT_EQ(0, keyd_config_set(&self->cfg, "Device", "pilot7", NULL, 0));
	self->d->queue.len = 0;
	ev.kind = KEYD_EV_VERIFY;
	daemon_enqueue(&ev, self->d);
	ASSERT_EQ(0, self->d->queue.len);
}

TEST_F(daemon, resolve_adds_a_peer)
{
	struct keyd_event ev = { .kind = KEYD_EV_RESOLVE, .ifindex = 1,
				 .node_id = 5 };
	struct peers_table t;
	char err[128], text[64];

	fake_device(1, 0x11111111, 0xaa);
	ASSERT_EQ(0, parse_text("5 " SPEC_PUB " 198.51.100.5:7000\n", &t, err, sizeof(err)));
	self->d->st.peers = t;
	daemon_handle(self->d, &ev);
	ASSERT_EQ(1, fk.n_new_peers);
	ASSERT_EQ(5, fk.new_peer[0]);
	format_endpoint(text, sizeof(text), &fk.new_ep[0]);
	ASSERT_STREQ("198.51.100.5:7000", text);
	/* unknown without a registry: nothing added */
	ev.node_id = 6;
	daemon_handle(self->d, &ev);
	ASSERT_EQ(1, fk.n_new_peers);
	/* the device is gone: nothing asked */
	ev.node_id = 5;
	fk.n_devs = 0;
	daemon_handle(self->d, &ev);
	ASSERT_EQ(1, fk.n_new_peers);
}

TEST_F(daemon, reload_keeps_old_table_on_error)
{
	const char *path = tmppath("peers");

	self->cfg.peers = strdup(path);
	write_file(path, "7 " SPEC_PUB "\n8 " SPEC_PUB "\n", 0644);
	daemon_reload_peers(self->d);
	ASSERT_EQ(2, self->d->st.peers.n);
	write_file(path, "7 " SPEC_PUB "\n9 not-a-key\n", 0644);
	daemon_reload_peers(self->d);
	ASSERT_EQ(2, self->d->st.peers.n);
	ASSERT_NE(NULL, peers_find(&self->d->st.peers, 8));
	write_file(path, "9 " SPEC_PUB "\n", 0644);
	daemon_reload_peers(self->d);
	ASSERT_EQ(1, self->d->st.peers.n);
	ASSERT_NE(NULL, peers_find(&self->d->st.peers, 9));
	unlink(path);
}

TEST_F(daemon, removed_peer_is_forgotten)
{
	struct keyd_event ev = { .kind = KEYD_EV_PEER_DEL, .ifindex = 1,
				 .node_id = 7 };
	uint8_t key[32] = { 7 };

	ASSERT_EQ(0, key_cache_put(self->d->st.keys, 7, key));
	ASSERT_TRUE(key_cache_fail(self->d->st.keys, 8, 1));
	ASSERT_TRUE(key_cache_fail(self->d->st.resolves, 7, -ENOENT));
	daemon_enqueue(&ev, self->d);
	ASSERT_EQ(0, self->d->queue.len);
	ASSERT_FALSE(key_cache_get(self->d->st.keys, 7, key));
	ASSERT_FALSE(key_cache_negative(self->d->st.resolves, 7, NULL));
	ASSERT_TRUE(key_cache_negative(self->d->st.keys, 8, NULL));
	ev.node_id = 8;
	daemon_enqueue(&ev, self->d);
	ASSERT_FALSE(key_cache_negative(self->d->st.keys, 8, NULL));
}

TEST_HARNESS_MAIN
