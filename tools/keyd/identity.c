// SPDX-License-Identifier: GPL-2.0
/*
 * identity.json, as Pilot's Go daemon writes it (spec §9.4):
 *
 *   {
 *     "private_key": "<base64 of seed (32) || public key (32)>",
 *     "public_key": "<base64 of the public key (32)>"
 *   }
 *
 * Standard base64 with padding, two-space indent. A file any group or
 * other user may touch is refused, as is one whose public key is not the
 * one its seed gives. Every copy of the secret this file makes, jansson's
 * included (see zeroing_free()), is wiped before it is freed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <jansson.h>
#include <sodium.h>

#include "identity.h"

/* Larger than any honest identity.json (about 170 bytes). */
#define IDENTITY_MAX_SIZE 4096

/* jansson copies the strings it parses: wipe every block it frees. */
static void zeroing_free(void *p)
{
	if (!p)
		return;
	sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

static void use_zeroing_allocator(void)
{
	json_set_alloc_funcs(malloc, zeroing_free);
}

/* Decode standard padded base64 of exactly @want bytes. */
static int decode_b64(const char *s, uint8_t *out, size_t want)
{
	uint8_t buf[96];
	size_t len = 0;
	const char *end;
	int ret = -1;

	if (sodium_base642bin(buf, sizeof(buf), s, strlen(s), NULL, &len, &end,
			      sodium_base64_VARIANT_ORIGINAL) == 0 &&
	    *end == '\0' && len == want) {
		memcpy(out, buf, want);
		ret = 0;
	}
	sodium_memzero(buf, sizeof(buf));
	return ret;
}

/**
 * identity_parse() - read the text of an identity.json
 * @text: the text (need not be NUL-terminated)
 * @len: its length
 * @id: receives the key pair; wiped on failure
 * @err: receives why it was refused
 * @errlen: its size
 *
 * Both keys must decode to 64 and 32 bytes, and the public key derived
 * from the seed must be the stored one.
 *
 * Return: 0, or -EINVAL.
 */
int identity_parse(const char *text, size_t len, struct identity *id,
		   char *err, size_t errlen)
{
	uint8_t seed_pk[32], seed_sk[64];
	json_t *root, *priv, *pub;
	json_error_t jerr;
	int ret = -EINVAL;

	use_zeroing_allocator();
	memset(id, 0, sizeof(*id));
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(err, errlen, "not JSON (line %d: %s)", jerr.line,
			 jerr.text);
		return -EINVAL;
	}
	priv = json_object_get(root, "private_key");
	pub = json_object_get(root, "public_key");
	if (!json_is_object(root) || !json_is_string(priv) ||
	    !json_is_string(pub)) {
		snprintf(err, errlen,
			 "\"private_key\" or \"public_key\" missing or not a string");
		goto out;
	}
	if (decode_b64(json_string_value(priv), id->sk, sizeof(id->sk))) {
		snprintf(err, errlen,
			 "\"private_key\" is not base64 of 64 bytes");
		goto out;
	}
	if (decode_b64(json_string_value(pub), id->pk, sizeof(id->pk))) {
		snprintf(err, errlen, "\"public_key\" is not base64 of 32 bytes");
		goto out;
	}
	crypto_sign_seed_keypair(seed_pk, seed_sk, id->sk);
	if (sodium_memcmp(seed_pk, id->pk, 32) ||
	    sodium_memcmp(seed_pk, id->sk + 32, 32)) {
		snprintf(err, errlen,
			 "identity file corrupted: the public key is not the private key's");
		goto out;
	}
	ret = 0;
out:
	sodium_memzero(seed_sk, sizeof(seed_sk));
	sodium_memzero(seed_pk, sizeof(seed_pk));
	json_decref(root);
	if (ret)
		identity_wipe(id);
	return ret;
}

/**
 * identity_load() - load and check an identity.json
 * @path: the file
 * @id: receives the key pair; wiped on failure
 * @err: receives why it was refused (never any key material)
 * @errlen: its size
 *
 * Return: 0; -ENOENT when the file does not exist; -EPERM when group or
 * other have any permission on it; -EINVAL when it is malformed; another
 * negative errno when it cannot be read.
 */
int identity_load(const char *path, struct identity *id, char *err,
		  size_t errlen)
{
	char buf[IDENTITY_MAX_SIZE + 1];
	struct stat st;
	ssize_t n;
	size_t len = 0;
	int fd, ret;

	memset(id, 0, sizeof(*id));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ret;
	}
	if (fstat(fd, &st)) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		snprintf(err, errlen, "%s: not a regular file", path);
		goto out;
	}
	if (st.st_mode & 077) {
		ret = -EPERM;
		snprintf(err, errlen,
			 "%s: mode %04o lets others read the identity: chmod 600 %s and retry",
			 path, (unsigned int)(st.st_mode & 07777), path);
		goto out;
	}
	while ((n = read(fd, buf + len, sizeof(buf) - len)) > 0) {
		len += n;
		if (len == sizeof(buf))
			break;
	}
	if (n < 0) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (len > IDENTITY_MAX_SIZE) {
		ret = -EINVAL;
		snprintf(err, errlen, "%s: too large for an identity file", path);
		goto out;
	}
	ret = identity_parse(buf, len, id, err, errlen);
	if (ret) {
		char why[200];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "%s: %s", path, why);
	}
out:
	sodium_memzero(buf, sizeof(buf));
	close(fd);
	return ret;
}

/**
 * identity_format() - the identity.json text of a key pair
 * @id: the key pair
 *
 * Return: the text, to release with identity_text_free(), or NULL
 * without memory.
 */
char *identity_format(const struct identity *id)
{
	char priv[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)];
	char pub[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
	json_t *root;
	char *text = NULL;

	use_zeroing_allocator();
	sodium_bin2base64(priv, sizeof(priv), id->sk, 64,
			  sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(pub, sizeof(pub), id->pk, 32,
			  sodium_base64_VARIANT_ORIGINAL);
	root = json_object();
	if (root && !json_object_set_new(root, "private_key", json_string(priv)) &&
	    !json_object_set_new(root, "public_key", json_string(pub)))
		text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	sodium_memzero(priv, sizeof(priv));
	return text;
}

/**
 * identity_text_free() - wipe and free what identity_format() returned
 * @text: the text, or NULL
 */
void identity_text_free(char *text)
{
	zeroing_free(text);
}

/* Write @len bytes of @data to a new file next to @path, then rename. */
static int write_atomically(const char *path, const char *data, size_t len,
			    char *err, size_t errlen)
{
	char *tmp = NULL, *dcopy = NULL;
	size_t off = 0;
	int fd = -1, dfd = -1, ret;

	if (asprintf(&tmp, "%s.tmp-XXXXXX", path) < 0)
		return -ENOMEM;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600)) {
		ret = -errno;
		goto fail_errno;
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			goto fail_errno;
		}
		off += n;
	}
	if (fsync(fd) || close(fd)) {
		fd = -1;
		ret = -errno;
		goto fail_errno;
	}
	fd = -1;
	/* Never replaces a file that appeared meanwhile. */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE)) {
		ret = -errno;
		goto fail_errno;
	}
	dcopy = strdup(path);
	if (dcopy) {
		dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	ret = 0;
	goto out;
fail_errno:
	snprintf(err, errlen, "%s: %s", path, strerror(-ret));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(dcopy);
	free(tmp);
	return ret;
}

/* Make @path's directory (mode 0700) when it is missing; one level only. */
static int make_parent(const char *path, char *err, size_t errlen)
{
	char *copy = strdup(path);
	const char *dir;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	dir = dirname(copy);
	if (mkdir(dir, 0700) && errno != EEXIST) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
	}
	free(copy);
	return ret;
}

/**
 * identity_create() - make a new identity and save it
 * @path: the file to create; an existing one is never overwritten
 * @id: receives the new key pair; wiped on failure
 * @err: receives why not
 * @errlen: its size
 *
 * The file is written atomically (a temporary file in the same directory,
 * fsync, rename, fsync of the directory) with mode 0600; its directory is
 * created with mode 0700 when missing.
 *
 * Return: 0, -EEXIST, or another negative errno.
 */
int identity_create(const char *path, struct identity *id, char *err,
		    size_t errlen)
{
	char *text;
	int ret;

	memset(id, 0, sizeof(*id));
	if (!access(path, F_OK)) {
		snprintf(err, errlen, "%s: exists already; not overwriting it",
			 path);
		return -EEXIST;
	}
	ret = make_parent(path, err, errlen);
	if (ret)
		return ret;
	crypto_sign_keypair(id->pk, id->sk);
	text = identity_format(id);
	if (!text) {
		identity_wipe(id);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ret = write_atomically(path, text, strlen(text), err, errlen);
	identity_text_free(text);
	if (ret)
		identity_wipe(id);
	return ret;
}

/**
 * identity_wipe() - forget a key pair
 * @id: the key pair
 */
void identity_wipe(struct identity *id)
{
	sodium_memzero(id, sizeof(*id));
}
