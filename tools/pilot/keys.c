// SPDX-License-Identifier: GPL-2.0
/*
 * Keys: generation, base64 (libsodium), and key files. A private key is
 * never printed; buffers that held one are wiped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sodium.h>

#include "pilot.h"

/**
 * key_from_base64() - decode a key written as 44 characters of base64
 * @key: receives the 32 bytes
 * @b64: the text
 *
 * Return: true when @b64 is exactly one well-formed key.
 */
bool key_from_base64(uint8_t key[PILOT_KEY_LEN], const char *b64)
{
	size_t len;

	if (strlen(b64) != KEY_B64_LEN - 1)
		return false;
	return !sodium_base642bin(key, PILOT_KEY_LEN, b64, KEY_B64_LEN - 1,
				  NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) &&
	       len == PILOT_KEY_LEN;
}

/**
 * key_to_base64() - encode a key as base64, the way wg(8) writes keys
 * @out: receives the text
 * @key: the 32 bytes
 */
void key_to_base64(char out[KEY_B64_LEN], const uint8_t key[PILOT_KEY_LEN])
{
	sodium_bin2base64(out, KEY_B64_LEN, key, PILOT_KEY_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
}

/**
 * secret_fopen() - open a file that holds a private key, for reading
 * @path: the file, or "-" for standard input
 * @iobuf: %SECRET_IOBUF_LEN bytes the stream buffers its reads in, which
 *	secret_fclose() wipes: stdio's own buffer would be freed unwiped
 *
 * Return: the stream, or NULL with errno set.
 */
FILE *secret_fopen(const char *path, char *iobuf)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;

	if (f && setvbuf(f, iobuf, _IOFBF, SECRET_IOBUF_LEN)) {
		int err = errno ?: EINVAL;

		if (f != stdin)
			fclose(f);
		errno = err;
		return NULL;
	}
	return f;
}

/**
 * secret_fclose() - close what secret_fopen() opened and wipe its buffer
 * @f: the stream; standard input is closed too, nothing reads it later
 * @iobuf: its buffer
 */
void secret_fclose(FILE *f, char *iobuf)
{
	fclose(f);
	sodium_memzero(iobuf, SECRET_IOBUF_LEN);
}

/**
 * read_key_file() - read a base64 private key from a file or standard input
 * @path: the file, or "-" for standard input
 * @key: receives the key
 *
 * Warns when others may read the file.
 *
 * Return: 0 or a negative errno (-EINVAL when it holds no valid key).
 */
int read_key_file(const char *path, uint8_t key[PILOT_KEY_LEN])
{
	char buf[128], iobuf[SECRET_IOBUF_LEN];
	struct stat st;
	size_t n;
	FILE *f;
	int err = 0;

	f = secret_fopen(path, iobuf);
	if (!f) {
		err = -errno;
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return err;
	}
	if (f != stdin && !fstat(fileno(f), &st) && (st.st_mode & 077))
		fprintf(stderr, "Warning: `%s' is world accessible\n", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	secret_fclose(f, iobuf);
	buf[n] = '\0';
	while (n && strchr(" \t\r\n", buf[n - 1]))
		buf[--n] = '\0';
	if (!key_from_base64(key, buf)) {
		fprintf(stderr, "%s: %s: not a base64 key\n", prog, path);
		err = -EINVAL;
	}
	sodium_memzero(buf, sizeof(buf));
	return err;
}

/**
 * cmd_genkey() - "pilot genkey": print a new X25519 private key
 * @argc: argument count
 * @argv: arguments
 *
 * Return: exit status.
 */
int cmd_genkey(int argc, char **argv)
{
	uint8_t key[PILOT_KEY_LEN];
	char b64[KEY_B64_LEN];
	struct stat st;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "Usage: %s genkey\n", prog);
		return EINVAL;
	}
	if (!fstat(STDOUT_FILENO, &st) && S_ISREG(st.st_mode) && (st.st_mode & 077))
		fprintf(stderr, "Warning: writing to a file others can read (set umask 077)\n");
	randombytes_buf(key, sizeof(key));
	key[0] &= 248;
	key[31] = (key[31] & 127) | 64;
	key_to_base64(b64, key);
	puts(b64);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(b64, sizeof(b64));
	return 0;
}

/**
 * cmd_pubkey() - "pilot pubkey": read a private key on standard input,
 * print its public key
 * @argc: argument count
 * @argv: arguments
 *
 * Return: exit status.
 */
int cmd_pubkey(int argc, char **argv)
{
	uint8_t key[PILOT_KEY_LEN], pub[PILOT_KEY_LEN];
	char b64[KEY_B64_LEN];
	int err;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "Usage: %s pubkey < private.key\n", prog);
		return EINVAL;
	}
	err = read_key_file("-", key);
	if (err)
		return -err;
	err = crypto_scalarmult_curve25519_base(pub, key);
	sodium_memzero(key, sizeof(key));
	if (err) {
		fprintf(stderr, "%s: no public key derives from this key\n", prog);
		return EINVAL;
	}
	key_to_base64(b64, pub);
	puts(b64);
	return 0;
}
