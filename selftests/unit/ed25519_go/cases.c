// SPDX-License-Identifier: GPL-2.0
/*
 * Ed25519 inputs on which libsodium and Go's crypto/ed25519 may disagree,
 * one a line: "PUBKEY MESSAGE SIGNATURE" in hex ("-" for an empty
 * message). For each encoding of each point of small order (canonical,
 * sign bit flipped, y + p where y < 19):
 *   - as the key, with R = [S]B for a random S;
 *   - as R, under an honest key, with S = k·a (so [S]B - [k]A = O);
 *   - as R, under a key of mixed order (honest + small order), S = k·a;
 * plus R = [r]B, S = r + k·a under keys of mixed order, and honest
 * signatures with S + L and single bit flips.
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>

static const uint8_t ord_l[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
	0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0x10,
};

static const uint8_t field_p[32] = {
	0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
};

static const uint8_t identity[32] = { 1 };

static void mul(uint8_t out[32], const uint8_t k[32], const uint8_t p[32])
{
	uint8_t acc[32];
	int b;

	memcpy(acc, identity, 32);
	for (b = 255; b >= 0; b--) {
		crypto_core_ed25519_add(acc, acc, acc);
		if ((k[b / 8] >> (b % 8)) & 1)
			crypto_core_ed25519_add(acc, acc, p);
	}
	memcpy(out, acc, 32);
}

static void hex(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static void emit(const uint8_t pk[32], const uint8_t *m, size_t n,
		 const uint8_t sig[64])
{
	hex(pk, 32);
	putchar(' ');
	if (n)
		hex(m, n);
	else
		putchar('-');
	putchar(' ');
	hex(sig, 64);
	putchar('\n');
}

static void hram(uint8_t k[32], const uint8_t *r, const uint8_t *a,
		 const uint8_t *m, size_t n)
{
	crypto_hash_sha512_state hs;
	uint8_t h[64];

	crypto_hash_sha512_init(&hs);
	crypto_hash_sha512_update(&hs, r, 32);
	crypto_hash_sha512_update(&hs, a, 32);
	crypto_hash_sha512_update(&hs, m, n);
	crypto_hash_sha512_final(&hs, h);
	crypto_core_ed25519_scalar_reduce(k, h);
}

static void add256(uint8_t out[32], const uint8_t a[32], const uint8_t b[32])
{
	unsigned int c = 0;
	int i;

	for (i = 0; i < 32; i++) {
		c += a[i] + b[i];
		out[i] = c & 0xff;
		c >>= 8;
	}
}

static void random_scalar(uint8_t s[32])
{
	uint8_t wide[64];

	randombytes_buf(wide, sizeof(wide));
	crypto_core_ed25519_scalar_reduce(s, wide);
}

/* The points of order dividing 8, as [L]P for random points P. */
static int torsion_points(uint8_t t[8][32])
{
	uint8_t enc[32], p[32], q[32];
	int n = 0, i, j, dup;

	for (i = 0; i < 1000 && n < 8; i++) {
		randombytes_buf(enc, 32);
		if (crypto_core_ed25519_add(p, enc, identity))
			continue;
		mul(q, ord_l, p);
		for (dup = 0, j = 0; j < n; j++)
			dup |= !memcmp(t[j], q, 32);
		if (!dup)
			memcpy(t[n++], q, 32);
	}
	return n;
}

/* Every encoding of those points Go decodes. */
static int encodings(uint8_t t[8][32], int nt, uint8_t v[32][32])
{
	uint8_t y[32];
	int n = 0, i, j, small;

	for (i = 0; i < nt; i++) {
		memcpy(v[n++], t[i], 32);
		memcpy(v[n], t[i], 32);
		v[n++][31] ^= 0x80;
		memcpy(y, t[i], 32);
		y[31] &= 0x7f;
		small = y[0] < 19;
		for (j = 1; j < 32; j++)
			small &= !y[j];
		if (small) {
			add256(v[n++], y, field_p);
			add256(v[n], y, field_p);
			v[n++][31] ^= 0x80;
		}
	}
	return n;
}

int main(void)
{
	uint8_t t[8][32], v[32][32], seed[32] = { 9 }, pk[32], sk[64], a[32];
	uint8_t wide[64] = { 0 }, sig[64], s2[64], k[32], ka[32], mk[32];
	uint8_t r[32], m[2];
	int nt, nv, i, j;

	if (sodium_init() < 0)
		return 1;
	nt = torsion_points(t);
	nv = encodings(t, nt, v);
	crypto_sign_seed_keypair(pk, sk, seed);
	crypto_sign_ed25519_sk_to_curve25519(a, sk);
	memcpy(wide, a, 32);
	crypto_core_ed25519_scalar_reduce(a, wide);
	for (i = 0; i < nv; i++) {
		for (j = 0; j < 16; j++) {
			m[0] = i;
			m[1] = j;
			random_scalar(sig + 32);
			crypto_scalarmult_ed25519_base_noclamp(sig, sig + 32);
			emit(v[i], m, 2, sig);

			memcpy(sig, v[i], 32);
			hram(k, sig, pk, m, 2);
			crypto_core_ed25519_scalar_mul(sig + 32, k, a);
			emit(pk, m, 2, sig);

			crypto_core_ed25519_add(mk, pk, t[j % nt]);
			memcpy(sig, v[i], 32);
			hram(k, sig, mk, m, 2);
			crypto_core_ed25519_scalar_mul(sig + 32, k, a);
			emit(mk, m, 2, sig);

			random_scalar(r);
			crypto_scalarmult_ed25519_base_noclamp(sig, r);
			hram(k, sig, mk, m, 2);
			crypto_core_ed25519_scalar_mul(ka, k, a);
			crypto_core_ed25519_scalar_add(sig + 32, r, ka);
			emit(mk, m, 2, sig);
		}
	}
	for (i = 0; i < 64; i++) {
		m[0] = i;
		crypto_sign_detached(sig, NULL, m, 1, sk);
		emit(pk, m, 1, sig);
		memcpy(s2, sig, 32);
		add256(s2 + 32, sig + 32, ord_l);
		emit(pk, m, 1, s2);
		memcpy(s2, sig, 64);
		s2[i] ^= 1 << (i % 8);
		emit(pk, m, 1, s2);
	}
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(a, sizeof(a));
	return 0;
}
