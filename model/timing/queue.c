// SPDX-License-Identifier: MIT
/*
 * The 2-beat output queue (axis_queue2). Its users decide from the occupancy
 * at the start of the cycle, so a push and a pop in one cycle both happen and
 * a pushed beat is visible from the next cycle.
 */
#include <string.h>
#include "timing.h"

void queue_clear(struct queue2 *q)
{
	q->head = 0;
	q->used = 0;
}

void queue_push(struct queue2 *q, const struct tbeat *b)
{
	q->b[(q->head + q->used) % QUEUE_DEPTH] = *b;
	q->used++;
}

const struct tbeat *queue_head(const struct queue2 *q)
{
	return q->used ? &q->b[q->head] : NULL;
}

void queue_pop(struct queue2 *q)
{
	q->head = (q->head + 1) % QUEUE_DEPTH;
	q->used--;
}

/* The port as seen from outside: head beat, or all zero when empty. */
void queue_drive(const struct queue2 *q, unsigned bytes, struct vnr_beat *out)
{
	const struct tbeat *h = queue_head(q);

	memset(out, 0, sizeof(*out));
	if (!h)
		return;
	memcpy(out->data, h->data, bytes);
	out->keep = h->keep;
	memcpy(out->user, h->user, sizeof(out->user));
	out->last = h->last;
	out->valid = 1;
}
