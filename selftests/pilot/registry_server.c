// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny Pilot registry for tests: serves the JSON "lookup" and "resolve"
 * (spec §9.2) from a file of "NODE-ID BASE64-KEY [ENDPOINT]" lines ("-"
 * for no key, '#' for comments), over plaintext or TLS, and misbehaves on
 * request (--fault) so that clients can be tested against bad registries.
 *
 * usage: registry_server --listen HOST:PORT --nodes FILE
 *        [--tls-cert PEM --tls-key PEM] [--fault MODE]
 * Prints "port N" (and "fingerprint HEX", the SHA-256 of the certificate)
 * on stdout once listening. Fault modes: malformed (invalid JSON),
 * oversized (a 64 MiB length prefix), truncated (closes mid-reply),
 * wrong-node (answers for another node), slow (never answers), no-key
 * (lookup_ok without public_key).
 */
#define _GNU_SOURCE	/* accept4 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <jansson.h>
#include <sodium.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#define MAX_NODES	256
#define MAX_CLIENTS	16
#define MAX_REQUEST	(64 * 1024)

struct node {
	uint32_t id;
	bool has_key;
	uint8_t key[crypto_sign_PUBLICKEYBYTES];
	char b64[64];
	char endpoint[64];
};

struct client {
	int fd;
	SSL *ssl;
};

static struct node nodes[MAX_NODES];
static int nnodes;
static const char *fault = "";

static void die(const char *msg)
{
	fprintf(stderr, "registry_server: %s\n", msg);
	exit(1);
}

static void load_nodes(const char *path)
{
	char line[256], key[64], ep[64];
	struct node *n;
	size_t len;
	FILE *f;
	int k;

	f = fopen(path, "r");
	if (!f)
		die("cannot open the nodes file");
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (nnodes == MAX_NODES)
			die("too many nodes");
		n = &nodes[nnodes++];
		ep[0] = '\0';
		k = sscanf(line, "%u %63s %63s", &n->id, key, ep);
		if (k < 2)
			die("bad line in the nodes file");
		strcpy(n->endpoint, ep);
		if (!strcmp(key, "-"))
			continue;
		if (sodium_base642bin(n->key, sizeof(n->key), key, strlen(key), NULL,
				      &len, NULL, sodium_base64_VARIANT_ORIGINAL) ||
		    len != sizeof(n->key))
			die("bad key in the nodes file");
		n->has_key = true;
		strcpy(n->b64, key);
	}
	fclose(f);
}

static struct node *find_node(json_int_t id)
{
	int i;

	for (i = 0; i < nnodes; i++)
		if (nodes[i].id == id)
			return &nodes[i];
	return NULL;
}

/* 1 when all moved, 0 at EOF or on error */
static int io_all(struct client *c, void *buf, size_t len, bool write)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		if (c->ssl)
			n = write ? SSL_write(c->ssl, (char *)buf + done, len - done) :
				    SSL_read(c->ssl, (char *)buf + done, len - done);
		else if (write)
			n = send(c->fd, (char *)buf + done, len - done, MSG_NOSIGNAL);
		else
			n = recv(c->fd, (char *)buf + done, len - done, 0);
		if (n <= 0)
			return 0;
		done += n;
	}
	return 1;
}

static json_t *error_reply(const char *text)
{
	return json_pack("{s:s, s:s}", "type", "error", "error", text);
}

static json_t *lookup(json_int_t id)
{
	struct node *n = find_node(id);
	char text[64];
	json_t *r;

	if (!n) {
		snprintf(text, sizeof(text), "node %lld not found", (long long)id);
		return error_reply(text);
	}
	r = json_pack("{s:s, s:I, s:s, s:[i], s:b, s:i}", "type", "lookup_ok",
		      "node_id", id + !strcmp(fault, "wrong-node"),
		      "address", "0:0000.0000.0000", "networks", 0,
		      "public", 1, "polo_score", 0);
	if (n->has_key && strcmp(fault, "no-key"))
		json_object_set_new(r, "public_key", json_string(n->b64));
	return r;
}

static json_t *resolve(json_t *req, json_int_t id)
{
	json_int_t rid = json_integer_value(json_object_get(req, "requester_id"));
	const char *sig64 = json_string_value(json_object_get(req, "signature"));
	struct node *n = find_node(id), *rq = find_node(rid);
	uint8_t sig[crypto_sign_BYTES];
	char text[64];
	size_t len;
	int tl;

	if (!rq || !rq->has_key || !sig64) {
		snprintf(text, sizeof(text),
			 "resolve denied: requester node %lld is not registered",
			 (long long)rid);
		return error_reply(text);
	}
	tl = snprintf(text, sizeof(text), "resolve:%lld:%lld", (long long)rid,
		      (long long)id);
	if (sodium_base642bin(sig, sizeof(sig), sig64, strlen(sig64), NULL, &len,
			      NULL, sodium_base64_VARIANT_ORIGINAL) ||
	    len != sizeof(sig) ||
	    crypto_sign_verify_detached(sig, (uint8_t *)text, tl, rq->key))
		return error_reply("signature verification failed");
	if (!n) {
		snprintf(text, sizeof(text), "node %lld not found", (long long)id);
		return error_reply(text);
	}
	return json_pack("{s:s, s:I, s:s}", "type", "resolve_ok",
			 "node_id", id + !strcmp(fault, "wrong-node"),
			 "real_addr", n->endpoint);
}

static json_t *handle(const char *body, size_t len)
{
	json_t *req = json_loadb(body, len, 0, NULL), *reply;
	const char *type = json_string_value(json_object_get(req, "type"));
	json_int_t id = json_integer_value(json_object_get(req, "node_id"));

	if (!type)
		reply = error_reply("bad request");
	else if (!strcmp(type, "lookup"))
		reply = lookup(id);
	else if (!strcmp(type, "resolve"))
		reply = resolve(req, id);
	else
		reply = error_reply("unknown request type");
	json_decref(req);
	return reply;
}

/* Serve one request; false when the connection is done. */
static bool serve(struct client *c)
{
	uint8_t hdr[4];
	uint32_t len;
	char *body, *out;
	bool ok;

	if (!io_all(c, hdr, 4, false))
		return false;
	len = (uint32_t)hdr[0] << 24 | hdr[1] << 16 | hdr[2] << 8 | hdr[3];
	if (!len || len > MAX_REQUEST)
		return false;
	body = malloc(len);
	if (!body || !io_all(c, body, len, false)) {
		free(body);
		return false;
	}
	if (!strcmp(fault, "slow")) {
		free(body);
		return true;
	}
	if (!strcmp(fault, "malformed")) {
		out = strdup("{\"type\": \"lookup_ok\", \"node_id\": ");
	} else {
		json_t *reply = handle(body, len);

		out = json_dumps(reply, JSON_COMPACT);
		json_decref(reply);
	}
	free(body);
	if (!out)
		return false;
	len = strlen(out);
	if (!strcmp(fault, "oversized"))
		len = 64 << 20;
	hdr[0] = len >> 24;
	hdr[1] = len >> 16;
	hdr[2] = len >> 8;
	hdr[3] = len;
	if (!strcmp(fault, "truncated"))
		len = strlen(out) / 2;
	else if (len > strlen(out))
		len = strlen(out);
	ok = io_all(c, hdr, 4, true) && io_all(c, out, len, true) &&
	     strcmp(fault, "truncated");
	free(out);
	return ok;
}

static int listen_on(const char *addr)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV };
	char host[64], *port;
	struct addrinfo *ai;
	int fd, one = 1;

	snprintf(host, sizeof(host), "%s", addr[0] == '[' ? addr + 1 : addr);
	port = strrchr(host, ':');
	if (!port)
		die("--listen wants HOST:PORT");
	*port++ = '\0';
	if (port[-2] == ']')
		port[-2] = '\0';
	if (getaddrinfo(host, port, &hints, &ai))
		die("bad --listen address");
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 16))
		die("cannot listen");
	freeaddrinfo(ai);
	return fd;
}

static SSL_CTX *tls_setup(const char *cert, const char *key)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	unsigned char md[32];
	unsigned int mdlen, i;

	if (!ctx || SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    !X509_digest(SSL_CTX_get0_certificate(ctx), EVP_sha256(), md, &mdlen))
		die("cannot load the TLS certificate or key");
	printf("fingerprint ");
	for (i = 0; i < mdlen; i++)
		printf("%02x", md[i]);
	printf("\n");
	return ctx;
}

static void drop(struct client *c)
{
	SSL_free(c->ssl);
	close(c->fd);
	c->fd = -1;
	c->ssl = NULL;
}

static void accept_one(int lfd, SSL_CTX *tls, struct client *clients)
{
	struct timeval tv = { .tv_sec = 2 };
	int fd, i;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	for (i = 0; i < MAX_CLIENTS && clients[i].fd >= 0; i++)
		;
	if (i == MAX_CLIENTS) {
		close(fd);
		return;
	}
	/* a stuck client cannot stall the others for long */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	clients[i].fd = fd;
	if (!tls)
		return;
	clients[i].ssl = SSL_new(tls);
	if (!clients[i].ssl || !SSL_set_fd(clients[i].ssl, fd) ||
	    SSL_accept(clients[i].ssl) != 1)
		drop(&clients[i]);
}

int main(int argc, char **argv)
{
	const char *listen_addr = NULL, *nodes_file = NULL, *cert = NULL, *key = NULL;
	struct client clients[MAX_CLIENTS];
	struct pollfd pfd[MAX_CLIENTS + 1];
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char port[8] = "";
	SSL_CTX *tls = NULL;
	int i, lfd;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--listen"))
			listen_addr = argv[i + 1];
		else if (!strcmp(argv[i], "--nodes"))
			nodes_file = argv[i + 1];
		else if (!strcmp(argv[i], "--tls-cert"))
			cert = argv[i + 1];
		else if (!strcmp(argv[i], "--tls-key"))
			key = argv[i + 1];
		else if (!strcmp(argv[i], "--fault"))
			fault = argv[i + 1];
		else
			break;
	}
	if (i != argc || !listen_addr || !nodes_file || !cert != !key)
		die("usage: registry_server --listen HOST:PORT --nodes FILE "
		    "[--tls-cert PEM --tls-key PEM] [--fault MODE]");
	if (sodium_init() < 0)
		die("libsodium failed to start");
	signal(SIGPIPE, SIG_IGN);
	load_nodes(nodes_file);
	lfd = listen_on(listen_addr);
	getsockname(lfd, (struct sockaddr *)&ss, &sl);
	getnameinfo((struct sockaddr *)&ss, sl, NULL, 0, port, sizeof(port),
		    NI_NUMERICSERV);
	printf("port %s\n", port);
	if (cert)
		tls = tls_setup(cert, key);
	fflush(stdout);

	for (i = 0; i < MAX_CLIENTS; i++)
		clients[i] = (struct client){ .fd = -1 };
	for (;;) {
		pfd[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
		for (i = 0; i < MAX_CLIENTS; i++)
			pfd[i + 1] = (struct pollfd){ .fd = clients[i].fd, .events = POLLIN };
		if (poll(pfd, MAX_CLIENTS + 1, -1) < 0)
			continue;
		if (pfd[0].revents)
			accept_one(lfd, tls, clients);
		for (i = 0; i < MAX_CLIENTS; i++) {
			if (clients[i].fd < 0 || !pfd[i + 1].revents)
				continue;
			do {
				if (!serve(&clients[i])) {
					drop(&clients[i]);
					break;
				}
			} while (clients[i].ssl && SSL_pending(clients[i].ssl));
		}
	}
}
