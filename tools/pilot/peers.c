// SPDX-License-Identifier: GPL-2.0
/*
 * Peer values as people write them: endpoints ("192.0.2.1:4000",
 * "[2001:db8::1]:4000"), allowed IPs ("10.0.0.0/24, 2001:db8::/64") and
 * keepalives ("25", "off"), parsed and printed the same way everywhere.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pilot.h"

/**
 * parse_endpoint() - parse "ADDR:PORT" or "[ADDR6]:PORT" into a peer
 * @s: the text
 * @p: receives the endpoint
 *
 * Return: true when @s is a numeric address and a port from 1 to 65535.
 */
bool parse_endpoint(const char *s, struct pilot_peer_info *p)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon;
	uint32_t port;
	size_t len;

	if (*s == '[') {
		colon = strstr(s, "]:");
		if (!colon)
			return false;
		len = colon - s - 1;
		s++;
		colon++;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return false;
		len = colon - s;
	}
	if (len >= sizeof(host) || !parse_u32(colon + 1, UINT16_MAX, &port) || !port)
		return false;
	memcpy(host, s, len);
	host[len] = '\0';
	memset(p->endpoint_addr, 0, sizeof(p->endpoint_addr));
	if (inet_pton(AF_INET, host, p->endpoint_addr) == 1)
		p->endpoint_family = AF_INET;
	else if (inet_pton(AF_INET6, host, p->endpoint_addr) == 1)
		p->endpoint_family = AF_INET6;
	else
		return false;
	p->endpoint_port = port;
	return true;
}

/**
 * parse_allowed_ips() - append a comma-separated list of prefixes
 * @s: the text; an empty list is valid
 * @p: the peer whose list grows
 *
 * An address without a length is a host route (/32 or /128).
 *
 * Return: true when every item is a prefix.
 */
bool parse_allowed_ips(const char *s, struct pilot_peer_info *p)
{
	char *copy = strdup(s), *item, *save = NULL, *slash;
	struct pilot_allowedip ip, *grown;
	bool ok = copy != NULL;
	uint32_t cidr;

	for (item = copy ? strtok_r(copy, ", \t", &save) : NULL; ok && item;
	     item = strtok_r(NULL, ", \t", &save)) {
		memset(&ip, 0, sizeof(ip));
		slash = strchr(item, '/');
		if (slash)
			*slash = '\0';
		if (inet_pton(AF_INET, item, ip.addr) == 1)
			ip.family = AF_INET;
		else if (inet_pton(AF_INET6, item, ip.addr) == 1)
			ip.family = AF_INET6;
		else
			ok = false;
		cidr = ip.family == AF_INET ? 32 : 128;
		if (ok && slash && !parse_u32(slash + 1, cidr, &cidr))
			ok = false;
		ip.cidr = cidr;
		grown = ok ? realloc(p->aips, (p->n_aips + 1) * sizeof(*p->aips)) : NULL;
		if (!grown) {
			ok = false;
			break;
		}
		p->aips = grown;
		p->aips[p->n_aips++] = ip;
	}
	free(copy);
	return ok;
}

/**
 * format_endpoint() - write a peer's endpoint as parse_endpoint() reads it
 * @buf: receives the text
 * @len: its size
 * @p: the peer
 */
void format_endpoint(char *buf, size_t len, const struct pilot_peer_info *p)
{
	char host[INET6_ADDRSTRLEN];

	if (!p->endpoint_family) {
		snprintf(buf, len, "(none)");
		return;
	}
	inet_ntop(p->endpoint_family, p->endpoint_addr, host, sizeof(host));
	snprintf(buf, len, p->endpoint_family == AF_INET6 ? "[%s]:%u" : "%s:%u",
		 host, p->endpoint_port);
}

/**
 * print_allowed_ips() - print a peer's prefixes, separated by @sep
 * @f: where
 * @p: the peer
 * @sep: the separator
 * @none: what to print when there are none
 */
void print_allowed_ips(FILE *f, const struct pilot_peer_info *p,
		       const char *sep, const char *none)
{
	char host[INET6_ADDRSTRLEN];
	size_t i;

	if (!p->n_aips)
		fputs(none, f);
	for (i = 0; i < p->n_aips; i++) {
		inet_ntop(p->aips[i].family, p->aips[i].addr, host, sizeof(host));
		fprintf(f, "%s%s/%u", i ? sep : "", host, p->aips[i].cidr);
	}
}
