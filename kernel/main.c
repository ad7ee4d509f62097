// SPDX-License-Identifier: GPL-2.0
/*
 * pilot: the Pilot Protocol tunnel (L5 key exchange, L6 AEAD envelope).
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <uapi/linux/pilot.h>

#include "allowedips.h"
#include "device.h"
#include "frag.h"
#include "kdf.h"
#include "netlink.h"
#include "packet.h"
#include "parallel.h"
#include "peer.h"
#include "ratelimit.h"
#include "replay.h"
#include "session.h"
#include "version.h"

#ifdef PILOT_SELFTESTS
/* Debug builds check their pure logic before anything else runs. */
static bool __init pilot_selftests(void)
{
	if (!pilot_replay_selftest() || !pilot_packet_selftest() ||
	    !pilot_kdf_selftest() || !pilot_allowedips_selftest() ||
	    !pilot_session_selftest() || !pilot_frag_selftest() ||
	    !pilot_ratelimit_selftest() || !pilot_auth_selftest())
		return false;
	pr_info("self-tests: pass\n");
	return true;
}
#else
static inline bool pilot_selftests(void)
{
	return true;
}
#endif

static void pilot_caches_exit(void)
{
	pilot_session_cache_exit();
	pilot_peer_cache_exit();
}

static int __init pilot_init(void)
{
	int err;

	err = pilot_peer_cache_init() ?: pilot_session_cache_init();
	if (err)
		goto err_caches;
	if (!pilot_selftests()) {
		err = -ENOTRECOVERABLE;
		goto err_caches;
	}

	err = pilot_parallel_init();
	if (err)
		goto err_caches;
	err = pilot_device_init();
	if (err)
		goto err_parallel;
	err = pilot_auth_module_init();
	if (err)
		goto err_device;
	err = pilot_genl_init();
	if (err)
		goto err_auth;

	pr_info("Pilot tunnel %s loaded\n", PILOT_VERSION);
	return 0;

err_auth:
	pilot_auth_module_exit();
err_device:
	pilot_device_uninit();
err_parallel:
	pilot_parallel_exit();
err_caches:
	rcu_barrier();
	pilot_caches_exit();
	return err;
}

static void __exit pilot_exit(void)
{
	pilot_genl_uninit();
	pilot_auth_module_exit();
	pilot_device_uninit();
	/* each device waited for its seals and opens */
	pilot_parallel_exit();
	/* sessions and peers still waiting for their grace period */
	rcu_barrier();
	pilot_caches_exit();
}

module_init(pilot_init);
module_exit(pilot_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Pilot Protocol tunnel");
MODULE_VERSION(PILOT_VERSION);
MODULE_ALIAS_RTNL_LINK(KBUILD_MODNAME);
/* what a session's gcm(aes) is built from, loaded before the first key exchange */
MODULE_SOFTDEP("pre: gcm ghash-generic ctr aesni-intel");
MODULE_ALIAS_GENL_FAMILY(PILOT_FAMILY_NAME);
