/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PILOT_PARALLEL_H
#define _PILOT_PARALLEL_H

#include <linux/padata.h>
#include <linux/types.h>

/* A device's seals and opens in flight past which new ones run inline
 * (on the CPU that starts them, which slows the flood that caused them)
 * rather than wait in padata: memory stays bounded, order is lost only
 * then.
 */
#define PILOT_PARALLEL_INFLIGHT_MAX	1024

int pilot_parallel_init(void);
void pilot_parallel_exit(void);
bool pilot_parallel_enabled(void);
int pilot_parallel_submit(struct padata_priv *padata, bool seal, int cb_cpu);
void pilot_parallel_done(struct padata_priv *padata, int err);
int pilot_parallel_cb_cpu(void);

#endif
