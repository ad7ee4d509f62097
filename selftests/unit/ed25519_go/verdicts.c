// SPDX-License-Identifier: GPL-2.0
/*
 * pilot-keyd's verdict (tools/keyd/verify.c) on each line of cases.c's
 * output: "1" or "0" a line.
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "../../../tools/keyd/verify.h"

int main(void)
{
	char a[80], b[80], c[160];
	uint8_t pk[32], m[32], sig[64];
	size_t n;

	if (sodium_init() < 0)
		return 1;
	while (scanf("%79s %79s %159s", a, b, c) == 3) {
		n = 0;
		if (sodium_hex2bin(pk, 32, a, strlen(a), NULL, NULL, NULL) ||
		    (strcmp(b, "-") &&
		     sodium_hex2bin(m, sizeof(m), b, strlen(b), NULL, &n, NULL)) ||
		    sodium_hex2bin(sig, 64, c, strlen(c), NULL, NULL, NULL))
			return 1;
		printf("%d\n", ed25519_verify_go(sig, m, n, pk));
	}
	return 0;
}
