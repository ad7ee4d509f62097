// SPDX-License-Identifier: GPL-2.0
/*
 * Parallel crypto: seals and opens spread over the CPUs, finished in order.
 *
 * A single flow's packets all arrive on one CPU (the sender's, or the
 * one its receive softirq runs on), which then does every AES-GCM of
 * the flow alone while the others idle. padata, the kernel's engine
 * for this (pcrypt's and IPsec's), runs each operation's parallel part
 * on any CPU and its serial part in submission order on the CPU the
 * caller names. Each peer names one CPU for all its frames, so a peer's
 * frames leave, and its packets are delivered, in the order they came.
 *
 * Seals and opens have an instance shell each, so neither waits behind
 * the other. session.c sends every peer's operations this way, up to
 * PILOT_PARALLEL_INFLIGHT_MAX in flight on a device.
 * Without padata (CONFIG_PADATA off), on one CPU, or with the parameter
 * parallel_crypto=0, everything runs inline as before.
 */

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/moduleparam.h>
#include <linux/numa.h>

#include "parallel.h"

static bool parallel_crypto = true;
module_param(parallel_crypto, bool, 0444);
MODULE_PARM_DESC(parallel_crypto,
		 "Spread seals and opens over the CPUs, each peer's kept in order (default: on with more than one CPU)");

#if IS_ENABLED(CONFIG_PADATA)
static struct padata_instance *pinst;
static struct padata_shell *shells[2];	/* [0]: opens, [1]: seals */

/**
 * pilot_parallel_init - set up the padata instance, if it is to be used
 *
 * Return: 0 (parallel or not), or -ENOMEM.
 */
int __init pilot_parallel_init(void)
{
	unsigned int i;

	if (!parallel_crypto || num_possible_cpus() < 2) {
		parallel_crypto = false;
		return 0;
	}
	pinst = padata_alloc(KBUILD_MODNAME);
	if (!pinst)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(shells); i++) {
		shells[i] = padata_alloc_shell(pinst);
		if (!shells[i]) {
			pilot_parallel_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * pilot_parallel_exit - free it, once no operation is in flight
 *
 * Every device is gone by then, and each waited for its operations.
 */
void pilot_parallel_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(shells); i++) {
		if (shells[i])
			padata_free_shell(shells[i]);
		shells[i] = NULL;
	}
	if (pinst)
		padata_free(pinst);
	pinst = NULL;
}

/**
 * pilot_parallel_enabled - whether operations go through padata
 *
 * Return: true when pilot_parallel_submit() may be used.
 */
bool pilot_parallel_enabled(void)
{
	return pinst;
}

/**
 * pilot_parallel_submit - start an operation's parallel part
 * @padata: the operation, its parallel and serial hooks set
 * @seal: a seal (else an open)
 * @cb_cpu: the CPU its serial part runs on (pilot_parallel_cb_cpu())
 *
 * Must be called with BH disabled. The parallel hook may run before
 * this returns, on this CPU, when padata has no worker to spare.
 *
 * Return: 0 once padata owns @padata, or a negative errno (the caller
 * then runs the operation inline).
 */
int pilot_parallel_submit(struct padata_priv *padata, bool seal, int cb_cpu)
{
	return padata_do_parallel(shells[seal], padata, &cb_cpu);
}

/**
 * pilot_parallel_done - end an operation's parallel part
 * @padata: the operation
 * @err: its result, for the serial hook (@padata->info)
 *
 * The serial hook runs once those submitted before it have run theirs.
 * Any context.
 */
void pilot_parallel_done(struct padata_priv *padata, int err)
{
	padata->info = err;
	padata_do_serial(padata);
}
#else
int __init pilot_parallel_init(void)
{
	parallel_crypto = false;
	return 0;
}

void pilot_parallel_exit(void)
{
}

bool pilot_parallel_enabled(void)
{
	return false;
}

int pilot_parallel_submit(struct padata_priv *padata, bool seal, int cb_cpu)
{
	return -EOPNOTSUPP;
}

void pilot_parallel_done(struct padata_priv *padata, int err)
{
	WARN_ON_ONCE(1);	/* nothing was submitted */
}
#endif

/**
 * pilot_parallel_cb_cpu - the CPU a new peer's serial parts run on
 *
 * Peers take the online CPUs in turn. One gone offline later is
 * replaced by padata with another.
 *
 * Return: a CPU number.
 */
int pilot_parallel_cb_cpu(void)
{
	static atomic_t next = ATOMIC_INIT(0);

	return cpumask_local_spread(atomic_inc_return(&next), NUMA_NO_NODE);
}
