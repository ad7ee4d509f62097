// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's requests wait here, oldest first, while one is handled
 * (a registry lookup blocks). The ring is bounded: what finds it full is
 * refused by the caller (keyd_busy_reply() for a verification).
 */
#include <string.h>
#include <linux/pilot.h>

#include "queue.h"

/**
 * keyd_queue_push() - append a request
 * @q: the queue
 * @ev: the request (copied)
 *
 * Return: false when the queue is full.
 */
bool keyd_queue_push(struct keyd_queue *q, const struct keyd_event *ev)
{
	if (q->len == KEYD_QUEUE_MAX)
		return false;
	q->v[(q->head + q->len++) % KEYD_QUEUE_MAX] = *ev;
	return true;
}

/**
 * keyd_queue_pop() - take the oldest request
 * @q: the queue
 * @ev: receives it
 *
 * Return: false when the queue is empty.
 */
bool keyd_queue_pop(struct keyd_queue *q, struct keyd_event *ev)
{
	if (!q->len)
		return false;
	*ev = q->v[q->head];
	q->head = (q->head + 1) % KEYD_QUEUE_MAX;
	q->len--;
	return true;
}

/**
 * keyd_busy_reply() - the answer to a verification refused for want of room
 * @ev: a KEYD_EV_VERIFY request
 * @rp: receives a "busy" verify-reply naming its cookie
 */
void keyd_busy_reply(const struct keyd_event *ev, struct verify_reply *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->ifindex = ev->ifindex;
	rp->cookie = ev->verify.cookie;
	rp->node_id = ev->node_id;
	rp->result = PILOT_AUTH_RESULT_BUSY;
}
