/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pilot CLI's commands and shared helpers.
 */
#ifndef PILOT_CLI_H
#define PILOT_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pilot_nl.h"

#define PILOT_TOOLS_VERSION "0.1.0"

/* Base64 of a 32-byte key, with its terminating NUL. */
#define KEY_B64_LEN 45

extern const char *prog;
extern bool json;

int cmd_show(int argc, char **argv);
int cmd_showconf(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_setconf(int argc, char **argv);
int cmd_genkey(int argc, char **argv);
int cmd_pubkey(int argc, char **argv);
int cmd_monitor(int argc, char **argv);

/* keys.c */
bool key_from_base64(uint8_t key[PILOT_KEY_LEN], const char *b64);
void key_to_base64(char out[KEY_B64_LEN], const uint8_t key[PILOT_KEY_LEN]);
int read_key_file(const char *path, uint8_t key[PILOT_KEY_LEN]);
/* stdio buffer of a file holding a private key: the caller's, wiped */
#define SECRET_IOBUF_LEN 4096
FILE *secret_fopen(const char *path, char *iobuf);
void secret_fclose(FILE *f, char *iobuf);

/* config.c */
bool parse_u32(const char *s, uint32_t max, uint32_t *out);
bool parse_on_off(const char *s, bool *out);
int config_parse(FILE *f, const char *name, struct pilot_device_config *cfg);

/* peers.c */
bool parse_endpoint(const char *s, struct pilot_peer_info *p);
bool parse_allowed_ips(const char *s, struct pilot_peer_info *p);
void format_endpoint(char *buf, size_t len, const struct pilot_peer_info *p);
void print_allowed_ips(FILE *f, const struct pilot_peer_info *p,
		       const char *sep, const char *none);
struct pilot_peer_info *config_add_peer(struct pilot_device_config *cfg,
					uint32_t node_id);
void config_free(struct pilot_device_config *cfg);

/* pilot.c */
int nl_open_or_explain(struct pilot_nl *nl);
int report(struct pilot_nl *nl, int err, const char *what, const char *dev);

#endif /* PILOT_CLI_H */
