// SPDX-License-Identifier: GPL-2.0
/*
 * The registry's JSON messages (spec §9.2): building the lookup and
 * resolve requests, and checking their replies. Only the fields used are
 * read; others are ignored.
 */
#define _GNU_SOURCE	/* strcasestr */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <jansson.h>
#include <sodium.h>

#include "registry_int.h"

/**
 * reg_msg_lookup() - the lookup request of a node's key
 * @node_id: the node
 *
 * Return: the JSON text (free(3) it), or NULL when out of memory.
 */
char *reg_msg_lookup(uint32_t node_id)
{
	json_t *o = json_pack("{s:s, s:I}", "type", "lookup",
			      "node_id", (json_int_t)node_id);
	char *s;

	if (!o)
		return NULL;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

/**
 * reg_msg_resolve() - the signed resolve request of a node's endpoint
 * @node_id: the node
 * @requester_id: this node
 * @secret_key: this node's Ed25519 secret key (seed || public key)
 *
 * The signature covers the ASCII text "resolve:<requester>:<node>".
 *
 * Return: the JSON text (free(3) it), or NULL when out of memory.
 */
char *reg_msg_resolve(uint32_t node_id, uint32_t requester_id,
		      const uint8_t secret_key[64])
{
	char text[40], sig64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES,
				sodium_base64_VARIANT_ORIGINAL)];
	uint8_t sig[crypto_sign_BYTES];
	json_t *o;
	char *s;
	int n;

	n = snprintf(text, sizeof(text), "resolve:%u:%u", requester_id, node_id);
	crypto_sign_detached(sig, NULL, (const uint8_t *)text, n, secret_key);
	sodium_bin2base64(sig64, sizeof(sig64), sig, sizeof(sig),
			  sodium_base64_VARIANT_ORIGINAL);
	o = json_pack("{s:s, s:I, s:I, s:s}", "type", "resolve",
		      "node_id", (json_int_t)node_id,
		      "requester_id", (json_int_t)requester_id,
		      "signature", sig64);
	if (!o)
		return NULL;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

/* The registry's error text, cut short and made one printable line. */
static void copy_text(char *dst, size_t dstlen, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < dstlen; i++)
		dst[i] = isprint((unsigned char)src[i]) ? src[i] : '?';
	dst[i] = '\0';
}

/*
 * Parse a reply and check its type and node; an "error" reply becomes
 * NOT_FOUND when its text says "not found", else BAD_REPLY (the registry
 * refused for another reason: that is no proof the node lacks a key).
 */
static enum registry_status open_reply(const char *buf, size_t len,
				       const char *want_type, uint32_t node_id,
				       json_t **out, char *err, size_t errlen)
{
	const char *type, *text;
	json_error_t jerr;
	json_t *o, *id;
	char clean[128];

	*out = NULL;
	o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o) {
		/* jansson quotes the bytes it choked on: the registry's bytes */
		copy_text(clean, sizeof(clean), jerr.text);
		reg_errf(err, errlen, "malformed reply: %s", clean);
		return REGISTRY_BAD_REPLY;
	}
	type = json_string_value(json_object_get(o, "type"));
	if (type && !strcmp(type, "error")) {
		enum registry_status st;

		text = json_string_value(json_object_get(o, "error"));
		copy_text(clean, sizeof(clean), text ?: "(no text)");
		reg_errf(err, errlen, "registry: %s", clean);
		st = text && strcasestr(text, "not found") ?
		     REGISTRY_NOT_FOUND : REGISTRY_BAD_REPLY;
		json_decref(o);
		return st;
	}
	if (!type || strcmp(type, want_type)) {
		copy_text(clean, sizeof(clean), type ?: "(none)");
		reg_errf(err, errlen, "unexpected reply type \"%s\"", clean);
		goto bad;
	}
	id = json_object_get(o, "node_id");
	if (!json_is_integer(id)) {
		reg_errf(err, errlen, "reply without a node_id");
		goto bad;
	}
	if (json_integer_value(id) != node_id) {
		reg_errf(err, errlen, "reply for node %lld, not %u",
			 (long long)json_integer_value(id), node_id);
		goto bad;
	}
	*out = o;
	return REGISTRY_OK;
bad:
	json_decref(o);
	return REGISTRY_BAD_REPLY;
}

/**
 * reg_parse_lookup() - check a lookup reply and take the key from it
 * @buf: the reply's JSON (not NUL-terminated)
 * @len: its length
 * @node_id: the node asked for
 * @key: receives the node's Ed25519 public key
 * @err: receives the reason when not REGISTRY_OK
 * @errlen: size of @err
 *
 * Return: REGISTRY_OK; REGISTRY_NOT_FOUND for a "not found" error or a
 * missing or empty public_key; REGISTRY_BAD_REPLY otherwise.
 */
enum registry_status reg_parse_lookup(const char *buf, size_t len,
				      uint32_t node_id, uint8_t key[32],
				      char *err, size_t errlen)
{
	enum registry_status st;
	const char *b64;
	size_t klen = 0;
	uint8_t k[32];
	json_t *o, *pk;

	st = open_reply(buf, len, "lookup_ok", node_id, &o, err, errlen);
	if (st)
		return st;
	pk = json_object_get(o, "public_key");
	b64 = json_string_value(pk);
	if (!pk || json_is_null(pk) || (b64 && !*b64)) {
		reg_errf(err, errlen, "node %u has no public key", node_id);
		st = REGISTRY_NOT_FOUND;
	} else if (!b64 ||
		   sodium_base642bin(k, sizeof(k), b64, strlen(b64), NULL, &klen,
				     NULL, sodium_base64_VARIANT_ORIGINAL) ||
		   klen != 32) {
		reg_errf(err, errlen, "node %u: public key is not 32 bytes of base64",
			 node_id);
		st = REGISTRY_BAD_REPLY;
	} else {
		memcpy(key, k, sizeof(k));
	}
	sodium_memzero(k, sizeof(k));
	json_decref(o);
	return st;
}

/**
 * reg_parse_endpoint() - parse "a.b.c.d:port" or "[v6]:port"
 * @s: the text
 * @ss: receives the address
 *
 * Return: 0, or -EINVAL.
 */
int reg_parse_endpoint(const char *s, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	char host[INET6_ADDRSTRLEN], port[8], *end;
	unsigned long p;

	if (reg_split_hostport(s, host, sizeof(host), port, sizeof(port)))
		return -EINVAL;
	if (!isdigit((unsigned char)port[0]))
		return -EINVAL;
	p = strtoul(port, &end, 10);
	if (*end || !p || p > 65535)
		return -EINVAL;
	memset(ss, 0, sizeof(*ss));
	if (s[0] != '[' && inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(p);
	} else if (s[0] == '[' && inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(p);
	} else {
		return -EINVAL;
	}
	return 0;
}

/**
 * reg_parse_resolve() - check a resolve reply and take the endpoint
 * @buf: the reply's JSON (not NUL-terminated)
 * @len: its length
 * @node_id: the node asked for
 * @endpoint: receives its address
 * @err: receives the reason when not REGISTRY_OK
 * @errlen: size of @err
 *
 * Return: REGISTRY_OK; REGISTRY_NOT_FOUND for a "not found" error or a
 * missing or empty real_addr; REGISTRY_BAD_REPLY otherwise (a refused
 * signature included).
 */
enum registry_status reg_parse_resolve(const char *buf, size_t len,
				       uint32_t node_id,
				       struct sockaddr_storage *endpoint,
				       char *err, size_t errlen)
{
	enum registry_status st;
	const char *addr;
	char clean[64];
	json_t *o, *ra;

	st = open_reply(buf, len, "resolve_ok", node_id, &o, err, errlen);
	if (st)
		return st;
	ra = json_object_get(o, "real_addr");
	addr = json_string_value(ra);
	if (!ra || json_is_null(ra) || (addr && !*addr)) {
		reg_errf(err, errlen, "node %u has no endpoint", node_id);
		st = REGISTRY_NOT_FOUND;
	} else if (!addr || reg_parse_endpoint(addr, endpoint)) {
		copy_text(clean, sizeof(clean), addr ?: "(not a string)");
		reg_errf(err, errlen, "node %u: bad endpoint \"%s\"", node_id, clean);
		st = REGISTRY_BAD_REPLY;
	}
	json_decref(o);
	return st;
}
