// SPDX-License-Identifier: MIT
/*
 * The ingress side of the timing layer against docs/timing.md: the ingress
 * register block (section 2: refusals, the busy window, the load landing,
 * commits seen from m+1), the reader of decapsulated frames (3.3 Ingress)
 * on hand-computed cases and on random traffic with input gaps against a
 * reference written from the formulas, and the ingress rule bank (4.1).
 * Expected bytes come from the functional core (vnr_classify_ingress and
 * vnr_edit_frame) over the model's own configuration; the register
 * decoding is checked separately against the layout.
 */
#include <stdlib.h>
#include <string.h>
#include "test.h"

#define NVF 4
#define RULES 4096
#define LAT ((int)VNR_CLS_LAT)
#define HDR VNR_HDR_INGRESS

enum { PR_VX, PR_VXL3, PR_GRE };	/* S = 50 P = 0; S = 50 P = 14; S = 38 P = 14 */
enum { K_VX = PR_VX, K_VXL3 = PR_VXL3, K_GRE = PR_GRE, K_PLAIN };

static uint32_t rng = 0x2545f491;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* ------------------------------------------------------ csr, cycle-exact */

static uint32_t rd(struct tb *t, uint32_t a)
{
	uint32_t v = 0;

	tb_read(t, a, &v);
	return v;
}

static void expect_err(struct tb *t, int resp, unsigned code, const char *what)
{
	uint32_t v = rd(t, VNR_CTRL_ERR);

	CHECK(resp == 2, "%s: SLVERR expected, got %d", what, resp);
	CHECK(VNR_FIELD_GET(v, VNR_CTRL_ERR_CODE) == code, "%s: ERR code %u, expected %u", what,
	      VNR_FIELD_GET(v, VNR_CTRL_ERR_CODE), code);
	tb_write(t, VNR_CTRL_ERR, 0);
}

/*
 * A write whose aw and w go together in cycle n (so it performs in m =
 * n + 1) and, when rv is given, a read whose rdata is computed from the
 * state at cycle m + delta (its ar goes in m + delta - 1; delta >= 0).
 * Returns m.
 */
static uint64_t write_read(struct tb *t, uint32_t wa, uint32_t wd, int *bresp, int delta,
			   uint32_t ra, uint32_t *rv)
{
	uint64_t m = t->cyc + 1, ar = m + delta - 1;
	int got_b = 0, got_r = !rv, done;

	t->in.bready = t->in.rready = 1;
	t->in.awaddr = wa;
	t->in.wdata = wd;
	t->in.wstrb = 0xf;
	t->in.araddr = ra;
	do {
		uint64_t c = t->cyc;

		if (t->out.bvalid && !got_b) {
			*bresp = t->out.bresp;
			got_b = 1;
		}
		if (rv && t->out.rvalid && !got_r) {
			*rv = t->out.rdata;
			got_r = 1;
		}
		done = got_b && got_r;
		t->in.awvalid = t->in.wvalid = c == m - 1;
		t->in.arvalid = rv && c == ar;
		if (c == m - 1)
			CHECK(t->out.awready && t->out.wready, "aw/w ready at %llu", (unsigned long long)c);
		if (t->in.arvalid)
			CHECK(t->out.arready, "ar ready at %llu", (unsigned long long)c);
		tb_clock(t);
	} while (!done);
	t->in.awvalid = t->in.wvalid = t->in.arvalid = 0;
	t->in.bready = t->in.rready = 0;
	return m;
}

/* run until t->cyc == c (c >= t->cyc) */
static void run_to(struct tb *t, uint64_t c)
{
	CHECK(c >= t->cyc, "run_to %llu from %llu", (unsigned long long)c,
	      (unsigned long long)t->cyc);
	while (t->cyc < c)
		tb_clock(t);
}

/* ---------------------------------------------------- register layouts */

/* layout irule, written from docs/regmap.md (not from ingress_regs.c) */
static void irule_words(const struct vnr_irule *r, uint32_t w[VNR_IRULE_SH_WORDS])
{
	memset(w, 0, VNR_IRULE_SH_WORDS * 4);
	for (unsigned j = 0; j < VNR_KEY_BYTES; j++)
		w[j / 4] |= (uint32_t)r->key[j] << (24 - 8 * (j % 4));
	w[32] = r->valid | r->action << 1 | r->kshort << 3 | r->profile << 4 |
		(uint32_t)r->vf << 8 | (uint32_t)r->ttl_dec << 16;
	w[33] = (uint32_t)r->inner_type << 16 | r->inner_dmac[0] << 8 | r->inner_dmac[1];
	w[34] = (uint32_t)r->inner_dmac[2] << 24 | r->inner_dmac[3] << 16 | r->inner_dmac[4] << 8 |
		r->inner_dmac[5];
	w[35] = r->inner_smac[0] << 8 | r->inner_smac[1];
	w[36] = (uint32_t)r->inner_smac[2] << 24 | r->inner_smac[3] << 16 | r->inner_smac[4] << 8 |
		r->inner_smac[5];
}

static void irule_shadow(struct tb *t, const struct vnr_irule *r)
{
	uint32_t w[VNR_IRULE_SH_WORDS];

	irule_words(r, w);
	for (unsigned i = 0; i < VNR_IRULE_SH_WORDS; i++)
		CHECK(tb_write(t, VNR_INGRESS_IRULE_SH + 4 * i, w[i]) == 0, "IRULE_SH[%u]", i);
}

static uint32_t irule_cmd_word(unsigned idx, unsigned op)
{
	return VNR_FIELD_PUT(VNR_INGRESS_IRULE_CMD_INDEX, idx) |
	       VNR_FIELD_PUT(VNR_INGRESS_IRULE_CMD_OP, op);
}

/* shadow, commit, wait out busy */
static void irule_program(struct tb *t, unsigned slot, const struct vnr_irule *r)
{
	irule_shadow(t, r);
	CHECK(tb_write(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(slot, 1)) == 0, "commit slot %u", slot);
	tb_run(t, LAT);
}

static const struct vnr_config *mcfg(const struct tb *t)
{
	return vnr_engine_model_config(t->e);
}

/* the key definition into the shadow (collators and mask words) */
static void key_shadow(struct tb *t, const struct vnr_collator coll[4], const uint8_t *mask)
{
	for (unsigned c = 0; c < VNR_NUM_COLLATORS; c++)
		tb_write(t, VNR_INGRESS_COLL_SH + 4 * c, coll[c].off | coll[c].len << 8);
	for (unsigned i = 0; i < VNR_KEY_BYTES / 4; i++)
		tb_write(t, VNR_INGRESS_MASK_SH + 4 * i, (uint32_t)mask[4 * i] << 24 |
			 mask[4 * i + 1] << 16 | mask[4 * i + 2] << 8 | mask[4 * i + 3]);
}

/* The tests' key: the VNI (bytes 46-48) and, for GRE, the inner IPv4
 * destination (bytes 54-57); every byte of them kept. */
static void key_def(struct vnr_ingress_tables *def)
{
	memset(def, 0, sizeof(*def));
	def->rules = RULES;
	def->coll[0] = (struct vnr_collator){ 46, 3 };
	def->coll[1] = (struct vnr_collator){ 54, 4 };
	memset(def->mask, 0xff, 7);
}

static void key_commit(struct tb *t)
{
	struct vnr_ingress_tables def;

	key_def(&def);
	key_shadow(t, def.coll, def.mask);
	CHECK(tb_write(t, VNR_INGRESS_KEY_CMD, 1u << 8) == 0, "KEY_CMD commit");
}

/* ---------------------------------------------------------------- frames */

static void put16(uint8_t *b, unsigned len, unsigned at, unsigned v)
{
	if (at < len)
		b[at] = v >> 8;
	if (at + 1 < len)
		b[at + 1] = v;
}

static void put_bytes(uint8_t *b, unsigned len, unsigned at, const uint8_t *d, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (at + i < len)
			b[at + i] = d[i];
}

/* inner IPv4 at l3i: TTL 9, a checksum to patch */
static void inner_ipv4(uint8_t *b, unsigned len, unsigned l3i, uint32_t dst)
{
	uint8_t h[20] = { 0x45, 0, 0, 0, 0, 1, 0, 0, 9, 17, 0x12, 0x34, 10, 1, 1, 1,
			  dst >> 24, dst >> 16, dst >> 8, dst };

	put16(h, 20, 2, len > l3i ? len - l3i : 0);
	put_bytes(b, len, l3i, h, 20);
}

/*
 * One n2e frame of kind K_*: outer Ethernet, outer IPv4, then VXLAN (dport
 * 4789, VNI = tenant) with inner Ethernet, VXLAN-like without it (dport
 * 4790), or a 4-byte GRE header with IPv4 inside (inner destination =
 * tenant); K_PLAIN is not IPv4. Cut at len whatever it holds.
 */
static uint8_t *mk_frame(unsigned kind, unsigned len, uint32_t tenant, unsigned seed)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };
	static const uint8_t imacs[12] = { 2, 0xa, 0, 0, 0, 1, 2, 0xb, 0, 0, 0, 2 };
	uint8_t *b = malloc(len + 1);
	uint8_t ip[20] = { 0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 192, 168, 0, 1, 192, 168, 0, 2 };
	uint8_t vx[16] = { 0x30, 0x39, 0x12, 0xb5, 0, 0, 0, 0, 0x08, 0, 0, 0,
			   tenant >> 16, tenant >> 8, tenant, 0 };

	for (unsigned i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 13 + seed * 7 + 1);
	put_bytes(b, len, 0, macs, 12);
	put16(b, len, 12, kind == K_PLAIN ? 0x88b5 : 0x0800);
	if (kind == K_PLAIN)
		return b;
	put16(ip, 20, 2, len > 14 ? len - 14 : 0);
	ip[9] = kind == K_GRE ? 47 : 17;
	put_bytes(b, len, 14, ip, 20);
	if (kind == K_GRE) {
		put_bytes(b, len, 34, (const uint8_t[]){ 0, 0, 0x08, 0x00 }, 4);
		inner_ipv4(b, len, 38, tenant);
		return b;
	}
	if (kind == K_VXL3)
		vx[3] = 0xb6;	/* 4790 */
	put_bytes(b, len, 34, vx, 16);
	if (kind == K_VX) {
		put_bytes(b, len, 50, imacs, 12);
		put16(b, len, 62, 0x0800);
		inner_ipv4(b, len, 64, 0x0a000001);
	} else {
		inner_ipv4(b, len, 50, 0x0a000001);
	}
	return b;
}

static void profiles(struct tb *t)
{
	struct vnr_profile p;

	preset(&p, "vxlan");
	CHECK(tb_profile(t, PR_VX, &p) == 0, "vxlan");
	p.inner_eth = 0;
	p.fmt_val = 4790;
	CHECK(tb_profile(t, PR_VXL3, &p) == 0, "vxlan without inner Ethernet");
	memset(&p, 0, sizeof(p));
	p.enable = 1;
	p.proto = 47;
	p.opaque_len = 4;
	p.fmt_off = 2;
	p.fmt_val = 0x0800;
	p.fmt_mask = 0xffff;
	CHECK(tb_profile(t, PR_GRE, &p) == 0, "gre4");
}

/* the window as the engine captures it: the first HDR bytes, zero past the end */
static void window(const uint8_t *f, unsigned len, uint8_t win[HDR])
{
	memset(win, 0, HDR);
	memcpy(win, f, len < HDR ? len : HDR);
}

/*
 * A rule of profile prof that frame f hits under the key definition def,
 * in the first free way of its bucket (free in the model's table).
 * Returns the slot.
 */
static unsigned rule_for(struct tb *t, const struct vnr_ingress_tables *def, const uint8_t *f,
			 unsigned len, unsigned prof, struct vnr_irule *r)
{
	uint8_t win[HDR];
	unsigned b, w;

	window(f, len, win);
	r->kshort = vnr_ingress_key(def, win, len <= HDR ? (long)len : -1, r->key);
	r->profile = prof;
	r->valid = 1;
	b = vnr_irule_bucket(RULES, prof, r->kshort, r->key);
	for (w = 0; w < VNR_IRULE_WAYS - 1; w++)
		if (!mcfg(t)->ig->irule[b * VNR_IRULE_WAYS + w].valid)
			break;
	return b * VNR_IRULE_WAYS + w;
}

/* What the core decides for f with the model's configuration as it is now,
 * and the output frame (out: P + len bytes); returns Lout or -1 (dropped). */
static long expect_frame(struct tb *t, const uint8_t *f, unsigned len, struct vnr_decision *d,
			 uint8_t *out)
{
	uint8_t win[HDR];
	uint32_t m[4] = { 0 };

	window(f, len, win);
	vnr_classify_ingress(mcfg(t), win, len <= HDR ? (long)len : -1, m, d);
	if (d->dest == VNR_DEST_DROP)
		return -1;
	return (long)vnr_edit_frame(d, f, len, HDR, out);
}

/* ------------------------------------------------------------- reference */

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/*
 * The ingress reader of timing.md 3.3 for one frame, from the formulas:
 * its raw beats accepted at arr[0..J), the decision visible at vis, the
 * reader free from *c on. The host queue and e2h always have room, so an
 * output beat emitted in n is transferred on e2h in n + 2. Appends the e2h
 * cycles to out[*k]; *c becomes the first cycle the reader is free again.
 */
static void ref_frame(const struct vnr_decision *d, unsigned len, unsigned B, uint64_t vis,
		      const uint64_t *arr, uint64_t *c, uint64_t *out, unsigned *k)
{
	unsigned J = len ? (len + B - 1) / B : 1;
	uint64_t n = max64(*c, vis);

	if (d->dest == VNR_DEST_DROP) {
		for (unsigned j = 0; j < J; j++, n++)
			n = max64(n, arr[j] + 1);
	} else if (!d->P && !d->S) {
		for (unsigned j = 0; j < J; j++, n++) {
			n = max64(n, arr[j] + 1);
			out[(*k)++] = n + 2;
		}
	} else {
		unsigned lout = d->P + len - d->S, K = (lout + B - 1) / B;

		for (unsigned j = 0; j < d->S / B; j++, n++)	/* wholly stripped */
			n = max64(n, arr[j] + 1);
		for (unsigned q = 0; q < K; q++, n++) {
			long x = (long)q * B - d->P + d->S + B;
			unsigned j = (unsigned)((x > (long)d->S ? x : (long)d->S) / B);

			n = max64(n, arr[j < J - 1 ? j : J - 1] + 1);
			out[(*k)++] = n + 2;
		}
	}
	*c = n;
}

/* the decision point: the beat holding byte HDR-1, or the last one */
static uint64_t decision_point(unsigned len, unsigned B, const uint64_t *arr)
{
	unsigned J = len ? (len + B - 1) / B : 1, j = (HDR - 1) / B;

	return arr[j < J - 1 ? j : J - 1];
}

/* ------------------------------------------------------------- counters */

static void counter(struct tb *t, unsigned bank, unsigned func, unsigned reason, unsigned idx,
		    int clear, uint64_t *pkts, uint64_t *bytes)
{
	CHECK(tb_counter(t, bank, func, reason, idx, clear, pkts, bytes) == 0, "CNT_SEL bank %u", bank);
}

/* ------------------------------------------------- the register block */

static void test_block_map(struct tb *t)
{
	uint32_t v;

	CHECK_EQ(rd(t, VNR_INGRESS_BLK_ID), VNR_BLK_INGRESS_TYPE << 16 | VNR_BLK_INGRESS_VERSION);
	CHECK_EQ(rd(t, VNR_INGRESS_BLK_NEXT), 0);
	CHECK_EQ(rd(t, VNR_EGRESS_BLK_NEXT), 0x800);
	CHECK(tb_read(t, VNR_INGRESS_KEY_CMD, &v) == 0 && v == 0, "KEY_CMD reads 0");
	CHECK(tb_read(t, VNR_INGRESS_IRULE_CMD, &v) == 0 && v == 0, "IRULE_CMD reads 0");
	CHECK(tb_read(t, VNR_INGRESS_IRULE_STATUS, &v) == 0 && v == 0, "IRULE_STATUS 0");
	CHECK(tb_read(t, 0x0938, &v) == 2 && v == 0, "past IRULE_SH: SLVERR, 0");
	CHECK(tb_read(t, 0x0bfc, &v) == 2 && v == 0, "end of the block: SLVERR, 0");
	CHECK(tb_read(t, 0x0c00, &v) == 2 && v == 0, "past the block: SLVERR, 0");
	expect_err(t, tb_write(t, 0x0938, 1), VNR_ERR_BAD_ADDR, "write past IRULE_SH");
	expect_err(t, tb_write(t, 0x0bfc, 1), VNR_ERR_BAD_ADDR, "write at 0x0bfc");
	expect_err(t, tb_write(t, VNR_INGRESS_BLK_ID, 1), VNR_ERR_READ_ONLY, "BLK_ID");
	expect_err(t, tb_write(t, VNR_INGRESS_BLK_NEXT, 1), VNR_ERR_READ_ONLY, "BLK_NEXT");
	expect_err(t, tb_write(t, VNR_INGRESS_IRULE_STATUS, 1), VNR_ERR_READ_ONLY, "IRULE_STATUS");
	CHECK(tb_read(t, VNR_INGRESS_IRULE_SH + 4 * 36, &v) == 0, "last IRULE_SH word mapped");

	/* shadow words keep their layout's bits; MASK_SH and key words all 32 */
	tb_write(t, VNR_INGRESS_COLL_SH + 12, 0xffffffff);
	CHECK_EQ(rd(t, VNR_INGRESS_COLL_SH + 12), 0xffff);
	tb_write(t, VNR_INGRESS_MASK_SH + 4 * 31, 0xffffffff);
	CHECK_EQ(rd(t, VNR_INGRESS_MASK_SH + 4 * 31), 0xffffffff);
	for (unsigned i = 0; i < VNR_IRULE_SH_WORDS; i++)
		tb_write(t, VNR_INGRESS_IRULE_SH + 4 * i, 0xffffffff);
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH), 0xffffffff);
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH + 4 * 31), 0xffffffff);
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH + 4 * 32), 0x00ffff3f);
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH + 4 * 33), 0xffffffff);
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH + 4 * 34), 0xffffffff);
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH + 4 * 35), 0x0000ffff);
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH + 4 * 36), 0xffffffff);
	for (unsigned i = 0; i < VNR_IRULE_SH_WORDS; i++)
		tb_write(t, VNR_INGRESS_IRULE_SH + 4 * i, 0);
	tb_write(t, VNR_INGRESS_COLL_SH + 12, 0);
	tb_write(t, VNR_INGRESS_MASK_SH + 4 * 31, 0);

	/* bank 3 is built: CNT_SEL takes it; CNT_IDX stops at RULES - 1 */
	CHECK(tb_write(t, VNR_COUNTERS_CNT_SEL, VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_BANK, 3)) == 0,
	      "CNT_SEL bank 3 accepted");
	CHECK_EQ(rd(t, VNR_COUNTERS_CNT_SEL), 3);
	expect_err(t, tb_write(t, VNR_COUNTERS_CNT_IDX, RULES), VNR_ERR_CNT_IDX, "CNT_IDX RULES");
	CHECK(tb_write(t, VNR_COUNTERS_CNT_IDX, RULES - 1) == 0, "CNT_IDX RULES-1");
}

static void coll(struct tb *t, unsigned c, unsigned off, unsigned len)
{
	tb_write(t, VNR_INGRESS_COLL_SH + 4 * c, off | len << 8);
}

static void test_key_cmd(struct tb *t)
{
	const struct vnr_ingress_tables *ig = mcfg(t)->ig;

	expect_err(t, tb_write(t, VNR_INGRESS_KEY_CMD, 0), VNR_ERR_CMD_OP, "KEY_CMD op 0");
	expect_err(t, tb_write(t, VNR_INGRESS_KEY_CMD, 3u << 8), VNR_ERR_CMD_OP, "KEY_CMD op 3");
	coll(t, 0, 0, 129);
	expect_err(t, tb_write(t, VNR_INGRESS_KEY_CMD, 1u << 8), VNR_ERR_COLL_RANGE, "len 129");
	coll(t, 0, 200, 57);
	expect_err(t, tb_write(t, VNR_INGRESS_KEY_CMD, 1u << 8), VNR_ERR_COLL_RANGE, "off+len 257");
	/* range is checked for every collator before the total */
	coll(t, 0, 0, 100);
	coll(t, 1, 0, 100);
	coll(t, 3, 250, 7);
	expect_err(t, tb_write(t, VNR_INGRESS_KEY_CMD, 1u << 8), VNR_ERR_COLL_RANGE, "range first");
	coll(t, 3, 250, 6);
	expect_err(t, tb_write(t, VNR_INGRESS_KEY_CMD, 1u << 8), VNR_ERR_COLL_TOTAL, "total 206");
	CHECK(ig->coll[0].len == 0 && ig->coll[1].len == 0 && ig->coll[3].off == 0,
	      "refused commits change nothing");

	/* 128 in total and the span's last byte: accepted; mask byte order */
	coll(t, 0, 200, 56);
	coll(t, 1, 0, 66);
	coll(t, 2, 255, 1);
	coll(t, 3, 7, 5);
	tb_write(t, VNR_INGRESS_MASK_SH, 0x11223344);
	tb_write(t, VNR_INGRESS_MASK_SH + 4 * 31, 0xa1b2c3d4);
	CHECK(tb_write(t, VNR_INGRESS_KEY_CMD, 1u << 8) == 0, "total 128 accepted");
	CHECK(ig->coll[0].off == 200 && ig->coll[0].len == 56 && ig->coll[2].off == 255 &&
	      ig->coll[2].len == 1 && ig->coll[3].off == 7 && ig->coll[3].len == 5,
	      "collators decoded");
	CHECK(ig->mask[0] == 0x11 && ig->mask[3] == 0x44 && ig->mask[124] == 0xa1 &&
	      ig->mask[127] == 0xd4 && ig->mask[4] == 0, "mask byte j at [31 - 8*(j%%4)] of word j/4");

	/* load gives the definition back */
	coll(t, 0, 0, 0);
	coll(t, 3, 0, 0);
	tb_write(t, VNR_INGRESS_MASK_SH, 0);
	tb_write(t, VNR_INGRESS_MASK_SH + 4 * 31, 0);
	CHECK(tb_write(t, VNR_INGRESS_KEY_CMD, 2u << 8) == 0, "KEY_CMD load");
	CHECK_EQ(rd(t, VNR_INGRESS_COLL_SH), 200 | 56 << 8);
	CHECK_EQ(rd(t, VNR_INGRESS_COLL_SH + 12), 7 | 5 << 8);
	CHECK_EQ(rd(t, VNR_INGRESS_MASK_SH), 0x11223344);
	CHECK_EQ(rd(t, VNR_INGRESS_MASK_SH + 4 * 31), 0xa1b2c3d4);

	/* back to reset: the all-zero definition commits */
	for (unsigned c = 0; c < 4; c++)
		coll(t, c, 0, 0);
	for (unsigned i = 0; i < 32; i++)
		tb_write(t, VNR_INGRESS_MASK_SH + 4 * i, 0);
	CHECK(tb_write(t, VNR_INGRESS_KEY_CMD, 1u << 8) == 0, "zero definition");
}

static void test_irule_cmd(struct tb *t)
{
	const struct vnr_ingress_tables *ig = mcfg(t)->ig;
	struct vnr_irule r, *s;
	uint32_t w[VNR_IRULE_SH_WORDS];

	expect_err(t, tb_write(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(1, 0)), VNR_ERR_CMD_OP, "op 0");
	expect_err(t, tb_write(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(RULES, 3)), VNR_ERR_CMD_OP,
		   "op before index");
	expect_err(t, tb_write(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(RULES, 1)),
		   VNR_ERR_IRULE_INDEX, "commit index RULES");
	expect_err(t, tb_write(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(RULES, 2)),
		   VNR_ERR_IRULE_INDEX, "load index RULES");
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_STATUS), 0);	/* refused: no busy */

	memset(&r, 0, sizeof(r));
	r.valid = 1;
	r.action = 3;
	r.vf = NVF + 1;
	irule_shadow(t, &r);
	expect_err(t, tb_write(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(9, 1)),
		   VNR_ERR_IRULE_ACTION, "action 3 (before vf)");
	r.action = 2;
	irule_shadow(t, &r);
	expect_err(t, tb_write(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(9, 1)), VNR_ERR_IRULE_VF,
		   "vf NUM_VF + 1");
	CHECK(!ig->irule[9].valid, "refused commit wrote nothing");
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_STATUS), 0);
	/* a load does not look at the shadow */
	r.action = 3;
	irule_shadow(t, &r);
	CHECK(tb_write(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(9, 2)) == 0, "load ignores action");
	tb_run(t, LAT);
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH + 4 * 32), 0);	/* slot 9 is empty */

	/* every field through the layout into the table, and back by a load */
	memset(&r, 0, sizeof(r));
	r.valid = 1;
	r.action = 0;
	r.kshort = 1;
	r.profile = 3;
	r.vf = NVF;
	r.ttl_dec = 0xa5;
	r.inner_type = 0x86dd;
	memcpy(r.inner_dmac, (const uint8_t[]){ 0x10, 0x11, 0x12, 0x13, 0x14, 0x15 }, 6);
	memcpy(r.inner_smac, (const uint8_t[]){ 0x20, 0x21, 0x22, 0x23, 0x24, 0x25 }, 6);
	for (unsigned j = 0; j < VNR_KEY_BYTES; j++)
		r.key[j] = (uint8_t)(j * 3 + 1);
	irule_program(t, RULES - 1, &r);
	s = &ig->irule[RULES - 1];
	CHECK(s->valid == 1 && s->action == 0 && s->kshort == 1 && s->profile == 3 &&
	      s->vf == NVF && s->ttl_dec == 0xa5 && s->inner_type == 0x86dd &&
	      !memcmp(s->inner_dmac, r.inner_dmac, 6) && !memcmp(s->inner_smac, r.inner_smac, 6) &&
	      !memcmp(s->key, r.key, VNR_KEY_BYTES), "slot decoded from layout irule");
	for (unsigned i = 0; i < VNR_IRULE_SH_WORDS; i++)
		tb_write(t, VNR_INGRESS_IRULE_SH + 4 * i, 0);
	CHECK(tb_write(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(RULES - 1, 2)) == 0, "load");
	tb_run(t, LAT);
	irule_words(&r, w);
	for (unsigned i = 0; i < VNR_IRULE_SH_WORDS; i++)
		CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH + 4 * i), w[i]);

	/* valid = 0 deletes */
	memset(&r, 0, sizeof(r));
	irule_program(t, RULES - 1, &r);
	CHECK(!ig->irule[RULES - 1].valid, "deleted");
}

/* IRULE_STATUS.busy reads 1 in m+1 .. m+CLS_LAT exactly; what is refused then */
static void test_busy_window(struct tb *t)
{
	uint32_t v;
	int resp, ok = 1;
	uint64_t m;

	for (int delta = 0; delta <= LAT + 2; delta++) {
		write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(5, 2), &resp, delta,
			   VNR_INGRESS_IRULE_STATUS, &v);
		ok &= resp == 0 && v == (delta >= 1 && delta <= LAT);
		if (!(resp == 0 && v == (delta >= 1 && delta <= LAT)))
			printf("busy at m+%d: %u (resp %d)\n", delta, v, resp);
		tb_run(t, LAT + 2);
	}
	CHECK(ok, "busy exactly in m+1 .. m+CLS_LAT");

	/* IRULE_CMD and IRULE_SH writes refused at m+CLS_LAT, taken at m+CLS_LAT+1 */
	m = write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(5, 1), &resp, 0, 0, NULL);
	CHECK_EQ(resp, 0);
	run_to(t, m + LAT - 1);
	CHECK_EQ(write_read(t, VNR_INGRESS_IRULE_SH, 7, &resp, 0, 0, NULL), m + LAT);
	expect_err(t, resp, VNR_ERR_IRULE_BUSY, "IRULE_SH write at m+CLS_LAT");
	m = write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(5, 2), &resp, 0, 0, NULL);
	run_to(t, m + LAT);
	CHECK_EQ(write_read(t, VNR_INGRESS_IRULE_SH, 7, &resp, 0, 0, NULL), m + LAT + 1);
	CHECK(resp == 0, "IRULE_SH write at m+CLS_LAT+1 taken");
	CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH), 7);

	m = write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(5, 2), &resp, 0, 0, NULL);
	run_to(t, m + LAT - 1);
	/* checks in order: op before busy, busy before index */
	write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(5, 0), &resp, 0, 0, NULL);
	expect_err(t, resp, VNR_ERR_CMD_OP, "op before busy");
	m = write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(5, 2), &resp, 0, 0, NULL);
	run_to(t, m + LAT - 1);
	CHECK_EQ(write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(RULES, 1), &resp, 0, 0, NULL),
		 m + LAT);
	expect_err(t, resp, VNR_ERR_IRULE_BUSY, "busy before index, at m+CLS_LAT");
	m = write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(5, 2), &resp, 0, 0, NULL);
	run_to(t, m + LAT);
	write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(5, 2), &resp, 1, VNR_INGRESS_IRULE_STATUS,
		   &v);
	CHECK(resp == 0 && v == 1, "IRULE_CMD at m+CLS_LAT+1 taken, busy again");
	tb_run(t, LAT);

	/* the refused command did not set busy: the next one is taken right away */
	write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(RULES, 1), &resp, 1,
		   VNR_INGRESS_IRULE_STATUS, &v);
	CHECK(resp == 2 && v == 0, "refused IRULE_CMD: no busy");
	tb_write(t, VNR_CTRL_ERR, 0);
	/* KEY_CMD is not held by busy */
	m = write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(5, 2), &resp, 0, 0, NULL);
	CHECK(tb_write(t, VNR_INGRESS_KEY_CMD, 2u << 8) == 0, "KEY_CMD while busy");
	tb_run(t, LAT);
}

/* a load performing in m lands in IRULE_SH at the end of m+CLS_LAT */
static void test_load_landing(struct tb *t)
{
	struct vnr_irule r;
	uint32_t v, w[VNR_IRULE_SH_WORDS];
	int resp;
	static const int deltas[] = { 1, 2, LAT - 1, LAT, LAT + 1, LAT + 2 };

	memset(&r, 0, sizeof(r));
	r.valid = 1;
	r.action = 1;
	r.vf = 2;
	r.ttl_dec = 3;
	r.key[0] = 0xab;
	irule_program(t, 77, &r);
	irule_words(&r, w);
	for (unsigned i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++) {
		int d = deltas[i];

		tb_write(t, VNR_INGRESS_IRULE_SH + 4 * 32, 0);
		tb_write(t, VNR_INGRESS_IRULE_SH, 0);
		write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(77, 2), &resp, d,
			   VNR_INGRESS_IRULE_SH + 4 * 32, &v);
		CHECK(resp == 0 && v == (d <= LAT ? 0 : w[32]),
		      "IRULE_SH at m+%d: 0x%x (want 0x%x)", d, v, d <= LAT ? 0 : w[32]);
		tb_run(t, LAT + 2);
		CHECK_EQ(rd(t, VNR_INGRESS_IRULE_SH), 0xab000000);
	}
}

/* --------------------------------------------- commits seen from m+1 */

/*
 * One-beat frames (64 bytes at 512 bits) one per cycle, so their decision
 * points are consecutive cycles; a write performing in m in the middle of
 * them. Frames decided in m-1 or earlier sample at m or earlier and do not
 * see it; frames decided in m or later sample at m+1 or later and do.
 */
static void stream_across_write(struct tb *t, uint32_t wa, uint32_t wd, const uint8_t *f,
				const char *what)
{
	uint32_t m0[4] = { 0 };
	unsigned n0 = t->in_n[1], o0 = t->out_n[1], before = 0, after = 0, ok = 1;
	uint64_t m;
	int resp;

	for (unsigned k = 0; k < 24; k++)
		tb_send(t, 1, f, 64, m0);
	tb_run(t, 8);
	m = write_read(t, wa, wd, &resp, 0, 0, NULL);
	CHECK(resp == 0, "%s: accepted", what);
	tb_run(t, 24 + LAT + 10);
	CHECK_EQ(t->out_n[1] - o0, 24);
	for (unsigned k = 0; k < 24; k++) {
		uint64_t d = t->in_first[1][n0 + k];
		unsigned reason = VNR_META_GET(t->outf[1][o0 + k].user, OUT, REASON);

		ok &= reason == (d >= m ? VNR_REASON_FORWARD : VNR_REASON_NO_IRULE);
		before += d == m - 1;
		after += d == m;
	}
	CHECK(before == 1 && after == 1, "%s: frames decided at m-1 and at m", what);
	CHECK(ok, "%s: seen by the frames decided at m or later only (sampling at m+1)", what);
}

static void test_commit_visibility(void)
{
	struct tb *t = tb_new(512, NVF);
	struct vnr_ingress_tables def;
	struct vnr_irule r;
	uint8_t *f = mk_frame(K_VX, 64, 0x123456, 1);
	uint32_t w[VNR_IRULE_SH_WORDS];
	unsigned slot;

	profiles(t);
	key_commit(t);
	key_def(&def);
	memset(&r, 0, sizeof(r));
	r.vf = 2;
	slot = rule_for(t, &def, f, 64, PR_VX, &r);
	irule_shadow(t, &r);
	stream_across_write(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(slot, 1), f, "IRULE_CMD commit");

	/* the same with the key: a rule for the VNI, the mask committed mid-stream */
	tb_run(t, LAT);
	memset(&def.mask, 0, sizeof(def.mask));
	key_shadow(t, def.coll, def.mask);
	CHECK(tb_write(t, VNR_INGRESS_KEY_CMD, 1u << 8) == 0, "mask 0");
	key_def(&def);
	key_shadow(t, def.coll, def.mask);
	stream_across_write(t, VNR_INGRESS_KEY_CMD, 1u << 8, f, "KEY_CMD commit");

	/* and a delete: frames decided from m on miss again */
	memset(w, 0, sizeof(w));
	for (unsigned i = 0; i < VNR_IRULE_SH_WORDS; i++)
		tb_write(t, VNR_INGRESS_IRULE_SH + 4 * i, w[i]);
	{
		uint32_t m0[4] = { 0 };
		unsigned n0 = t->in_n[1], o0 = t->out_n[1], ok = 1;
		uint64_t m;
		int resp;

		for (unsigned k = 0; k < 24; k++)
			tb_send(t, 1, f, 64, m0);
		tb_run(t, 8);
		m = write_read(t, VNR_INGRESS_IRULE_CMD, irule_cmd_word(slot, 1), &resp, 0, 0, NULL);
		tb_run(t, 24 + LAT + 10);
		for (unsigned k = 0; k < 24; k++) {
			uint64_t d = t->in_first[1][n0 + k];
			unsigned reason = VNR_META_GET(t->outf[1][o0 + k].user, OUT, REASON);

			ok &= reason == (d >= m ? VNR_REASON_NO_IRULE : VNR_REASON_FORWARD);
		}
		CHECK(resp == 0 && ok, "delete seen from frames decided at m on");
	}
	free(f);
	tb_free(t);
}

/* ----------------------------------------------- decapsulating reader */

struct ig_case {
	unsigned data_w, kind, len;
	unsigned pause_after, pause;        /* input stops after raw beat pause_after, for pause cycles */
	uint64_t first, last;               /* e2h cycles of the first and last beat, from a */
	uint64_t beat, beat_at;             /* and of one beat in the middle */
	const char *what;
};

/* send f on n2e, its input stopping after raw beat pause_after for pause cycles */
static void send_paused(struct tb *t, const uint8_t *f, unsigned len, unsigned pause_after,
			unsigned pause, unsigned cycles)
{
	uint32_t m0[4] = { 0 };
	unsigned n;

	tb_send(t, 1, f, len, m0);
	n = t->in_n[1];
	while (cycles--) {
		unsigned beats = t->in_off[1] / t->bytes;

		if (pause && t->in_pos[1] < n && beats == pause_after + 1) {
			t->in_n[1] = t->in_pos[1];
			tb_run(t, pause);
			t->in_n[1] = n;
			pause = 0;
		}
		tb_clock(t);
	}
}

static void test_decap_case(const struct ig_case *c)
{
	struct tb *t = tb_new(c->data_w, NVF);
	struct vnr_ingress_tables def;
	struct vnr_irule r;
	struct vnr_decision d;
	uint8_t *f = mk_frame(c->kind, c->len, 0x55, 3), *exp = malloc(c->len + 64);
	uint64_t out[2048], a, cyc;
	unsigned B = c->data_w / 8, k = 0, ok = 1, slot;
	long lout;
	struct tb_frame *o;

	profiles(t);
	key_commit(t);
	key_def(&def);
	memset(&r, 0, sizeof(r));
	r.vf = 3;
	memcpy(r.inner_dmac, (const uint8_t[]){ 2, 0xd, 0, 0, 0, 3 }, 6);
	memcpy(r.inner_smac, (const uint8_t[]){ 2, 0xe, 0, 0, 0, 4 }, 6);
	slot = rule_for(t, &def, f, c->len, c->kind, &r);
	irule_program(t, slot, &r);
	lout = expect_frame(t, f, c->len, &d, exp);
	CHECK(d.reason == VNR_REASON_FORWARD && d.rule_hit && d.rule == slot, "%s: delivered (%u)",
	      c->what, d.reason);
	send_paused(t, f, c->len, c->pause_after, c->pause, 3 * c->len / B + c->pause + 80);
	CHECK(t->out_n[1] == 1, "%s: one frame out", c->what);
	o = &t->outf[1][0];
	CHECK(lout >= 0 && o->len == (unsigned)lout && !memcmp(o->b, exp, o->len),
	      "%s: bytes prefix ++ f'[S..) (%u vs %ld)", c->what, o->len, lout);
	CHECK(!memcmp(o->user, d.meta, 16) && VNR_META_GET(o->user, OUT, DECAP) == 1,
	      "%s: tuser", c->what);
	CHECK(!t->bad_beat && !t->bad_user, "%s: keep-0 bytes 0, tuser on beat 0 only", c->what);

	a = t->in_first[1][0];
	CHECK_EQ(o->first_cycle - a, c->first);
	CHECK_EQ(o->last_cycle - a, c->last);
	CHECK_EQ(t->beat_cyc[1][o->first_beat + c->beat] - a, c->beat_at);
	/* every beat as the formulas say */
	cyc = 0;
	ref_frame(&d, c->len, B, decision_point(c->len, B, t->in_cyc[1]) + LAT, t->in_cyc[1], &cyc,
		  out, &k);
	CHECK_EQ(t->beat_n[1], k);
	for (unsigned q = 0; q < k && q < t->beat_n[1]; q++)
		ok &= t->beat_cyc[1][q] == out[q];
	CHECK(ok, "%s: every output beat at its cycle", c->what);
	free(f);
	free(exp);
	tb_free(t);
}

/*
 * Hand-computed, a = the first beat's cycle, input back to back unless
 * paused. At 64 bits the beat holding byte 255 is raw beat 31: d = a+31,
 * the decision is visible at a+42; an output beat emitted in n is on e2h
 * in n+2.
 */
static void test_decap_cycles(void)
{
	static const struct ig_case cases[] = {
		/* S=50 P=0, len 300: discards beats 0-5 in a+42..a+47; beat 0 emitted
		 * a+48 (x(0) = 58, beat 7), 32 beats (Lout 250) to a+79 */
		{ 64, K_VX, 300, 0, 0, 50, 81, 10, 60, "S=50 P=0 len 300 @64" },
		/* S=50 P=14: same discards; x(k) = 8k+44, Lout 264: 33 beats */
		{ 64, K_VXL3, 300, 0, 0, 50, 82, 10, 60, "S=50 P=14 len 300 @64" },
		/*
		 * S=38 P=14 (x(k) = 8k+32 for k >= 1, a multiple of 8: beat k needs
		 * raw beat k+4, one more than the bytes it carries), len 600,
		 * input paused 60 cycles after raw beat 40: beats 41-74 arrive at
		 * a+60+j. Discards 0-3 in a+42..a+45; beat k emitted a+46+k up to
		 * k = 36, then when raw beat k+4 is in: a+65+k (e2h a+67+k);
		 * Lout 576, 72 beats, the last at a+136.
		 */
		{ 64, K_GRE, 600, 40, 60, 48, 138, 37, 104, "S=38 P=14 len 600 @64, paused" },
		/* 512 bits: byte 255 in raw beat 3, d = a+3; S=50: no discards;
		 * x(0) = 114, beat 1 in; len 1000 (Lout 950, 15 beats) */
		{ 512, K_VX, 1000, 0, 0, 16, 30, 5, 21, "S=50 P=0 len 1000 @512" },
		/* the same paused after raw beat 1 for 20 cycles: raw beat j >= 2 at
		 * a+20+j. Beat 0 only needs raw beat 1 (x = 114), but the decision
		 * waits for raw beat 3 (a+23): visible a+34, beat 0 on e2h a+36, the
		 * rest one a cycle (raw beat k+1 is always in by then) */
		{ 512, K_VX, 1000, 1, 20, 36, 50, 1, 37, "S=50 P=0 len 1000 @512, paused" },
		/* P=14 S=50 at 512, a 200-byte frame: len known, Lout 164: 3 beats */
		{ 512, K_VXL3, 200, 0, 0, 16, 18, 1, 17, "S=50 P=14 len 200 @512" },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		test_decap_case(&cases[i]);
}

/* --------------------------------------------------- random traffic */

struct tenant {
	unsigned kind;
	uint32_t id;
	int rule;                 /* -1: no rule */
	struct vnr_irule r;
	unsigned slot;
};

/* pause the n2e input at random, in short and long stretches; bp: e2h too */
static void run_gappy(struct tb *t, unsigned cycles, unsigned pct, int bp)
{
	unsigned n = t->in_n[1], hold = 0;
	int paused = 0;

	while (cycles--) {
		if (hold) {
			hold--;
		} else {
			paused = rnd() % 100 < pct;
			hold = rnd() % 100 < 5 ? rnd() % 40 : 0;
		}
		t->in_n[1] = paused ? t->in_pos[1] : n;
		if (bp && rnd() % 16 == 0)	/* now and then a burst of e2h back-pressure */
			t->e2h_ready = 0;
		else if (rnd() % 4 == 0)
			t->e2h_ready = 1;
		tb_clock(t);
	}
	t->in_n[1] = n;
	t->e2h_ready = 1;
}

static unsigned rnd_len(void)
{
	switch (rnd() % 6) {
	case 0: return 1 + rnd() % 70;
	case 1: return 40 + rnd() % 60;
	case 2: return 240 + rnd() % 40;
	case 3: return 300 + rnd() % 1500;
	default: return 60 + rnd() % 400;
	}
}

static void tenants_setup(struct tb *t, struct tenant *tn, unsigned n)
{
	static const struct { unsigned kind, action, vf, ttl_dec; int rule; } spec[] = {
		{ K_VX, 0, 1, 0, 1 },   { K_VXL3, 0, 2, 1, 1 }, { K_GRE, 0, 3, 0, 1 },
		{ K_VX, 1, 4, 0, 1 },   { K_GRE, 2, 2, 0, 1 },  { K_GRE, 0, 1, 9, 1 },
		{ K_VX, 0, 0, 2, 1 },   { K_VX, 0, 0, 0, 0 },   { K_VXL3, 0, 0, 0, 0 },
		{ K_PLAIN, 0, 0, 0, 0 },
	};
	struct vnr_ingress_tables def;

	key_def(&def);
	for (unsigned i = 0; i < n; i++) {
		uint8_t *f;

		memset(&tn[i], 0, sizeof(tn[i]));
		tn[i].kind = spec[i].kind;
		tn[i].id = 0x100 + 17 * i;
		tn[i].rule = spec[i].rule;
		if (!tn[i].rule)
			continue;
		tn[i].r.action = spec[i].action;
		tn[i].r.vf = spec[i].vf;
		tn[i].r.ttl_dec = spec[i].ttl_dec;
		memcpy(tn[i].r.inner_dmac, (const uint8_t[]){ 2, 0xd, 0, 0, 0, i }, 6);
		memcpy(tn[i].r.inner_smac, (const uint8_t[]){ 2, 0xe, 0, 0, 0, i }, 6);
		/* the key of a long frame (len unknown, short 0) */
		f = mk_frame(tn[i].kind, 400, tn[i].id, 0);
		tn[i].slot = rule_for(t, &def, f, 400, tn[i].kind, &tn[i].r);
		irule_program(t, tn[i].slot, &tn[i].r);
		free(f);
	}
}

/* what the engine should count: bank 1 per (function, reason), bank 3 per slot */
struct ig_counts {
	uint64_t pk1[NVF + 1][VNR_NUM_REASONS], by1[NVF + 1][VNR_NUM_REASONS];
	uint64_t pk3[RULES], by3[RULES];
};

static void count_frame(struct ig_counts *e, const struct vnr_decision *d, unsigned len)
{
	e->pk1[d->cnt_func][d->reason]++;
	e->by1[d->cnt_func][d->reason] += len;
	if (d->rule_hit) {
		e->pk3[d->rule]++;
		e->by3[d->rule] += len;
	}
}

static void check_counts(struct tb *t, const struct ig_counts *e, const struct tenant *tn,
			 unsigned ntn, const char *what)
{
	uint64_t p, by;
	unsigned ok1 = 1, ok3 = 1;

	for (unsigned f = 0; f <= NVF; f++) {
		for (unsigned r = 0; r < VNR_REASON_COUNT; r++) {
			if (!e->pk1[f][r] && r != VNR_REASON_FORWARD)
				continue;
			counter(t, 1, f, r, 0, 0, &p, &by);
			ok1 &= p == e->pk1[f][r] && by == e->by1[f][r];
		}
	}
	for (unsigned i = 0; i < ntn; i++) {
		if (!tn[i].rule)
			continue;
		counter(t, 3, 0, 0, tn[i].slot, 0, &p, &by);
		ok3 &= p == e->pk3[tn[i].slot] && by == e->by3[tn[i].slot];
	}
	CHECK(ok1, "%s: bank 1 counts every frame, length as received", what);
	CHECK(ok3, "%s: bank 3 counts every rule hit per slot", what);
}

/*
 * Random ingress traffic through every row of the decision table, the input
 * pausing at random. Every frame leaves once with the core's bytes and
 * metadata or is dropped; without e2h back-pressure (bp = 0) every e2h
 * beat is at the cycle the reference reader gives.
 */
static void test_random(unsigned data_w, unsigned nframes, unsigned pct, int bp)
{
	struct tb *t = tb_new(data_w, NVF);
	struct tenant tn[10];
	struct vnr_decision *d = calloc(nframes, sizeof(*d));
	struct ig_counts *e = calloc(1, sizeof(*e));
	uint8_t **exp = calloc(nframes, sizeof(*exp));
	long *lout = calloc(nframes, sizeof(*lout));
	unsigned *len = calloc(nframes, sizeof(*len)), B = data_w / 8, k = 0, nout = 0, o = 0;
	unsigned bytes_ok = 1, meta_ok = 1, cyc_ok = 1, guard = 0, ix = 0;
	uint64_t *out, c = 0, total = 0;
	uint32_t m0[4] = { 0 };
	char what[64];

	snprintf(what, sizeof(what), "random @%u, %u%% gaps%s", data_w, pct, bp ? ", e2h bp" : "");
	profiles(t);
	key_commit(t);
	tenants_setup(t, tn, 10);
	for (unsigned i = 0; i < nframes; i++) {
		const struct tenant *x = &tn[rnd() % 10];
		uint8_t *f;

		len[i] = rnd_len();
		total += len[i];
		f = mk_frame(x->kind, len[i], x->id, i);
		exp[i] = malloc(len[i] + 64);
		lout[i] = expect_frame(t, f, len[i], &d[i], exp[i]);
		nout += lout[i] >= 0;
		count_frame(e, &d[i], len[i]);
		tb_send(t, 1, f, len[i], m0);
		free(f);
	}
	while (t->in_pos[1] < nframes && guard++ < 100)
		run_gappy(t, (unsigned)(total / B) + 100, pct, bp);
	tb_run(t, 2048 / B + 200);

	CHECK(t->in_pos[1] == nframes && t->out_n[1] == nout,
	      "%s: every frame in (%u/%u), every frame not dropped out (%u/%u)", what,
	      t->in_pos[1], nframes, t->out_n[1], nout);
	for (unsigned i = 0; i < nframes && o < t->out_n[1]; i++) {
		const struct tb_frame *of = &t->outf[1][o];

		if (lout[i] < 0)
			continue;
		bytes_ok &= of->len == (unsigned)lout[i] && !memcmp(of->b, exp[i], of->len);
		meta_ok &= !memcmp(of->user, d[i].meta, 16);
		o++;
	}
	CHECK(bytes_ok, "%s: bytes as the core's edit", what);
	CHECK(meta_ok, "%s: tuser as the core's decision", what);
	CHECK(!t->bad_beat && !t->bad_user, "%s: keep-0 bytes 0, tuser on beat 0 only", what);

	if (!bp) {
		out = calloc(total / B + 2 * nframes + 16, sizeof(*out));
		for (unsigned i = 0; i < nframes; i++) {
			const uint64_t *arr = &t->in_cyc[1][ix];

			ref_frame(&d[i], len[i], B, decision_point(len[i], B, arr) + LAT, arr, &c, out,
				  &k);
			ix += len[i] ? (len[i] + B - 1) / B : 1;
		}
		CHECK_EQ(t->beat_n[1], k);
		for (unsigned q = 0; q < k && q < t->beat_n[1]; q++) {
			if (t->beat_cyc[1][q] != out[q] && cyc_ok)
				printf("%s: e2h beat %u at %llu, reference %llu\n", what, q,
				       (unsigned long long)t->beat_cyc[1][q], (unsigned long long)out[q]);
			cyc_ok &= t->beat_cyc[1][q] == out[q];
		}
		CHECK(cyc_ok, "%s: every e2h beat at the reference's cycle", what);
		free(out);
	}
	check_counts(t, e, tn, 10, what);
	for (unsigned i = 0; i < nframes; i++)
		free(exp[i]);
	free(exp);
	free(lout);
	free(len);
	free(d);
	free(e);
	tb_free(t);
}

/* ------------------------------------------------------------- bank 3 */

/*
 * A bank 3 snapshot waits for a cycle after one without an ingress rule
 * event; rule misses (bank 1 events only) do not hold it, and bank 1 waits
 * on those. Read and clear.
 */
static void test_bank3(void)
{
	struct tb *t = tb_new(512, NVF);
	struct vnr_ingress_tables def;
	struct vnr_irule r;
	uint8_t *f = mk_frame(K_VX, 64, 0x777, 2), *g = mk_frame(K_VX, 64, 0x778, 2);
	uint32_t m0[4] = { 0 }, st;
	uint64_t p, by;
	unsigned slot;
	int busy = 1;

	profiles(t);
	key_commit(t);
	key_def(&def);
	memset(&r, 0, sizeof(r));
	r.vf = 1;
	slot = rule_for(t, &def, f, 64, PR_VX, &r);
	irule_program(t, slot, &r);
	for (unsigned k = 0; k < 5; k++)
		tb_send(t, 1, f, 64, m0);
	tb_run(t, LAT + 20);
	counter(t, 3, 0, 0, slot, 0, &p, &by);
	CHECK(p == 5 && by == 5 * 64, "slot %u: %llu/%llu", slot, (unsigned long long)p,
	      (unsigned long long)by);
	counter(t, 3, 0, 0, slot ^ 1, 0, &p, &by);
	CHECK(p == 0 && by == 0, "the next slot untouched");
	counter(t, 1, 1, VNR_REASON_FORWARD, 0, 0, &p, &by);
	CHECK(p == 5 && by == 5 * 64, "bank 1 counts them under vf 1");
	counter(t, 3, 0, 0, slot, 1, &p, &by);
	CHECK_EQ(p, 5);
	counter(t, 3, 0, 0, slot, 0, &p, &by);
	CHECK(p == 0 && by == 0, "cleared");

	/* a rule event every cycle: the bank 3 snapshot waits, then has them all */
	tb_write(t, VNR_COUNTERS_CNT_SEL, VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_BANK, 3));
	tb_write(t, VNR_COUNTERS_CNT_IDX, slot);
	for (unsigned k = 0; k < 32; k++)
		tb_send(t, 1, f, 64, m0);
	tb_run(t, LAT + 2);
	tb_write(t, VNR_COUNTERS_CNT_CMD, 1);
	for (int i = 0; i < 5; i++) {
		tb_read(t, VNR_COUNTERS_CNT_STATUS, &st);
		busy &= st == 1;
	}
	CHECK(busy, "bank 3 snapshot busy while rule events run");
	tb_run(t, 40);
	tb_read(t, VNR_COUNTERS_CNT_STATUS, &st);
	CHECK_EQ(st, 0);
	tb_read(t, VNR_COUNTERS_CNT_PKTS_LO, &st);
	CHECK_EQ(st, 32);

	/* misses every cycle: bank 3 does not wait, bank 1 does */
	for (unsigned k = 0; k < 32; k++)
		tb_send(t, 1, g, 64, m0);
	tb_run(t, LAT + 4);
	tb_write(t, VNR_COUNTERS_CNT_CMD, 1);
	tb_read(t, VNR_COUNTERS_CNT_STATUS, &st);
	CHECK_EQ(st, 0);
	tb_write(t, VNR_COUNTERS_CNT_SEL, VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_BANK, 1) |
		 VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_REASON, VNR_REASON_NO_IRULE));
	tb_write(t, VNR_COUNTERS_CNT_CMD, 1);
	tb_read(t, VNR_COUNTERS_CNT_STATUS, &st);
	CHECK_EQ(st, 1);
	tb_run(t, 100);
	counter(t, 1, 0, VNR_REASON_NO_IRULE, 0, 0, &p, &by);
	CHECK_EQ(p, 32);
	free(f);
	free(g);
	tb_free(t);
}

void test_ig_timing(void)
{
	struct tb *t = tb_new(512, NVF);

	test_block_map(t);
	test_key_cmd(t);
	test_irule_cmd(t);
	test_busy_window(t);
	test_load_landing(t);
	tb_free(t);
	test_commit_visibility();
	test_decap_cycles();
	test_random(64, 150, 30, 0);
	test_random(512, 200, 40, 0);
	test_random(64, 150, 20, 1);
	test_random(512, 200, 10, 1);
	test_bank3();
}
