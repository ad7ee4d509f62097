// SPDX-License-Identifier: GPL-2.0
/*
 * The "pilot" generic netlink family answers the version command, in any
 * network namespace and without privilege, and refuses unknown commands.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>

#include "kselftest_harness.h"
#include "pilot_nl.h"

struct version_reply {
	char module[64];
	char protocol[64];
	uint32_t family;
	int replies;
};

static int parse_version(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_VERSION_MAX + 1];
	struct version_reply *v = arg;

	v->replies++;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_VERSION_MAX, NULL))
		return NL_SKIP;
	if (tb[PILOT_A_VERSION_MODULE])
		nla_strlcpy(v->module, tb[PILOT_A_VERSION_MODULE], sizeof(v->module));
	if (tb[PILOT_A_VERSION_PROTOCOL])
		nla_strlcpy(v->protocol, tb[PILOT_A_VERSION_PROTOCOL], sizeof(v->protocol));
	if (tb[PILOT_A_VERSION_FAMILY])
		v->family = nla_get_u32(tb[PILOT_A_VERSION_FAMILY]);
	return NL_OK;
}

static int version_get(struct version_reply *v)
{
	struct pilot_nl nl;
	int err;

	memset(v, 0, sizeof(*v));
	err = pilot_nl_open(&nl);
	if (err)
		return err;
	err = pilot_nl_transact(&nl, pilot_nl_request(&nl, PILOT_CMD_VERSION_GET, 0),
				parse_version, v);
	pilot_nl_close(&nl);
	return err;
}

static void sysfs_version(char *buf, size_t len)
{
	FILE *f = fopen("/sys/module/pilot/version", "r");

	buf[0] = '\0';
	if (f) {
		if (fgets(buf, (int)len, f))
			buf[strcspn(buf, "\n")] = '\0';
		fclose(f);
	}
}

TEST(version_reply)
{
	struct version_reply v;
	char sysver[64];

	ASSERT_EQ(0, version_get(&v));
	sysfs_version(sysver, sizeof(sysver));
	EXPECT_EQ(1, v.replies);
	EXPECT_STREQ(sysver, v.module);
	EXPECT_EQ((uint32_t)PILOT_FAMILY_VERSION, v.family);
	EXPECT_STREQ("pilot-tunnel-v1", v.protocol);
}

TEST(unknown_command_refused)
{
	struct pilot_nl nl;

	ASSERT_EQ(0, pilot_nl_open(&nl));
	EXPECT_EQ(-EOPNOTSUPP, pilot_nl_transact(&nl, pilot_nl_request(&nl, 200, 0),
						 NULL, NULL));
	pilot_nl_close(&nl);
}

TEST(in_new_network_namespace)
{
	struct version_reply v;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, version_get(&v));
	EXPECT_STREQ("pilot-tunnel-v1", v.protocol);
}

TEST(unprivileged)
{
	struct version_reply v;

	ASSERT_EQ(0, setgid(65534));
	ASSERT_EQ(0, setuid(65534));
	ASSERT_NE(0U, geteuid());
	ASSERT_EQ(0, version_get(&v));
	EXPECT_EQ((uint32_t)PILOT_FAMILY_VERSION, v.family);
}

TEST_HARNESS_MAIN
