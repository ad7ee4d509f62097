// SPDX-License-Identifier: GPL-2.0
/*
 * "pilot show" and "pilot showconf": what the kernel reports, for people,
 * for scripts (one field, or the tab-separated dump) and as JSON. Private
 * keys never come back from the kernel; they show as "(hidden)".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pilot.h"

static const char *const fields[] = {
	"public-key", "private-key", "node-id", "network-id", "listen-port",
	"fwmark", "encryption", "identity", "peers", "dump", NULL,
};

static bool is_field(const char *s)
{
	for (const char *const *f = fields; *f; f++)
		if (!strcmp(*f, s))
			return true;
	return false;
}

static void print_human(const struct pilot_device_info *d)
{
	char b64[KEY_B64_LEN];

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
	printf("  listening port: %u\n", d->listen_port);
	printf("  encryption: %s\n", d->encryption ? "on" : "off (plaintext PILT)");
	if (d->fwmark)
		printf("  fwmark: 0x%x\n", d->fwmark);
	printf("  peers: %u\n", d->peer_count);
}

static void print_json(const struct pilot_device_info *d)
{
	char pub[KEY_B64_LEN], id[KEY_B64_LEN];

	key_to_base64(pub, d->public_key);
	key_to_base64(id, d->identity_key);
	/* interface names hold no quote, backslash or control character */
	printf("{\"interface\":\"%s\",\"ifindex\":%u,\"node_id\":%u,"
	       "\"network_id\":%u,\"public_key\":\"%s\",\"identity_key\":%s%s%s,"
	       "\"listen_port\":%u,\"encryption\":%s,\"fwmark\":%u,"
	       "\"peer_count\":%u}",
	       d->ifname, d->ifindex, d->node_id, d->network_id, pub,
	       d->has_identity ? "\"" : "", d->has_identity ? id : "null",
	       d->has_identity ? "\"" : "", d->listen_port,
	       d->encryption ? "true" : "false", d->fwmark, d->peer_count);
}

/* One field of one device; with several devices, prefixed by the name. */
static void print_field(const struct pilot_device_info *d, const char *field,
			bool prefix)
{
	char b64[KEY_B64_LEN];

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
	} else if (!strcmp(field, "identity")) {
		key_to_base64(b64, d->identity_key);
		puts(d->has_identity ? b64 : "(none)");
	} else if (!strcmp(field, "peers")) {
		printf("%u\n", d->peer_count);
	} else {	/* dump */
		key_to_base64(b64, d->public_key);
		if (!prefix)
			printf("%s\t", d->ifname);
		printf("%u\t%u\t%s\t(hidden)\t%u\t", d->node_id, d->network_id,
		       b64, d->listen_port);
		d->fwmark ? printf("0x%x", d->fwmark) : printf("off");
		printf("\t%s\t%u\n", d->encryption ? "on" : "off", d->peer_count);
	}
}

static void show_devices(const struct pilot_device_info *list, size_t n,
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
	struct pilot_device_info *list = NULL, one;
	struct pilot_nl nl;
	size_t n = 0, i;
	int err;

	if (argc > 3 || (argc == 3 && !is_field(argv[2])) ||
	    (argc == 3 && !strcmp(which, "interfaces"))) {
		fprintf(stderr, "Usage: %s show [all | interfaces | DEV] "
			"[public-key | private-key | node-id | network-id | listen-port |"
			" fwmark | encryption | identity | peers | dump]\n", prog);
		return EINVAL;
	}
	if (argc == 3)
		field = argv[2];
	err = nl_open_or_explain(&nl);
	if (err)
		return err;

	if (!strcmp(which, "all") || !strcmp(which, "interfaces")) {
		err = pilot_nl_dev_list(&nl, &list, &n);
		if (err)
			goto out;
		if (!strcmp(which, "interfaces")) {
			for (i = 0; i < n; i++)
				printf(json ? "%s\"%s\"" : "%s%s", i ? (json ? "," : " ") : (json ? "[" : ""),
				       list[i].ifname);
			printf(json ? "%s]\n" : "%s\n", n || !json ? "" : "[");
		} else {
			show_devices(list, n, field, true);
		}
	} else {
		err = pilot_nl_dev_get(&nl, which, &one);
		if (!err)
			show_devices(&one, 1, field, false);
	}
out:
	free(list);
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
	struct pilot_device_info d;
	char b64[KEY_B64_LEN];
	struct pilot_nl nl;
	int err;

	if (argc != 2) {
		fprintf(stderr, "Usage: %s showconf DEV\n", prog);
		return EINVAL;
	}
	err = nl_open_or_explain(&nl);
	if (err)
		return err;
	err = pilot_nl_dev_get(&nl, argv[1], &d);
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
	}
	return report(&nl, err, "showconf", argv[1]);
}
