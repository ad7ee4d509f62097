// SPDX-License-Identifier: GPL-2.0
/*
 * The "pilot" generic netlink family answers the version command, in any
 * network namespace and without privilege, and refuses unknown commands.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>

#include "kselftest_harness.h"
#include "pilot_nl.h"

static int version_get(struct pilot_version_info *v)
{
	struct pilot_nl nl;
	int err;

	err = pilot_nl_open(&nl);
	if (err)
		return err;
	err = pilot_nl_version_get(&nl, v);
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

/*
 * Loaded before the first test's clock starts: a debug build runs its
 * self-tests at load, which can take longer than a test may. Autoloading
 * by family name is module.sh's to test.
 */
static void __attribute__((constructor)) load_module(void)
{
	if (system("modprobe pilot"))
		fprintf(stderr, "# modprobe pilot failed\n");
}

TEST(version_reply)
{
	struct pilot_version_info v;
	char sysver[64];

	ASSERT_EQ(0, version_get(&v));
	sysfs_version(sysver, sizeof(sysver));
	EXPECT_STREQ(sysver, v.module);
	EXPECT_EQ((uint32_t)PILOT_FAMILY_VERSION, v.family);
	EXPECT_STREQ("pilot-tunnel-v1", v.protocol);
}

/* A client newer than the module is told so. */
TEST(newer_client_refused)
{
	struct pilot_nl nl;
	struct nl_msg *msg;

	ASSERT_EQ(0, pilot_nl_open(&nl));
	msg = pilot_nl_request(&nl, PILOT_CMD_VERSION_GET, 0);
	nla_put_u32(msg, PILOT_A_VERSION_FAMILY, PILOT_FAMILY_VERSION + 1);
	EXPECT_EQ(-EPROTONOSUPPORT, pilot_nl_transact(&nl, msg, NULL, NULL));
	EXPECT_STREQ("client is newer than this module's netlink family", nl.errmsg);
	pilot_nl_close(&nl);
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
	struct pilot_version_info v;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, version_get(&v));
	EXPECT_STREQ("pilot-tunnel-v1", v.protocol);
}

TEST(unprivileged)
{
	struct pilot_version_info v;

	ASSERT_EQ(0, setgid(65534));
	ASSERT_EQ(0, setuid(65534));
	ASSERT_NE(0U, geteuid());
	ASSERT_EQ(0, version_get(&v));
	EXPECT_EQ((uint32_t)PILOT_FAMILY_VERSION, v.family);
}

TEST_HARNESS_MAIN
