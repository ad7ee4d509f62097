/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the registry client, shared by registry.c (requests,
 * reconnection and backoff), registry_conn.c (TCP with deadlines),
 * registry_tls.c (OpenSSL, leaf pin) and registry_msg.c (JSON).
 */
#ifndef PILOT_KEYD_REGISTRY_INT_H
#define PILOT_KEYD_REGISTRY_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/socket.h>
#include <openssl/ssl.h>

#include "registry.h"

/* The largest reply accepted; a longer one is refused unread. */
#define REG_MAX_REPLY (1U << 20)

/**
 * struct reg_conn - one connection to the registry
 * @fd: non-blocking TCP socket, -1 when closed
 * @ssl: the TLS session on @fd, NULL for plaintext
 */
struct reg_conn {
	int fd;
	SSL *ssl;
};

/* registry_conn.c */
uint64_t reg_now_ms(void);
void reg_errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int reg_wait(int fd, short events, uint64_t deadline);
int reg_split_hostport(const char *addr, char *host, size_t hostlen,
		       char *port, size_t portlen);
enum registry_status reg_conn_open(struct reg_conn *c, const char *addr,
				   uint64_t deadline, char *err, size_t errlen);
enum registry_status reg_conn_write(struct reg_conn *c, const void *buf,
				    size_t len, uint64_t deadline,
				    char *err, size_t errlen);
enum registry_status reg_conn_read(struct reg_conn *c, void *buf, size_t len,
				   uint64_t deadline, size_t *got,
				   char *err, size_t errlen);
void reg_conn_close(struct reg_conn *c);

/* registry_tls.c */
SSL_CTX *reg_tls_ctx_new(void);
enum registry_status reg_tls_start(struct reg_conn *c, SSL_CTX *ctx,
				   const char *host, const uint8_t fp[32],
				   uint64_t deadline, char *err, size_t errlen);
ssize_t reg_tls_io(struct reg_conn *c, void *buf, size_t len, bool write,
		   uint64_t deadline);

/* registry_msg.c */
char *reg_msg_lookup(uint32_t node_id);
char *reg_msg_resolve(uint32_t node_id, uint32_t requester_id,
		      const uint8_t secret_key[64]);
enum registry_status reg_parse_lookup(const char *buf, size_t len,
				      uint32_t node_id, uint8_t key[32],
				      char *err, size_t errlen);
enum registry_status reg_parse_resolve(const char *buf, size_t len,
				       uint32_t node_id,
				       struct sockaddr_storage *endpoint,
				       char *err, size_t errlen);
int reg_parse_endpoint(const char *s, struct sockaddr_storage *ss);

#endif /* PILOT_KEYD_REGISTRY_INT_H */
