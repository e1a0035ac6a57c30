// SPDX-License-Identifier: MIT
/*
 * The TSO segmenter alone (docs/timing.md 3.7) against the section's
 * formulas, rewritten here from the text: when each beat may come in
 * (pieces and busy), when each segment is summed, when each output beat
 * leaves, what it holds (vnr_tso_segment, the functional reference), the
 * buffer and slot limits and the releases.
 */
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "timing.h"

void test_tso_timing(void);

#define MAXF 8
#define MAXOUT 4096

/* one frame as the reader sends it: O, Lout, and its descriptor */
struct sframe {
	uint8_t o[70000];
	size_t lout;
	struct vnr_tso_desc d;
	uint32_t meta[4];
};

/* Ethernet + IPv4 + TCP (H = 54) and a payload; cut into m-byte segments when m > 0 */
static void sframe_tcp(struct sframe *f, size_t lout, unsigned m, unsigned seed)
{
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < lout; i++)
		f->o[i] = (uint8_t)(i * 7 + seed * 13 + 1);
	f->o[12] = 0x08, f->o[13] = 0;
	f->o[14] = 0x45;
	f->o[16] = (uint8_t)((lout - 14) >> 8), f->o[17] = (uint8_t)(lout - 14);
	f->o[23] = 6;
	f->o[46] = 0x50;	/* TCP data offset 5 */
	f->o[47] = 0x19;	/* FIN PSH ACK */
	f->lout = lout;
	f->meta[0] = 0x01000000u | seed;
	f->meta[1] = 0x80u;	/* rule_hit: a bit that must survive */
	if (m) {
		f->d.en = 1;
		f->d.mss = (uint16_t)m;
		f->d.hlen = 54;
		f->d.ip_i = 14;
		f->d.tcp = 34;
	}
}

/* ------------------------------------------------------------ reference */

/* what one output beat must be */
struct obeat {
	uint64_t cyc;
	uint8_t data[VNR_MAX_BYTES];
	uint64_t keep;
	int last;
	uint32_t user[4];
};

struct ref {
	struct obeat out[MAXOUT];
	unsigned nout;
};

static size_t seg_start(const struct sframe *f, unsigned k)
{
	return f->d.hlen + (size_t)k * f->d.mss;
}

static unsigned seg_count(const struct sframe *f)
{
	size_t T = f->lout - f->d.hlen, n = 0;

	while (n * f->d.mss < T)
		n++;
	return n ? (unsigned)n : 1;
}

/* segment k's payload [S_k, S_k + m_k) */
static void seg_range(const struct sframe *f, unsigned k, size_t *a, size_t *b)
{
	*a = seg_start(f, k);
	*b = *a + f->d.mss < f->lout ? *a + f->d.mss : f->lout;
}

/*
 * Inputs: beat i of the stream comes in as soon as the one before it has
 * had its c cycles (the buffer and slots never run out here). summed[f][k]
 * is the cycle of segment k's last piece. Then the emitter: one beat a
 * cycle when e2n has room, unsegmented beats one cycle after their push,
 * segment k's beats from summed + SEG_LAT on.
 */
static uint64_t summed_ref[MAXF][2048];
static uint64_t push_ref[MAXF][2048];

/* the reader has a beat for the segmenter in cycle t (gap: it sometimes has none) */
static int in_at(unsigned gap, uint64_t t)
{
	return !gap || (t * 5 + 1) % gap != 0;
}

static void ref_inputs(const struct sframe *fr, unsigned nf, unsigned B, unsigned gap)
{
	uint64_t t = 0;

	for (unsigned fi = 0; fi < nf; fi++) {
		const struct sframe *f = &fr[fi];
		unsigned nb = f->lout ? (unsigned)((f->lout + B - 1) / B) : 1;

		for (unsigned i = 0; i < nb; i++) {
			size_t x0 = (size_t)i * B, x1 = x0 + B < f->lout ? x0 + B : f->lout;
			unsigned c = 0;

			while (!in_at(gap, t))
				t++;
			push_ref[fi][i] = t;
			for (unsigned k = 0; f->d.en && k < seg_count(f); k++) {
				size_t a, b;

				seg_range(f, k, &a, &b);
				if (a < x1 && b > x0 && b > a) {	/* a piece */
					if (b <= x1)
						summed_ref[fi][k] = t + c;
					c++;
				}
			}
			if (f->d.en && f->lout == f->d.hlen && i == nb - 1)
				summed_ref[fi][0] = t;
			t += c ? c : 1;
		}
	}
}

static void ref_beat(struct ref *r, uint64_t cyc, const uint8_t *src, size_t n, int last,
		     const uint32_t *user)
{
	struct obeat *o = &r->out[r->nout++];

	memset(o, 0, sizeof(*o));
	o->cyc = cyc;
	memcpy(o->data, src, n);
	o->keep = n >= 64 ? ~0ull : (1ull << n) - 1;
	o->last = last;
	if (user)
		memcpy(o->user, user, 16);
}

static int room_at(unsigned stall, uint64_t t)
{
	return !stall || (t * 7 + 3) % stall != 0;
}

static void ref_outputs(struct ref *r, const struct sframe *fr, unsigned nf, unsigned B,
			unsigned stall)
{
	static uint8_t seg[70000];
	uint64_t t = 0;

	r->nout = 0;
	for (unsigned fi = 0; fi < nf; fi++) {
		const struct sframe *f = &fr[fi];
		unsigned nseg = f->d.en ? seg_count(f) : 1;

		for (unsigned k = 0; k < nseg; k++) {
			size_t len = f->lout;
			const uint8_t *src = f->o;
			uint32_t u[4];

			memcpy(u, f->meta, 16);
			if (f->d.en) {
				len = vnr_tso_segment(&f->d, f->o, f->lout, k, seg);
				src = seg;
				VNR_META_SET(u, OUT, SEG, k);
				VNR_META_SET(u, OUT, SEG_MORE, k + 1 < nseg);
			}
			for (size_t q = 0; q * B < len || q == 0; q++) {
				uint64_t ready = f->d.en ? summed_ref[fi][k] + VNR_SEG_LAT
							 : push_ref[fi][q] + 1;
				size_t n = len - q * B < B ? len - q * B : B;

				if (t < ready)
					t = ready;
				while (!room_at(stall, t))
					t++;
				ref_beat(r, t, src + q * B, n, (q + 1) * B >= len, q ? NULL : u);
				t++;
			}
		}
	}
}

/* ---------------------------------------------------------------- drive */

struct run {
	struct obeat out[MAXOUT];
	unsigned nout;
	uint64_t push[MAXF][2048];
	unsigned pushed;          /* beats pushed in all */
};

/*
 * Push the frames' beats as soon as seg_room allows, from cycle t0 on,
 * run until cycle tend; e2n has room by the stall pattern (or never with
 * block). Returns the beats pushed.
 */
static void drive(struct tso_segmenter *s, const struct sframe *fr, unsigned nf, unsigned B,
		  unsigned stall, unsigned gap, int block, uint64_t tend, struct run *run)
{
	unsigned fi = 0, i = 0;

	memset(run, 0, sizeof(*run));
	for (uint64_t t = 0; t < tend; t++) {
		struct tbeat b, out;
		struct seg_in in = { &b, NULL, 0 };
		int room = seg_room(s), give = room && fi < nf && in_at(gap, t);
		const struct sframe *f = &fr[fi < nf ? fi : 0];
		unsigned nb = f->lout ? (unsigned)((f->lout + B - 1) / B) : 1;

		if (give) {
			size_t x0 = (size_t)i * B, n = f->lout - x0 < B ? f->lout - x0 : B;

			memset(&b, 0, sizeof(b));
			memcpy(b.data, f->o + x0, n);
			b.keep = n >= 64 ? ~0ull : (1ull << n) - 1;
			b.last = i + 1 == nb;
			if (i == 0) {
				memcpy(b.user, f->meta, 16);
				in.tso = &f->d;
				in.lout = f->lout;
			}
			run->push[fi][i] = t;
			run->pushed++;
		}
		if (seg_step(s, t, !block && room_at(stall, t), give ? &in : NULL, &out) &&
		    run->nout < MAXOUT) {
			struct obeat *o = &run->out[run->nout++];

			o->cyc = t;
			memcpy(o->data, out.data, sizeof(o->data));
			o->keep = out.keep;
			o->last = out.last;
			memcpy(o->user, out.user, 16);
		}
		if (give && ++i == nb) {
			fi++;
			i = 0;
		}
	}
}

static int same_beat(const struct obeat *a, const struct obeat *b, unsigned B)
{
	return a->cyc == b->cyc && a->keep == b->keep && a->last == b->last &&
	       !memcmp(a->data, b->data, B) && !memcmp(a->user, b->user, 16);
}

static void check_run(const char *what, const struct sframe *fr, unsigned nf, unsigned B,
		      unsigned stall, unsigned gap)
{
	static struct ref r;
	static struct run run;
	struct tso_segmenter s;
	unsigned bad = 0, first = 0, pushes_ok = 1;

	CHECK(seg_init(&s, B) == 0, "%s: init", what);
	ref_inputs(fr, nf, B, gap);
	ref_outputs(&r, fr, nf, B, stall);
	drive(&s, fr, nf, B, stall, gap, 0, r.out[r.nout - 1].cyc + 50, &run);
	for (unsigned fi = 0; fi < nf; fi++)
		for (unsigned i = 0; i * B < fr[fi].lout || i == 0; i++)
			pushes_ok &= run.push[fi][i] == push_ref[fi][i];
	CHECK(pushes_ok, "%s: every beat in at the cycle pieces and busy allow", what);
	CHECK(run.nout == r.nout, "%s: %u output beats, expected %u", what, run.nout, r.nout);
	for (unsigned j = 0; j < r.nout && j < run.nout; j++)
		if (!same_beat(&run.out[j], &r.out[j], B) && !bad++)
			first = j;
	CHECK(!bad, "%s: %u output beats differ, first %u (cycle %llu, expected %llu)", what, bad,
	      first, (unsigned long long)run.out[first].cyc, (unsigned long long)r.out[first].cyc);
	CHECK(s.slots == 0 && s.sb_used == 0 && s.in_first, "%s: empty at the end", what);
	seg_free(&s);
}

static struct sframe fr[MAXF];

static void test_timing_cases(void)
{
	/* B = 64: 100-byte segments, beats with two pieces */
	sframe_tcp(&fr[0], 54 + 1000, 100, 1);
	check_run("m=100 @512", fr, 1, 64, 0, 0);
	check_run("m=100 @512, input gaps", fr, 1, 64, 0, 3);
	/* m = 1: up to 64 pieces a beat, long busy */
	sframe_tcp(&fr[0], 54 + 130, 1, 2);
	check_run("m=1 @512", fr, 1, 64, 0, 0);
	/* B = 8: 1460-byte segments, a short last one */
	sframe_tcp(&fr[0], 54 + 4000, 1460, 3);
	check_run("m=1460 @64", fr, 1, 8, 0, 0);
	check_run("m=1460 @64, stalls and gaps", fr, 1, 8, 4, 3);
	/* no payload: one segment, summed with the last beat */
	sframe_tcp(&fr[0], 54, 100, 4);
	check_run("T=0 @64", fr, 1, 8, 0, 0);
	/* frames back to back: cut, whole, cut (T a multiple of m), whole */
	sframe_tcp(&fr[0], 54 + 300, 100, 5);
	sframe_tcp(&fr[1], 100, 0, 6);
	sframe_tcp(&fr[2], 54 + 3 * 128, 128, 7);
	sframe_tcp(&fr[3], 64, 0, 8);
	check_run("mixed @512", fr, 4, 64, 0, 0);
	check_run("mixed @64", fr, 4, 8, 0, 0);
	check_run("mixed @64, e2n stalls", fr, 4, 8, 5, 0);
	check_run("mixed @64, input gaps", fr, 4, 8, 0, 2);
	/* only whole frames: one cycle behind the reader, one beat a cycle */
	sframe_tcp(&fr[0], 300, 0, 9);
	sframe_tcp(&fr[1], 64, 0, 10);
	sframe_tcp(&fr[2], 1, 0, 11);
	check_run("unsegmented @512", fr, 3, 64, 0, 0);
	check_run("unsegmented @64, e2n stalls", fr, 3, 8, 3, 0);
	check_run("unsegmented @64, input gaps", fr, 3, 8, 0, 3);
}

/*
 * e2n blocked: a 60 kB frame fills the SB-beat buffer and no more (no
 * segment has left, nothing is released); once e2n takes beats, segment 0
 * leaves and frees the beats wholly before S_1, and the rest follows.
 */
static void test_buffer_full(void)
{
	static struct run run;
	struct tso_segmenter s;
	unsigned B = 64, SB = VNR_TSO_BUF_BYTES / 64, m = 16000;
	struct sframe *f = &fr[0];

	sframe_tcp(f, 54 + 60000, m, 12);
	seg_init(&s, B);
	drive(&s, fr, 1, B, 0, 0, 1, 2000, &run);
	CHECK_EQ(run.pushed, SB);
	CHECK(!seg_room(&s) && s.sb_used == SB, "buffer full: no room");
	CHECK_EQ(run.nout, 0);
	seg_free(&s);

	/* the same with e2n open from the start: everything, in the buffer's room */
	{
		static struct ref r;
		unsigned ok = 1;

		seg_init(&s, B);
		ref_outputs(&r, fr, 1, B, 0);	/* bytes and user only: cycles differ */
		drive(&s, fr, 1, B, 0, 0, 0, 20000, &run);
		CHECK_EQ(run.nout, r.nout);
		for (unsigned j = 0; j < r.nout && j < run.nout; j++) {
			run.out[j].cyc = r.out[j].cyc;
			ok &= same_beat(&run.out[j], &r.out[j], B);
		}
		CHECK(ok, "60 kB frame: every segment as vnr_tso_segment");
		CHECK(s.slots == 0 && s.sb_used == 0, "all released");
		seg_free(&s);
	}

	/* release of segment 0: beats i with (i+1)B <= S_1 */
	seg_init(&s, B);
	drive(&s, fr, 1, B, 0, 0, 1, 2000, &run);
	{
		struct tbeat out;
		unsigned q0 = (unsigned)((54 + m + B - 1) / B), n = 0;
		uint64_t t = 2000;

		for (; n < q0; t++)
			n += seg_step(&s, t, 1, NULL, &out);
		CHECK(out.last, "segment 0 out in %u beats", q0);
		CHECK_EQ(s.sb_used, SB - (54 + m) / B);
		CHECK(seg_room(&s), "room again");
	}
	seg_free(&s);
}

/* at most TSO_SLOTS frames: the fifth frame's first beat waits */
static void test_slots(void)
{
	static struct run run;
	struct tso_segmenter s;

	for (unsigned i = 0; i < 5; i++)
		sframe_tcp(&fr[i], 60, 0, 20 + i);
	seg_init(&s, 64);
	drive(&s, fr, 5, 64, 0, 0, 1, 100, &run);
	CHECK_EQ(run.pushed, VNR_TSO_SLOTS);
	CHECK(!seg_room(&s) && s.in_first && s.sb_used == VNR_TSO_SLOTS, "slots full: no room");
	{
		struct tbeat out;

		CHECK(seg_step(&s, 100, 1, NULL, &out) && out.last, "head frame out");
		CHECK(seg_room(&s), "its slot is free from the next cycle");
	}
	seg_free(&s);
}

void test_tso_timing(void)
{
	test_timing_cases();
	test_buffer_full();
	test_slots();
}
