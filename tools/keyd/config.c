// SPDX-License-Identifier: GPL-2.0
/*
 * /etc/pilot/keyd.conf, in the INI style of pilot.conf(5):
 *
 *   [Keyd]
 *   Identity = /var/lib/pilot/identity.json
 *   Peers = /etc/pilot/peers
 *   Registry = registry.example:9000
 *   RegistryTLS = on | off
 *   RegistryFingerprint = <64 hex digits, colons allowed>
 *   Device = pilot0          (may repeat; a comma-separated list too)
 *
 * Keys are case-insensitive; '#' starts a comment; the section header is
 * optional. Command-line options override the file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <net/if.h>

#include "config.h"
#include "pilot_nl.h"

/**
 * keyd_config_init() - the defaults
 * @c: the settings
 */
void keyd_config_init(struct keyd_config *c)
{
	memset(c, 0, sizeof(*c));
}

/**
 * keyd_config_release() - free the strings
 * @c: the settings
 */
void keyd_config_release(struct keyd_config *c)
{
	size_t i;

	free(c->identity);
	free(c->peers);
	free(c->registry);
	for (i = 0; i < c->n_devices; i++)
		free(c->devices[i]);
	keyd_config_init(c);
}

static int set_string(char **slot, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
		return -ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

static bool parse_fingerprint(const char *s, uint8_t out[32])
{
	size_t n = 0;

	while (*s) {
		if (*s == ':') {
			s++;
			continue;
		}
		if (n == 32 || !isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]))
			return false;
		out[n++] = (uint8_t)strtoul((char[]){ s[0], s[1], 0 }, NULL, 16);
		s += 2;
	}
	return n == 32;
}

static int add_devices(struct keyd_config *c, const char *value, char *err,
		       size_t errlen)
{
	char *copy = strdup(value), *save = NULL, *tok;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		if (strlen(tok) >= IF_NAMESIZE) {
			snprintf(err, errlen, "device name \"%s\" too long", tok);
			ret = -EINVAL;
			break;
		}
		if (c->n_devices == KEYD_MAX_DEVICES) {
			snprintf(err, errlen, "more than %d devices",
				 KEYD_MAX_DEVICES);
			ret = -EINVAL;
			break;
		}
		c->devices[c->n_devices] = strdup(tok);
		if (!c->devices[c->n_devices]) {
			ret = -ENOMEM;
			break;
		}
		c->n_devices++;
	}
	free(copy);
	return ret;
}

/**
 * keyd_config_set() - apply one setting
 * @c: the settings
 * @key: the file's key (case-insensitive): Identity, Peers, Registry,
 *	 RegistryTLS, RegistryFingerprint or Device
 * @value: its value
 * @err: receives why it is refused
 * @errlen: its size
 *
 * Return: 0, -EINVAL, or -ENOMEM.
 */
int keyd_config_set(struct keyd_config *c, const char *key, const char *value,
		    char *err, size_t errlen)
{
	if (!strcasecmp(key, "Identity"))
		return set_string(&c->identity, value);
	if (!strcasecmp(key, "Peers"))
		return set_string(&c->peers, value);
	if (!strcasecmp(key, "Registry"))
		return set_string(&c->registry, value);
	if (!strcasecmp(key, "Device"))
		return add_devices(c, value, err, errlen);
	if (!strcasecmp(key, "RegistryTLS")) {
		if (!strcasecmp(value, "on"))
			c->registry_tls = true;
		else if (!strcasecmp(value, "off"))
			c->registry_tls = false;
		else
			goto bad;
		return 0;
	}
	if (!strcasecmp(key, "RegistryFingerprint")) {
		if (!parse_fingerprint(value, c->fingerprint))
			goto bad;
		c->has_fingerprint = true;
		return 0;
	}
	snprintf(err, errlen, "unknown key \"%s\"", key);
	return -EINVAL;
bad:
	snprintf(err, errlen, "bad %s \"%s\"", key, value);
	return -EINVAL;
}

/**
 * keyd_config_parse() - read a keyd.conf
 * @c: the settings to update
 * @f: the open file
 * @name: its name, for messages
 * @err: receives "NAME:LINE: why"
 * @errlen: its size
 *
 * Return: 0, -EINVAL, or -ENOMEM.
 */
int keyd_config_parse(struct keyd_config *c, FILE *f, const char *name,
		      char *err, size_t errlen)
{
	char line[1024], why[200];
	unsigned int lineno = 0;
	int ret;

	while (fgets(line, sizeof(line), f)) {
		char *s, *eq, *hash;

		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		s = pilot_trim(line);
		if (!*s)
			continue;
		if (*s == '[') {
			if (strcasecmp(s, "[Keyd]")) {
				snprintf(err, errlen, "%s:%u: unknown section %s",
					 name, lineno, s);
				return -EINVAL;
			}
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%u: expected Key = Value",
				 name, lineno);
			return -EINVAL;
		}
		*eq = '\0';
		ret = keyd_config_set(c, pilot_trim(s), pilot_trim(eq + 1), why, sizeof(why));
		if (ret) {
			snprintf(err, errlen, "%s:%u: %s", name, lineno,
				 ret == -ENOMEM ? "out of memory" : why);
			return ret;
		}
	}
	return 0;
}

/**
 * keyd_serves() - whether a device is one of ours
 * @c: the settings
 * @ifname: the device's name
 *
 * Return: true when no Device is configured or @ifname is one of them.
 */
bool keyd_serves(const struct keyd_config *c, const char *ifname)
{
	size_t i;

	if (!c->n_devices)
		return true;
	for (i = 0; i < c->n_devices; i++)
		if (!strcmp(c->devices[i], ifname))
			return true;
	return false;
}
