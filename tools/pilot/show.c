// SPDX-License-Identifier: GPL-2.0
/*
 * "pilot show" and "pilot showconf": what the kernel reports, for people,
 * for scripts (one field, or the tab-separated dump) and as JSON. Private
 * keys never come back from the kernel; they show as "(hidden)".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pilot.h"

static const char *const fields[] = {
	"public-key", "private-key", "node-id", "network-id", "listen-port",
	"fwmark", "encryption", "learn-peers", "identity", "drops", "peers",
	"endpoints", "allowed-ips", "latest-key-exchange", "transfer",
	"persistent-keepalive", "dump", NULL,
};

/* A device and its peers. */
struct device {
	struct pilot_device_info info;
	struct pilot_peer_info *peers;
	size_t n_peers;
};

static bool is_field(const char *s)
{
	for (const char *const *f = fields; *f; f++)
		if (!strcmp(*f, s))
			return true;
	return false;
}

/* The counters that are not zero, "NAME<eq>COUNT" joined by sep, or none. */
static void print_drops(const uint64_t *drops, const char *eq, const char *sep,
			const char *none)
{
	bool first = true;

	for (uint32_t r = 1; r <= PILOT_DROP_REASON_MAX; r++) {
		if (!drops[r])
			continue;
		printf("%s%s%s%llu", first ? "" : sep, pilot_drop_reason_name(r), eq,
		       (unsigned long long)drops[r]);
		first = false;
	}
	if (first)
		fputs(none, stdout);
}

/* "  drops: replay 3, aead 1", when anything was dropped. */
static void print_drops_human(const uint64_t *drops)
{
	for (uint32_t r = 1; r <= PILOT_DROP_REASON_MAX; r++) {
		if (drops[r]) {
			printf("  drops: ");
			print_drops(drops, " ", ", ", "");
			putchar('\n');
			return;
		}
	}
}

/* Every counter, as a JSON object keyed by the reasons' names. */
static void print_drops_json(const uint64_t *drops)
{
	for (uint32_t r = 1; r <= PILOT_DROP_REASON_MAX; r++)
		printf("%s\"%s\":%llu", r == 1 ? "{" : ",", pilot_drop_reason_name(r),
		       (unsigned long long)drops[r]);
	putchar('}');
}

static const char *session_name(const struct pilot_peer_info *p)
{
	if (!p->session)
		return "none";
	return p->authenticated ? "authenticated" : "unauthenticated";
}

/* "1 day, 2 hours, 3 seconds ago", as wg(8) says of handshakes. */
static void print_ago(uint64_t when)
{
	static const struct {
		const char *unit;
		uint64_t secs;
	} units[] = {
		{ "year", 31556926 }, { "day", 86400 }, { "hour", 3600 },
		{ "minute", 60 }, { "second", 1 },
	};
	uint64_t now = (uint64_t)time(NULL), left, n;
	bool first = true;
	size_t i;

	if (when > now) {
		fputs("in the future (the clock went back)", stdout);
		return;
	}
	if (when == now) {
		fputs("now", stdout);
		return;
	}
	left = now - when;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		n = left / units[i].secs;
		left %= units[i].secs;
		if (!n)
			continue;
		printf("%s%llu %s%s", first ? "" : ", ", (unsigned long long)n,
		       units[i].unit, n == 1 ? "" : "s");
		first = false;
	}
	fputs(" ago", stdout);
}

static void print_peer_human(const struct pilot_peer_info *p)
{
	char b64[KEY_B64_LEN], ep[64];

	printf("\npeer: %u\n", p->node_id);
	if (p->endpoint_family) {
		format_endpoint(ep, sizeof(ep), p);
		printf("  endpoint: %s%s\n", ep, p->endpoint_learned ? " (learned)" : "");
	}
	printf("  allowed ips: ");
	print_allowed_ips(stdout, p, ", ", "(none)");
	putchar('\n');
	if (p->has_identity) {
		key_to_base64(b64, p->identity_key);
		printf("  identity: %s (pinned)\n", b64);
	} else if (p->has_registered_key) {
		key_to_base64(b64, p->registered_key);
		printf("  identity: %s (registered)\n", b64);
	}
	printf("  session: %s\n", session_name(p));
	if (p->last_key_exchange) {
		printf("  latest key exchange: ");
		print_ago(p->last_key_exchange);
		putchar('\n');
	}
	if (p->rekey_pending)
		printf("  key exchange: pending (%u sent)\n", p->rekey_attempts);
	else if (p->gave_up_ms)
		printf("  key exchange: gave up (%u s cooldown left)\n",
		       (p->gave_up_ms + 999) / 1000);
	if (p->learned)
		printf("  learned: yes\n");
	if (p->keepalive)
		printf("  persistent keepalive: every %u seconds\n", p->keepalive);
	if (p->rx_bytes || p->tx_bytes)
		printf("  transfer: %llu B received, %llu B sent\n",
		       (unsigned long long)p->rx_bytes, (unsigned long long)p->tx_bytes);
	print_drops_human(p->drops);
}

static void print_human(const struct device *dev)
{
	const struct pilot_device_info *d = &dev->info;
	char b64[KEY_B64_LEN];
	size_t i;

	printf("interface: %s\n", d->ifname);
	printf("  node id: %u\n", d->node_id);
	printf("  network id: %u\n", d->network_id);
	key_to_base64(b64, d->public_key);
	printf("  public key: %s\n", b64);
	printf("  private key: (hidden)\n");
	if (d->has_identity) {
		key_to_base64(b64, d->identity_key);
		printf("  identity: %s\n", b64);
	} else {
		printf("  identity: (none; pilot-keyd sets it)\n");
	}
	printf("  pilot-keyd: %s\n", d->keyd ? "running" : "not running");
	printf("  listening port: %u\n", d->listen_port);
	printf("  encryption: %s\n", d->encryption ? "on" : "off (plaintext PILT)");
	printf("  learn peers: %s\n", d->learn_peers ? "on" : "off");
	if (d->fwmark)
		printf("  fwmark: 0x%x\n", d->fwmark);
	printf("  peers: %u\n", d->peer_count);
	printf("  sessions: %u\n", d->session_count);
	print_drops_human(d->drops);
	printf("  relayed paths: left to userspace Pilot daemons\n");
	for (i = 0; i < dev->n_peers; i++)
		print_peer_human(&dev->peers[i]);
}

static void print_peer_json(const struct pilot_peer_info *p)
{
	char b64[KEY_B64_LEN], reg[KEY_B64_LEN], ep[64];

	format_endpoint(ep, sizeof(ep), p);
	key_to_base64(b64, p->identity_key);
	key_to_base64(reg, p->registered_key);
	printf("{\"node_id\":%u,\"endpoint\":%s%s%s,\"endpoint_learned\":%s,"
	       "\"allowed_ips\":[", p->node_id,
	       p->endpoint_family ? "\"" : "", p->endpoint_family ? ep : "null",
	       p->endpoint_family ? "\"" : "", p->endpoint_learned ? "true" : "false");
	if (p->n_aips) {
		putchar('"');
		print_allowed_ips(stdout, p, "\",\"", "");
		putchar('"');
	}
	printf("],\"identity_key\":%s%s%s,\"registered_key\":%s%s%s,"
	       "\"persistent_keepalive\":%u,"
	       "\"rx_bytes\":%llu,\"tx_bytes\":%llu,\"rx_packets\":%llu,"
	       "\"tx_packets\":%llu,\"session\":%s,\"authenticated\":%s,"
	       "\"last_key_exchange\":%llu,\"rekey_attempts\":%u,"
	       "\"gave_up_ms\":%u,\"learned\":%s,\"drops\":",
	       p->has_identity ? "\"" : "", p->has_identity ? b64 : "null",
	       p->has_identity ? "\"" : "",
	       p->has_registered_key ? "\"" : "", p->has_registered_key ? reg : "null",
	       p->has_registered_key ? "\"" : "", p->keepalive,
	       (unsigned long long)p->rx_bytes, (unsigned long long)p->tx_bytes,
	       (unsigned long long)p->rx_packets, (unsigned long long)p->tx_packets,
	       p->session ? "true" : "false", p->authenticated ? "true" : "false",
	       (unsigned long long)p->last_key_exchange,
	       p->rekey_pending ? p->rekey_attempts : 0, p->gave_up_ms,
	       p->learned ? "true" : "false");
	print_drops_json(p->drops);
	putchar('}');
}

static void print_json(const struct device *dev)
{
	const struct pilot_device_info *d = &dev->info;
	char pub[KEY_B64_LEN], id[KEY_B64_LEN];
	size_t i;

	key_to_base64(pub, d->public_key);
	key_to_base64(id, d->identity_key);
	/* interface names hold no quote, backslash or control character */
	printf("{\"interface\":\"%s\",\"ifindex\":%u,\"node_id\":%u,"
	       "\"network_id\":%u,\"public_key\":\"%s\",\"identity_key\":%s%s%s,"
	       "\"listen_port\":%u,\"encryption\":%s,\"fwmark\":%u,"
	       "\"peer_count\":%u,\"learn_peers\":%s,\"session_count\":%u,"
	       "\"keyd\":%s,\"drops\":",
	       d->ifname, d->ifindex, d->node_id, d->network_id, pub,
	       d->has_identity ? "\"" : "", d->has_identity ? id : "null",
	       d->has_identity ? "\"" : "", d->listen_port,
	       d->encryption ? "true" : "false", d->fwmark, d->peer_count,
	       d->learn_peers ? "true" : "false", d->session_count,
	       d->keyd ? "true" : "false");
	print_drops_json(d->drops);
	printf(",\"peers\":[");
	for (i = 0; i < dev->n_peers; i++) {
		if (i)
			putchar(',');
		print_peer_json(&dev->peers[i]);
	}
	printf("]}");
}

/* One per-peer field: a line per peer. */
static void print_peer_field(const struct device *dev, const char *field,
			     bool prefix)
{
	const struct pilot_peer_info *p;
	char ep[64], b64[KEY_B64_LEN];
	size_t i;

	for (i = 0; i < dev->n_peers; i++) {
		p = &dev->peers[i];
		if (prefix)
			printf("%s\t", dev->info.ifname);
		printf("%u", p->node_id);
		if (!strcmp(field, "endpoints")) {
			format_endpoint(ep, sizeof(ep), p);
			printf("\t%s", ep);
		} else if (!strcmp(field, "allowed-ips")) {
			putchar('\t');
			print_allowed_ips(stdout, p, " ", "(none)");
		} else if (!strcmp(field, "latest-key-exchange")) {
			printf("\t%llu", (unsigned long long)p->last_key_exchange);
		} else if (!strcmp(field, "transfer")) {
			printf("\t%llu\t%llu", (unsigned long long)p->rx_bytes,
			       (unsigned long long)p->tx_bytes);
		} else if (!strcmp(field, "persistent-keepalive")) {
			p->keepalive ? printf("\t%u", p->keepalive) : printf("\toff");
		} else if (!strcmp(field, "dump")) {
			format_endpoint(ep, sizeof(ep), p);
			key_to_base64(b64, p->identity_key);
			printf("\t%s\t", ep);
			print_allowed_ips(stdout, p, ",", "(none)");
			printf("\t%s\t%llu\t%llu\t", p->has_identity ? b64 : "(none)",
			       (unsigned long long)p->rx_bytes,
			       (unsigned long long)p->tx_bytes);
			p->keepalive ? printf("%u", p->keepalive) : printf("off");
			printf("\t%s\t%llu\t%u\t%u\t%s\t", session_name(p),
			       (unsigned long long)p->last_key_exchange,
			       p->rekey_pending ? p->rekey_attempts : 0, p->gave_up_ms,
			       p->learned ? "yes" : "no");
			print_drops(p->drops, "=", ",", "(none)");
		}
		putchar('\n');
	}
}

/* One field of one device; with several devices, prefixed by the name. */
static void print_field(const struct device *dev, const char *field,
			bool prefix)
{
	const struct pilot_device_info *d = &dev->info;
	char b64[KEY_B64_LEN];

	if (!strcmp(field, "peers") || !strcmp(field, "endpoints") ||
	    !strcmp(field, "allowed-ips") || !strcmp(field, "transfer") ||
	    !strcmp(field, "persistent-keepalive") ||
	    !strcmp(field, "latest-key-exchange")) {
		print_peer_field(dev, field, prefix);
		return;
	}
	if (!strcmp(field, "drops")) {	/* a line per reason, every reason */
		for (uint32_t r = 1; r <= PILOT_DROP_REASON_MAX; r++)
			printf("%s%s%s\t%llu\n", prefix ? d->ifname : "", prefix ? "\t" : "",
			       pilot_drop_reason_name(r), (unsigned long long)d->drops[r]);
		return;
	}
	if (prefix)
		printf("%s\t", d->ifname);
	if (!strcmp(field, "public-key")) {
		key_to_base64(b64, d->public_key);
		puts(b64);
	} else if (!strcmp(field, "private-key")) {
		puts("(hidden)");
	} else if (!strcmp(field, "node-id")) {
		printf("%u\n", d->node_id);
	} else if (!strcmp(field, "network-id")) {
		printf("%u\n", d->network_id);
	} else if (!strcmp(field, "listen-port")) {
		printf("%u\n", d->listen_port);
	} else if (!strcmp(field, "fwmark")) {
		d->fwmark ? printf("0x%x\n", d->fwmark) : puts("off");
	} else if (!strcmp(field, "encryption")) {
		puts(d->encryption ? "on" : "off");
	} else if (!strcmp(field, "learn-peers")) {
		puts(d->learn_peers ? "on" : "off");
	} else if (!strcmp(field, "identity")) {
		key_to_base64(b64, d->identity_key);
		puts(d->has_identity ? b64 : "(none)");
	} else {	/* dump: the device's line, then its peers' */
		key_to_base64(b64, d->public_key);
		if (!prefix)
			printf("%s\t", d->ifname);
		printf("%u\t%u\t%s\t(hidden)\t%u\t", d->node_id, d->network_id,
		       b64, d->listen_port);
		d->fwmark ? printf("0x%x", d->fwmark) : printf("off");
		printf("\t%s\t%u\t%s\t%u\t", d->encryption ? "on" : "off",
		       d->peer_count, d->learn_peers ? "on" : "off", d->session_count);
		print_drops(d->drops, "=", ",", "(none)");
		putchar('\n');
		print_peer_field(dev, field, prefix);
	}
}

static void show_devices(const struct device *list, size_t n,
			 const char *field, bool several)
{
	size_t i;

	if (json) {
		if (several)
			putchar('[');
		for (i = 0; i < n; i++) {
			if (i)
				putchar(',');
			print_json(&list[i]);
		}
		puts(several ? "]" : "");
		return;
	}
	for (i = 0; i < n; i++) {
		if (field) {
			print_field(&list[i], field, several);
		} else {
			if (i)
				putchar('\n');
			print_human(&list[i]);
		}
	}
}

/**
 * cmd_show() - "pilot show [all | interfaces | DEV] [FIELD]"
 * @argc: argument count
 * @argv: arguments
 *
 * Return: exit status (an errno on failure).
 */
int cmd_show(int argc, char **argv)
{
	const char *which = argc > 1 ? argv[1] : "all", *field = NULL;
	struct pilot_device_info *infos = NULL;
	struct device *devs = NULL;
	struct pilot_nl nl;
	size_t n = 0, i;
	int err;

	if (argc > 3 || (argc == 3 && !is_field(argv[2])) ||
	    (argc == 3 && !strcmp(which, "interfaces"))) {
		fprintf(stderr, "Usage: %s show [all | interfaces | DEV] [public-key |"
			" private-key | node-id | network-id | listen-port | fwmark |"
			" encryption | learn-peers | identity | drops | peers |"
			" endpoints | allowed-ips | latest-key-exchange | transfer |"
			" persistent-keepalive | dump]\n", prog);
		return EINVAL;
	}
	if (argc == 3)
		field = argv[2];
	err = nl_open_or_explain(&nl);
	if (err)
		return err;

	if (!strcmp(which, "all") || !strcmp(which, "interfaces")) {
		err = pilot_nl_dev_list(&nl, &infos, &n);
	} else {
		infos = calloc(1, sizeof(*infos));
		err = infos ? pilot_nl_dev_get(&nl, which, infos) : -ENOMEM;
		n = 1;
	}
	if (err)
		goto out;
	if (!strcmp(which, "interfaces")) {
		for (i = 0; i < n; i++)
			printf(json ? "%s\"%s\"" : "%s%s",
			       i ? (json ? "," : " ") : (json ? "[" : ""), infos[i].ifname);
		printf(json ? "%s]\n" : "%s\n", n || !json ? "" : "[");
		goto out;
	}
	devs = calloc(n ? n : 1, sizeof(*devs));
	if (!devs) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n && !err; i++) {
		devs[i].info = infos[i];
		if (!field || strcmp(field, "public-key"))
			err = pilot_nl_peer_list(&nl, infos[i].ifname, &devs[i].peers,
						 &devs[i].n_peers);
	}
	if (!err)
		show_devices(devs, n, field, strcmp(which, "all") == 0);
out:
	for (i = 0; devs && i < n; i++)
		pilot_peers_free(devs[i].peers, devs[i].n_peers);
	free(devs);
	free(infos);
	return report(&nl, err, "show", which);
}

/**
 * cmd_showconf() - "pilot showconf DEV": the device as a configuration file
 * @argc: argument count
 * @argv: arguments
 *
 * The private key is write-only and so not shown; the file still applies
 * with setconf, which then keeps the device's key.
 *
 * Return: exit status.
 */
int cmd_showconf(int argc, char **argv)
{
	struct pilot_peer_info *peers = NULL, *p;
	struct pilot_device_info d;
	char b64[KEY_B64_LEN], ep[64];
	struct pilot_nl nl;
	size_t n = 0, i;
	int err;

	if (argc != 2) {
		fprintf(stderr, "Usage: %s showconf DEV\n", prog);
		return EINVAL;
	}
	err = nl_open_or_explain(&nl);
	if (err)
		return err;
	err = pilot_nl_dev_get(&nl, argv[1], &d);
	if (!err)
		err = pilot_nl_peer_list(&nl, argv[1], &peers, &n);
	if (!err) {
		key_to_base64(b64, d.public_key);
		printf("[Interface]\n");
		printf("# PublicKey = %s (the private key is write-only)\n", b64);
		printf("NodeID = %u\n", d.node_id);
		printf("NetworkID = %u\n", d.network_id);
		printf("ListenPort = %u\n", d.listen_port);
		if (d.fwmark)
			printf("FwMark = 0x%x\n", d.fwmark);
		printf("Encryption = %s\n", d.encryption ? "on" : "off");
		printf("LearnPeers = %s\n", d.learn_peers ? "on" : "off");
		for (i = 0; i < n; i++) {
			p = &peers[i];
			printf("\n[Peer]\nNodeID = %u\n", p->node_id);
			if (p->endpoint_family) {
				format_endpoint(ep, sizeof(ep), p);
				printf("Endpoint = %s\n", ep);
			}
			if (p->n_aips) {
				printf("AllowedIPs = ");
				print_allowed_ips(stdout, p, ", ", "");
				putchar('\n');
			}
			if (p->has_identity) {
				key_to_base64(b64, p->identity_key);
				printf("IdentityKey = %s\n", b64);
			}
			if (p->keepalive)
				printf("PersistentKeepalive = %u\n", p->keepalive);
		}
	}
	pilot_peers_free(peers, n);
	return report(&nl, err, "showconf", argv[1]);
}
