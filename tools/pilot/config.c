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
 *
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

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
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
	} else {
		*why = "unknown key in [Interface]";
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
	enum { NONE, INTERFACE } section = NONE;
	char line[1024], *s, *eq;
	const char *why = NULL;
	unsigned int lineno = 0;
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
		s = trim(line);
		if (!*s)
			continue;
		if (*s == '[') {
			if (!strcasecmp(s, "[Interface]")) {
				section = INTERFACE;
				continue;
			}
			why = !strcasecmp(s, "[Peer]") ?
			      "[Peer] sections are not supported yet" : "unknown section";
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
		if (section != INTERFACE) {
			why = "setting outside of a section";
			err = -EINVAL;
		} else if (!interface_key(cfg, trim(s), trim(eq + 1), &why)) {
			err = -EINVAL;
		}
	}
	sodium_memzero(line, sizeof(line));
	if (err)
		fprintf(stderr, "%s: %s:%u: %s\n", prog, name, lineno, why);
	return err;
}
