// SPDX-License-Identifier: MIT
/* Paths, reader, queues and arbiter against the cycle contract (timing.md 3). */
#include <string.h>
#include "test.h"

static void frame_bytes(uint8_t *b, unsigned len, unsigned seed)
{
	for (unsigned i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 13 + seed * 31 + 5);
	if (len >= 14)
		b[12] = 0x08, b[13] = 0x06;	/* ARP: not encapsulated */
}

static int same_frame(const struct tb_frame *o, const uint8_t *b, unsigned len)
{
	return o->len == len && !memcmp(o->b, b, len);
}

/* data_w 512: a stream of 1-beat frames leaves at 1 beat/cycle, latency d+CLS_LAT_EG+2
 * (one cycle in the TSO segmenter, timing.md 3.6) */
static void test_one_beat_stream(void)
{
	struct tb *t = tb_new(512, 4);
	uint8_t b[64];
	uint32_t m[4];
	int ok = 1, lat = 1, ready = 1;

	meta_in(m, 0, 0, 0);
	for (unsigned k = 0; k < VNR_MAX_OPEN; k++) {
		frame_bytes(b, 64, k);
		tb_send(t, 0, b, 64, m);
	}
	for (unsigned i = 0; i < VNR_MAX_OPEN + tb_cls_lat_eg(t) + 10; i++) {
		ready &= i >= VNR_MAX_OPEN || t->out.h2e_ready;
		tb_clock(t);
	}
	CHECK(ready, "h2e_ready high for MAX_OPEN frames");
	CHECK_EQ(t->out_n[0], VNR_MAX_OPEN);
	for (unsigned k = 0; k < t->out_n[0]; k++) {
		frame_bytes(b, 64, k);
		ok &= same_frame(&t->outf[0][k], b, 64);
		lat &= t->outf[0][k].first_cycle == t->in_first[0][k] + tb_cls_lat_eg(t) + 2;
		if (k)
			lat &= t->outf[0][k].first_cycle == t->outf[0][k - 1].first_cycle + 1;
	}
	CHECK(ok, "frames unchanged and in order");
	CHECK(lat, "every frame on e2n at d+CLS_LAT_EG+2, one per cycle");
	CHECK_EQ(t->outf[0][0].user[0], 1u << 24);
	CHECK(!t->bad_beat, "no stray bytes");
	tb_free(t);
}

/* data_w 64: multi-beat frames, egress decision point at the last beat (store and forward) */
static void test_multi_beat(void)
{
	struct tb *t = tb_new(64, 4);
	static uint8_t b1[100], b2[300], b3[24], b4[24];
	uint32_t m[4];
	int contiguous = 1;

	meta_in(m, 0, 0, 0);
	frame_bytes(b1, 100, 1);
	frame_bytes(b2, 300, 2);
	frame_bytes(b3, 24, 3);
	frame_bytes(b4, 21, 4);
	tb_send(t, 0, b1, 100, m);
	tb_run(t, 70);
	CHECK(t->out_n[0] == 1 && same_frame(&t->outf[0][0], b1, 100), "100-byte frame out unchanged");
	/* d = last beat (13th) */
	CHECK_EQ(t->outf[0][0].first_cycle, t->in_last[0][0] + tb_cls_lat_eg(t) + 2);
	CHECK_EQ(t->outf[0][0].last_cycle, t->outf[0][0].first_cycle + 12);

	tb_send(t, 0, b2, 300, m);
	tb_run(t, 120);
	CHECK(t->out_n[0] == 2 && same_frame(&t->outf[0][1], b2, 300), "300-byte frame out unchanged");
	/* d = beat 37, the last: not the beat holding byte HDR-1 */
	CHECK_EQ(t->outf[0][1].first_cycle, t->in_first[0][1] + 37 + tb_cls_lat_eg(t) + 2);
	CHECK_EQ(t->outf[0][1].last_cycle, t->outf[0][1].first_cycle + 37);

	/* two short frames back to back: no idle cycle between them */
	tb_send(t, 0, b3, 24, m);
	tb_send(t, 0, b4, 21, m);
	tb_run(t, 60);
	CHECK(t->out_n[0] == 4 && same_frame(&t->outf[0][3], b4, 21), "short frames out");
	contiguous = t->outf[0][3].first_cycle == t->outf[0][2].last_cycle + 1;
	CHECK(contiguous, "frames follow each other with no idle cycle");
	CHECK(!t->bad_beat, "keep-0 bytes are 0");
	tb_free(t);
}

/* e2h: VF trap at d+CLS_LAT_EG+2; ingress long frame at 64; tie goes to egress first */
static void test_host_paths(void)
{
	struct tb *t = tb_new(512, 4);
	static uint8_t b[300];
	unsigned lat = tb_cls_lat_eg(t), skew = lat - VNR_CLS_LAT;
	uint32_t m[4];

	meta_in(m, 2, 0, 0);
	frame_bytes(b, 64, 9);
	tb_send(t, 0, b, 64, m);
	tb_run(t, lat + 8);
	CHECK(t->out_n[1] == 1 && same_frame(&t->outf[1][0], b, 64), "VF frame trapped to e2h");
	CHECK_EQ(t->outf[1][0].first_cycle, t->in_first[0][0] + lat + 2);
	CHECK_EQ(t->outf[1][0].user[0], 1u << 24 | 2u << 16 | VNR_REASON_NO_RULE << 8);

	/* both decisions visible in one cycle: egress won last, so ingress wins this tie */
	meta_in(m, 1, 0, 0);
	tb_send(t, 0, b, 64, m);
	tb_run(t, skew);
	memset(m, 0, 16);
	tb_send(t, 1, b, 64, m);
	tb_run(t, VNR_CLS_LAT + 8);
	CHECK_EQ(t->in_first[0][1] + skew, t->in_first[1][0]);
	CHECK(t->out_n[1] == 3, "both frames out");
	CHECK_EQ(VNR_META_GET(t->outf[1][1].user, OUT, FROM_NET), 1);
	CHECK_EQ(VNR_META_GET(t->outf[1][1].user, OUT, REASON), VNR_REASON_NOT_ENCAP);
	CHECK_EQ(VNR_META_GET(t->outf[1][2].user, OUT, FROM_NET), 0);
	CHECK_EQ(t->outf[1][1].first_cycle, t->in_first[0][1] + lat + 2);
	CHECK_EQ(t->outf[1][2].first_cycle, t->in_first[0][1] + lat + 3);
	tb_free(t);

	/* from reset, egress wins the first tie */
	t = tb_new(512, 4);
	meta_in(m, 1, 0, 0);
	tb_send(t, 0, b, 64, m);
	tb_run(t, skew);
	memset(m, 0, 16);
	tb_send(t, 1, b, 64, m);
	tb_run(t, VNR_CLS_LAT + 8);
	CHECK(t->out_n[1] == 2, "both out");
	CHECK_EQ(VNR_META_GET(t->outf[1][0].user, OUT, FROM_NET), 0);
	CHECK_EQ(VNR_META_GET(t->outf[1][1].user, OUT, FROM_NET), 1);
	CHECK_EQ(t->outf[1][0].first_cycle, lat + 2);
	CHECK_EQ(t->outf[1][1].first_cycle, lat + 3);
	tb_free(t);

	t = tb_new(64, 4);
	frame_bytes(b, 300, 3);
	tb_send(t, 1, b, 300, m);
	tb_run(t, 90);
	CHECK(t->out_n[1] == 1 && same_frame(&t->outf[1][0], b, 300), "300-byte ingress frame");
	/* ingress window 256: d = beat 31 */
	CHECK_EQ(t->outf[1][0].first_cycle, t->in_first[1][0] + 31 + VNR_CLS_LAT + 2);
	tb_free(t);
}

/*
 * open < MAX_OPEN: with e2n blocked, 7 decisions get taken (2 frames in the
 * e2n queue, TSO_SLOTS in the segmenter, one held by the reader), so
 * MAX_OPEN + 7 frames go in
 */
static void test_max_open(void)
{
	struct tb *t = tb_new(512, 4);
	uint8_t b[64];
	uint32_t m[4];
	int ok = 1;

	meta_in(m, 0, 0, 0);
	t->e2n_ready = 0;
	for (unsigned k = 0; k < VNR_MAX_OPEN + 16; k++) {
		frame_bytes(b, 64, k);
		tb_send(t, 0, b, 64, m);
	}
	tb_run(t, 2 * VNR_MAX_OPEN + 100);
	CHECK_EQ(t->in_pos[0], VNR_MAX_OPEN + 3 + VNR_TSO_SLOTS);
	CHECK(!t->out.h2e_ready, "h2e_ready low at MAX_OPEN");
	CHECK(t->out.e2n.valid, "e2n holds a beat while blocked");
	t->e2n_ready = 1;
	tb_run(t, 2 * VNR_MAX_OPEN + 100);
	CHECK_EQ(t->out_n[0], VNR_MAX_OPEN + 16);
	for (unsigned k = 0; k < t->out_n[0]; k++) {
		frame_bytes(b, 64, k);
		ok &= same_frame(&t->outf[0][k], b, 64);
	}
	CHECK(ok, "nothing lost under back-pressure");
	tb_free(t);
}

/* fifo_used < FIFO_BEATS: at 64 bits, 16384 egress beats plus the SB = 4096 in the
 * segmenter's buffer and the 2 in the e2n queue */
static void test_fifo_full(void)
{
	struct tb *t = tb_new(64, 4);
	static uint8_t b[9000];
	uint32_t m[4];
	unsigned beats;

	meta_in(m, 0, 0, 0);
	t->e2n_ready = 0;
	for (unsigned k = 0; k < 20; k++) {
		frame_bytes(b, 9000, k);
		tb_send(t, 0, b, 9000, m);
	}
	tb_run(t, 21000);
	beats = t->in_pos[0] * 1125 + t->in_off[0] / 8;
	CHECK_EQ(beats, VNR_FIFO_BYTES_EGRESS / 8 + VNR_TSO_BUF_BYTES / 8 + 2);
	CHECK(!t->out.h2e_ready, "h2e_ready low when the FIFO is full");
	t->e2n_ready = 1;
	tb_run(t, 20 * 1125 + 200);
	CHECK_EQ(t->out_n[0], 20);
	frame_bytes(b, 9000, 19);
	CHECK(same_frame(&t->outf[0][19], b, 9000), "last frame intact");
	tb_free(t);

	/* ingress keeps FIFO_BYTES */
	t = tb_new(64, 4);
	memset(m, 0, 16);
	t->e2h_ready = 0;
	for (unsigned k = 0; k < 12; k++) {
		frame_bytes(b, 2000, k);
		tb_send(t, 1, b, 2000, m);
	}
	tb_run(t, 2200);
	beats = t->in_pos[1] * 250 + t->in_off[1] / 8;
	/* 2 beats in the ingress host queue, 2 in e2h */
	CHECK_EQ(beats, VNR_FIFO_BYTES / 8 + 4);
	CHECK(!t->out.n2e_ready, "n2e_ready low when the FIFO is full");
	tb_free(t);
}

/* debug mode and injection through the engine; CTRL sampled at d+1 */
static void test_debug_inject(void)
{
	struct tb *t = tb_new(512, 4);
	uint8_t b[64];
	uint32_t m[4];

	frame_bytes(b, 64, 1);
	meta_in(m, 0, 1, 3);
	tb_send(t, 0, b, 64, m);
	tb_run(t, tb_cls_lat_eg(t) + 6);
	CHECK(t->out_n[1] == 1 && t->out_n[0] == 0, "injection goes to e2h");
	CHECK_EQ(VNR_META_GET(t->outf[1][0].user, OUT, FUNC), 3);
	CHECK_EQ(VNR_META_GET(t->outf[1][0].user, OUT, REASON), VNR_REASON_INJECT);

	tb_write(t, VNR_CTRL_CTRL, 1);
	meta_in(m, 0, 0, 0);
	tb_send(t, 0, b, 64, m);
	tb_send(t, 1, b, 64, m);
	tb_run(t, tb_cls_lat_eg(t) + 8);
	CHECK(t->out_n[1] == 3 && t->out_n[0] == 0, "debug: both directions to e2h");
	CHECK_EQ(VNR_META_GET(t->outf[1][1].user, OUT, REASON), VNR_REASON_DEBUG);
	CHECK_EQ(VNR_META_GET(t->outf[1][2].user, OUT, REASON), VNR_REASON_DEBUG);
	tb_free(t);

	/* a CTRL write performing in d (visible d+1) is seen */
	t = tb_new(512, 4);
	t->in.awvalid = t->in.wvalid = 1;
	t->in.awaddr = VNR_CTRL_CTRL;
	t->in.wdata = 1;
	tb_clock(t);	/* handshake in 0, perform in 1 */
	t->in.awvalid = t->in.wvalid = 0;
	tb_send(t, 0, b, 64, m);	/* accepted in 1 = d */
	tb_run(t, tb_cls_lat_eg(t) + 6);
	CHECK(t->in_first[0][0] == 1 && t->out_n[1] == 1 && t->out_n[0] == 0,
	      "CTRL performed at d is seen by the classifier at d+1");
	tb_free(t);
	/* ... one performing in d+1 is not */
	t = tb_new(512, 4);
	tb_send(t, 0, b, 64, m);	/* d = 0, classifier samples cycle 1 */
	t->in.awvalid = t->in.wvalid = 1;
	t->in.awaddr = VNR_CTRL_CTRL;
	t->in.wdata = 1;
	tb_clock(t);	/* handshake in 0, perform in 1: visible from 2 */
	t->in.awvalid = t->in.wvalid = 0;
	tb_run(t, tb_cls_lat_eg(t) + 6);
	CHECK(t->in_first[0][0] == 0 && t->out_n[0] == 1 && t->out_n[1] == 0,
	      "CTRL performed at d+1 is not seen by a frame decided at d");
	tb_free(t);
}

void test_stream(void)
{
	test_one_beat_stream();
	test_multi_beat();
	test_host_paths();
	test_max_open();
	test_fifo_full();
	test_debug_inject();
}
