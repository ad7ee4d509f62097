/* SPDX-License-Identifier: GPL-2.0 */
/* The bounded FIFO of the kernel's requests waiting to be handled. */
#ifndef KEYD_QUEUE_H
#define KEYD_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "messages.h"

#define KEYD_QUEUE_MAX 256

/**
 * struct keyd_queue - a ring of requests
 * @v: the slots
 * @head: the oldest request's slot
 * @len: how many wait
 */
struct keyd_queue {
	struct keyd_event v[KEYD_QUEUE_MAX];
	size_t head;
	size_t len;
};

bool keyd_queue_push(struct keyd_queue *q, const struct keyd_event *ev);
bool keyd_queue_pop(struct keyd_queue *q, struct keyd_event *ev);
void keyd_busy_reply(const struct keyd_event *ev, struct verify_reply *rp);

#endif /* KEYD_QUEUE_H */
