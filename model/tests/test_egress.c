// SPDX-License-Identifier: MIT
/*
 * The egress path of the functional core (docs/egress.md sections 1-4):
 * every row of the order of checks, the lookup tree against an independent
 * longest-prefix reference, encapsulation with the three presets, TTL, MAC
 * replacement and MTU. Checksums and keys are computed here independently
 * of model/core.
 */
#include <stdlib.h>
#include <string.h>
#include "test.h"

#define NVF 4
#define T_RULES 256

static struct vnr_config cfg;
static struct vnr_core_state st;
static struct vnr_egress_tables *eg;

/* ------------------------------------------------------------ frames */

static const uint8_t VF_MAC[6] = { 2, 0, 0, 0, 0, 0x11 };
static const uint8_t DST_MAC[6] = { 2, 0, 0, 0, 0, 0x22 };

/* Ethernet header (optional VLAN tag vid) */
static void f_eth(struct pkt *p, const uint8_t dst[6], const uint8_t src[6], int vid,
		  unsigned type)
{
	memset(p, 0, sizeof(*p));
	pkt_put(p, dst, 6);
	pkt_put(p, src, 6);
	if (vid >= 0) {
		wr16(p->b + p->len, 0x8100);
		wr16(p->b + p->len + 2, vid);
		p->len += 4;
	}
	wr16(p->b + p->len, type);
	p->len += 2;
}

static void ip4_csum(uint8_t *ip)
{
	unsigned hl = 4 * (ip[0] & 0xf);

	wr16(ip + 10, 0);
	wr16(ip + 10, (uint16_t)~fold(sum16(0, ip, hl)));
}

/* IPv4 header + payload bytes (pattern); returns the header offset */
static unsigned f_ip4(struct pkt *p, uint32_t src, uint32_t dst, unsigned proto, unsigned ttl,
		      unsigned payload)
{
	unsigned o = p->len;
	uint8_t *ip = p->b + o;

	memset(ip, 0, 20);
	ip[0] = 0x45;
	wr16(ip + 2, 20 + payload);
	wr16(ip + 4, 0x1234);
	ip[8] = ttl;
	ip[9] = proto;
	wr16(ip + 12, src >> 16), wr16(ip + 14, src);
	wr16(ip + 16, dst >> 16), wr16(ip + 18, dst);
	ip4_csum(ip);
	p->len += 20;
	pkt_pad(p, p->len + payload);
	return o;
}

static unsigned f_ip6(struct pkt *p, const uint8_t src[16], const uint8_t dst[16], unsigned hlim,
		      unsigned payload)
{
	unsigned o = p->len;
	uint8_t *ip = p->b + o;

	memset(ip, 0, 40);
	ip[0] = 0x60;
	wr16(ip + 4, payload);
	ip[6] = 6;
	ip[7] = hlim;
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	p->len += 40;
	pkt_pad(p, p->len + payload);
	return o;
}

/* IPv4 TCP frame from the VF, payload bytes after a 20-byte TCP header */
static void f_tcp4(struct pkt *p, int vid, unsigned ttl, unsigned payload)
{
	f_eth(p, DST_MAC, VF_MAC, vid, 0x0800);
	f_ip4(p, 0x0a000001, 0x0a000102, 6, ttl, 20 + payload);
}

/* ------------------------------------------------------------ config */

static void tables_reset(void)
{
	vnr_egress_tables_free(eg);
	eg = vnr_egress_tables_new(T_RULES);
	memset(&cfg, 0, sizeof(cfg));
	cfg.num_vf = NVF;
	cfg.eg = eg;
	preset(&cfg.prof[0], "gre16");
	cfg.prof[0].csum_off = 4;	/* docs/egress.md section 5 */
	cfg.prof[0].csum_en = 1;
	preset(&cfg.prof[1], "vxlan");
	preset(&cfg.prof[2], "native");
	cfg.prof[2].csum_en = 0;	/* the 32-bit native checksum is not filled */
	memset(&st, 0, sizeof(st));
}

static void classify(const struct pkt *p, unsigned func, unsigned tso, struct vnr_decision *d)
{
	uint32_t m[4];

	meta_in(m, func, 0, 0);
	VNR_META_SET(m, IN, TSO, tso);
	vnr_classify_egress(&cfg, &st, p->b, p->len, 0, m, d);
}

/* ------------------------------------------------------------ keys and trees */

struct tkey {
	uint32_t w[6];
};

static uint64_t mac48(const uint8_t m[6])
{
	uint64_t v = 0;

	for (int i = 0; i < 6; i++)
		v = v << 8 | m[i];
	return v;
}

/* {func[7:0], mac[47:0], fam[1:0], addr[127:0]}, word 0 = bits [31:0] */
static struct tkey tkey_make(unsigned func, const uint8_t mac[6], unsigned fam,
			     const uint8_t addr[16])
{
	uint64_t m = mac48(mac);
	struct tkey k;

	for (int w = 0; w < 4; w++) {
		const uint8_t *a = addr + 4 * (3 - w);

		k.w[w] = (uint32_t)a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3];
	}
	k.w[4] = fam | (uint32_t)(m << 2);
	k.w[5] = (uint32_t)(m >> 30) | func << 18;
	return k;
}

static int tkey_cmp(const struct tkey *a, const struct tkey *b)
{
	for (int w = 5; w >= 0; w--)
		if (a->w[w] != b->w[w])
			return a->w[w] < b->w[w] ? -1 : 1;
	return 0;
}

static struct tkey tkey_inc(struct tkey k)
{
	for (int w = 0; w < 6 && ++k.w[w] == 0; w++)
		;
	return k;
}

/* a rule as the driver holds it */
struct trule {
	unsigned id, func, fam, plen;   /* fam 0: MAC only */
	uint8_t mac[6], addr[16];       /* IPv4 in addr[0..3] */
	uint8_t action;
};

static void masked(const struct trule *r, uint8_t out[16], int ones)
{
	unsigned bits = r->fam == 1 ? 32 : 128;

	memset(out, 0, 16);
	memcpy(out, r->addr, bits / 8);
	for (unsigned b = r->plen; b < 128; b++) {
		if (ones)
			out[b / 8] |= 0x80 >> (b % 8);
		else
			out[b / 8] &= ~(0x80 >> (b % 8));
	}
}

static void rule_range(const struct trule *r, struct tkey *lo, struct tkey *hi)
{
	uint8_t a[16];

	if (r->fam == 0) {
		memset(a, 0, 16);
		*lo = tkey_make(r->func, r->mac, 0, a);
		memset(a, 0xff, 16);
		*hi = tkey_make(r->func, r->mac, 3, a);
		return;
	}
	masked(r, a, 0);
	*lo = tkey_make(r->func, r->mac, r->fam, a);
	masked(r, a, 1);
	*hi = tkey_make(r->func, r->mac, r->fam, a);
}

/* prefix length for "longest wins", MAC only shorter than /0 */
static int rule_len(const struct trule *r)
{
	return r->fam ? (int)r->plen : -1;
}

static int better(const struct trule *a, const struct trule *b)
{
	return !b || rule_len(a) > rule_len(b) || (rule_len(a) == rule_len(b) && a->id < b->id);
}

static int in_range(const struct trule *r, const struct tkey *k)
{
	struct tkey lo, hi;

	rule_range(r, &lo, &hi);
	return tkey_cmp(&lo, k) <= 0 && tkey_cmp(k, &hi) <= 0;
}

static int key_cmp_q(const void *a, const void *b)
{
	return tkey_cmp(a, b);
}

/* The driver's algorithm (docs/egress.md section 2): elementary intervals
 * labelled with their best rule, boundaries in a complete tree. */
static void tree_build(struct vnr_egress_tables *t, unsigned bank, const struct trule *r,
		       unsigned n)
{
	unsigned L = t->levels, nb = 0, m = 0;
	struct tkey *b = malloc(sizeof(*b) * (2 * n + 1)), zero = { { 0 } };

	for (unsigned i = 0; i < n; i++) {
		struct tkey lo, hi;

		rule_range(&r[i], &lo, &hi);
		b[nb++] = lo;
		b[nb++] = tkey_inc(hi);	/* never wraps: func <= 128 */
	}
	qsort(b, nb, sizeof(*b), key_cmp_q);
	for (unsigned i = 0; i < nb; i++)
		if (m == 0 || tkey_cmp(&b[m - 1], &b[i]))
			b[m++] = b[i];
	CHECK(m <= (1u << L) - 1, "tree holds %u boundaries", m);
	for (unsigned l = 0; l < L; l++)
		for (unsigned i = 0; i < (1u << l); i++) {
			unsigned num = (2 * i + 1) << (L - 1 - l);	/* 1-based */
			uint32_t *node = t->node[bank][(1u << l) - 1 + i];

			if (num <= m)
				memcpy(node, b[num - 1].w, 24);
			else
				memset(node, 0xff, 24);
		}
	for (unsigned i = 0; i < (1u << L); i++) {
		const struct tkey *start = i == 0 ? &zero : &b[i - 1];
		const struct trule *best = NULL;

		t->leaf[bank][i] = 0;
		if (i > m)
			continue;
		for (unsigned j = 0; j < n; j++)
			if (in_range(&r[j], start) && better(&r[j], best))
				best = &r[j];
		if (best)
			t->leaf[bank][i] = 1u << 31 | best->id;
	}
	free(b);
}

/* the reference: linear scan, longest prefix, MAC only shortest */
static const struct trule *ref_lpm(const struct trule *r, unsigned n, unsigned func,
				   const uint8_t mac[6], unsigned fam, const uint8_t addr[16])
{
	const struct trule *best = NULL;

	for (unsigned i = 0; i < n; i++) {
		const struct trule *x = &r[i];
		int match = x->func == func && !memcmp(x->mac, mac, 6);

		if (match && x->fam) {
			match = x->fam == fam;
			for (unsigned bit = 0; match && bit < x->plen; bit++)
				match = ((x->addr[bit / 8] ^ addr[bit / 8]) & (0x80 >> (bit % 8))) == 0;
		}
		if (match && better(x, best))
			best = x;
	}
	return best;
}

static const uint8_t mac_pool[3][6] = {
	{ 2, 0, 0, 0, 0, 0x22 }, { 2, 0, 0, 0, 1, 0x22 }, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe }
};

static void rand_addr(uint8_t a[16], unsigned fam)
{
	static const uint8_t base4[3][4] = { { 10, 0, 1, 0 }, { 10, 0, 2, 0 }, { 192, 168, 0, 0 } };
	static const uint8_t base6[2][16] = {
		{ 0xfd, 0, 0, 0, 0, 0, 0, 1 }, { 0xfd, 0, 0, 0, 0, 0, 0, 2 }
	};

	memset(a, 0, 16);
	if (fam == 1) {
		memcpy(a, base4[rand() % 3], 4);
		if (rand() % 4)
			a[3] = rand() % 4;
		else
			a[2] ^= rand() % 4;
	} else if (fam == 2) {
		memcpy(a, base6[rand() % 2], 16);
		a[15] = rand() % 4;
		if (rand() % 4 == 0)
			a[7] ^= rand() % 4;
	}
}

static unsigned rand_plen(unsigned fam)
{
	static const unsigned p4[] = { 32, 24, 0, 30, 16, 31 };
	static const unsigned p6[] = { 128, 64, 0, 126, 127, 56 };

	return fam == 1 ? p4[rand() % 6] : p6[rand() % 6];
}

/* n random rules in distinct slots, overlapping on purpose */
static unsigned rand_rules(struct trule *r, unsigned n)
{
	uint8_t used[T_RULES] = { 0 };

	for (unsigned i = 0; i < n; i++) {
		struct trule *x = &r[i];

		memset(x, 0, sizeof(*x));
		do
			x->id = rand() % T_RULES;
		while (used[x->id]);
		used[x->id] = 1;
		x->func = rand() % 3;
		memcpy(x->mac, mac_pool[rand() % 3], 6);
		x->fam = rand() % 5 == 0 ? 0 : 1 + rand() % 2;
		rand_addr(x->addr, x->fam);
		x->plen = x->fam ? rand_plen(x->fam) : 0;
		x->action = 2;	/* trap: the decision says which rule */
	}
	return n;
}

static void test_tables_reset(void)
{
	struct vnr_egress_tables *t = vnr_egress_tables_new(4096);
	int ok = 1;

	CHECK_EQ(vnr_bst_levels(4096), 14);
	CHECK_EQ(vnr_bst_levels(4097), 15);
	CHECK_EQ(vnr_bst_levels(1), 2);
	CHECK_EQ(vnr_bst_levels(2), 3);
	CHECK_EQ(vnr_bst_levels(3), 4);
	CHECK(t != NULL, "tables of 4096 rules");
	CHECK_EQ(t->levels, 14);
	CHECK_EQ(t->pf_max_mtu, 9000);
	CHECK_EQ(t->active, 0);
	CHECK_EQ(t->trap_ctrl, 0);
	for (unsigned f = 1; f < VNR_MAX_FUNCS; f++)
		ok &= t->mtu[f] == 1500 && !t->vf[f].check_mac && !t->vf[f].check_ip;
	for (unsigned b = 0; b < 2; b++) {
		for (unsigned i = 0; i < (1u << 14) - 1; i++)
			for (unsigned w = 0; w < 6; w++)
				ok &= t->node[b][i][w] == 0xffffffffu;
		for (unsigned i = 0; i < (1u << 14); i++)
			ok &= t->leaf[b][i] == 0;
		for (unsigned i = 0; i < 4096; i++)
			ok &= t->rule[b][i].action == 0;
	}
	CHECK(ok, "reset: MTUs 1500, nodes all ones, leaves and rules 0");
	vnr_egress_tables_free(t);
}

/* random keys near the rules against the reference, both banks */
static void test_bst_random(void)
{
	static struct trule r[2][180];
	unsigned bad = 0, hits = 0, tries = 0;

	tables_reset();
	srand(12345);
	for (unsigned bank = 0; bank < 2; bank++) {
		rand_rules(r[bank], 180);
		tree_build(eg, bank, r[bank], 180);
	}
	for (unsigned i = 0; i < 4000; i++) {
		unsigned bank = i & 1, func = rand() % 4, fam = rand() % 3;
		const uint8_t *mac = mac_pool[rand() % 3];
		const struct trule *want;
		uint8_t addr[16];
		struct tkey k;
		uint32_t got = ~0u;
		int hit;

		rand_addr(addr, fam);
		k = tkey_make(func, mac, fam, addr);
		want = ref_lpm(r[bank], 180, func, mac, fam, addr);
		hit = vnr_bst_lookup(eg, bank, k.w, &got);
		tries++;
		hits += hit;
		if (hit != (want != NULL) || (want && got != want->id)) {
			if (bad++ < 5)
				printf("  bst: bank %u func %u fam %u: got %d/%u want %u\n", bank, func,
				       fam, hit, got, want ? want->id : ~0u);
		}
	}
	CHECK(bad == 0, "%u of %u random lookups differ from the reference", bad, tries);
	CHECK(hits > tries / 4 && hits < tries, "a mix of hits (%u) and misses", hits);
}

/* The same through whole frames: key building from the frame is right. */
static void test_bst_frames(void)
{
	static struct trule r[200];
	unsigned bad = 0, hits = 0;

	tables_reset();
	srand(777);
	rand_rules(r, 200);
	tree_build(eg, 1, r, 200);
	for (unsigned i = 0; i < 200; i++)
		eg->rule[1][r[i].id].action = 2;
	eg->active = 1;
	for (unsigned i = 0; i < 1500; i++) {
		unsigned func = rand() % 3, fam = rand() % 3, vlan = rand() % 2;
		const uint8_t *mac = mac_pool[rand() % 3];
		const struct trule *want;
		struct vnr_decision d;
		uint8_t addr[16];
		struct pkt p;

		rand_addr(addr, fam);
		f_eth(&p, mac, VF_MAC, vlan ? 7 : -1, fam == 1 ? 0x0800 : fam == 2 ? 0x86dd : 0x88b5);
		if (fam == 1)
			f_ip4(&p, 0x0a000001, (uint32_t)addr[0] << 24 | addr[1] << 16 | addr[2] << 8 | addr[3],
			      17, 64, 30);
		else if (fam == 2)
			f_ip6(&p, addr /* any source */, addr, 64, 30);
		else
			pkt_pad(&p, 64);
		want = ref_lpm(r, 200, func, mac, fam, addr);
		classify(&p, func, 0, &d);
		hits += want != NULL;
		if (want ? d.reason != VNR_REASON_TRAP_RULE || d.rule != want->id || !d.rule_hit
			 : d.rule_hit || d.reason != (func ? VNR_REASON_NO_RULE : VNR_REASON_FORWARD))
			bad++;
	}
	CHECK(bad == 0, "%u frames decided other than the reference rule", bad);
	CHECK(hits > 100, "frames hit rules (%u)", hits);
}

/* ------------------------------------------------------------ rows 1-7 */

static void test_rows_admin(void)
{
	struct vnr_decision d;
	uint32_t m[4];
	struct pkt p;

	tables_reset();
	f_tcp4(&p, -1, 64, 40);
	meta_in(m, 2, 0, 0);
	vnr_classify_egress(&cfg, &st, p.b, p.len, 1, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_TOO_BIG && d.cnt_func == 2, "row 1");
	meta_in(m, 9, 0, 0);
	vnr_classify_egress(&cfg, &st, p.b, p.len, 1, m, &d);
	CHECK(d.reason == VNR_REASON_TOO_BIG && d.cnt_func == 0, "row 1, func above NUM_VF");
	vnr_classify_egress(&cfg, &st, p.b, 10, 1, m, &d);
	CHECK(d.reason == VNR_REASON_TOO_BIG, "row 1 before row 2");
	meta_in(m, 2, 0, 0);
	vnr_classify_egress(&cfg, &st, p.b, 13, 0, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_RUNT && d.cnt_func == 2, "row 2");
	meta_in(m, NVF + 1, 0, 0);
	vnr_classify_egress(&cfg, &st, p.b, p.len, 0, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_BAD_FUNC && d.cnt_func == 0, "row 3");
	cfg.debug = 1;
	eg->trap_ctrl = 0x1f;
	meta_in(m, 1, 1, 2);
	vnr_classify_egress(&cfg, &st, p.b, p.len, 0, m, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_DEBUG && d.cnt_func == 1, "row 4");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FUNC), 0);
	cfg.debug = 0;
	vnr_classify_egress(&cfg, &st, p.b, p.len, 0, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_BAD_FUNC && d.cnt_func == 1, "row 5");
	meta_in(m, 0, 1, NVF + 1);
	vnr_classify_egress(&cfg, &st, p.b, p.len, 0, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_BAD_FUNC && d.cnt_func == 0, "row 6");
	meta_in(m, 0, 1, 3);
	p.b[0] = 0xff;	/* a trap would apply to a VF's frame, not to an injection */
	vnr_classify_egress(&cfg, &st, p.b, p.len, 0, m, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_INJECT && d.cnt_func == 3, "row 7");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FUNC), 3);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, SRC_FUNC), 0);
	CHECK(d.P == 0 && d.S == 0 && !memcmp(d.win, p.b, 128), "row 7: unchanged");
}

/* ------------------------------------------------------------ rows 8-16 */

static void expect(const struct pkt *p, unsigned func, unsigned reason, enum vnr_dest dest,
		   const char *what)
{
	struct vnr_decision d;

	classify(p, func, 0, &d);
	CHECK(d.reason == reason && d.dest == dest && d.cnt_func == func,
	      "%s: reason %u dest %u cnt %u", what, d.reason, d.dest, d.cnt_func);
}

static void vf1_entry(void)
{
	struct vnr_vfent *v = &eg->vf[1];

	memset(v, 0, sizeof(*v));
	v->check_mac = v->check_ip = v->check_vlan = 1;
	memcpy(v->mac, VF_MAC, 6);
	v->ip4[2] = 0x0a000001;
	v->ip6[1][0] = 0xfd, v->ip6[1][15] = 0x11;
	v->vlan[1] = 100, v->vlan_v[1] = 1;
	v->vlan[2] = 200;	/* not valid */
}

static void test_rows_source(void)
{
	static const uint8_t other[6] = { 2, 0, 0, 0, 0, 0x99 };
	uint8_t s6[16] = { 0xfd }, d6[16] = { 0xfd, 1 };
	struct pkt p;

	tables_reset();
	vf1_entry();
	f_tcp4(&p, -1, 64, 40);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "all checks pass");
	f_eth(&p, DST_MAC, other, -1, 0x0800);
	f_ip4(&p, 0x0b000001, 1, 6, 64, 40);
	expect(&p, 1, VNR_REASON_SRC_MAC, VNR_DEST_DROP, "row 8 before row 10");
	eg->vf[1].check_mac = 0;
	expect(&p, 1, VNR_REASON_SRC_IP, VNR_DEST_DROP, "row 10: IPv4 source unknown");
	eg->vf[1].check_mac = 1;

	f_tcp4(&p, 100, 64, 40);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "VLAN 100 valid");
	f_tcp4(&p, 200, 64, 40);
	expect(&p, 1, VNR_REASON_VLAN, VNR_DEST_DROP, "row 9: vlan2 not valid");
	f_tcp4(&p, 0x3000 | 100, 64, 40);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "PCP bits are not the vid");
	f_eth(&p, DST_MAC, VF_MAC, 300, 0x0800);
	f_ip4(&p, 0x0b000001, 1, 6, 64, 40);
	expect(&p, 1, VNR_REASON_VLAN, VNR_DEST_DROP, "row 9 before row 10");
	eg->vf[1].check_vlan = 0;
	expect(&p, 1, VNR_REASON_SRC_IP, VNR_DEST_DROP, "row 10 with a VLAN tag");
	eg->vf[1].check_vlan = 1;

	f_eth(&p, DST_MAC, VF_MAC, 100, 0x86dd);
	f_ip6(&p, s6, d6, 64, 20);
	expect(&p, 1, VNR_REASON_SRC_IP, VNR_DEST_DROP, "row 10: IPv6 source unknown");
	s6[15] = 0x11;
	p.len = 0, f_eth(&p, DST_MAC, VF_MAC, 100, 0x86dd), f_ip6(&p, s6, d6, 64, 20);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "IPv6 ip6_1 known");
	p.len = 18 + 39;
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "short IPv6 is not IPv6");
	s6[15] = 0;
	p.len = 0, f_eth(&p, DST_MAC, VF_MAC, 100, 0x86dd), f_ip6(&p, s6, d6, 64, 20);
	p.b[18] = 0x40;
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "version 4 in IPv6 EtherType");
	f_eth(&p, DST_MAC, VF_MAC, -1, 0x0800);
	f_ip4(&p, 0x0b000001, 1, 6, 64, 40);
	p.len = 33;
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "IPv4 shorter than 20 bytes");
	eg->vf[1].ip4[2] = 0;
	f_tcp4(&p, -1, 64, 40);
	expect(&p, 1, VNR_REASON_SRC_IP, VNR_DEST_DROP, "no IPv4 address: every IPv4 source refused");
	f_eth(&p, DST_MAC, VF_MAC, -1, 0x0806);
	pkt_pad(&p, 60);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "ARP passes the IP check");
	memset(&eg->vf[1], 0, sizeof(eg->vf[1]));
	f_eth(&p, DST_MAC, other, 5, 0x0800);
	f_ip4(&p, 0x0b000001, 1, 6, 64, 40);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "checks off");
	vf1_entry();
	expect(&p, 0, VNR_REASON_FORWARD, VNR_DEST_WIRE, "PF is not checked");
}

static void udp4(struct pkt *p, int vid, unsigned frag, unsigned ihl, unsigned dport)
{
	unsigned o;

	f_eth(p, DST_MAC, VF_MAC, vid, 0x0800);
	o = f_ip4(p, 0x0a000001, 0x0a000002, 17, 64, 8 + 4 * (ihl - 5) + 20);
	p->b[o] = 0x40 | ihl;
	wr16(p->b + o + 6, frag);
	wr16(p->b + o + 4 * ihl + 2, dport);
}

static void test_rows_traps(void)
{
	static const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t mc[6] = { 0x01, 0, 0x5e, 0, 0, 1 };
	struct pkt p;

	tables_reset();
	vf1_entry();
	eg->trap_ctrl = 0x1f;
	f_eth(&p, bc, VF_MAC, 100, 0x0806);
	pkt_pad(&p, 60);
	expect(&p, 1, VNR_REASON_TRAP_ARP, VNR_DEST_HOST, "row 11 (tagged, before bcast)");
	f_eth(&p, bc, VF_MAC, -1, 0x0800);
	f_ip4(&p, 0, 0xffffffff, 6, 64, 40);
	eg->vf[1].check_ip = 0;
	udp4(&p, -1, 0, 5, 67);
	memcpy(p.b, bc, 6);
	expect(&p, 1, VNR_REASON_TRAP_DHCP, VNR_DEST_HOST, "row 12: port 67, before bcast");
	udp4(&p, 100, 0x4000, 5, 68);
	expect(&p, 1, VNR_REASON_TRAP_DHCP, VNR_DEST_HOST, "row 12: port 68, DF, tagged");
	udp4(&p, -1, 0, 7, 67);
	expect(&p, 1, VNR_REASON_TRAP_DHCP, VNR_DEST_HOST, "row 12: port after IHL 7");
	udp4(&p, -1, 0x2000, 5, 67);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "MF: not DHCP");
	udp4(&p, -1, 0x0010, 5, 67);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "offset: not DHCP");
	udp4(&p, -1, 0, 5, 69);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "port 69: not DHCP");
	udp4(&p, -1, 0, 5, 67);
	p.b[14 + 9] = 6;
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "TCP port 67: not DHCP");
	eg->trap_ctrl = 0x1f & ~VNR_EGRESS_TRAP_CTRL_DHCP_MASK;
	udp4(&p, -1, 0, 5, 67);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "DHCP trap off");
	eg->trap_ctrl = 0x1f;

	f_eth(&p, bc, VF_MAC, -1, 0x0800);
	f_ip4(&p, 0x0a000001, 0xffffffff, 6, 64, 40);
	expect(&p, 1, VNR_REASON_TRAP_BCAST, VNR_DEST_HOST, "row 13");
	eg->trap_ctrl = VNR_EGRESS_TRAP_CTRL_MCAST_MASK;
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "broadcast is not multicast");
	memcpy(p.b, mc, 6);
	expect(&p, 1, VNR_REASON_TRAP_MCAST, VNR_DEST_HOST, "row 14");
	eg->trap_ctrl = 0x1f;
	expect(&p, 1, VNR_REASON_TRAP_MCAST, VNR_DEST_HOST, "row 14 with all traps");
	f_eth(&p, DST_MAC, VF_MAC, 100, 0x88cc);
	pkt_pad(&p, 60);
	expect(&p, 1, VNR_REASON_TRAP_NON_IP, VNR_DEST_HOST, "row 15 (tagged)");
	f_eth(&p, DST_MAC, VF_MAC, -1, 0x86dd);
	pkt_pad(&p, 30);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "short IPv6 EtherType is not non-IP");
	eg->trap_ctrl = 0x1f & ~VNR_EGRESS_TRAP_CTRL_ARP_MASK;
	f_eth(&p, DST_MAC, VF_MAC, -1, 0x0806);
	pkt_pad(&p, 60);
	expect(&p, 1, VNR_REASON_NO_RULE, VNR_DEST_HOST, "ARP is not non-IP");
	f_eth(&p, DST_MAC, VF_MAC, -1, 0x88cc);
	pkt_pad(&p, 60);
	expect(&p, 0, VNR_REASON_FORWARD, VNR_DEST_WIRE, "PF frames are not trapped");
	eg->vf[1].check_mac = 1;
	f_eth(&p, bc, DST_MAC, -1, 0x0806);
	pkt_pad(&p, 60);
	expect(&p, 1, VNR_REASON_SRC_MAC, VNR_DEST_DROP, "source checks before traps");
}

static void test_row_mtu(void)
{
	struct vnr_decision d;
	struct pkt p;

	tables_reset();
	f_tcp4(&p, -1, 64, 1500 - 40);
	expect(&p, 2, VNR_REASON_NO_RULE, VNR_DEST_HOST, "len - l3 = MTU");
	f_tcp4(&p, -1, 64, 1501 - 40);
	expect(&p, 2, VNR_REASON_MTU, VNR_DEST_DROP, "row 16: MTU + 1");
	{
		uint32_t m[4];

		p.b[14 + 20 + 12] = 0x50;	/* a valid TCP header: docs/tso.md 16d */
		meta_in(m, 2, 0, 0);
		VNR_META_SET(m, IN, TSO, 1);
		VNR_META_SET(m, IN, MSS, 1000);
		vnr_classify_egress(&cfg, &st, p.b, p.len, 0, m, &d);
		CHECK_EQ(d.reason, VNR_REASON_NO_RULE);	/* tso bypasses */
	}
	expect(&p, 0, VNR_REASON_FORWARD, VNR_DEST_WIRE, "PF has no MTU");
	f_tcp4(&p, 100, 64, 1500 - 40);
	expect(&p, 2, VNR_REASON_NO_RULE, VNR_DEST_HOST, "tagged: l3 = 18");
	eg->mtu[2] = 1400;
	expect(&p, 2, VNR_REASON_MTU, VNR_DEST_DROP, "MTU[func] is the VF's");
	expect(&p, 3, VNR_REASON_NO_RULE, VNR_DEST_HOST, "other VF keeps 1500");
	eg->trap_ctrl = VNR_EGRESS_TRAP_CTRL_MCAST_MASK;
	p.b[0] |= 1;
	expect(&p, 2, VNR_REASON_TRAP_MCAST, VNR_DEST_HOST, "traps before MTU");
}

/* ------------------------------------------------------------ rows 17-22 */

/* one rule: func, dmac (DST_MAC) and optionally an IPv4 prefix */
static void one_rule(unsigned id, unsigned func, int fam, uint32_t a4, unsigned plen,
		     const struct vnr_rule *act)
{
	struct trule r = { .id = id, .func = func, .fam = fam, .plen = plen };

	memcpy(r.mac, DST_MAC, 6);
	r.addr[0] = a4 >> 24, r.addr[1] = a4 >> 16, r.addr[2] = a4 >> 8, r.addr[3] = a4;
	tree_build(eg, eg->active, &r, 1);
	eg->rule[eg->active][id] = *act;
}

static void test_rows_rules(void)
{
	struct vnr_rule a = { .action = 2 };
	struct vnr_decision d;
	struct pkt p;

	tables_reset();
	f_tcp4(&p, -1, 64, 40);
	one_rule(7, 1, 1, 0x0a000100, 24, &a);
	classify(&p, 1, 0, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_TRAP_RULE && d.cnt_func == 1 &&
	      d.rule_hit && d.rule == 7, "row 17");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, RULE_HIT), 1);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, RULE), 7);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, SRC_FUNC), 1);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FUNC), 0);
	classify(&p, 2, 0, &d);
	CHECK(d.reason == VNR_REASON_NO_RULE && !d.rule_hit, "row 22: other func misses");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, RULE_HIT), 0);
	classify(&p, 0, 0, &d);
	CHECK(d.dest == VNR_DEST_WIRE && d.reason == VNR_REASON_FORWARD && d.cnt_func == 0 &&
	      !d.rule_hit && d.P == 0 && !memcmp(d.win, p.b, 128), "row 21: PF miss, unchanged");
	eg->vf[1].check_mac = 1;
	classify(&p, 1, 0, &d);
	CHECK_EQ(d.reason, VNR_REASON_SRC_MAC);	/* checks before the lookup */
	eg->vf[1].check_mac = 0;
	a.action = 3;
	one_rule(7, 1, 1, 0x0a000100, 24, &a);
	classify(&p, 1, 0, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_DROP_RULE && d.rule == 7 &&
	      d.rule_hit, "row 18");
	a.action = 0;
	one_rule(7, 1, 1, 0x0a000100, 24, &a);
	classify(&p, 1, 0, &d);
	CHECK(d.reason == VNR_REASON_NO_RULE && !d.rule_hit, "action 0 is a miss");
	a.action = 2;
	one_rule(7, 0, 0, 0, 0, &a);
	classify(&p, 0, 0, &d);
	CHECK(d.reason == VNR_REASON_TRAP_RULE && d.cnt_func == 0 && d.rule_hit, "PF frames look up too");
	/* the inactive bank is not looked at */
	eg->active = 1;
	classify(&p, 0, 0, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && !d.rule_hit, "bank 1 empty");
	eg->active = 0;
	a.action = 1;
	one_rule(9, 3, 0, 0, 0, &a);
	classify(&p, 3, 0, &d);
	CHECK(d.dest == VNR_DEST_WIRE && d.reason == VNR_REASON_FORWARD && d.cnt_func == 3 &&
	      d.rule == 9 && d.P == 0 && d.S == 0 && !memcmp(d.win, p.b, 128), "row 20, no edit");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FUNC), 3);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, ENCAP), 0);
}

/* rows 19/20 with TTL, IPv4 and IPv6, and MAC replacement */
static void test_ttl_mac(void)
{
	struct vnr_rule a = { .action = 1, .ttl_dec = 1, .set_dmac = 1, .set_smac = 1,
			      .smac = { 2, 0xaa, 0, 0, 0, 1 }, .dmac = { 2, 0xbb, 0, 0, 0, 2 } };
	uint8_t s6[16] = { 0xfd }, d6[16] = { 0xfd, 1 };
	struct vnr_decision d;
	struct pkt p;
	uint16_t hc, want;

	tables_reset();
	one_rule(3, 1, 0, 0, 0, &a);
	f_tcp4(&p, -1, 1, 40);
	classify(&p, 1, 0, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_TTL && d.rule_hit && d.rule == 3,
	      "row 19: IPv4 TTL 1");
	p.b[22] = 0;
	ip4_csum(p.b + 14);
	classify(&p, 1, 0, &d);
	CHECK_EQ(d.reason, VNR_REASON_TTL);
	for (unsigned vid = 0; vid < 2; vid++) {
		unsigned l3 = vid ? 18 : 14;

		f_tcp4(&p, vid ? 100 : -1, 2, 40);
		classify(&p, 1, 0, &d);
		CHECK(d.dest == VNR_DEST_WIRE && d.reason == VNR_REASON_FORWARD, "TTL 2 forwarded");
		CHECK_EQ(d.win[l3 + 8], 1);
		CHECK(csum_ok(d.win + l3, 20), "inner IPv4 checksum verifies after TTL");
		hc = rd16(p.b + l3 + 10);
		want = ~fold((uint16_t)~hc + (uint16_t)~rd16(p.b + l3 + 8) + rd16(d.win + l3 + 8));
		CHECK_EQ(rd16(d.win + l3 + 10), want);	/* RFC 1624 eqn 3 */
		CHECK(!memcmp(d.win, a.dmac, 6) && !memcmp(d.win + 6, a.smac, 6), "MACs replaced");
		CHECK(d.win[l3 + 9] == 6 && !memcmp(d.win + l3 + 12, p.b + l3 + 12, 8), "rest intact");
	}
	/* the checksum edge: a header summing so that HC = 0xffff before */
	f_tcp4(&p, -1, 0x80, 40);
	for (unsigned id = 0; id < 65536 && rd16(p.b + 24) != 0x0000; id++)
		wr16(p.b + 18, id), ip4_csum(p.b + 14);
	classify(&p, 1, 0, &d);
	hc = rd16(p.b + 24);
	want = ~fold((uint16_t)~hc + (uint16_t)~0x8006u + 0x7f06u);
	CHECK(rd16(d.win + 24) == want && csum_ok(d.win + 14, 20), "eqn 3 with HC 0x0000");

	f_eth(&p, DST_MAC, VF_MAC, 100, 0x86dd);
	f_ip6(&p, s6, d6, 1, 20);
	classify(&p, 1, 0, &d);
	CHECK(d.reason == VNR_REASON_TTL && d.dest == VNR_DEST_HOST, "row 19: IPv6 hop limit 1");
	p.len = 0, f_eth(&p, DST_MAC, VF_MAC, 100, 0x86dd), f_ip6(&p, s6, d6, 2, 20);
	classify(&p, 1, 0, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.win[18 + 7] == 1, "IPv6 hop limit 2 -> 1");
	CHECK(!memcmp(d.win + 12, p.b + 12, 7) && !memcmp(d.win + 26, p.b + 26, 40), "IPv6 rest");
	f_eth(&p, DST_MAC, VF_MAC, -1, 0x88b5);
	pkt_pad(&p, 60);
	p.b[14 + 8] = 1;
	classify(&p, 1, 0, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && !memcmp(d.win + 12, p.b + 12, 60 - 12),
	      "ttl_dec on a non-IP frame: no change");
	a.ttl_dec = 0;
	one_rule(3, 1, 0, 0, 0, &a);
	f_tcp4(&p, -1, 1, 40);
	classify(&p, 1, 0, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.win[22] == 1, "TTL 1 without ttl_dec forwarded");
}

/* ------------------------------------------------------------ encapsulation */


static uint8_t out_buf[4096];
static size_t out_len;
static void grab(void *arg, enum vnr_dest dest, const uint8_t *data, size_t len,
		 const uint32_t meta[4])
{
	(void)arg, (void)dest, (void)meta;
	memcpy(out_buf, data, len);
	out_len = len;
}

static int udp_ok(const uint8_t *o, unsigned E, size_t lout)
{
	const uint8_t *ip = o + E;
	uint32_t s = sum16(0, ip + 12, 8) + 17 + rd16(ip + 24);

	return fold(sum16(s, ip + 20, lout - E - 20)) == 0xffff;
}

static void check_encap(const struct pkt *in, const struct vnr_rule *r, unsigned func, int ttl)
{
	unsigned E = r->outer_vlan ? 18 : 14, L = r->opaque_len, P = E + 20 + L;
	unsigned S = r->profile == 2 ? 14 : 0, id = st.ip_id;
	const uint8_t *o = out_buf, *ip = o + E;
	struct vnr_decision d;
	uint32_t m[4];
	size_t n = in->len - S;

	meta_in(m, func, 0, 0);
	out_len = 0;
	vnr_core_process(&cfg, &st, VNR_PATH_EGRESS, in->b, in->len, m, grab, NULL, &d);
	CHECK(d.dest == VNR_DEST_WIRE && d.reason == VNR_REASON_FORWARD && d.P == P && d.S == S,
	      "profile %u: P %u S %u", r->profile, d.P, d.S);
	CHECK_EQ(out_len, P + n);
	CHECK(!memcmp(o, d.prefix, P), "prefix[] is what is sent");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, ENCAP), 1);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, PROFILE), r->profile);
	CHECK_EQ(st.ip_id, (uint16_t)(id + 1));
	CHECK(!memcmp(o, r->tmpl, E) && ip[0] == 0x45 && ip[9] == r->tmpl[E + 9] &&
	      !memcmp(ip + 12, r->tmpl + E + 12, 8), "outer Ethernet and addresses from the template");
	CHECK_EQ(rd16(ip + 2), 20 + L + n);
	CHECK_EQ(rd16(ip + 4), id);
	CHECK(csum_ok(ip, 20), "outer IPv4 header checksum");
	if (ttl) {
		CHECK(o[P + 22 - S] == in->b[22] - 1 && csum_ok(o + P + 14 - S, 20), "inner TTL");
		CHECK(!memcmp(o + P, in->b + S, 22 - S), "inner head intact");
		CHECK(!memcmp(o + P + 26 - S, in->b + 26, in->len - 26), "inner rest intact");
	} else {
		CHECK(!memcmp(o + P, in->b + S, n), "inner frame intact after the prefix");
	}
	if (r->profile != 0) {
		CHECK_EQ(rd16(ip + 24), 8 + (L - 8) + n);	/* UDP length */
		if (r->tmpl[E + 26] | r->tmpl[E + 27])
			CHECK(rd16(ip + 26) != 0 && udp_ok(o, E, out_len), "UDP checksum verifies");
		else
			CHECK_EQ(rd16(ip + 26), 0);
		CHECK(!memcmp(ip + 28, r->tmpl + E + 28, L - 8), "rest of the opaque header as written");
	} else {
		CHECK(csum_ok(ip + 20, out_len - E - 20), "GRE checksum verifies");
		CHECK(!memcmp(ip + 20, r->tmpl + E + 20, 4) && !memcmp(ip + 26, r->tmpl + E + 26, 10),
		      "rest of the GRE header as written");
	}
}

static void test_encap(void)
{
	struct vnr_rule r;
	struct pkt p;

	tables_reset();
	for (unsigned prof = 0; prof < 3; prof++)
		for (unsigned v = 0; v < 2; v++)
			for (unsigned odd = 0; odd < 2; odd++) {
				tmpl_build(&r, prof, v, odd);
				one_rule(20 + prof, 2, 1, 0x0a000102, 32, &r);
				f_tcp4(&p, -1, 64, 100 + odd);
				check_encap(&p, &r, 2, 0);
				f_tcp4(&p, -1, 64, 1400);
				check_encap(&p, &r, 2, 0);
				r.ttl_dec = 1;
				one_rule(20 + prof, 2, 1, 0x0a000102, 32, &r);
				f_tcp4(&p, -1, 9, 33 + odd);
				check_encap(&p, &r, 2, 1);
			}
	/* ID wraps modulo 65536 */
	st.ip_id = 0xffff;
	check_encap(&p, &r, 2, 1);
	CHECK_EQ(st.ip_id, 0);
}

/* the payload word that makes the computed UDP checksum 0: sent as 0xffff */
static void test_udp_zero(void)
{
	struct vnr_decision d;
	struct vnr_rule r;
	uint32_t m[4];
	struct pkt p;
	unsigned c;

	tables_reset();
	tmpl_build(&r, 1, 0, 1);
	one_rule(5, 2, 0, 0, 0, &r);
	f_tcp4(&p, -1, 64, 200);
	wr16(p.b + 200, 0);
	meta_in(m, 2, 0, 0);
	vnr_classify_egress(&cfg, &st, p.b, p.len, 0, m, &d);
	c = rd16(d.prefix + 14 + 26);
	st.ip_id--;	/* same outer header again */
	wr16(p.b + 200, c);	/* inner byte 200 is 216 bytes into the UDP header: even */
	vnr_classify_egress(&cfg, &st, p.b, p.len, 0, m, &d);
	CHECK_EQ(rd16(d.prefix + 14 + 26), 0xffff);
	out_len = vnr_edit_frame(&d, p.b, p.len, VNR_HDR_EGRESS, out_buf);
	CHECK(udp_ok(out_buf, 14, out_len), "0xffff verifies");
}

/* the native preset strips the inner Ethernet header, VLAN tag included */
static void test_native_tagged(void)
{
	struct vnr_decision d;
	struct vnr_rule r;
	uint32_t m[4];
	struct pkt p;
	unsigned P = tmpl_build(&r, 2, 0, 1);

	tables_reset();
	one_rule(5, 2, 0, 0, 0, &r);
	f_tcp4(&p, 100, 64, 300);
	meta_in(m, 2, 0, 0);
	vnr_core_process(&cfg, &st, VNR_PATH_EGRESS, p.b, p.len, m, grab, NULL, &d);
	CHECK(d.S == 18 && out_len == P + p.len - 18, "tagged native: S = 18");
	CHECK(!memcmp(out_buf + P, p.b + 18, p.len - 18), "inner IP header follows the opaque");
	CHECK(udp_ok(out_buf, 14, out_len), "UDP checksum over the stripped frame");
	CHECK_EQ(rd16(out_buf + 14 + 20 + 4), 20 + p.len - 18);
	/* csum_en with a UDP checksum too: the csum_en field first, then the
	 * UDP checksum over everything, the csum_en field included
	 * (docs/egress.md 3): the UDP checksum verifies */
	cfg.prof[2].csum_off = 16;
	cfg.prof[2].csum_en = 1;
	vnr_core_process(&cfg, &st, VNR_PATH_EGRESS, p.b, p.len, m, grab, NULL, &d);
	CHECK(udp_ok(out_buf, 14, out_len), "UDP checksum covers the filled csum_en field");
	CHECK(rd16(out_buf + 34 + 16) != 0, "csum_en field filled");
	CHECK(!memcmp(out_buf, d.prefix, P), "prefix[] is what is sent");
}

/* vnr_edit_frame: prefix, strip, patched window, tail beyond the window */
static void test_edit_frame(void)
{
	static uint8_t f[400], o[600];
	struct vnr_decision d;
	size_t n;
	int ok = 1;

	memset(&d, 0, sizeof(d));
	for (unsigned i = 0; i < 400; i++)
		f[i] = i * 3;
	for (unsigned i = 0; i < 128; i++)
		d.win[i] = f[i] ^ 0x5a;
	d.P = 7;
	d.S = 5;
	memset(d.prefix, 0xab, 7);
	n = vnr_edit_frame(&d, f, 400, VNR_HDR_EGRESS, o);
	CHECK_EQ(n, 7 + 400 - 5);
	for (unsigned i = 0; i < n; i++)
		ok &= o[i] == (i < 7 ? 0xab : i - 7 + 5 < 128 ? (uint8_t)(f[i + 5 - 7] ^ 0x5a) : f[i + 5 - 7]);
	CHECK(ok, "O = prefix ++ f'[S..len)");
	d.S = 16;
	n = vnr_edit_frame(&d, f, 15, VNR_HDR_EGRESS, o);
	CHECK_EQ(n, 7);
}

void test_egress(void)
{
	test_tables_reset();
	test_rows_admin();
	test_rows_source();
	test_rows_traps();
	test_row_mtu();
	test_rows_rules();
	test_ttl_mac();
	test_bst_random();
	test_bst_frames();
	test_encap();
	test_udp_zero();
	test_native_tagged();
	test_edit_frame();
	vnr_egress_tables_free(eg);
	eg = NULL;
}
