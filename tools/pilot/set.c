// SPDX-License-Identifier: GPL-2.0
/*
 * "pilot set" and "pilot setconf | addconf | syncconf": change a device.
 */
#include <errno.h>
#include <string.h>
#include <sodium.h>

#include "pilot.h"

static int usage_set(void)
{
	fprintf(stderr, "Usage: %s set DEV [node-id ID] [network-id ID] [listen-port PORT]"
		" [private-key FILE] [fwmark MARK | off] [encryption on | off]"
		" [learn-peers on | off] [peer NODE-ID [remove] [endpoint ADDR:PORT] [allowed-ips PREFIX[,PREFIX...]]"
		" [identity-key BASE64 | none] [persistent-keepalive SECONDS | off]]...\n",
		prog);
	return EINVAL;
}

/* One "setting value" of a peer; false when it is not one. */
static bool peer_setting(struct pilot_peer_info *p, const char *key, const char *val)
{
	uint32_t v;

	if (!strcmp(key, "endpoint"))
		return parse_endpoint(val, p);
	if (!strcmp(key, "allowed-ips")) {
		p->flags |= PILOT_PEER_FLAGS_REPLACE_ALLOWED_IPS;
		return parse_allowed_ips(val, p);
	}
	if (!strcmp(key, "identity-key")) {
		p->has_identity = true;
		if (!strcmp(val, "none")) {
			memset(p->identity_key, 0, sizeof(p->identity_key));
			return true;
		}
		return key_from_base64(p->identity_key, val);
	}
	if (!strcmp(key, "persistent-keepalive")) {
		if (strcmp(val, "off") && !parse_u32(val, UINT16_MAX, &v))
			return false;
		p->keepalive = strcmp(val, "off") ? v : 0;
		p->has_keepalive = true;
		return true;
	}
	return false;
}

static int apply(struct pilot_device_config *cfg, const char *what)
{
	struct pilot_nl nl;
	int err;

	err = nl_open_or_explain(&nl);
	if (err) {
		sodium_memzero(cfg->private_key, sizeof(cfg->private_key));
		return err;
	}
	return report(&nl, pilot_nl_dev_set(&nl, cfg), what, cfg->ifname);
}

static bool set_ifname(struct pilot_device_config *cfg, const char *name)
{
	if (strlen(name) >= sizeof(cfg->ifname)) {
		fprintf(stderr, "%s: interface name too long: %s\n", prog, name);
		return false;
	}
	strcpy(cfg->ifname, name);
	return true;
}

/**
 * cmd_set() - "pilot set DEV [setting value]..."
 * @argc: argument count
 * @argv: arguments
 *
 * Return: exit status (an errno on failure).
 */
int cmd_set(int argc, char **argv)
{
	struct pilot_device_config cfg = { 0 };
	struct pilot_peer_info *peer = NULL;
	uint32_t v;
	int i, err;

	if (argc < 2 || !set_ifname(&cfg, argv[1]))
		return usage_set();
	for (i = 2; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (peer && !strcmp(key, "remove")) {
			peer->flags |= PILOT_PEER_FLAGS_REMOVE;
			i--;
			continue;
		}
		if (!val)
			goto bad;
		if (!strcmp(key, "peer")) {
			if (!parse_u32(val, UINT32_MAX, &v))
				goto bad;
			peer = config_add_peer(&cfg, v);
			if (!peer) {
				config_free(&cfg);
				return ENOMEM;
			}
		} else if (peer) {
			if (!peer_setting(peer, key, val))
				goto bad;
		} else if (!strcmp(key, "node-id") && parse_u32(val, UINT32_MAX, &v)) {
			cfg.node_id = v;
			cfg.set |= PILOT_SET_NODE_ID;
		} else if (!strcmp(key, "network-id") && parse_u32(val, UINT16_MAX, &v)) {
			cfg.network_id = v;
			cfg.set |= PILOT_SET_NETWORK_ID;
		} else if (!strcmp(key, "listen-port") && parse_u32(val, UINT16_MAX, &v)) {
			cfg.listen_port = v;
			cfg.set |= PILOT_SET_LISTEN_PORT;
		} else if (!strcmp(key, "fwmark") &&
			   (!strcmp(val, "off") || parse_u32(val, UINT32_MAX, &v))) {
			cfg.fwmark = strcmp(val, "off") ? v : 0;
			cfg.set |= PILOT_SET_FWMARK;
		} else if (!strcmp(key, "encryption") && parse_on_off(val, &cfg.encryption)) {
			cfg.set |= PILOT_SET_ENCRYPTION;
		} else if (!strcmp(key, "learn-peers") && parse_on_off(val, &cfg.learn_peers)) {
			cfg.set |= PILOT_SET_LEARN_PEERS;
		} else if (!strcmp(key, "private-key")) {
			err = read_key_file(val, cfg.private_key);
			if (err) {
				config_free(&cfg);
				return -err;
			}
			cfg.set |= PILOT_SET_PRIVATE_KEY;
		} else {
			goto bad;
		}
	}
	err = apply(&cfg, "set");
	config_free(&cfg);
	return err;
bad:
	fprintf(stderr, "%s: invalid setting '%s%s%s'\n", prog, argv[i],
		i + 1 < argc ? " " : "", i + 1 < argc ? argv[i + 1] : "");
	config_free(&cfg);
	return usage_set();
}

/* syncconf: leave out what already matches, so that nothing is touched
 * that need not be (a running port is not rebound).
 */
static int drop_unchanged(struct pilot_device_config *cfg)
{
	struct pilot_device_info d;
	uint8_t pub[PILOT_KEY_LEN];
	struct pilot_nl nl;
	int err;

	err = nl_open_or_explain(&nl);
	if (err)
		return err;
	err = pilot_nl_dev_get(&nl, cfg->ifname, &d);
	err = report(&nl, err, "syncconf", cfg->ifname);
	if (err)
		return err;
	if (d.node_id == cfg->node_id)
		cfg->set &= ~PILOT_SET_NODE_ID;
	if (d.network_id == cfg->network_id)
		cfg->set &= ~PILOT_SET_NETWORK_ID;
	if (d.listen_port == cfg->listen_port)
		cfg->set &= ~PILOT_SET_LISTEN_PORT;
	if (d.fwmark == cfg->fwmark)
		cfg->set &= ~PILOT_SET_FWMARK;
	if (d.encryption == cfg->encryption)
		cfg->set &= ~PILOT_SET_ENCRYPTION;
	if (d.learn_peers == cfg->learn_peers)
		cfg->set &= ~PILOT_SET_LEARN_PEERS;
	if ((cfg->set & PILOT_SET_PRIVATE_KEY) &&
	    !crypto_scalarmult_curve25519_base(pub, cfg->private_key) &&
	    !memcmp(pub, d.public_key, sizeof(pub)))
		cfg->set &= ~PILOT_SET_PRIVATE_KEY;
	return 0;
}

/* syncconf: peers the file does not name go; the others keep their
 * sessions and get exactly the file's allowed IPs.
 */
static int sync_peers(struct pilot_device_config *cfg)
{
	struct pilot_peer_info *have = NULL, *gone;
	struct pilot_nl nl;
	size_t n = 0, i, j;
	int err;

	err = nl_open_or_explain(&nl);
	if (err)
		return err;
	err = pilot_nl_peer_list(&nl, cfg->ifname, &have, &n);
	err = report(&nl, err, "syncconf", cfg->ifname);
	if (err)
		return err;
	for (i = 0; i < cfg->n_peers; i++)
		cfg->peers[i].flags |= PILOT_PEER_FLAGS_REPLACE_ALLOWED_IPS;
	for (i = 0; i < n; i++) {
		for (j = 0; j < cfg->n_peers; j++)
			if (cfg->peers[j].node_id == have[i].node_id)
				break;
		if (j < cfg->n_peers)
			continue;
		gone = config_add_peer(cfg, have[i].node_id);
		if (!gone) {
			err = ENOMEM;
			break;
		}
		gone->flags = PILOT_PEER_FLAGS_REMOVE;
	}
	pilot_peers_free(have, n);
	return err;
}

/**
 * cmd_setconf() - "pilot setconf | addconf | syncconf DEV FILE"
 * @argc: argument count
 * @argv: arguments; argv[0] names the variant
 *
 * setconf makes the device match the file (every peer goes, the file's
 * come back); addconf adds to what the device has; syncconf makes the
 * device match too, but touches only what differs, so peers the file keeps
 * keep their sessions.
 *
 * Return: exit status.
 */
int cmd_setconf(int argc, char **argv)
{
	struct pilot_device_config cfg = { 0 };
	char iobuf[SECRET_IOBUF_LEN];
	FILE *f;
	int err;

	if (argc != 3 || !set_ifname(&cfg, argv[1])) {
		fprintf(stderr, "Usage: %s %s DEV FILE\n", prog, argv[0]);
		return EINVAL;
	}
	f = secret_fopen(argv[2], iobuf);
	if (!f) {
		err = errno;
		fprintf(stderr, "%s: %s: %s\n", prog, argv[2], strerror(err));
		return err;
	}
	err = config_parse(f, argv[2], &cfg);
	secret_fclose(f, iobuf);
	if (!err && !strcmp(argv[0], "setconf"))
		cfg.flags |= PILOT_DEVICE_FLAGS_REPLACE_PEERS;
	if (!err && !strcmp(argv[0], "syncconf"))
		err = -(drop_unchanged(&cfg) ?: sync_peers(&cfg));
	if (!err)
		err = -apply(&cfg, argv[0]);
	config_free(&cfg);
	return -err;
}
