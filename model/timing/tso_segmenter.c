// SPDX-License-Identifier: MIT
/*
 * The TSO segmenter (docs/timing.md 3.7): every beat the egress reader sends
 * to the wire goes through it into the e2n queue. An unsegmented frame
 * passes one cycle behind the reader; a segmented one is cut into the
 * segments of docs/tso.md section 3, each leaving SEG_LAT cycles after its
 * last payload piece was summed.
 *
 * What each segment holds comes from the functional core
 * (vnr_tso_segment); this file only decides when. It keeps the bytes O of
 * every frame as they come in, so a segment is built only once all of its
 * bytes have been pushed, as the RTL must.
 */
#include <stdlib.h>
#include <string.h>
#include "timing.h"

#define NOT_SUMMED UINT64_MAX

/* segment k as sent: header H plus up to mss payload bytes */
#define SEG_BUF_BYTES ((1u << VNR_META_TSODESC_HLEN_W) + (1u << VNR_META_TSODESC_MSS_W))

static uint64_t keep_mask(unsigned n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static unsigned div_up(size_t a, unsigned b)
{
	return (unsigned)((a + b - 1) / b);
}

int seg_init(struct tso_segmenter *s, unsigned bytes)
{
	memset(s, 0, sizeof(*s));
	s->bytes = bytes;
	s->sb = VNR_TSO_BUF_BYTES / bytes;
	s->seg = malloc(SEG_BUF_BYTES);
	if (!s->seg)
		return -1;
	seg_reset(s);
	return 0;
}

void seg_free(struct tso_segmenter *s)
{
	for (unsigned i = 0; i < VNR_TSO_SLOTS; i++) {
		free(s->f[i].o);
		free(s->f[i].summed);
	}
	free(s->seg);
	memset(s, 0, sizeof(*s));
}

void seg_reset(struct tso_segmenter *s)
{
	s->head = 0;
	s->slots = 0;
	s->sb_used = 0;
	s->busy = 0;
	s->in_first = 1;
	s->k = 0;
	s->q = 0;
	s->seg_len = 0;
}

int seg_room(const struct tso_segmenter *s)
{
	return s->sb_used < s->sb && s->busy == 0 && (!s->in_first || s->slots < VNR_TSO_SLOTS);
}

/* a descriptor without m or H cannot be cut (the decider never hands one over) */
static int cut(const struct seg_frame *f)
{
	return f->desc.en && f->desc.mss && f->desc.hlen;
}

/* ------------------------------------------------------------- emitter */

/* beats released (free from the next cycle): the frame's first n */
static void release_to(struct tso_segmenter *s, struct seg_frame *f, unsigned n)
{
	if (n > f->beats)
		n = f->beats;
	if (n <= f->rel)
		return;
	s->sb_used -= n - f->rel;
	f->rel = n;
}

/* the head frame's last output beat went: its slot is free from the next cycle */
static void frame_out(struct tso_segmenter *s)
{
	s->head = (s->head + 1) % VNR_TSO_SLOTS;
	s->slots--;
	s->k = 0;
	s->q = 0;
}

static void fill_beat(struct tbeat *b, const uint8_t *src, unsigned n, int last)
{
	memset(b, 0, sizeof(*b));
	memcpy(b->data, src, n);
	b->keep = keep_mask(n);
	b->last = last;
}

/* unsegmented: output beat q is raw beat q, pushed before this cycle */
static int emit_whole(struct tso_segmenter *s, struct seg_frame *f, struct tbeat *out)
{
	unsigned B = s->bytes, q = s->q, K = f->lout ? div_up(f->lout, B) : 1;
	size_t off = (size_t)q * B;
	unsigned n;
	int last = q + 1 >= K;

	if (q >= f->beats)
		return 0;
	n = last ? (unsigned)(f->lout - off) : B;
	fill_beat(out, f->o + off, n, last);
	if (q == 0)
		memcpy(out->user, f->meta, sizeof(out->user));
	release_to(s, f, q + 1);
	s->q++;
	if (last)
		frame_out(s);
	return 1;
}

/* segmented: beat q of segment k, once k was summed SEG_LAT cycles ago */
static int emit_segment(struct tso_segmenter *s, struct seg_frame *f, uint64_t now,
			struct tbeat *out)
{
	unsigned B = s->bytes, k = s->k, q = s->q;
	size_t off = (size_t)q * B, next;
	unsigned n;
	int last;

	if (f->summed[k] == NOT_SUMMED || f->summed[k] + VNR_SEG_LAT > now)
		return 0;
	if (q == 0)
		s->seg_len = vnr_tso_segment(&f->desc, f->o, f->lout, k, s->seg);
	last = off + B >= s->seg_len;
	n = last ? (unsigned)(s->seg_len - off) : B;
	fill_beat(out, s->seg + off, n, last);
	if (q == 0) {
		memcpy(out->user, f->meta, sizeof(out->user));
		VNR_META_SET(out->user, OUT, SEG, k);
		VNR_META_SET(out->user, OUT, SEG_MORE, k + 1 < f->nseg);
	}
	s->q++;
	if (!last)
		return 1;
	/* segment k is out: the beats wholly before S_{k+1} are no longer needed */
	s->k++;
	s->q = 0;
	if (s->k == f->nseg) {
		release_to(s, f, f->beats);
		frame_out(s);
		return 1;
	}
	next = f->desc.hlen + (size_t)s->k * f->desc.mss;
	release_to(s, f, (unsigned)(next / B));
	return 1;
}

static int emit(struct tso_segmenter *s, uint64_t now, struct tbeat *out)
{
	struct seg_frame *f = &s->f[s->head];

	if (!s->slots)
		return 0;
	return cut(f) ? emit_segment(s, f, now, out) : emit_whole(s, f, out);
}

/* ---------------------------------------------------------------- input */

static int frame_start(struct seg_frame *f, const struct seg_in *in)
{
	size_t cap = in->lout + VNR_MAX_BYTES;

	f->desc = *in->tso;
	f->lout = in->lout;
	memcpy(f->meta, in->beat->user, sizeof(f->meta));
	f->beats = 0;
	f->done = 0;
	f->rel = 0;
	f->nseg = cut(f) ? vnr_tso_nseg(&f->desc, f->lout) : 1;
	if (f->o_cap < cap) {
		free(f->o);
		f->o = malloc(cap);
		f->o_cap = f->o ? cap : 0;
	}
	if (f->summed_cap < f->nseg) {
		free(f->summed);
		f->summed = malloc(f->nseg * sizeof(*f->summed));
		f->summed_cap = f->summed ? f->nseg : 0;
	}
	if (!f->o || !f->summed)
		return -1;
	for (unsigned k = 0; k < f->nseg; k++)
		f->summed[k] = NOT_SUMMED;
	return 0;
}

/*
 * Beat i holds bytes [iB, iB + nb) of O. Its pieces are the segments whose
 * payload meets them, summed one a cycle from the push; a segment is summed
 * with its last piece. Returns c = max(1, pieces).
 */
static unsigned sum_pieces(struct seg_frame *f, unsigned B, uint64_t now, unsigned nb, int last)
{
	size_t H = f->desc.hlen, m = f->desc.mss, x0 = (size_t)f->beats * B, x1 = x0 + nb;
	size_t k0, k1;

	if (!cut(f))
		return 1;
	if (x0 < H)
		x0 = H;
	if (x1 <= x0) {
		/* header bytes only; with no payload at all the one segment is summed
		 * with the frame's last beat */
		if (last && f->lout <= H)
			f->summed[0] = now;
		return 1;
	}
	k0 = (x0 - H) / m;
	k1 = (x1 - 1 - H) / m;
	for (size_t k = k0; k <= k1 && k < f->nseg; k++) {
		size_t end = H + (k + 1) * m;	/* one past segment k's last byte */

		if (end > f->lout)
			end = f->lout;
		if (end <= x1)
			f->summed[k] = now + (k - k0);
	}
	return (unsigned)(k1 - k0 + 1);
}

static int push(struct tso_segmenter *s, uint64_t now, const struct seg_in *in)
{
	unsigned B = s->bytes, nb = (unsigned)__builtin_popcountll(in->beat->keep);
	struct seg_frame *f;
	unsigned c;

	if (s->in_first) {
		f = &s->f[(s->head + s->slots) % VNR_TSO_SLOTS];
		if (frame_start(f, in))
			return -1;
		s->slots++;
	} else {
		f = &s->f[(s->head + s->slots - 1) % VNR_TSO_SLOTS];
	}
	memcpy(f->o + (size_t)f->beats * B, in->beat->data, nb);
	c = sum_pieces(f, B, now, nb, in->beat->last);
	f->beats++;
	f->done = in->beat->last;
	s->sb_used++;
	s->busy = c - 1;
	s->in_first = in->beat->last;
	return 0;
}

int seg_step(struct tso_segmenter *s, uint64_t now, int e2n_room, const struct seg_in *in,
	     struct tbeat *out)
{
	int pushed = e2n_room && emit(s, now, out);

	if (s->busy)
		s->busy--;
	if (in && push(s, now, in))
		abort();
	return pushed;
}
