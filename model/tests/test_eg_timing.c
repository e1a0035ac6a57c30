// SPDX-License-Identifier: MIT
/*
 * The egress path through the engine against docs/timing.md 3.2-3.3 and
 * 4.1: rules programmed over the csr port, edited frames leaving at the
 * cycles the reader's formulas give, TOO_BIG, and the rule counter bank.
 * Expected bytes come from the functional core (vnr_core_process) run over
 * tables built here directly, so the register decoding is checked too.
 */
#include <stdlib.h>
#include <string.h>
#include "test.h"

#define NVF 4
static const uint8_t mac_m[6] = { 2, 0, 0, 0, 0, 1 };	/* the frames' destination */

/* --------------------------------------------------------------- frames */

static uint8_t *mkframe(unsigned len, unsigned seed)
{
	uint8_t *b = calloc(len + 1, 1);
	unsigned ip = len > 14 ? len - 14 : 0;

	for (unsigned i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 11 + seed * 29 + 3);
	memcpy(b, mac_m, 6);
	memcpy(b + 6, (const uint8_t[]){ 2, 0, 0, 0, 0, 2 }, 6);
	b[12] = 0x08, b[13] = 0x00;
	if (len >= 34) {
		memset(b + 14, 0, 20);
		b[14] = 0x45;
		b[16] = ip >> 8, b[17] = ip & 0xff;
		b[22] = 64, b[23] = 17;
		memcpy(b + 26, (const uint8_t[]){ 10, 0, 0, 1, 10, 0, 0, 2 }, 8);
	}
	return b;
}

/* ------------------------------------------------------- configuration */

static void set_bits(uint32_t *w, unsigned lsb, unsigned width, uint64_t v)
{
	for (unsigned i = 0; i < width; i++) {
		uint32_t bit = 1u << ((lsb + i) % 32);

		if (v >> i & 1)
			w[(lsb + i) / 32] |= bit;
		else
			w[(lsb + i) / 32] &= ~bit;
	}
}

static uint64_t mac48(const uint8_t m[6])
{
	uint64_t v = 0;

	for (int i = 0; i < 6; i++)
		v = v << 8 | m[i];
	return v;
}

/* layout bstkey: {func, mac, fam, addr = 0} */
static void bst_key(uint32_t k[6], unsigned func, uint64_t mac, unsigned fam)
{
	memset(k, 0, 24);
	set_bits(k, VNR_META_BSTKEY_FAM_LSB, 2, fam);
	set_bits(k, VNR_META_BSTKEY_MAC_LO_LSB, 32, mac & 0xffffffffu);
	set_bits(k, VNR_META_BSTKEY_MAC_HI_LSB, 16, mac >> 32);
	set_bits(k, VNR_META_BSTKEY_FUNC_LSB, 8, func);
}

static void rule_words(const struct vnr_rule *r, uint32_t w[VNR_RULE_SH_WORDS])
{
	memset(w, 0, VNR_RULE_SH_WORDS * 4);
	set_bits(w, VNR_META_RULE_ACTION_LSB, 2, r->action);
	set_bits(w, VNR_META_RULE_PROFILE_LSB, 2, r->profile);
	set_bits(w, VNR_META_RULE_ENCAP_LSB, 1, r->encap);
	set_bits(w, VNR_META_RULE_OUTER_VLAN_LSB, 1, r->outer_vlan);
	set_bits(w, VNR_META_RULE_SET_SMAC_LSB, 1, r->set_smac);
	set_bits(w, VNR_META_RULE_SET_DMAC_LSB, 1, r->set_dmac);
	set_bits(w, VNR_META_RULE_TTL_DEC_LSB, 1, r->ttl_dec);
	set_bits(w, VNR_META_RULE_OPAQUE_LEN_LSB, 7, r->opaque_len);
	set_bits(w, VNR_META_RULE_SMAC_HI_LSB, 16, mac48(r->smac) >> 32);
	set_bits(w, VNR_META_RULE_SMAC_LO_LSB, 32, mac48(r->smac) & 0xffffffffu);
	set_bits(w, VNR_META_RULE_DMAC_HI_LSB, 16, mac48(r->dmac) >> 32);
	set_bits(w, VNR_META_RULE_DMAC_LO_LSB, 32, mac48(r->dmac) & 0xffffffffu);
	for (unsigned j = 0; j < VNR_TEMPLATE_MAX; j++)
		w[5 + j / 4] |= (uint32_t)r->tmpl[j] << (24 - 8 * (j % 4));
}

/* the engine (over csr) and the software copy sw get the same setup */
struct setup {
	struct tb *t;
	struct vnr_config cfg;
	struct vnr_core_state st;
};

static void bst_node(struct setup *s, unsigned lvl, unsigned idx, const uint32_t k[6])
{
	uint32_t *n = s->cfg.eg->node[1][(1u << lvl) - 1 + idx];

	for (unsigned i = 0; i < 6; i++)
		tb_write(s->t, VNR_EGRESS_BST_KEY + 4 * i, k[i]);
	tb_write(s->t, VNR_EGRESS_BST_SEL, VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_BANK, 1) |
		 VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_LEVEL, lvl) |
		 VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_INDEX, idx));
	CHECK(tb_write(s->t, VNR_EGRESS_BST_CMD, 1) == 0, "node (%u, %u)", lvl, idx);
	memcpy(n, k, 24);
	n[5] &= (1u << 26) - 1;
}

static void bst_leaf(struct setup *s, unsigned idx, uint32_t v, int flip)
{
	tb_write(s->t, VNR_EGRESS_BST_KEY, v);
	tb_write(s->t, VNR_EGRESS_BST_SEL, VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_BANK, 1) |
		 VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_LEAF, 1) |
		 VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_INDEX, idx));
	CHECK(tb_write(s->t, VNR_EGRESS_BST_CMD, flip ? 3 : 1) == 0, "leaf %u", idx);
	s->cfg.eg->leaf[1][idx] = v;
}

/*
 * One MAC-only rule r for (func, mac_m) in bank 1, then a flip: boundaries
 * b1 = {func, mac, 0, 0} and b2 = {func, mac + 1, 0, 0} sit at node (L-1, 0)
 * and (L-2, 0); the nodes above them on the left spine are all ones, so
 * leaf 1 = [b1, b2) is the rule.
 */
static void program_rule(struct setup *s, unsigned r, const struct vnr_rule *rule, unsigned func)
{
	unsigned L = s->cfg.eg->levels;
	uint32_t w[VNR_RULE_SH_WORDS], k[6], ones[6];

	rule_words(rule, w);
	for (unsigned i = 0; i < VNR_RULE_SH_WORDS; i++)
		tb_write(s->t, VNR_EGRESS_RULE_SH + 4 * i, w[i]);
	CHECK(tb_write(s->t, VNR_EGRESS_RULE_CMD, VNR_FIELD_PUT(VNR_EGRESS_RULE_CMD_INDEX, r) |
		       VNR_FIELD_PUT(VNR_EGRESS_RULE_CMD_OP, 1)) == 0, "rule commit");
	s->cfg.eg->rule[1][r] = *rule;
	memset(ones, 0xff, sizeof(ones));
	for (unsigned l = 0; l + 2 < L; l++)
		bst_node(s, l, 0, ones);
	bst_key(k, func, mac48(mac_m) + 1, 0);
	bst_node(s, L - 2, 0, k);
	bst_key(k, func, mac48(mac_m), 0);
	bst_node(s, L - 1, 0, k);
	bst_leaf(s, 0, 0, 0);
	bst_leaf(s, 2, 0, 0);
	bst_leaf(s, 1, 1u << VNR_META_LEAF_HIT_LSB | r, 1);
	s->cfg.eg->active = 1;
	tb_run(s->t, tb_cls_lat_eg(s->t) + 1);	/* settling over */
}

static void profile(struct setup *s, unsigned idx, const struct vnr_profile *p)
{
	CHECK(tb_profile(s->t, idx, p) == 0, "profile %u", idx);
	s->cfg.prof[idx] = *p;
}

static void setup_new(struct setup *s, unsigned data_w)
{
	memset(s, 0, sizeof(*s));
	s->t = tb_new(data_w, NVF);
	s->cfg.num_vf = NVF;
	s->cfg.eg = vnr_egress_tables_new(4096);
}

static void setup_free(struct setup *s)
{
	tb_free(s->t);
	vnr_egress_tables_free(s->cfg.eg);
}

/* a rule forwarding with encap: template of E + 20 + L bytes */
static void encap_rule(struct vnr_rule *r, unsigned prof, unsigned L)
{
	static const uint8_t eth_ip[34] = {
		0x02, 0xaa, 0, 0, 0, 1, 0x02, 0xbb, 0, 0, 0, 2, 0x08, 0x00,
		0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 168, 0, 1, 192, 168, 0, 2,
	};

	memset(r, 0, sizeof(*r));
	r->action = 1;
	r->encap = 1;
	r->profile = prof;
	r->opaque_len = L;
	memcpy(r->tmpl, eth_ip, sizeof(eth_ip));
	for (unsigned i = 0; i < L; i++)
		r->tmpl[34 + i] = (uint8_t)(0x10 + i);
	if (L >= 4) {	/* UDP ports, length and checksum 0 */
		r->tmpl[34] = 0xc0, r->tmpl[35] = 0;
		r->tmpl[36] = 0x12, r->tmpl[37] = 0xb5;
		memset(r->tmpl + 38, 0, L >= 8 ? 4 : 0);
	} else {
		r->tmpl[23] = 47;	/* not UDP */
	}
}

/* ------------------------------------------------------- expected output */

struct capture {
	uint8_t *b;
	size_t len;
	uint32_t meta[4];
	int n;
};

static void cap_emit(void *arg, enum vnr_dest dest, const uint8_t *data, size_t len,
		     const uint32_t meta[4])
{
	struct capture *c = arg;

	(void)dest;
	free(c->b);
	c->b = malloc(len + 1);
	memcpy(c->b, data, len);
	c->len = len;
	memcpy(c->meta, meta, 16);
	c->n++;
}

/*
 * The reader of timing.md 3.3 for one frame, from the formulas: the
 * decision taken at T, raw beat j accepted in arr[j], the output queue
 * always free. An unsegmented frame passes the TSO segmenter one cycle
 * behind the reader (3.7), so out[k] = cycle output beat k is transferred
 * (emit + 2). Returns K.
 */
static unsigned ref_reader(unsigned P, unsigned S, unsigned len, unsigned B, uint64_t T,
			   const uint64_t *arr, uint64_t *out)
{
	unsigned lout = P + len - S, K = (lout + B - 1) / B, J = (len + B - 1) / B;
	unsigned nd = S / B < J - 1 ? S / B : J - 1;
	uint64_t c = T;

	for (unsigned j = 0; j < nd; j++, c++)	/* discards */
		if (c < arr[j] + 1)
			c = arr[j] + 1;
	for (unsigned k = 0; k < K; k++, c++) {
		long x = (long)(k + 1) * B - P + S;
		unsigned need = x < (long)S ? S : (unsigned)x;
		unsigned jhi;

		if (need > len)
			need = len;
		jhi = (need + B - 1) / B;
		if (jhi && c < arr[jhi - 1] + 1)
			c = arr[jhi - 1] + 1;
		out[k] = c + 2;
	}
	return K;
}

/* ---------------------------------------------------------------- tests */

struct fcase {
	unsigned data_w, prof, L, len;
	const char *what;
};

/* one encapsulated frame; every beat at the formula's cycle, bytes as the core says */
static void test_encap_case(const struct fcase *fc, const struct vnr_profile *pr)
{
	struct setup s;
	struct vnr_rule r;
	struct capture exp = { 0 };
	struct vnr_decision d;
	uint32_t m[4];
	uint8_t *f = mkframe(fc->len, fc->len);
	uint64_t arr[2048], out[2048];
	unsigned B = fc->data_w / 8, first, K, ok = 1;
	struct tb_frame *o;

	setup_new(&s, fc->data_w);
	profile(&s, fc->prof, pr);
	encap_rule(&r, fc->prof, fc->L);
	program_rule(&s, 7, &r, 0);
	meta_in(m, 0, 0, 0);
	vnr_core_process(&s.cfg, &s.st, VNR_PATH_EGRESS, f, fc->len, m, cap_emit, &exp, &d);
	CHECK(d.P == 34 + fc->L && d.S == (pr->inner_eth ? 0 : 14) && d.rule_hit && d.rule == 7,
	      "%s: core decision P %u S %u hit %u", fc->what, d.P, d.S, d.rule_hit);

	first = s.t->in_beat_n[0];
	tb_send(s.t, 0, f, fc->len, m);
	tb_run(s.t, (fc->len + d.P) / B + 2 * tb_cls_lat_eg(s.t) + 20);
	CHECK(s.t->out_n[0] == 1, "%s: one frame on e2n", fc->what);
	o = &s.t->outf[0][0];
	CHECK(exp.n == 1 && o->len == exp.len && !memcmp(o->b, exp.b, exp.len),
	      "%s: bytes as vnr_core_process (%u vs %zu)", fc->what, o->len, exp.len);
	CHECK(!memcmp(o->user, exp.meta, 16), "%s: tuser", fc->what);
	for (unsigned j = 0; j < (fc->len + B - 1) / B; j++)
		arr[j] = s.t->in_cyc[0][first + j];
	K = ref_reader(d.P, d.S, fc->len, B, arr[(fc->len - 1) / B] + tb_cls_lat_eg(s.t), arr, out);
	CHECK_EQ(s.t->beat_n[0] - o->first_beat, K);
	for (unsigned k = 0; k < K && o->first_beat + k < s.t->beat_n[0]; k++)
		ok &= s.t->beat_cyc[0][o->first_beat + k] == out[k];
	CHECK(ok, "%s: every output beat at its cycle (first %llu, expected %llu)", fc->what,
	      (unsigned long long)o->first_cycle, (unsigned long long)out[0]);
	CHECK(!s.t->bad_beat && !s.t->bad_user, "%s: keep-0 bytes 0, tuser on beat 0 only", fc->what);
	free(exp.b);
	free(f);
	setup_free(&s);
}

static void test_encap_cycles(void)
{
	struct vnr_profile vx, gre2;
	static const struct fcase vx_cases[] = {
		{ 64, 1, 16, 300, "P=50 S=0 @64" },
		{ 512, 1, 16, 300, "P=50 S=0 @512" },
		{ 512, 1, 16, 64, "P=50 S=0 @512, 1 raw beat" },
		{ 64, 1, 16, 14 + 20, "P=50 S=0 @64, 34 bytes" },
	};
	static const struct fcase gre_cases[] = {
		{ 64, 2, 2, 300, "P=36 S=14 @64" },
		{ 512, 2, 2, 300, "P=36 S=14 @512" },
		{ 64, 2, 2, 17, "P=36 S=14 @64, 17 bytes" },
	};

	preset(&vx, "vxlan");
	memset(&gre2, 0, sizeof(gre2));	/* no inner Ethernet: S = l3 */
	gre2.enable = 1;
	gre2.proto = 47;
	gre2.opaque_len = 2;
	gre2.fmt_off = 0;
	gre2.fmt_mask = 0xffff;
	gre2.fmt_val = 0x0800;
	for (unsigned i = 0; i < sizeof(vx_cases) / sizeof(vx_cases[0]); i++)
		test_encap_case(&vx_cases[i], &vx);
	for (unsigned i = 0; i < sizeof(gre_cases) / sizeof(gre_cases[0]); i++)
		test_encap_case(&gre_cases[i], &gre2);
}

/* P = S = 0 rule hits, 1-beat frames back to back at 512: one beat per cycle */
static void test_plain_stream(void)
{
	struct setup s;
	struct vnr_rule r;
	uint32_t m[4];
	uint8_t *f[40];
	unsigned lat, ok = 1, bytes = 1;

	setup_new(&s, 512);
	lat = tb_cls_lat_eg(s.t);
	memset(&r, 0, sizeof(r));
	r.action = 1;
	r.set_dmac = 1;
	memcpy(r.dmac, (const uint8_t[]){ 2, 0xdd, 0, 0, 0, 9 }, 6);
	program_rule(&s, 3, &r, 0);
	meta_in(m, 0, 0, 0);
	for (unsigned k = 0; k < 40; k++) {
		f[k] = mkframe(64, k);
		tb_send(s.t, 0, f[k], 64, m);
	}
	tb_run(s.t, 40 + 2 * lat + 10);
	CHECK_EQ(s.t->out_n[0], 40);
	/* MAX_OPEN is above CLS_LAT_EG: the 40 frames go in back to back */
	CHECK(VNR_MAX_OPEN > lat, "MAX_OPEN above CLS_LAT_EG");
	CHECK_EQ(s.t->in_first[0][39], s.t->in_first[0][0] + 39);
	for (unsigned k = 0; k < s.t->out_n[0]; k++) {
		const struct tb_frame *o = &s.t->outf[0][k];

		ok &= o->first_cycle == s.t->in_first[0][k] + lat + 2;
		ok &= !k || o->first_cycle == s.t->outf[0][k - 1].first_cycle + 1;
		bytes &= o->len == 64 && o->b[1] == 0xdd && !memcmp(o->b + 6, f[k] + 6, 58);
		bytes &= VNR_META_GET(o->user, OUT, RULE_HIT) == 1 && VNR_META_GET(o->user, OUT, RULE) == 3;
	}
	CHECK(ok, "one frame per cycle at d + CLS_LAT_EG + 2");
	CHECK(bytes, "set_dmac applied, rule in tuser");
	for (unsigned k = 0; k < 40; k++)
		free(f[k]);
	setup_free(&s);
}

/* jlo(k) = floor(max(S, kB - P + S)/B): raw beats released once k output beats left */
static unsigned jlo(unsigned k, unsigned B, unsigned P, unsigned S)
{
	long x = (long)k * B - P + S;

	return (unsigned)((x > (long)S ? x : (long)S) / B);
}

/*
 * Releases follow jlo. With e2n blocked, the emitter fills the e2n queue
 * (2 beats) and the reader fills the segmenter's buffer (SB beats), so it
 * emits E = SB + 2 output beats: whole frames of K beats, then k' of the
 * next. The FIFO then holds FIFO_BEATS beats past those released.
 */
static void test_release_count(unsigned data_w, unsigned prof)
{
	struct setup s;
	struct vnr_profile pr;
	struct vnr_rule r;
	uint32_t m[4];
	unsigned B = data_w / 8, len = 9000, beats = (len + B - 1) / B, total, P, S, K, E, nf;
	uint8_t *f = mkframe(len, 1);

	setup_new(&s, data_w);
	if (prof == 1) {
		preset(&pr, "vxlan");
		encap_rule(&r, 1, 16);
	} else {
		memset(&pr, 0, sizeof(pr));
		pr.enable = 1, pr.proto = 47, pr.opaque_len = 2, pr.fmt_mask = 0xffff;
		encap_rule(&r, 2, 2);
	}
	profile(&s, prof, &pr);
	program_rule(&s, 1, &r, 0);
	P = 34 + r.opaque_len;
	S = pr.inner_eth ? 0 : 14;
	K = (P + len - S + B - 1) / B;
	E = VNR_TSO_BUF_BYTES / B + 2;
	meta_in(m, 0, 0, 0);
	s.t->e2n_ready = 0;
	nf = (VNR_FIFO_BYTES_EGRESS + VNR_TSO_BUF_BYTES) / len + 3;
	for (unsigned k = 0; k < nf; k++)
		tb_send(s.t, 0, f, len, m);
	tb_run(s.t, (VNR_FIFO_BYTES_EGRESS + VNR_TSO_BUF_BYTES) / B + 200);
	total = s.t->in_pos[0] * beats + (s.t->in_off[0] + B - 1) / B;
	CHECK(E / K < VNR_TSO_SLOTS, "the buffer fills before the slots run out");
	CHECK_EQ(total, VNR_FIFO_BYTES_EGRESS / B + E / K * beats + jlo(E % K, B, P, S));
	CHECK(!s.t->out.h2e_ready, "FIFO full");
	CHECK_EQ(s.t->beat_n[0], 0);
	s.t->e2n_ready = 1;
	tb_run(s.t, 3 * (VNR_FIFO_BYTES_EGRESS + VNR_TSO_BUF_BYTES) / B);
	CHECK_EQ(s.t->out_n[0], nf);
	CHECK_EQ(s.t->in_n[0], nf);
	free(f);
	setup_free(&s);
}

/* a 70000-byte frame is dropped as TOO_BIG, the path goes on, the drop is counted */
static void test_too_big(unsigned data_w)
{
	struct tb *t = tb_new(data_w, NVF);
	unsigned B = data_w / 8;
	uint8_t *big = mkframe(70000, 1), *small = mkframe(100, 2);
	uint64_t p, by;
	uint32_t m[4];

	meta_in(m, 0, 0, 0);
	tb_send(t, 0, big, 70000, m);
	tb_send(t, 0, small, 100, m);
	tb_run(t, 2 * 70000 / B + 300);
	CHECK_EQ(t->in_pos[0], 2);
	CHECK(t->out_n[0] == 1 && t->outf[0][0].len == 100 && !memcmp(t->outf[0][0].b, small, 100),
	      "TOO_BIG dropped, the next frame passes (%u out)", t->out_n[0]);
	/*
	 * d = the beat holding byte MAX_EG_FRAME (the 65554th); from d + CLS_LAT_EG
	 * the reader discards one raw beat per cycle, all 70000/B of them, then
	 * takes the next decision in x + 1; its first beat is in the segmenter
	 * from x + 2 and on e2n from x + 3
	 */
	{
		uint64_t d = t->in_first[0][0] + VNR_MAX_EG_FRAME / B;
		uint64_t x = d + tb_cls_lat_eg(t) + (70000 + B - 1) / B - 1;

		CHECK(t->outf[0][0].first_cycle == x + 3, "next frame after the discards: %llu vs %llu",
		      (unsigned long long)t->outf[0][0].first_cycle, (unsigned long long)(x + 3));
	}
	tb_counter(t, 0, 0, VNR_REASON_TOO_BIG, 0, 0, &p, &by);
	CHECK(p == 1 && by == 70000, "TOO_BIG counted with its length as received: %llu/%llu",
	      (unsigned long long)p, (unsigned long long)by);
	free(big);
	free(small);
	tb_free(t);
}

/* bank 2: per-rule packets and bytes; a snapshot waits only on rule events */
static void test_rule_counters(void)
{
	struct setup s;
	struct vnr_rule r;
	uint32_t m[4], st;
	uint64_t p, by;
	uint8_t *f = mkframe(64, 5), *g = mkframe(64, 6);
	int busy = 1;

	setup_new(&s, 512);
	memset(&r, 0, sizeof(r));
	r.action = 1;
	program_rule(&s, 4000, &r, 0);
	meta_in(m, 0, 0, 0);
	for (unsigned k = 0; k < 5; k++)
		tb_send(s.t, 0, f, 60 + k, m);
	tb_run(s.t, tb_cls_lat_eg(s.t) + 20);
	tb_counter(s.t, 2, 0, 0, 4000, 0, &p, &by);
	CHECK(p == 5 && by == 60 + 61 + 62 + 63 + 64, "rule 4000: %llu/%llu",
	      (unsigned long long)p, (unsigned long long)by);
	tb_counter(s.t, 2, 0, 0, 3999, 0, &p, &by);
	CHECK(p == 0 && by == 0, "rule 3999 untouched");
	tb_counter(s.t, 0, 0, VNR_REASON_FORWARD, 0, 0, &p, &by);
	CHECK(p == 5, "reason bank counts them too");
	tb_counter(s.t, 2, 0, 0, 4000, 1, &p, &by);
	CHECK_EQ(p, 5);
	tb_counter(s.t, 2, 0, 0, 4000, 0, &p, &by);
	CHECK_EQ(p, 0);

	/* rule events every cycle (a burst of MAX_OPEN frames): a bank 2 snapshot waits */
	tb_write(s.t, VNR_COUNTERS_CNT_SEL, VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_BANK, 2));
	tb_write(s.t, VNR_COUNTERS_CNT_IDX, 4000);
	for (unsigned k = 0; k < 32; k++)
		tb_send(s.t, 0, f, 64, m);
	tb_run(s.t, tb_cls_lat_eg(s.t) + 2);
	tb_write(s.t, VNR_COUNTERS_CNT_CMD, 1);
	for (int i = 0; i < 5; i++) {
		tb_read(s.t, VNR_COUNTERS_CNT_STATUS, &st);
		busy &= st == 1;
	}
	CHECK(busy, "bank 2 snapshot busy while rule events run");
	tb_run(s.t, 40);
	tb_read(s.t, VNR_COUNTERS_CNT_STATUS, &st);
	CHECK_EQ(st, 0);
	tb_read(s.t, VNR_COUNTERS_CNT_PKTS_LO, &st);
	CHECK_EQ(st, 32);	/* the snapshot came after the burst: it has all of it */

	/* missing frames (no rule event, bank 0 events every cycle): bank 2 does not wait */
	g[0] = 0x02, g[5] = 0x77;	/* another destination: miss, PF to the wire */
	for (unsigned k = 0; k < 32; k++)
		tb_send(s.t, 0, g, 64, m);
	tb_run(s.t, tb_cls_lat_eg(s.t) + 4);
	tb_write(s.t, VNR_COUNTERS_CNT_CMD, 1);
	tb_read(s.t, VNR_COUNTERS_CNT_STATUS, &st);
	CHECK_EQ(st, 0);
	tb_write(s.t, VNR_COUNTERS_CNT_SEL, VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_BANK, 0) |
		 VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_REASON, VNR_REASON_FORWARD));
	tb_write(s.t, VNR_COUNTERS_CNT_CMD, 1);
	tb_read(s.t, VNR_COUNTERS_CNT_STATUS, &st);
	CHECK_EQ(st, 1);	/* bank 0 waits on the same traffic */
	tb_run(s.t, 150);
	free(f);
	free(g);
	setup_free(&s);
}

/* ------------------------------------------------------------------ TSO */

struct caplist {
	struct capture f[64];
	unsigned n;
};

static void list_emit(void *arg, enum vnr_dest dest, const uint8_t *data, size_t len,
		      const uint32_t meta[4])
{
	struct caplist *l = arg;

	if (dest == VNR_DEST_WIRE && l->n < 64)
		cap_emit(&l->f[l->n++], dest, data, len, meta);
}

/*
 * A PF TCP frame with tso = 1 and mss 600 through the whole engine: the
 * PF's miss sends it to the wire, so it leaves as the core's segments, each
 * with seg and seg_more. H = 54, so segment 0's last byte (653) is in raw
 * beat 653/B; the reader pushes beat k at d + CLS_LAT_EG + k (the beats
 * before it hold at most one piece), segment 0 is summed then and is on
 * e2n SEG_LAT + 1 cycles later.
 */
static void test_tso_engine(unsigned data_w)
{
	struct tb *t = tb_new(data_w, NVF);
	struct caplist exp = { 0 };
	struct vnr_core_state st = { 0 };
	struct vnr_decision d;
	struct pkt p;
	unsigned B = data_w / 8, ok = 1, pay = 1900;
	uint32_t m[4];

	pkt_eth(&p, 0, 0x0800);
	memcpy(p.b, mac_m, 6);
	pkt_ipv4(&p, 5, 6, 0x4000, 20 + pay);
	memset(p.b + p.len, 0, 20);
	p.b[p.len + 12] = 0x50;
	p.b[p.len + 13] = 0x18;
	p.len += 20;
	for (unsigned i = 0; i < pay; i++)
		p.b[p.len++] = (uint8_t)(i * 3 + 1);
	meta_in(m, 0, 0, 0);
	VNR_META_SET(m, IN, TSO, 1);
	VNR_META_SET(m, IN, MSS, 600);
	vnr_core_process(vnr_engine_model_config(t->e), &st, VNR_PATH_EGRESS, p.b, p.len, m,
			 list_emit, &exp, &d);
	CHECK(d.dest == VNR_DEST_WIRE && d.tso.en && d.tso.hlen == 54 && exp.n == 4,
	      "@%u: core cuts it in 4 (dest %d en %u H %u, %u frames)", data_w, d.dest, d.tso.en,
	      d.tso.hlen, exp.n);
	tb_send(t, 0, p.b, p.len, m);
	tb_run(t, p.len / B + tb_cls_lat_eg(t) + 4 * 700 / B + 60);
	CHECK(t->out_n[0] == exp.n, "@%u: %u segments on e2n, expected %u", data_w, t->out_n[0],
	      exp.n);
	for (unsigned k = 0; k < exp.n && k < t->out_n[0]; k++) {
		const struct tb_frame *o = &t->outf[0][k];

		ok &= o->len == exp.f[k].len && !memcmp(o->b, exp.f[k].b, o->len);
		ok &= !memcmp(o->user, exp.f[k].meta, 16);
		ok &= VNR_META_GET(o->user, OUT, SEG) == k;
		ok &= VNR_META_GET(o->user, OUT, SEG_MORE) == (k + 1 < exp.n);
	}
	CHECK(ok, "@%u: segments as vnr_core_process, seg and seg_more set", data_w);
	if (t->out_n[0])
		CHECK_EQ(t->outf[0][0].first_cycle,
			 t->in_last[0][0] + tb_cls_lat_eg(t) + 653 / B + VNR_SEG_LAT + 1);
	CHECK(!t->bad_beat && !t->bad_user, "@%u: keep-0 bytes 0, tuser on first beats only", data_w);
	for (unsigned k = 0; k < exp.n; k++)
		free(exp.f[k].b);
	tb_free(t);
}

void test_tso_timing(void);	/* test_tso_timing.c: the segmenter alone */

void test_eg_timing(void)
{
	test_encap_cycles();
	test_plain_stream();
	test_release_count(512, 1);
	test_release_count(64, 2);
	test_too_big(64);
	test_too_big(512);
	test_rule_counters();
	test_tso_timing();
	test_tso_engine(64);
	test_tso_engine(512);
}
