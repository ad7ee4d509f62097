// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the registry client's JSON messages
 * (tools/keyd/registry_msg.c): the requests it writes and how it judges
 * replies, without a server.
 */
#include <string.h>
#include <arpa/inet.h>
#include <jansson.h>
#include <sodium.h>

#include "kselftest_harness.h"
#include "../../tools/keyd/registry_int.h"

static char err[256];

static enum registry_status lookup(const char *json, uint8_t key[32])
{
	return reg_parse_lookup(json, strlen(json), 7, key, err, sizeof(err));
}

/* {"type":"lookup_ok","node_id":7,"public_key":<pk>} */
static enum registry_status lookup_key(const char *pk, uint8_t key[32])
{
	char json[256];

	snprintf(json, sizeof(json), "{\"type\":\"lookup_ok\",\"node_id\":7,\"public_key\":%s}", pk);
	return lookup(json, key);
}

TEST(lookup_request)
{
	char *s = reg_msg_lookup(4294967295u);

	ASSERT_NE(NULL, s);
	ASSERT_STREQ("{\"type\":\"lookup\",\"node_id\":4294967295}", s);
	free(s);
}

TEST(resolve_request_signed)
{
	uint8_t pk[32], sk[64], sig[64];
	const char *text = "resolve:9:7";
	json_t *o;
	size_t len;
	char *s;

	ASSERT_LE(0, sodium_init());
	crypto_sign_keypair(pk, sk);
	s = reg_msg_resolve(7, 9, sk);
	ASSERT_NE(NULL, s);
	o = json_loads(s, 0, NULL);
	free(s);
	ASSERT_NE(NULL, o);
	ASSERT_STREQ("resolve", json_string_value(json_object_get(o, "type")));
	ASSERT_EQ(7, json_integer_value(json_object_get(o, "node_id")));
	ASSERT_EQ(9, json_integer_value(json_object_get(o, "requester_id")));
	s = (char *)json_string_value(json_object_get(o, "signature"));
	ASSERT_NE(NULL, s);
	ASSERT_EQ(0, sodium_base642bin(sig, sizeof(sig), s, strlen(s), NULL, &len,
				       NULL, sodium_base64_VARIANT_ORIGINAL));
	ASSERT_EQ(64, len);
	ASSERT_EQ(0, crypto_sign_verify_detached(sig, (const uint8_t *)text,
						 strlen(text), pk));
	json_decref(o);
}

TEST(lookup_ok_full_reply)
{
	uint8_t key[32], want[32];
	unsigned int i;

	for (i = 0; i < 32; i++)
		want[i] = i;
	/* a Go registry's whole reply; the fields not used are ignored */
	ASSERT_EQ(REGISTRY_OK, lookup("{\"type\":\"lookup_ok\",\"node_id\":7,"
		"\"address\":\"0:0000.0000.0007\",\"networks\":[0,3],"
		"\"public_key\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\","
		"\"public\":true,\"polo_score\":12,\"hostname\":\"h\",\"tags\":[\"a\"],"
		"\"real_addr\":\"1.2.3.4:5\",\"version\":\"1.9\"}", key));
	ASSERT_EQ(0, memcmp(want, key, 32));
}

TEST(lookup_key_forms)
{
	uint8_t key[32] = { 0 }, zero[32] = { 0 };

	ASSERT_EQ(REGISTRY_NOT_FOUND, lookup_key("\"\"", key));
	ASSERT_STREQ("node 7 has no public key", err);
	ASSERT_EQ(REGISTRY_NOT_FOUND, lookup_key("null", key));
	ASSERT_EQ(REGISTRY_NOT_FOUND,
		  lookup("{\"type\":\"lookup_ok\",\"node_id\":7}", key));
	/* 31 and 33 bytes, no padding, URL-safe alphabet, not a string */
	ASSERT_EQ(REGISTRY_BAD_REPLY,
		  lookup_key("\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==\"", key));
	ASSERT_EQ(REGISTRY_BAD_REPLY,
		  lookup_key("\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g\"", key));
	ASSERT_EQ(REGISTRY_BAD_REPLY,
		  lookup_key("\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\"", key));
	ASSERT_EQ(REGISTRY_BAD_REPLY,
		  lookup_key("\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh-_\"", key));
	ASSERT_EQ(REGISTRY_BAD_REPLY, lookup_key("32", key));
	ASSERT_STREQ("node 7: public key is not 32 bytes of base64", err);
	ASSERT_EQ(0, memcmp(zero, key, 32));	/* untouched on failure */
}

TEST(error_replies)
{
	uint8_t key[32];

	ASSERT_EQ(REGISTRY_NOT_FOUND,
		  lookup("{\"type\":\"error\",\"error\":\"node 7: Node Not Found\"}", key));
	ASSERT_STREQ("registry: node 7: Node Not Found", err);
	/* older servers hide every cause: no proof of absence */
	ASSERT_EQ(REGISTRY_BAD_REPLY,
		  lookup("{\"type\":\"error\",\"error\":\"request failed\"}", key));
	ASSERT_STREQ("registry: request failed", err);
	/* the text is made one printable line */
	ASSERT_EQ(REGISTRY_BAD_REPLY,
		  lookup("{\"type\":\"error\",\"error\":\"a\\nb\\u001b[2J\"}", key));
	ASSERT_STREQ("registry: a?b?[2J", err);
	ASSERT_EQ(REGISTRY_BAD_REPLY, lookup("{\"type\":\"error\"}", key));
}

TEST(malformed_replies)
{
	uint8_t key[32];

	ASSERT_EQ(REGISTRY_BAD_REPLY, lookup("{\"type\":", key));
	ASSERT_EQ(0, strncmp(err, "malformed reply", 15));
	ASSERT_EQ(REGISTRY_BAD_REPLY, lookup("{} {}", key));
	ASSERT_EQ(REGISTRY_BAD_REPLY, lookup("[\"lookup_ok\"]", key));
	/* a duplicate key is refused, whichever copy a reader would take */
	ASSERT_EQ(REGISTRY_BAD_REPLY, lookup("{\"type\":\"lookup_ok\",\"node_id\":8,"
		"\"node_id\":7,\"public_key\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}",
		key));
	ASSERT_EQ(REGISTRY_BAD_REPLY, lookup("{\"type\":\"resolve_ok\",\"node_id\":7}", key));
	ASSERT_STREQ("unexpected reply type \"resolve_ok\"", err);
	ASSERT_EQ(REGISTRY_BAD_REPLY, lookup("{\"type\":\"lookup_ok\"}", key));
	ASSERT_STREQ("reply without a node_id", err);
	ASSERT_EQ(REGISTRY_BAD_REPLY, lookup("{\"type\":\"lookup_ok\",\"node_id\":\"7\"}", key));
	ASSERT_EQ(REGISTRY_BAD_REPLY, lookup("{\"type\":\"lookup_ok\",\"node_id\":7.0}", key));
	ASSERT_EQ(REGISTRY_BAD_REPLY,
		  lookup("{\"type\":\"lookup_ok\",\"node_id\":4294967303}", key));
	ASSERT_STREQ("reply for node 4294967303, not 7", err);
}

TEST(endpoints)
{
	static const char * const bad[] = {
		"1.2.3.4", "1.2.3.4:", "1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:+80",
		"1.2.3.4:80x", "::1:80", "[1.2.3.4]:80", "[::1]80", "host:80", "",
		"[::1]:-1", "1.2.3:80",
	};
	struct sockaddr_storage ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	unsigned int i;

	ASSERT_EQ(0, reg_parse_endpoint("10.1.2.3:65535", &ss));
	ASSERT_EQ(AF_INET, s4->sin_family);
	ASSERT_EQ(htonl(0x0a010203), s4->sin_addr.s_addr);
	ASSERT_EQ(65535, ntohs(s4->sin_port));
	ASSERT_EQ(0, reg_parse_endpoint("[fe80::1]:1", &ss));
	ASSERT_EQ(AF_INET6, s6->sin6_family);
	ASSERT_EQ(0xfe, s6->sin6_addr.s6_addr[0]);
	ASSERT_EQ(1, s6->sin6_addr.s6_addr[15]);
	ASSERT_EQ(1, ntohs(s6->sin6_port));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_EQ(-EINVAL, reg_parse_endpoint(bad[i], &ss))
			TH_LOG("endpoint \"%s\" accepted", bad[i]);
	}
}

TEST(resolve_replies)
{
	struct sockaddr_storage ss;
	const char *r;

	r = "{\"type\":\"resolve_ok\",\"node_id\":7,\"real_addr\":\"[::1]:9\"}";
	ASSERT_EQ(REGISTRY_OK, reg_parse_resolve(r, strlen(r), 7, &ss, err, sizeof(err)));
	ASSERT_EQ(AF_INET6, ss.ss_family);
	r = "{\"type\":\"resolve_ok\",\"node_id\":7,\"real_addr\":\"\"}";
	ASSERT_EQ(REGISTRY_NOT_FOUND, reg_parse_resolve(r, strlen(r), 7, &ss, err, sizeof(err)));
	ASSERT_STREQ("node 7 has no endpoint", err);
	r = "{\"type\":\"resolve_ok\",\"node_id\":7,\"real_addr\":\"nowhere\"}";
	ASSERT_EQ(REGISTRY_BAD_REPLY, reg_parse_resolve(r, strlen(r), 7, &ss, err, sizeof(err)));
	ASSERT_STREQ("node 7: bad endpoint \"nowhere\"", err);
	r = "{\"type\":\"resolve_ok\",\"node_id\":8,\"real_addr\":\"1.2.3.4:5\"}";
	ASSERT_EQ(REGISTRY_BAD_REPLY, reg_parse_resolve(r, strlen(r), 7, &ss, err, sizeof(err)));
	r = "{\"type\":\"error\",\"error\":\"signature verification failed\"}";
	ASSERT_EQ(REGISTRY_BAD_REPLY, reg_parse_resolve(r, strlen(r), 7, &ss, err, sizeof(err)));
}

TEST(host_and_port)
{
	char host[16], port[8];

	ASSERT_EQ(0, reg_split_hostport("[::1]:9000", host, sizeof(host), port, sizeof(port)));
	ASSERT_STREQ("::1", host);
	ASSERT_STREQ("9000", port);
	ASSERT_EQ(0, reg_split_hostport("reg.example:1", host, sizeof(host), port, sizeof(port)));
	ASSERT_STREQ("reg.example", host);
	ASSERT_EQ(-EINVAL, reg_split_hostport(":9000", host, sizeof(host), port, sizeof(port)));
	ASSERT_EQ(-EINVAL, reg_split_hostport("[]:9000", host, sizeof(host), port, sizeof(port)));
	ASSERT_EQ(-EINVAL, reg_split_hostport("a.very.long.host.name:1", host, sizeof(host),
					      port, sizeof(port)));
}

TEST_HARNESS_MAIN
