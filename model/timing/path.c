// SPDX-License-Identifier: MIT
/*
 * One path (docs/timing.md section 3): input stage, header capture, the
 * classifier pipeline and the reader. The same code serves egress and
 * ingress; only the window size and the classifier differ.
 */
#include <string.h>
#include "timing.h"

static uint64_t keep_mask(unsigned bytes)
{
	return bytes >= 64 ? ~0ull : (1ull << bytes) - 1;
}

int path_init(struct path *p, enum vnr_path kind, unsigned bytes)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->bytes = bytes;
	p->hdr = kind == VNR_PATH_EGRESS ? VNR_HDR_EGRESS : VNR_HDR_INGRESS;
	p->fifo_beats = VNR_FIFO_BYTES / bytes;
	return fifo_init(&p->fifo, p->fifo_beats);
}

void path_free(struct path *p)
{
	fifo_free(&p->fifo);
}

void path_reset(struct path *p)
{
	fifo_clear(&p->fifo);
	p->open = 0;
	p->in_frame = 0;
	p->in_decided = 0;
	p->in_beats = 0;
	p->in_len = 0;
	p->pend = 0;
	p->dq_head = 0;
	p->dq_used = 0;
	p->rd_busy = 0;
	p->rd_first = 0;
	p->rd_bytes = 0;
}

/* 3.1: a function of the state only */
int path_tready(const struct path *p)
{
	return p->fifo.used < p->fifo_beats && p->open < VNR_MAX_OPEN;
}

/*
 * The decision point of the previous cycle is classified now, against the
 * configuration as it is in this cycle (d+1), and becomes visible to the
 * reader at d + CLS_LAT. Must run before this cycle's csr write lands.
 */
void path_classify(struct path *p, const struct vnr_config *cfg)
{
	struct dq_entry *e;

	if (!p->pend)
		return;
	p->pend = 0;
	e = &p->dq[(p->dq_head + p->dq_used) % DQ_DEPTH];
	if (p->kind == VNR_PATH_EGRESS)
		vnr_classify_egress(cfg, p->pend_win, p->pend_len, p->pend_meta, &e->d);
	else
		vnr_classify_ingress(cfg, p->pend_win, p->pend_len, p->pend_meta, &e->d);
	e->visible = p->pend_d + VNR_CLS_LAT;
	p->dq_used++;
}

static int reader_take(struct path *p, uint64_t now)
{
	struct dq_entry *e = &p->dq[p->dq_head];

	if (p->rd_busy || !p->dq_used || e->visible > now)
		return 0;
	p->rd = e->d;
	p->dq_head = (p->dq_head + 1) % DQ_DEPTH;
	p->dq_used--;
	p->rd_busy = 1;
	p->rd_first = 1;
	p->rd_bytes = 0;
	return 1;
}

static unsigned popcount64(uint64_t v)
{
	return (unsigned)__builtin_popcountll(v);
}

/*
 * 3.3. fifo_used0 and space[] are the occupancies at the start of the cycle,
 * so a beat accepted this cycle is never moved and a slot freed this cycle is
 * never reused. Moving the first beat in the cycle the decision is taken is
 * allowed.
 */
int path_reader(struct path *p, uint64_t now, unsigned fifo_used0, const int space[3],
		struct tbeat *mv, int *moved, enum vnr_dest *dest, struct cnt_event *ev)
{
	int took = reader_take(p, now);
	struct tbeat *b;

	*moved = 0;
	ev->valid = 0;
	if (!p->rd_busy || !fifo_used0)
		return took;
	*dest = p->rd.dest;
	if (*dest != VNR_DEST_DROP && !space[*dest])
		return took;
	b = fifo_head(&p->fifo);
	*mv = *b;
	fifo_pop(&p->fifo);
	memset(mv->user, 0, sizeof(mv->user));
	if (p->rd_first)
		memcpy(mv->user, p->rd.meta, sizeof(mv->user));
	p->rd_first = 0;
	p->rd_bytes += popcount64(mv->keep);
	*moved = *dest != VNR_DEST_DROP;
	if (mv->last) {
		p->rd_busy = 0;
		ev->valid = 1;
		ev->func = p->rd.cnt_func;
		ev->reason = p->rd.reason;
		ev->bytes = p->rd_bytes;
	}
	return took;
}

/* hdr_capture: copy the beat's bytes that fall inside the window */
static void capture(struct path *p, const struct tbeat *b)
{
	for (unsigned i = 0; i < p->bytes; i++) {
		unsigned pos = p->in_beats * p->bytes + i;

		if (!(b->keep >> i & 1))
			continue;
		p->in_len++;
		if (pos < p->hdr)
			p->win[pos] = b->data[i];
	}
}

/* 3.2: the beat holding byte HDR-1, or the last beat if that comes first */
static void decision_point(struct path *p, uint64_t now, int last)
{
	if (p->in_decided)
		return;
	if (p->in_beats != (p->hdr - 1) / p->bytes && !last)
		return;
	p->in_decided = 1;
	p->pend = 1;
	p->pend_d = now;
	p->pend_len = last && p->in_len <= p->hdr ? (long)p->in_len : -1;
	memcpy(p->pend_meta, p->in_meta, sizeof(p->pend_meta));
	memcpy(p->pend_win, p->win, sizeof(p->pend_win));
}

/* A beat accepted in cycle now: into the FIFO (visible next cycle) and the window. */
void path_accept(struct path *p, uint64_t now, const struct vnr_beat *in, int *first)
{
	struct tbeat b;

	memset(&b, 0, sizeof(b));
	b.keep = in->keep & keep_mask(p->bytes);
	b.last = in->last ? 1 : 0;
	for (unsigned i = 0; i < p->bytes; i++)
		if (b.keep >> i & 1)
			b.data[i] = in->data[i];	/* keep 0 bytes are 0 */
	*first = !p->in_frame;
	if (*first) {
		p->in_frame = 1;
		p->in_decided = 0;
		p->in_beats = 0;
		p->in_len = 0;
		memset(p->win, 0, sizeof(p->win));
		memcpy(p->in_meta, in->user, sizeof(p->in_meta));
	}
	capture(p, &b);
	decision_point(p, now, b.last);
	fifo_push(&p->fifo, &b);
	p->in_beats++;
	if (b.last)
		p->in_frame = 0;
}
