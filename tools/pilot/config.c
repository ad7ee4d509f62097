// SPDX-License-Identifier: GPL-2.0
/*
 * Value parsers and the configuration file, an INI-style file in the
 * manner of wg(8)'s (see pilot.conf(5)):
 *
 *   [Interface]
 *   PrivateKey = <base64>
 *   NodeID = 42
 *   NetworkID = 1
 *   ListenPort = 4000
 *   FwMark = 0x10 | off
 *   Encryption = on | off
 *   LearnPeers = on | off
 *
 *   [Peer]
 *   NodeID = 7
 *   Endpoint = 192.0.2.7:4000 | [2001:db8::7]:4000
 *   AllowedIPs = 10.7.0.7/32, 2001:db8:7::/64
 *   IdentityKey = <base64 Ed25519 public key>
 *   PersistentKeepalive = 25 | off
 *
 * LearnPeers (on when a device is made) lets key exchanges from nodes that
 * are not configured peers make learned peers, as Go Pilot daemons do.
 * Keys are case-insensitive; '#' starts a comment.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>

#include "pilot.h"

/**
 * parse_u32() - parse a decimal or 0x-prefixed number
 * @s: the text
 * @max: the largest value allowed
 * @out: receives the number
 *
 * Return: true when @s is a number from 0 to @max and nothing else.
 */
bool parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long v;
	char *end;

	if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

/**
 * parse_on_off() - parse "on" or "off"
 * @s: the text
 * @out: receives true for on
 *
 * Return: true when @s is one of the two.
 */
bool parse_on_off(const char *s, bool *out)
{
	if (!strcasecmp(s, "on"))
		*out = true;
	else if (!strcasecmp(s, "off"))
		*out = false;
	else
		return false;
	return true;
}

/* One "Key = value" of [Interface]; false with *why set when refused. */
static bool interface_key(struct pilot_device_config *cfg, const char *key,
			  const char *value, const char **why)
{
	uint32_t v;

	if (!strcasecmp(key, "PrivateKey")) {
		*why = "PrivateKey is not a base64 key";
		if (!key_from_base64(cfg->private_key, value))
			return false;
		cfg->set |= PILOT_SET_PRIVATE_KEY;
	} else if (!strcasecmp(key, "NodeID")) {
		*why = "NodeID must be a number from 0 to 4294967295";
		if (!parse_u32(value, UINT32_MAX, &cfg->node_id))
			return false;
		cfg->set |= PILOT_SET_NODE_ID;
	} else if (!strcasecmp(key, "NetworkID")) {
		*why = "NetworkID must be a number from 0 to 65535";
		if (!parse_u32(value, UINT16_MAX, &v))
			return false;
		cfg->network_id = v;
		cfg->set |= PILOT_SET_NETWORK_ID;
	} else if (!strcasecmp(key, "ListenPort")) {
		*why = "ListenPort must be a number from 0 to 65535";
		if (!parse_u32(value, UINT16_MAX, &v))
			return false;
		cfg->listen_port = v;
		cfg->set |= PILOT_SET_LISTEN_PORT;
	} else if (!strcasecmp(key, "FwMark")) {
		*why = "FwMark must be a number or off";
		if (!strcasecmp(value, "off"))
			cfg->fwmark = 0;
		else if (!parse_u32(value, UINT32_MAX, &cfg->fwmark))
			return false;
		cfg->set |= PILOT_SET_FWMARK;
	} else if (!strcasecmp(key, "Encryption")) {
		*why = "Encryption must be on or off";
		if (!parse_on_off(value, &cfg->encryption))
			return false;
		cfg->set |= PILOT_SET_ENCRYPTION;
	} else if (!strcasecmp(key, "LearnPeers")) {
		*why = "LearnPeers must be on or off";
		if (!parse_on_off(value, &cfg->learn_peers))
			return false;
		cfg->set |= PILOT_SET_LEARN_PEERS;
	} else {
		*why = "unknown key in [Interface]";
		return false;
	}
	return true;
}

/**
 * config_add_peer() - append a peer to a set request
 * @cfg: the request
 * @node_id: the peer's node ID
 *
 * Return: the new peer, zeroed but for its node ID, or NULL without memory.
 */
struct pilot_peer_info *config_add_peer(struct pilot_device_config *cfg,
					uint32_t node_id)
{
	struct pilot_peer_info *grown;

	grown = realloc(cfg->peers, (cfg->n_peers + 1) * sizeof(*cfg->peers));
	if (!grown)
		return NULL;
	cfg->peers = grown;
	memset(&cfg->peers[cfg->n_peers], 0, sizeof(*cfg->peers));
	cfg->peers[cfg->n_peers].node_id = node_id;
	return &cfg->peers[cfg->n_peers++];
}

/**
 * config_free() - free what a set request allocated, wiping its key
 * @cfg: the request
 */
void config_free(struct pilot_device_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n_peers; i++)
		free(cfg->peers[i].aips);
	free(cfg->peers);
	cfg->peers = NULL;
	cfg->n_peers = 0;
	sodium_memzero(cfg->private_key, sizeof(cfg->private_key));
}

/* One "Key = value" of [Peer]; false with *why set when refused. */
static bool peer_key(struct pilot_peer_info *p, bool *has_node, const char *key,
		     const char *value, const char **why)
{
	uint32_t v;

	if (!strcasecmp(key, "NodeID")) {
		*why = "NodeID must be a number from 0 to 4294967295";
		if (!parse_u32(value, UINT32_MAX, &p->node_id))
			return false;
		*has_node = true;
	} else if (!strcasecmp(key, "Endpoint")) {
		*why = "Endpoint must be ADDRESS:PORT or [IPv6 ADDRESS]:PORT";
		return parse_endpoint(value, p);
	} else if (!strcasecmp(key, "AllowedIPs")) {
		*why = "AllowedIPs must be a list of ADDRESS[/LENGTH]";
		return parse_allowed_ips(value, p);
	} else if (!strcasecmp(key, "IdentityKey")) {
		*why = "IdentityKey is not a base64 key";
		if (!key_from_base64(p->identity_key, value))
			return false;
		p->has_identity = true;
	} else if (!strcasecmp(key, "PersistentKeepalive")) {
		*why = "PersistentKeepalive must be seconds (1 to 65535) or off";
		if (!strcasecmp(value, "off"))
			v = 0;
		else if (!parse_u32(value, UINT16_MAX, &v))
			return false;
		p->keepalive = v;
		p->has_keepalive = true;
	} else {
		*why = "unknown key in [Peer]";
		return false;
	}
	return true;
}

/**
 * config_parse() - read a configuration file into a set request
 * @f: the open file
 * @name: its name, for messages
 * @cfg: receives the settings found (cfg->set tells which)
 *
 * Return: 0, or -EINVAL after printing "FILE:LINE: reason".
 */
int config_parse(FILE *f, const char *name, struct pilot_device_config *cfg)
{
	enum { NONE, INTERFACE, PEER } section = NONE;
	struct pilot_peer_info *peer = NULL;
	char line[4096], *s, *eq;
	const char *why = NULL;
	unsigned int lineno = 0;
	bool has_node = true;
	int err = 0;

	while (!err && fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			why = "line too long";
			err = -EINVAL;
			break;
		}
		s = strchr(line, '#');
		if (s)
			*s = '\0';
		s = pilot_trim(line);
		if (!*s)
			continue;
		if (*s == '[') {
			if (!has_node) {
				why = "the [Peer] before has no NodeID";
				err = -EINVAL;
				break;
			}
			if (!strcasecmp(s, "[Interface]")) {
				section = INTERFACE;
				continue;
			}
			if (!strcasecmp(s, "[Peer]")) {
				section = PEER;
				peer = config_add_peer(cfg, 0);
				has_node = false;
				why = "out of memory";
				err = peer ? 0 : -ENOMEM;
				continue;
			}
			why = "unknown section";
			err = -EINVAL;
			break;
		}
		eq = strchr(s, '=');
		if (!eq) {
			why = "expected Key = value";
			err = -EINVAL;
			break;
		}
		*eq = '\0';
		if (section == INTERFACE) {
			if (!interface_key(cfg, pilot_trim(s), pilot_trim(eq + 1), &why))
				err = -EINVAL;
		} else if (section == PEER) {
			if (!peer_key(peer, &has_node, pilot_trim(s), pilot_trim(eq + 1), &why))
				err = -EINVAL;
		} else {
			why = "setting outside of a section";
			err = -EINVAL;
		}
	}
	if (!err && !has_node) {
		why = "the last [Peer] has no NodeID";
		err = -EINVAL;
	}
	sodium_memzero(line, sizeof(line));
	if (err)
		fprintf(stderr, "%s: %s:%u: %s\n", prog, name, lineno, why);
	return err;
}
