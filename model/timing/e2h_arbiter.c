// SPDX-License-Identifier: MIT
/*
 * e2h arbiter (3.5): whole frames, round-robin between the egress host queue
 * and the ingress host queue. Choosing an owner and moving its first beat
 * happen in the same cycle.
 */
#include "timing.h"

void arbiter_reset(struct e2h_arbiter *a)
{
	a->owner = OWN_NONE;
	a->last = OWN_INGRESS;	/* so egress wins the first tie */
}

static int arbiter_choose(const struct e2h_arbiter *a, const unsigned used0[3])
{
	int eg = used0[OWN_EGRESS] > 0, ig = used0[OWN_INGRESS] > 0;

	if (eg && ig)
		return a->last == OWN_EGRESS ? OWN_INGRESS : OWN_EGRESS;
	if (eg)
		return OWN_EGRESS;
	if (ig)
		return OWN_INGRESS;
	return OWN_NONE;
}

/* hq[OWN_EGRESS], hq[OWN_INGRESS]: the host queues; used0: their start-of-cycle occupancy */
void arbiter_step(struct e2h_arbiter *a, struct queue2 *hq[3], const unsigned used0[3],
		  struct queue2 *e2h, unsigned e2h_used0)
{
	const struct tbeat *b;
	int o = a->owner;

	if (o == OWN_NONE) {
		o = arbiter_choose(a, used0);
		if (o == OWN_NONE)
			return;
		a->owner = o;
		a->last = o;
	}
	if (!used0[o] || e2h_used0 >= QUEUE_DEPTH)
		return;
	b = queue_head(hq[o]);
	if (b->last)
		a->owner = OWN_NONE;
	queue_push(e2h, b);
	queue_pop(hq[o]);
}
