/* SPDX-License-Identifier: GPL-2.0 */
/* pilot-keyd's settings: /etc/pilot/keyd.conf and the command line. */
#ifndef KEYD_CONFIG_H
#define KEYD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KEYD_DEFAULT_CONFIG "/etc/pilot/keyd.conf"
#define KEYD_MAX_DEVICES 64

/**
 * struct keyd_config - what pilot-keyd runs with
 * @identity: identity.json path
 * @peers: static peers file, or NULL
 * @registry: "host:port", or NULL for none
 * @registry_tls: talk TLS to the registry
 * @has_fingerprint: @fingerprint is set
 * @fingerprint: SHA-256 of the registry's leaf certificate
 * @devices: serve only these devices (none: all)
 * @n_devices: how many
 */
struct keyd_config {
	char *identity;
	char *peers;
	char *registry;
	bool registry_tls;
	bool has_fingerprint;
	uint8_t fingerprint[32];
	char *devices[KEYD_MAX_DEVICES];
	size_t n_devices;
};

void keyd_config_init(struct keyd_config *c);
void keyd_config_release(struct keyd_config *c);
int keyd_config_set(struct keyd_config *c, const char *key, const char *value,
		    char *err, size_t errlen);
int keyd_config_parse(struct keyd_config *c, FILE *f, const char *name,
		      char *err, size_t errlen);
bool keyd_serves(const struct keyd_config *c, const char *ifname);

#endif /* KEYD_CONFIG_H */
