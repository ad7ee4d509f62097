// SPDX-License-Identifier: GPL-2.0
/*
 * pilot-keyd: holds the node's Ed25519 identity for the pilot kernel
 * module, signs its devices' key-exchange challenges, verifies peers'
 * PILA frames against the peers file or the registry, and resolves
 * nodes' endpoints. See pilot-keyd(8).
 *
 * One thread: poll(2) over the keyd multicast socket and a signalfd.
 * Requests are read into a bounded queue as soon as they arrive and
 * handled one at a time (a registry lookup blocks); daemon.c decides
 * what each one becomes. This file: the command line, the set-up and
 * the loop.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sodium.h>

#include "config.h"
#include "daemon.h"
#include "identity.h"
#include "kernel.h"
#include "log.h"
#include "registry.h"
#include "request.h"

#define KEYD_VERSION "0.1.0"
#define KEYD_REGISTRY_TIMEOUT_MS 3000

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

static const char *prog = "pilot-keyd";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--config FILE] [--identity PATH] [--peers FILE]\n"
		"                  [--registry HOST:PORT [--registry-tls --registry-fingerprint HEX]]\n"
		"                  [--device IFNAME]... [--foreground] [--verbose]\n"
		"       %s --init [--identity PATH]\n"
		"       %s --public-key [--identity PATH]\n"
		"       %s --help | --version\n", prog, prog, prog, prog);
}

static int make_signalfd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/* Returns true to go on, false to exit. */
static bool on_signal(struct daemon *d, int sfd)
{
	struct signalfd_siginfo si;

	while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			daemon_reload_peers(d);
			continue;
		}
		keyd_log(LOG_INFO, "%s, exiting", strsignal(si.ssi_signo));
		return false;
	}
	return true;
}

static int loop(struct daemon *d, int sfd)
{
	struct pollfd pfd[2] = {
		{ .fd = kernel_fd(&d->k), .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
	};
	struct keyd_event ev;
	int ret;

	for (;;) {
		ret = poll(pfd, 2, d->queue.len ? 0 : -1);
		if (ret < 0 && errno != EINTR) {
			keyd_log(LOG_ERR, "poll: %s", strerror(errno));
			return EXIT_RUNTIME;
		}
		if (pfd[1].revents && !on_signal(d, sfd))
			return EXIT_OK;
		if (pfd[0].revents) {
			ret = kernel_receive(&d->k, daemon_enqueue, d);
			if (ret < 0) {
				keyd_log(LOG_ERR, "reading the kernel's requests: %s",
					 nl_geterror(ret));
				return EXIT_RUNTIME;
			}
			if (d->k.overrun) {
				keyd_log(LOG_WARNING,
					 "the kernel dropped requests (socket buffer full); re-syncing");
				d->k.overrun = false;
				d->resync = true;
			}
		}
		if (keyd_queue_pop(&d->queue, &ev))
			daemon_handle(d, &ev);
		else if (d->resync)
			daemon_resync(d);
	}
}

static int run(struct keyd_config *cfg)
{
	struct registry_config rc = { 0 };
	struct daemon *d = calloc(1, sizeof(*d));
	char err[400], b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
	int ret = EXIT_RUNTIME, sfd = -1;

	if (!d || keyd_init(&d->st, NULL)) {
		keyd_log(LOG_ERR, "out of memory");
		free(d);
		return EXIT_RUNTIME;
	}
	d->cfg = cfg;
	/* keep the secret out of swap where the limits allow it */
	sodium_mlock(&d->id, sizeof(d->id));
	ret = identity_load(cfg->identity, &d->id, err, sizeof(err));
	if (ret == -ENOENT) {
		keyd_log(LOG_ERR, "no identity at %s: create one with \"%s --init\"",
			 cfg->identity, prog);
		ret = EXIT_RUNTIME;
		goto out;
	} else if (ret) {
		keyd_log(LOG_ERR, "%s", err);
		ret = EXIT_RUNTIME;
		goto out;
	}
	ret = EXIT_RUNTIME;
	d->st.id = &d->id;
	sodium_bin2base64(b64, sizeof(b64), d->id.pk, 32,
			  sodium_base64_VARIANT_ORIGINAL);
	keyd_log(LOG_INFO, "identity %s (%s)", b64, cfg->identity);
	if (cfg->peers) {
		if (peers_file_load(cfg->peers, &d->st.peers, err, sizeof(err))) {
			keyd_log(LOG_ERR, "%s", err);
			goto out;
		}
		keyd_log(LOG_INFO, "peers file %s: %zu nodes", cfg->peers,
			 d->st.peers.n);
	}
	if (cfg->registry) {
		rc.addr = cfg->registry;
		rc.tls = cfg->registry_tls;
		memcpy(rc.fingerprint, cfg->fingerprint, 32);
		rc.timeout_ms = KEYD_REGISTRY_TIMEOUT_MS;
		d->st.reg = registry_new(&rc);
		if (!d->st.reg) {
			keyd_log(LOG_ERR, "registry %s: %s", cfg->registry,
				 strerror(errno));
			goto out;
		}
		if (!rc.tls)
			keyd_log(LOG_WARNING,
				 "WARNING: registry %s is used in PLAINTEXT: its answers are the root of PILA trust and anyone on the path can forge them; use --registry-tls --registry-fingerprint",
				 cfg->registry);
	} else if (!cfg->peers) {
		keyd_log(LOG_WARNING,
			 "no registry and no peers file: only pinned peers can authenticate");
	}
	sfd = make_signalfd();
	if (sfd < 0) {
		keyd_log(LOG_ERR, "signalfd: %s", strerror(errno));
		goto out;
	}
	if (kernel_open(&d->k, err, sizeof(err))) {
		keyd_log(LOG_ERR, "%s", err);
		goto out;
	}
	daemon_resync(d);
	ret = loop(d, sfd);
	kernel_close(&d->k);
out:
	if (sfd >= 0)
		close(sfd);
	registry_free(d->st.reg);
	keyd_release(&d->st);
	identity_wipe(&d->id);
	sodium_munlock(&d->id, sizeof(d->id));
	sodium_memzero(d, sizeof(*d));
	free(d);
	return ret;
}

static int do_init(const struct keyd_config *cfg)
{
	char err[400], b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
	struct identity id;

	if (identity_create(cfg->identity, &id, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return EXIT_RUNTIME;
	}
	sodium_bin2base64(b64, sizeof(b64), id.pk, 32,
			  sodium_base64_VARIANT_ORIGINAL);
	identity_wipe(&id);
	fprintf(stderr, "%s: created %s; its public key:\n", prog, cfg->identity);
	printf("%s\n", b64);
	return EXIT_OK;
}

static int do_public_key(const struct keyd_config *cfg)
{
	char err[400], b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
	struct identity id;

	if (identity_load(cfg->identity, &id, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return EXIT_RUNTIME;
	}
	sodium_bin2base64(b64, sizeof(b64), id.pk, 32,
			  sodium_base64_VARIANT_ORIGINAL);
	identity_wipe(&id);
	printf("%s\n", b64);
	return EXIT_OK;
}

static const struct option options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "identity", required_argument, NULL, 'i' },
	{ "peers", required_argument, NULL, 'p' },
	{ "registry", required_argument, NULL, 'r' },
	{ "registry-tls", no_argument, NULL, 'T' },
	{ "registry-fingerprint", required_argument, NULL, 'F' },
	{ "device", required_argument, NULL, 'd' },
	{ "foreground", no_argument, NULL, 'f' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "init", no_argument, NULL, 'I' },
	{ "public-key", no_argument, NULL, 'P' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* The config file: the named one must exist, the default one may not. */
static int load_config_file(struct keyd_config *cfg, const char *path,
			    bool named)
{
	char err[400];
	FILE *f = fopen(path, "re");
	int ret;

	if (!f) {
		if (!named && errno == ENOENT)
			return EXIT_OK;
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return named ? EXIT_USAGE : EXIT_RUNTIME;
	}
	ret = keyd_config_parse(cfg, f, path, err, sizeof(err));
	fclose(f);
	if (ret) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Second pass over the command line, over the file's settings. */
static int apply_options(struct keyd_config *cfg, int argc, char **argv,
			 int *mode)
{
	static const char *const keys[] = {
		['i'] = "Identity", ['p'] = "Peers", ['r'] = "Registry",
		['F'] = "RegistryFingerprint", ['d'] = "Device",
	};
	bool cleared_devices = false;
	char err[200];
	size_t i;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (!cleared_devices) {
				for (i = 0; i < cfg->n_devices; i++)
					free(cfg->devices[i]);
				cfg->n_devices = 0;
				cleared_devices = true;
			}
			/* fall through */
		case 'i':
		case 'p':
		case 'r':
		case 'F':
			if (keyd_config_set(cfg, keys[c], optarg, err, sizeof(err))) {
				fprintf(stderr, "%s: %s\n", prog, err);
				return EXIT_USAGE;
			}
			break;
		case 'T':
			cfg->registry_tls = true;
			break;
		case 'v':
			keyd_verbose = true;
			break;
		case 'I':
		case 'P':
			*mode = c;
			break;
		}
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	const char *config = KEYD_DEFAULT_CONFIG;
	struct keyd_config cfg;
	bool named = false;
	int c, mode = 0, ret;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			named = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("%s %s\n", prog, KEYD_VERSION);
			return EXIT_OK;
		case '?':
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument \"%s\"\n", prog,
			argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "%s: libsodium failed to initialise\n", prog);
		return EXIT_RUNTIME;
	}
	keyd_config_init(&cfg);
	ret = load_config_file(&cfg, config, named);
	if (!ret)
		ret = apply_options(&cfg, argc, argv, &mode);
	if (!ret && !cfg.identity) {
		cfg.identity = strdup(IDENTITY_DEFAULT_PATH);
		if (!cfg.identity)
			ret = EXIT_RUNTIME;
	}
	if (!ret && cfg.registry_tls && !cfg.has_fingerprint) {
		fprintf(stderr, "%s: --registry-tls needs --registry-fingerprint (SHA-256 of the registry's leaf certificate)\n",
			prog);
		ret = EXIT_USAGE;
	}
	if (!ret && cfg.has_fingerprint && !cfg.registry_tls) {
		fprintf(stderr, "%s: --registry-fingerprint without --registry-tls: the registry would be asked in plaintext\n",
			prog);
		ret = EXIT_USAGE;
	}
	if (!ret && (cfg.registry_tls || cfg.has_fingerprint) && !cfg.registry) {
		fprintf(stderr, "%s: TLS settings without --registry\n", prog);
		ret = EXIT_USAGE;
	}
	if (!ret) {
		if (mode == 'I')
			ret = do_init(&cfg);
		else if (mode == 'P')
			ret = do_public_key(&cfg);
		else
			ret = run(&cfg);
	}
	keyd_config_release(&cfg);
	return ret;
}
