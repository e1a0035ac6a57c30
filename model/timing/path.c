// SPDX-License-Identifier: MIT
/*
 * One path (docs/timing.md section 3): input stage, header capture, the
 * classifier pipeline and the editing reader. The same code serves egress
 * (store and forward, CLS_LAT_EG) and ingress (cut-through, CLS_LAT).
 */
#include <stdlib.h>
#include <string.h>
#include "timing.h"

static uint64_t keep_mask(unsigned bytes)
{
	return bytes >= 64 ? ~0ull : (1ull << bytes) - 1;
}

unsigned cls_lat_eg(unsigned rules)
{
	return VNR_CLS_LAT_EG_BASE + 2 * vnr_bst_levels(rules);
}

int path_init(struct path *p, enum vnr_path kind, unsigned bytes, unsigned rules)
{
	int eg = kind == VNR_PATH_EGRESS;

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->bytes = bytes;
	p->hdr = eg ? VNR_HDR_EGRESS : VNR_HDR_INGRESS;
	p->fifo_beats = (eg ? VNR_FIFO_BYTES_EGRESS : VNR_FIFO_BYTES) / bytes;
	p->cls_lat = eg ? cls_lat_eg(rules) : VNR_CLS_LAT;
	if (eg) {
		/* a too-big frame is decided by the beat that crosses the limit */
		p->in_buf = calloc(VNR_MAX_EG_FRAME + VNR_MAX_BYTES, 1);
		if (!p->in_buf)
			return -1;
	}
	return fifo_init(&p->fifo, p->fifo_beats);
}

static void dq_entry_release(struct dq_entry *e)
{
	free(e->out);
	e->out = NULL;
	e->lout = 0;
}

void path_free(struct path *p)
{
	path_reset(p);
	fifo_free(&p->fifo);
	free(p->in_buf);
	p->in_buf = NULL;
}

void path_reset(struct path *p)
{
	for (unsigned i = 0; i < DQ_DEPTH; i++)
		dq_entry_release(&p->dq[i]);
	dq_entry_release(&p->rd);
	fifo_clear(&p->fifo);
	p->open = 0;
	p->in_frame = 0;
	p->in_decided = 0;
	p->in_beats = 0;
	p->in_len = 0;
	p->fr_head = 0;
	p->fr_used = 0;
	p->pend = 0;
	p->dq_head = 0;
	p->dq_used = 0;
	p->rd_busy = 0;
	p->rd_k = 0;
	p->rd_rel = 0;
}

/* 3.1: a function of the state only */
int path_tready(const struct path *p)
{
	return p->fifo.used < p->fifo_beats && p->open < VNR_MAX_OPEN;
}

/* ------------------------------------------------------------ classifier */

static void classify_egress(struct path *p, const struct vnr_config *cfg,
			    struct vnr_core_state *st, struct dq_entry *e)
{
	size_t len = (size_t)p->pend_len;

	vnr_classify_egress(cfg, st, p->in_buf, len, p->pend_too_big, p->pend_meta, &e->d);
	if (e->d.dest == VNR_DEST_DROP)
		return;
	/* the whole frame is here: its output bytes are fixed now */
	e->out = malloc(e->d.P + len + 1);
	if (!e->out)
		abort();
	e->lout = vnr_edit_frame(&e->d, p->in_buf, len, VNR_HDR_EGRESS, e->out);
}

/*
 * Cut-through: the decision (P, S, prefix, h') is all the reader needs; the
 * frame's bytes past the window come from the FIFO as they arrive. The rule
 * table is read here, in d+1, so a commit performing in d+1 is not seen.
 */
static void classify_ingress(struct path *p, const struct vnr_config *cfg, struct dq_entry *e)
{
	vnr_classify_ingress(cfg, p->pend_win, p->pend_len, p->pend_meta, &e->d);
}

/*
 * The decision point of the previous cycle is classified now, against the
 * configuration as it is in this cycle (d+1), and becomes visible to the
 * reader at d + CLS_LAT (ingress) or d + CLS_LAT_EG (egress). Must run
 * before this cycle's csr write lands and before this cycle's input beat.
 */
void path_classify(struct path *p, const struct vnr_config *cfg, struct vnr_core_state *st)
{
	struct dq_entry *e;

	if (!p->pend)
		return;
	p->pend = 0;
	e = &p->dq[(p->dq_head + p->dq_used) % DQ_DEPTH];
	dq_entry_release(e);
	if (p->kind == VNR_PATH_EGRESS)
		classify_egress(p, cfg, st, e);
	else
		classify_ingress(p, cfg, e);
	e->visible = p->pend_d + p->cls_lat;
	p->dq_used++;
}

/* ---------------------------------------------------------------- reader */

static struct frec *rd_frame(struct path *p)
{
	return &p->fr[p->fr_head];
}

static const struct frec *rd_frame_c(const struct path *p)
{
	return &p->fr[p->fr_head];
}

static int reader_take(struct path *p, uint64_t now)
{
	struct dq_entry *e = &p->dq[p->dq_head];

	if (p->rd_busy || !p->dq_used || e->visible > now)
		return 0;
	dq_entry_release(&p->rd);
	p->rd = *e;
	e->out = NULL;	/* ownership moves to the reader */
	p->dq_head = (p->dq_head + 1) % DQ_DEPTH;
	p->dq_used--;
	p->rd_busy = 1;
	p->rd_k = 0;
	p->rd_rel = 0;
	return 1;
}

static void release(struct path *p, unsigned n)
{
	while (n--) {
		fifo_pop(&p->fifo);
		p->rd_rel++;
	}
}

/* The last step: counter events (3.3), the frame leaves the FIFO's books. */
static void finish(struct path *p, struct rd_result *r)
{
	const struct vnr_decision *d = &p->rd.d;
	uint32_t bytes = rd_frame(p)->bytes;	/* length as received */

	r->ev_reason.valid = 1;
	r->ev_reason.func = d->cnt_func;
	r->ev_reason.reason = d->reason;
	r->ev_reason.bytes = bytes;
	if (d->rule_hit) {
		r->ev_rule.valid = 1;
		r->ev_rule.rule = d->rule;
		r->ev_rule.bytes = bytes;
	}
	p->fr_head = (p->fr_head + 1) % FR_DEPTH;
	p->fr_used--;
	p->rd_busy = 0;
	dq_entry_release(&p->rd);
}

/* discard: release the frame's next raw beat if it is in the FIFO */
static int discard_step(struct path *p)
{
	if (p->rd_rel >= rd_frame(p)->beats)
		return 0;
	release(p, 1);
	return 1;
}

static void drop_step(struct path *p, struct rd_result *r)
{
	const struct frec *f = rd_frame(p);

	if (discard_step(p) && f->done && p->rd_rel == f->beats)
		finish(p, r);
}

static unsigned div_up(unsigned long a, unsigned b)
{
	return (unsigned)((a + b - 1) / b);
}

/* max(S, x) with x = kB - P + S, which may be negative */
static unsigned long raw_pos(const struct path *p, unsigned long kb)
{
	const struct vnr_decision *d = &p->rd.d;

	return kb + d->S > d->P + d->S ? kb + d->S - d->P : d->S;
}

/* Lout = P + len - S (len known) */
static unsigned long out_len(const struct path *p, uint32_t len)
{
	const struct vnr_decision *d = &p->rd.d;

	return d->P + (len > d->S ? len - d->S : 0);
}

/* raw beats wholly stripped before the first output beat: floor(S/B), at
 * most the frame's beats (a frame that ends at S keeps only the prefix) */
static unsigned strip_beats(const struct path *p)
{
	const struct frec *f = rd_frame_c(p);
	unsigned n = p->rd.d.S / p->bytes;

	if (f->done && n > f->beats)
		n = f->beats;
	return n;
}

/* byte pos of O for the ingress path: built from prefix, h' and the raw beats in the FIFO */
static uint8_t out_byte_fifo(struct path *p, unsigned long pos)
{
	const struct vnr_decision *d = &p->rd.d;
	unsigned long i;
	unsigned j;

	if (pos < d->P)
		return d->prefix[pos];
	i = pos - d->P + d->S;
	if (i < p->hdr)
		return d->win[i];
	j = (unsigned)(i / p->bytes);
	return p->fifo.b[(p->fifo.head + j - p->rd_rel) % p->fifo.cap].data[i % p->bytes];
}

/* an ingress frame with P or S nonzero (3.3 Ingress) */
static int decapsulated(const struct path *p)
{
	return p->kind == VNR_PATH_INGRESS && (p->rd.d.P || p->rd.d.S);
}

static void build_beat(struct path *p, unsigned k, unsigned n, int last, struct tbeat *b)
{
	unsigned long base = (unsigned long)k * p->bytes;
	const struct vnr_decision *d = &p->rd.d;

	memset(b, 0, sizeof(*b));
	if (p->rd.out) {
		memcpy(b->data, p->rd.out + base, n);
	} else if (!d->P && !d->S) {
		/* an ingress frame not decapsulated moves raw beat k as output beat k */
		memcpy(b->data, p->fifo.b[(p->fifo.head + k - p->rd_rel) % p->fifo.cap].data, n);
	} else {
		for (unsigned i = 0; i < n; i++)
			b->data[i] = out_byte_fifo(p, base + i);
	}
	b->keep = keep_mask(n);
	b->last = last;
	if (k == 0)
		memcpy(b->user, p->rd.d.meta, sizeof(b->user));
}

/*
 * Output beat k may go (3.3): every raw beat j <= jhi(k) accepted before
 * this cycle. While the frame has not ended its length is unknown, but then
 * need(k) = min(len, x) only matters through the last raw beat, which has
 * not arrived either, so x alone decides (egress frames have always ended,
 * ingress frames not decapsulated need raw beat k).
 *
 * A decapsulated ingress frame waits instead for the raw beat holding byte
 * x(k) = max(S, kB - P + S + B), or for its last raw beat: either tells
 * whether k is the last output beat (it is iff byte x(k) does not exist),
 * so the beat leaves with its tlast and tkeep right without knowing len.
 */
static int emit_ready(const struct path *p, unsigned k)
{
	const struct frec *f = rd_frame_c(p);
	unsigned B = p->bytes;
	unsigned long x = raw_pos(p, (unsigned long)(k + 1) * B), need;

	if (decapsulated(p))
		return f->done || f->beats > x / B;
	need = f->done && f->bytes < x ? f->bytes : x;
	return div_up(need, B) <= f->beats;
}

/*
 * emit output beat k when it may go and the destination has room.
 * A beat emitted before the frame's last raw beat is in is never the last
 * one (above), so its length is B.
 */
static void emit_step(struct path *p, const int space[3], struct rd_result *r)
{
	const struct frec *f = rd_frame(p);
	unsigned B = p->bytes, k = p->rd_k;
	unsigned long lout = 0;
	unsigned jlo_next, n;
	int last = 0;

	if (!emit_ready(p, k) || !space[p->rd.d.dest])
		return;
	if (f->done) {
		lout = out_len(p, f->bytes);
		last = k + 1 >= div_up(lout, B);
	}
	n = last ? (unsigned)(lout - (unsigned long)k * B) : B;
	build_beat(p, k, n, last, &r->beat);
	r->pushed = 1;
	r->dest = p->rd.d.dest;
	if (k == 0 && p->kind == VNR_PATH_EGRESS) {
		r->tso = p->rd.d.tso;	/* beside beat 0, to the segmenter */
		r->lout = lout;
	}
	p->rd_k++;
	if (last) {
		release(p, f->beats - p->rd_rel);
		finish(p, r);
		return;
	}
	jlo_next = (unsigned)(raw_pos(p, (unsigned long)(k + 1) * B) / B);
	if (jlo_next > p->rd_rel)
		release(p, jlo_next - p->rd_rel);
}

static void forward_step(struct path *p, const int space[3], struct rd_result *r)
{
	if (p->rd_k == 0 && p->rd_rel < strip_beats(p)) {
		discard_step(p);
		return;
	}
	emit_step(p, space, r);
}

/*
 * 3.3, one cycle. The FIFO and the frame records are as they were at the
 * start of the cycle (the input stage runs after the reader), and space[]
 * says whether each destination had room at the start of the cycle.
 */
void path_reader(struct path *p, uint64_t now, const int space[3], struct rd_result *r)
{
	memset(r, 0, sizeof(*r));
	r->took = reader_take(p, now);
	if (!p->rd_busy)
		return;
	if (p->rd.d.dest == VNR_DEST_DROP)
		drop_step(p, r);
	else
		forward_step(p, space, r);
}

/* ----------------------------------------------------------- input stage */

/* hdr_capture: the window, and on egress the whole frame up to the limit */
static void capture(struct path *p, const struct tbeat *b)
{
	for (unsigned i = 0; i < p->bytes; i++) {
		unsigned long pos = (unsigned long)p->in_beats * p->bytes + i;

		if (!(b->keep >> i & 1))
			continue;
		p->in_len++;
		if (pos < p->hdr)
			p->win[pos] = b->data[i];
		if (p->in_buf && pos < VNR_MAX_EG_FRAME + VNR_MAX_BYTES)
			p->in_buf[pos] = b->data[i];
	}
}

static void set_pending(struct path *p, uint64_t now, long len, int too_big)
{
	p->in_decided = 1;
	p->pend = 1;
	p->pend_d = now;
	p->pend_len = len;
	p->pend_too_big = too_big;
	memcpy(p->pend_meta, p->in_meta, sizeof(p->pend_meta));
	memcpy(p->pend_win, p->win, sizeof(p->pend_win));
}

/* 3.2 egress: the last beat, or the beat with which the frame exceeds MAX_EG_FRAME */
static void decision_point_egress(struct path *p, uint64_t now, int last)
{
	int too_big = p->in_len > VNR_MAX_EG_FRAME;

	if (p->in_decided || (!last && !too_big))
		return;
	set_pending(p, now, (long)p->in_len, too_big);
}

/* 3.2 ingress: the beat holding byte HDR-1, or the last beat if that comes first */
static void decision_point_ingress(struct path *p, uint64_t now, int last)
{
	if (p->in_decided)
		return;
	if (p->in_beats != (p->hdr - 1) / p->bytes && !last)
		return;
	set_pending(p, now, last && p->in_len <= p->hdr ? (long)p->in_len : -1, 0);
}

static void frame_record(struct path *p, int first, const struct tbeat *b)
{
	struct frec *f;

	if (first) {
		f = &p->fr[(p->fr_head + p->fr_used) % FR_DEPTH];
		memset(f, 0, sizeof(*f));
		p->fr_used++;
	}
	f = &p->fr[(p->fr_head + p->fr_used - 1) % FR_DEPTH];
	f->beats++;
	f->bytes += (uint32_t)__builtin_popcountll(b->keep);
	f->done = b->last;
}

/* A beat accepted in cycle now: into the FIFO (visible next cycle) and the window. */
void path_accept(struct path *p, uint64_t now, const struct vnr_beat *in, int *first)
{
	struct tbeat b;

	memset(&b, 0, sizeof(b));
	b.keep = in->keep & keep_mask(p->bytes);
	b.last = in->last ? 1 : 0;
	if (b.keep == keep_mask(__builtin_popcountll(b.keep))) {
		memcpy(b.data, in->data, __builtin_popcountll(b.keep));	/* keep is contiguous */
	} else {
		for (unsigned i = 0; i < p->bytes; i++)
			if (b.keep >> i & 1)
				b.data[i] = in->data[i];	/* keep 0 bytes are 0 */
	}
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
	if (p->kind == VNR_PATH_EGRESS)
		decision_point_egress(p, now, b.last);
	else
		decision_point_ingress(p, now, b.last);
	frame_record(p, *first, &b);
	fifo_push(&p->fifo, &b);
	p->in_beats++;
	if (b.last)
		p->in_frame = 0;
}
