/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The static peers file: a local, fixed registry of node keys (and
 * optionally endpoints), consulted before the network registry.
 */
#ifndef KEYD_PEERS_FILE_H
#define KEYD_PEERS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

/**
 * struct peer_entry - one line of the peers file
 * @node_id: the node
 * @key: its Ed25519 public key
 * @has_endpoint: @endpoint is set
 * @endpoint: its UDP endpoint (AF_INET or AF_INET6)
 */
struct peer_entry {
	uint32_t node_id;
	uint8_t key[32];
	bool has_endpoint;
	struct sockaddr_storage endpoint;
};

/**
 * struct peers_table - a parsed peers file, sorted by node ID
 * @v: the entries
 * @n: how many
 */
struct peers_table {
	struct peer_entry *v;
	size_t n;
};

bool parse_endpoint(const char *s, struct sockaddr_storage *ss);
void format_endpoint(char *buf, size_t len, const struct sockaddr_storage *ss);
int peers_file_parse(FILE *f, const char *name, struct peers_table *t,
		     char *err, size_t errlen);
int peers_file_load(const char *path, struct peers_table *t, char *err,
		    size_t errlen);
const struct peer_entry *peers_find(const struct peers_table *t,
				    uint32_t node_id);
void peers_table_free(struct peers_table *t);

#endif /* KEYD_PEERS_FILE_H */
