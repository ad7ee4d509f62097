/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The node's Ed25519 identity, in Pilot's own identity.json format
 * (spec §9.4).
 */
#ifndef KEYD_IDENTITY_H
#define KEYD_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#define IDENTITY_DEFAULT_PATH "/var/lib/pilot/identity.json"

/**
 * struct identity - an Ed25519 key pair
 * @sk: secret key, seed (32) || public key (32), Go's and libsodium's layout
 * @pk: public key
 */
struct identity {
	uint8_t sk[64];
	uint8_t pk[32];
};

int identity_load(const char *path, struct identity *id, char *err,
		  size_t errlen);
int identity_create(const char *path, struct identity *id, char *err,
		    size_t errlen);
int identity_parse(const char *text, size_t len, struct identity *id,
		   char *err, size_t errlen);
char *identity_format(const struct identity *id);
void identity_text_free(char *text);
void identity_wipe(struct identity *id);

#endif /* KEYD_IDENTITY_H */
