// SPDX-License-Identifier: GPL-2.0
/*
 * The static peers file, one node a line:
 *
 *   # NODE-ID  ED25519-KEY (base64)                          [ENDPOINT]
 *   7          11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=  192.0.2.7:4000
 *   0x2a       <base64>                                      [2001:db8::2a]:4000
 *
 * Node IDs are decimal or 0x-prefixed hex; '#' starts a comment; blank
 * lines are skipped. A node may appear once. Errors name the line.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sodium.h>

#include "peers_file.h"

#define PEERS_LINE_MAX 1024

static bool parse_port(const char *s, uint16_t *port)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

/**
 * parse_endpoint() - parse "a.b.c.d:port" or "[v6]:port"
 * @s: the text
 * @ss: receives the address
 *
 * Return: true when @s is one of the two forms and nothing else.
 */
bool parse_endpoint(const char *s, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	char host[INET6_ADDRSTRLEN + 1];
	const char *colon;
	uint16_t port;
	size_t len;

	memset(ss, 0, sizeof(*ss));
	if (*s == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return false;
		len = close - s - 1;
		if (len == 0 || len >= sizeof(host))
			return false;
		memcpy(host, s + 1, len);
		host[len] = '\0';
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1 ||
		    !parse_port(close + 2, &port))
			return false;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		return true;
	}
	colon = strchr(s, ':');
	if (!colon)
		return false;
	len = colon - s;
	if (len == 0 || len >= sizeof(host))
		return false;
	memcpy(host, s, len);
	host[len] = '\0';
	if (inet_pton(AF_INET, host, &s4->sin_addr) != 1 ||
	    !parse_port(colon + 1, &port))
		return false;
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	return true;
}

/**
 * format_endpoint() - "a.b.c.d:port" or "[v6]:port"
 * @buf: receives the text
 * @len: its size
 * @ss: an AF_INET or AF_INET6 address
 */
void format_endpoint(char *buf, size_t len, const struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
	char host[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, ntohs(s4->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		snprintf(buf, len, "[%s]:%u", host, ntohs(s6->sin6_port));
	} else {
		snprintf(buf, len, "(none)");
	}
}

static bool parse_node_id(const char *s, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool parse_key(const char *s, uint8_t key[32])
{
	size_t len = 0;
	const char *end;

	return sodium_base642bin(key, 32, s, strlen(s), NULL, &len, &end,
				 sodium_base64_VARIANT_ORIGINAL) == 0 &&
	       *end == '\0' && len == 32;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct peer_entry *x = a, *y = b;

	return x->node_id < y->node_id ? -1 : x->node_id > y->node_id;
}

/* Parse one line with its comment removed; false with @err set. */
static bool parse_line(char *line, struct peer_entry *e, bool *blank,
		       char *err, size_t errlen)
{
	char *fields[4], *save = NULL, *tok;
	int n = 0;

	*blank = false;
	for (tok = strtok_r(line, " \t\r\n", &save); tok;
	     tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == 4)
			break;
		fields[n++] = tok;
	}
	if (n == 0) {
		*blank = true;
		return true;
	}
	memset(e, 0, sizeof(*e));
	if (n < 2 || n > 3) {
		snprintf(err, errlen,
			 "expected NODE-ID KEY [ENDPOINT], found %d field%s",
			 n, n == 1 ? "" : "s");
		return false;
	}
	if (!parse_node_id(fields[0], &e->node_id)) {
		snprintf(err, errlen, "bad node ID \"%.32s\"", fields[0]);
		return false;
	}
	if (!parse_key(fields[1], e->key)) {
		snprintf(err, errlen,
			 "bad key for node %u: not base64 of 32 bytes",
			 e->node_id);
		return false;
	}
	if (n == 3) {
		if (!parse_endpoint(fields[2], &e->endpoint)) {
			snprintf(err, errlen,
				 "bad endpoint \"%.64s\" for node %u (a.b.c.d:port or [v6]:port)",
				 fields[2], e->node_id);
			return false;
		}
		e->has_endpoint = true;
	}
	return true;
}

/**
 * peers_file_parse() - parse a peers file
 * @f: the open file
 * @name: its name, for messages
 * @t: receives the table (freed with peers_table_free()); empty on failure
 * @err: receives "NAME:LINE: why" on failure
 * @errlen: its size
 *
 * Return: 0, -EINVAL for a bad line, or -ENOMEM.
 */
int peers_file_parse(FILE *f, const char *name, struct peers_table *t,
		     char *err, size_t errlen)
{
	char line[PEERS_LINE_MAX], why[160];
	struct peer_entry e, *v;
	size_t cap = 0, i;
	unsigned int lineno = 0;
	bool blank;

	t->v = NULL;
	t->n = 0;
	while (fgets(line, sizeof(line), f)) {
		char *hash;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line too long", name,
				 lineno);
			goto fail;
		}
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		if (!parse_line(line, &e, &blank, why, sizeof(why))) {
			snprintf(err, errlen, "%s:%u: %s", name, lineno, why);
			goto fail;
		}
		if (blank)
			continue;
		for (i = 0; i < t->n; i++) {
			if (t->v[i].node_id == e.node_id) {
				snprintf(err, errlen,
					 "%s:%u: node %u is listed twice",
					 name, lineno, e.node_id);
				goto fail;
			}
		}
		if (t->n == cap) {
			cap = cap ? 2 * cap : 16;
			v = realloc(t->v, cap * sizeof(*v));
			if (!v) {
				snprintf(err, errlen, "out of memory");
				peers_table_free(t);
				return -ENOMEM;
			}
			t->v = v;
		}
		t->v[t->n++] = e;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", name);
		goto fail;
	}
	if (t->n)
		qsort(t->v, t->n, sizeof(*t->v), cmp_entry);
	return 0;
fail:
	peers_table_free(t);
	return -EINVAL;
}

/**
 * peers_file_load() - open and parse a peers file
 * @path: the file
 * @t: receives the table; empty on failure
 * @err: receives why not
 * @errlen: its size
 *
 * Return: 0 or a negative errno.
 */
int peers_file_load(const char *path, struct peers_table *t, char *err,
		    size_t errlen)
{
	FILE *f = fopen(path, "re");
	int ret;

	t->v = NULL;
	t->n = 0;
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ret;
	}
	ret = peers_file_parse(f, path, t, err, errlen);
	fclose(f);
	return ret;
}

/**
 * peers_find() - a node's entry
 * @t: the table
 * @node_id: the node
 *
 * Return: the entry, or NULL when the node is not listed.
 */
const struct peer_entry *peers_find(const struct peers_table *t,
				    uint32_t node_id)
{
	struct peer_entry key = { .node_id = node_id };

	if (!t->n)
		return NULL;
	return bsearch(&key, t->v, t->n, sizeof(*t->v), cmp_entry);
}

/**
 * peers_table_free() - release a table and empty it
 * @t: the table
 */
void peers_table_free(struct peers_table *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
