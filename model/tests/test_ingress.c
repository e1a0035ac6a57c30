// SPDX-License-Identifier: MIT
/* Functional core, ingress: key, CRC-32C bucket, lookup, decisions
 * (docs/ingress.md sections 2-5). */
#include <stdlib.h>
#include <string.h>
#include <isa-l.h>
#include "test.h"

#define T_RULES 64	/* 16 buckets */

enum { PROF_GRE16, PROF_VXLAN, PROF_NATIVE };
enum inner_kind { IN_IP4, IN_IP6, IN_ARP };

static struct vnr_config cfg;
static struct vnr_ingress_tables *ig;

/* ------------------------------------------------------------ helpers */

static uint32_t rnd_state = 0x12345678;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void rnd_fill(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)rnd();
}

/*
 * ISA-L's crc32_iscsi(buf, len, init) takes init as the raw CRC register and
 * applies no final XOR: crc32_iscsi("123456789", 9, 0xFFFFFFFF) = 0x1CF96D7C.
 * The standard CRC-32C (init and final XOR 0xFFFFFFFF) is therefore
 * ~crc32_iscsi(buf, len, 0xFFFFFFFF).
 */
static uint32_t ref_crc32c(const uint8_t *p, size_t n)
{
	return ~crc32_iscsi((unsigned char *)p, (int)n, 0xFFFFFFFFu);
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* RFC 1071 from scratch, checksum field taken as 0 */
static unsigned ip4_csum(const uint8_t *ip)
{
	uint32_t s = 0;

	for (unsigned k = 0; k < 20; k += 2)
		s += k == 10 ? 0 : get16(ip + k);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

static int ip4_valid(const uint8_t *ip)
{
	uint32_t s = 0;

	for (unsigned k = 0; k < 20; k += 2)
		s += get16(ip + k);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s == 0xffff;
}

static void cfg_reset(void)
{
	if (!ig)
		ig = vnr_ingress_tables_new(T_RULES);
	memset(ig->coll, 0, sizeof(ig->coll));
	memset(ig->mask, 0, sizeof(ig->mask));
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	memset(&cfg, 0, sizeof(cfg));
	cfg.ig = ig;
	cfg.num_vf = 8;
	preset(&cfg.prof[PROF_GRE16], "gre16");
	preset(&cfg.prof[PROF_VXLAN], "vxlan");
	preset(&cfg.prof[PROF_NATIVE], "native");
}

/* key definition: one collator, mask over its bytes */
static void key_def(unsigned off, unsigned len)
{
	memset(ig->coll, 0, sizeof(ig->coll));
	memset(ig->mask, 0, sizeof(ig->mask));
	ig->coll[0].off = (uint8_t)off;
	ig->coll[0].len = (uint8_t)len;
	memset(ig->mask, 0xff, len);
}

struct ig_frame {
	struct pkt p;
	unsigned l3, o, i, l3i;
};

static void put_inner_ip4(struct pkt *p, unsigned ttl, unsigned total)
{
	uint8_t h[20] = { 0x45, 0, 0, 0, 0x12, 0x34, 0x40, 0, (uint8_t)ttl, 6, 0, 0,
			  10, 0, 0, 1, 10, 0, 0, 2 };

	put16(h + 2, total);
	h[1] = (uint8_t)rnd();
	rnd_fill(h + 12, 8);
	put16(h + 10, ip4_csum(h));
	pkt_put(p, h, 20);
}

static void put_inner_ip6(struct pkt *p, unsigned hop)
{
	uint8_t h[40] = { 0x60, 0, 0, 0, 0, 0, 17, (uint8_t)hop };

	rnd_fill(h + 8, 32);
	pkt_put(p, h, 40);
}

static void put_inner_arp(struct pkt *p)
{
	uint8_t a[28] = { 0, 1, 8, 0, 6, 4, 0, 1 };

	pkt_put(p, a, 28);
}

/*
 * Outer Ethernet (+ VLAN) / IPv4 / profile's opaque header / inner packet,
 * padded to len. ttl is the inner TTL or hop limit.
 */
static void build(struct ig_frame *f, int prof, int outer_vlan, int inner_vlan,
		  enum inner_kind kind, unsigned ttl, unsigned len, uint32_t flow)
{
	static const uint8_t imac[12] = { 0x02, 0xaa, 0, 0, 0, 1, 0x02, 0xbb, 0, 0, 0, 2 };
	unsigned type = kind == IN_IP4 ? 0x0800 : kind == IN_IP6 ? 0x86dd : 0x0806;
	struct pkt *p = &f->p;

	pkt_eth(p, outer_vlan, 0x0800);
	f->l3 = pkt_ipv4(p, 5, prof == PROF_GRE16 ? 47 : 17, 0, 0);
	f->o = p->len;
	if (prof == PROF_GRE16)
		pkt_gre16(p, (uint16_t)flow);
	else if (prof == PROF_VXLAN)
		pkt_vxlan(p, 4789, flow);
	else
		pkt_native(p, 1, (uint16_t)flow);
	f->i = p->len;
	if (prof != PROF_NATIVE) {
		pkt_put(p, imac, 12);
		if (inner_vlan) {
			uint8_t tag[4] = { 0x81, 0, 0, 7 };

			pkt_put(p, tag, 4);
		}
		put16(p->b + p->len, type);
		p->len += 2;
	}
	f->l3i = p->len;
	if (kind == IN_IP4)
		put_inner_ip4(p, ttl, len > f->l3i ? len - f->l3i : 20);
	else if (kind == IN_IP6)
		put_inner_ip6(p, ttl);
	else
		put_inner_arp(p);
	pkt_pad(p, len);
	p->len = len;	/* may cut the inner header short */
	put16(p->b + f->l3 + 2, len - f->l3);
}

/* the window and len exactly as the cut-through path sees them */
static long window(const struct pkt *p, uint8_t win[VNR_HDR_INGRESS])
{
	memset(win, 0, VNR_HDR_INGRESS);
	memcpy(win, p->b, p->len < VNR_HDR_INGRESS ? p->len : VNR_HDR_INGRESS);
	return p->len <= VNR_HDR_INGRESS ? (long)p->len : -1;
}

static void classify(const struct pkt *p, struct vnr_decision *d)
{
	uint8_t win[VNR_HDR_INGRESS];
	long len = window(p, win);

	vnr_classify_ingress(&cfg, win, len, NULL, d);
}

/* the frame's (profile, short, M) */
static int frame_key(const struct pkt *p, unsigned *prof, uint8_t key[VNR_KEY_BYTES])
{
	uint8_t win[VNR_HDR_INGRESS];
	long len = window(p, win);
	struct vnr_recog rc;

	vnr_recognise(&cfg, win, len, &rc);
	*prof = rc.profile;
	return vnr_ingress_key(ig, win, len, key);
}

/* places r (profile, kshort, key filled) in the first free way of its bucket */
static uint32_t place(const struct vnr_irule *r)
{
	unsigned b = vnr_irule_bucket(ig->rules, r->profile, r->kshort, r->key);

	for (unsigned w = 0; w < VNR_IRULE_WAYS; w++) {
		struct vnr_irule *s = &ig->irule[b * VNR_IRULE_WAYS + w];

		if (!s->valid) {
			*s = *r;
			return b * VNR_IRULE_WAYS + w;
		}
	}
	return ~0u;
}

/* a valid rule of the given action for the frame's own key */
static uint32_t rule_for(const struct pkt *p, unsigned action, unsigned vf, unsigned ttl_dec,
			 struct vnr_irule *out)
{
	struct vnr_irule r = { 0 };
	unsigned prof;

	r.kshort = (uint8_t)frame_key(p, &prof, r.key);
	r.profile = (uint8_t)prof;
	r.valid = 1;
	r.action = (uint8_t)action;
	r.vf = (uint8_t)vf;
	r.ttl_dec = (uint8_t)ttl_dec;
	if (out)
		*out = r;
	return place(&r);
}

/* ---------------------------------------------------------------- CRC */

static void test_crc32c(void)
{
	static const uint8_t check[] = "123456789";
	uint8_t buf[600];
	int bad = 0;

	CHECK_EQ(vnr_crc32c(check, 9), 0xE3069283u);
	CHECK_EQ(ref_crc32c(check, 9), 0xE3069283u);
	CHECK_EQ(vnr_crc32c(buf, 0), 0);
	for (unsigned n = 0; n <= sizeof(buf); n++) {
		rnd_fill(buf, n);
		if (vnr_crc32c(buf, n) != ref_crc32c(buf, n))
			bad++;
	}
	for (unsigned k = 0; k < 2000; k++) {	/* the lookup string's length */
		rnd_fill(buf, 129);
		if (vnr_crc32c(buf, 129) != ref_crc32c(buf, 129))
			bad++;
	}
	CHECK(bad == 0, "%d buffers differ from crc32_iscsi", bad);

	/* bucket = CRC-32C(X) mod buckets over X = {p | short << 2, M} */
	bad = 0;
	for (unsigned k = 0; k < 500; k++) {
		uint8_t x[129];
		unsigned prof = rnd() & 3, sh = rnd() & 1, rules = 4u << (rnd() % 16);

		rnd_fill(x + 1, 128);
		x[0] = (uint8_t)(prof | sh << 2);
		if (vnr_irule_bucket(rules, prof, sh, x + 1) != ref_crc32c(x, 129) % (rules / 4))
			bad++;
	}
	CHECK(bad == 0, "%d buckets differ", bad);
	/* short is a bit of the string, not of the key */
	{
		uint8_t key[VNR_KEY_BYTES] = { 0 }, x[129] = { 4 };

		CHECK_EQ(vnr_irule_bucket(1u << 20, 0, 1, key), ref_crc32c(x, 129) % (1u << 18));
	}
}

/* ---------------------------------------------------------------- key */

static void test_tables_reset(void)
{
	struct vnr_ingress_tables *t = vnr_ingress_tables_new(4096);
	int dirty = 0;

	CHECK(t != NULL, "tables allocated");
	if (!t)
		return;
	CHECK_EQ(t->rules, 4096);
	for (unsigned c = 0; c < VNR_NUM_COLLATORS; c++)
		dirty |= t->coll[c].off | t->coll[c].len;
	for (unsigned j = 0; j < VNR_KEY_BYTES; j++)
		dirty |= t->mask[j];
	for (unsigned s = 0; s < 4096; s++)
		dirty |= t->irule[s].valid;
	CHECK(!dirty, "reset: collators (0, 0), mask 0, every slot empty");
	vnr_ingress_tables_free(t);
	vnr_ingress_tables_free(NULL);
}

static void test_key(void)
{
	uint8_t h[VNR_HDR_INGRESS], key[VNR_KEY_BYTES], exp[VNR_KEY_BYTES];
	int sh;

	cfg_reset();
	for (unsigned j = 0; j < VNR_HDR_INGRESS; j++)
		h[j] = (uint8_t)(j ^ 0x5a);

	/* reset definition: every key 0 and never short */
	sh = vnr_ingress_key(ig, h, 20, key);
	memset(exp, 0, sizeof(exp));
	CHECK(sh == 0 && !memcmp(key, exp, sizeof(key)), "reset key is 0, not short");

	/* collator order decides the position, a zero-length collator takes none */
	memset(ig->mask, 0xff, sizeof(ig->mask));
	ig->coll[0] = (struct vnr_collator){ 20, 2 };
	ig->coll[1] = (struct vnr_collator){ 5, 3 };
	ig->coll[2] = (struct vnr_collator){ 250, 0 };
	ig->coll[3] = (struct vnr_collator){ 100, 1 };
	sh = vnr_ingress_key(ig, h, 200, key);
	memset(exp, 0, sizeof(exp));
	exp[0] = h[20], exp[1] = h[21], exp[2] = h[5], exp[3] = h[6], exp[4] = h[7], exp[5] = h[100];
	CHECK(!memcmp(key, exp, sizeof(key)), "collated in collator order, rest 0");
	CHECK(sh == 0, "a zero-length collator past the end is not short");

	/* the largest single range: off 128, len 128 */
	memset(ig->coll, 0, sizeof(ig->coll));
	ig->coll[0] = (struct vnr_collator){ 128, 128 };
	sh = vnr_ingress_key(ig, h, 256, key);
	CHECK(sh == 0 && !memcmp(key, h + 128, 128), "off 128 len 128, len 256: bytes 128..255");
	sh = vnr_ingress_key(ig, h, -1, key);
	CHECK(sh == 0 && !memcmp(key, h + 128, 128), "len unknown: never short");

	/* four ranges of 32 */
	ig->coll[0] = (struct vnr_collator){ 0, 32 };
	ig->coll[1] = (struct vnr_collator){ 64, 32 };
	ig->coll[2] = (struct vnr_collator){ 128, 32 };
	ig->coll[3] = (struct vnr_collator){ 224, 32 };
	sh = vnr_ingress_key(ig, h, -1, key);
	CHECK(sh == 0 && !memcmp(key, h, 32) && !memcmp(key + 32, h + 64, 32) &&
	      !memcmp(key + 64, h + 128, 32) && !memcmp(key + 96, h + 224, 32),
	      "four ranges of 32 fill the key");

	/* a range past a 60-byte frame: short, and the window's zeros */
	{
		uint8_t w[VNR_HDR_INGRESS] = { 0 };

		memcpy(w, h, 60);
		memset(ig->coll, 0, sizeof(ig->coll));
		ig->coll[0] = (struct vnr_collator){ 50, 20 };
		sh = vnr_ingress_key(ig, w, 60, key);
		memset(exp, 0, sizeof(exp));
		memcpy(exp, h + 50, 10);
		CHECK(sh == 1 && !memcmp(key, exp, sizeof(key)), "range past the end: short, zeros");
		ig->coll[0] = (struct vnr_collator){ 40, 20 };
		sh = vnr_ingress_key(ig, w, 60, key);
		CHECK(sh == 0, "a range ending at the frame end is not short");
		ig->coll[1] = (struct vnr_collator){ 59, 2 };
		sh = vnr_ingress_key(ig, w, 60, key);
		CHECK(sh == 1, "any collator past the end makes it short");
		sh = vnr_ingress_key(ig, w, -1, key);
		CHECK(sh == 0, "len unknown: never short");
	}

	/* M = K & mask, bit by bit */
	memset(ig->coll, 0, sizeof(ig->coll));
	ig->coll[0] = (struct vnr_collator){ 0, 128 };
	for (unsigned j = 0; j < VNR_KEY_BYTES; j++)
		ig->mask[j] = (uint8_t)(0x0f << (j & 4));
	sh = vnr_ingress_key(ig, h, -1, key);
	for (unsigned j = 0; j < VNR_KEY_BYTES; j++)
		exp[j] = h[j] & ig->mask[j];
	CHECK(!memcmp(key, exp, sizeof(key)), "M = K & mask");
}

/* The mask decides whether two tenants' frames share a key. */
static void test_mask_merge(void)
{
	struct ig_frame a, b;
	struct vnr_decision d;
	uint32_t slot;

	cfg_reset();
	build(&a, PROF_VXLAN, 0, 0, IN_ARP, 0, 100, 0x123456);
	build(&b, PROF_VXLAN, 0, 0, IN_ARP, 0, 100, 0x123457);
	key_def(a.o + 12, 3);	/* the VNI */
	slot = rule_for(&a.p, VNR_IRULE_DELIVER, 3, 0, NULL);
	classify(&a.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.rule == slot, "VNI key: a hits its rule");
	classify(&b.p, &d);
	CHECK(d.reason == VNR_REASON_NO_IRULE, "VNI key: b (VNI + 1) misses a's rule");

	/* mask out the VNI's low bit: both frames have one key */
	ig->mask[2] = 0xfe;
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	slot = rule_for(&a.p, VNR_IRULE_DELIVER, 3, 0, NULL);
	classify(&a.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.rule == slot, "merged: a hits");
	classify(&b.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.rule == slot, "merged: b hits the same rule");

	/* and back: separate keys again, b gets its own rule */
	ig->mask[2] = 0xff;
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	rule_for(&a.p, VNR_IRULE_DELIVER, 3, 0, NULL);
	slot = rule_for(&b.p, VNR_IRULE_DELIVER, 4, 0, NULL);
	classify(&b.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.rule == slot && d.cnt_func == 4,
	      "separated: b hits its own rule");
	classify(&a.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.cnt_func == 3, "separated: a keeps its rule");
}

/* ------------------------------------------------------------- lookup */

static void test_lookup(void)
{
	struct vnr_irule r = { 0 };
	uint32_t slot = 99;
	unsigned b;

	cfg_reset();
	rnd_fill(r.key, sizeof(r.key));
	r.valid = 1;
	r.profile = 1;
	b = vnr_irule_bucket(T_RULES, 1, 0, r.key);
	CHECK(!vnr_irule_lookup(ig, 1, 0, r.key, &slot), "empty table misses");

	ig->irule[b * 4 + 3] = r;
	ig->irule[b * 4 + 3].vf = 3;
	ig->irule[b * 4 + 1] = r;
	ig->irule[b * 4 + 1].vf = 1;
	CHECK(vnr_irule_lookup(ig, 1, 0, r.key, &slot) && slot == b * 4 + 1, "lowest way wins");
	ig->irule[b * 4 + 0] = r;
	CHECK(vnr_irule_lookup(ig, 1, 0, r.key, &slot) && slot == b * 4, "way 0 wins");
	ig->irule[b * 4 + 0].valid = 0;
	ig->irule[b * 4 + 1].valid = 0;
	CHECK(vnr_irule_lookup(ig, 1, 0, r.key, &slot) && slot == b * 4 + 3, "invalid ways skipped");

	/* the comparator checks profile and kshort, not only the bucket */
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	ig->irule[b * 4] = r;
	ig->irule[b * 4].profile = 2;
	ig->irule[b * 4 + 1] = r;
	ig->irule[b * 4 + 1].kshort = 1;
	CHECK(!vnr_irule_lookup(ig, 1, 0, r.key, &slot), "profile and kshort must match");
	ig->irule[b * 4 + 2] = r;
	ig->irule[b * 4 + 2].key[127] ^= 1;
	CHECK(!vnr_irule_lookup(ig, 1, 0, r.key, &slot), "every key bit must match");
	ig->irule[b * 4 + 3] = r;
	CHECK(vnr_irule_lookup(ig, 1, 0, r.key, &slot) && slot == b * 4 + 3, "exact rule hits");

	/* a rule in another bucket is not seen */
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	ig->irule[((b + 1) % (T_RULES / 4)) * 4] = r;
	CHECK(!vnr_irule_lookup(ig, 1, 0, r.key, &slot), "only the key's bucket is searched");

	/* a stored key with a bit outside the mask never hits */
	{
		struct ig_frame f;
		struct vnr_irule s;
		struct vnr_decision d;
		uint32_t sl;

		cfg_reset();
		build(&f, PROF_VXLAN, 0, 0, IN_ARP, 0, 100, 0xabcdef);
		key_def(f.o + 12, 3);
		ig->mask[2] = 0xf0;
		sl = rule_for(&f.p, VNR_IRULE_DELIVER, 2, 0, &s);
		classify(&f.p, &d);
		CHECK(d.reason == VNR_REASON_FORWARD && d.rule == sl, "key & mask hits");
		ig->irule[sl].key[2] |= 0x01;	/* a bit the mask clears */
		classify(&f.p, &d);
		CHECK(d.reason == VNR_REASON_NO_IRULE, "stored bit outside the mask: never hits");
		ig->irule[sl].key[2] &= 0xfe;
		ig->irule[sl].key[100] = 0x80;	/* past every collator */
		classify(&f.p, &d);
		CHECK(d.reason == VNR_REASON_NO_IRULE, "stored bit past the collated bytes: never hits");
	}
}

/* ---------------------------------------------------------- order table */

static void check_meta(const struct vnr_decision *d, unsigned func, unsigned encap,
		       unsigned rule_hit, unsigned decap)
{
	CHECK_EQ(VNR_META_GET(d->meta, OUT, FUNC), func);
	CHECK_EQ(VNR_META_GET(d->meta, OUT, REASON), d->reason);
	CHECK_EQ(VNR_META_GET(d->meta, OUT, SRC_FUNC), 0);
	CHECK_EQ(VNR_META_GET(d->meta, OUT, SEGS), 1);
	CHECK_EQ(VNR_META_GET(d->meta, OUT, FROM_NET), 1);
	CHECK_EQ(VNR_META_GET(d->meta, OUT, ENCAP), encap);
	CHECK_EQ(VNR_META_GET(d->meta, OUT, RULE_HIT), rule_hit);
	CHECK_EQ(VNR_META_GET(d->meta, OUT, RULE), rule_hit ? d->rule : 0);
	CHECK_EQ(VNR_META_GET(d->meta, OUT, DECAP), decap);
	CHECK_EQ(d->rule_hit, rule_hit);
}

static int unedited(const struct pkt *p, const struct vnr_decision *d)
{
	uint8_t win[VNR_HDR_INGRESS];

	window(p, win);
	return d->P == 0 && d->S == 0 && !memcmp(d->win, win, sizeof(win));
}

/* the patched window is the window (whatever P and S are) */
static int unedited_win(const struct ig_frame *f, const struct vnr_decision *d)
{
	uint8_t win[VNR_HDR_INGRESS];

	window(&f->p, win);
	return !memcmp(d->win, win, sizeof(win));
}

static void test_rows(void)
{
	struct ig_frame f;
	struct vnr_decision d;
	uint32_t slot;

	cfg_reset();
	build(&f, PROF_VXLAN, 0, 0, IN_IP4, 9, 120, 0x00beef);
	key_def(f.o + 12, 3);

	/* 1: runt, before everything (a rule for the zero window exists too) */
	{
		struct pkt r = f.p;

		r.len = 13;
		rule_for(&r, VNR_IRULE_DELIVER, 5, 0, NULL);
		classify(&r, &d);
		CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_RUNT && d.cnt_func == 0,
		      "row 1 RUNT");
		check_meta(&d, 0, 0, 0, 0);
		memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	}

	/* 2: debug wins over a hitting rule */
	slot = rule_for(&f.p, VNR_IRULE_DELIVER, 5, 0, NULL);
	cfg.debug = 1;
	classify(&f.p, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_DEBUG && d.cnt_func == 0,
	      "row 2 DEBUG");
	check_meta(&d, 0, 1, 0, 0);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, PROFILE), PROF_VXLAN);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FLOW_ID), 0x00beef);
	CHECK(unedited(&f.p, &d), "debug: unchanged");
	cfg.debug = 0;

	/* 3: not encapsulated (profile disabled) */
	cfg.prof[PROF_VXLAN].enable = 0;
	classify(&f.p, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_NOT_ENCAP && d.cnt_func == 0,
	      "row 3 NOT_ENCAP");
	check_meta(&d, 0, 0, 0, 0);
	CHECK_EQ(d.meta[1], 1);	/* from_net only */
	cfg.prof[PROF_VXLAN].enable = 1;

	/* 4: no slot hits */
	ig->irule[slot].valid = 0;
	classify(&f.p, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_NO_IRULE && d.cnt_func == 0,
	      "row 4 NO_IRULE");
	check_meta(&d, 0, 1, 0, 0);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FLOW_ID), 0x00beef);
	CHECK(unedited(&f.p, &d), "no rule: unchanged");
	ig->irule[slot].valid = 1;

	/* 5: trap */
	ig->irule[slot].action = VNR_IRULE_TRAP;
	classify(&f.p, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_TRAP_RULE && d.cnt_func == 5 &&
	      d.rule == slot, "row 5 TRAP_RULE");
	check_meta(&d, 0, 1, 1, 0);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, KEY_SHORT), 0);
	CHECK(unedited(&f.p, &d), "trap: unchanged");

	/* 6: drop */
	ig->irule[slot].action = VNR_IRULE_DROP;
	classify(&f.p, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_DROP_RULE && d.cnt_func == 5 &&
	      d.rule == slot, "row 6 DROP_RULE");
	check_meta(&d, 0, 1, 1, 0);

	/* 9: deliver */
	ig->irule[slot].action = VNR_IRULE_DELIVER;
	classify(&f.p, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_FORWARD && d.cnt_func == 5 &&
	      d.rule == slot, "row 9 FORWARD");
	check_meta(&d, 5, 1, 1, 1);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, PROFILE), PROF_VXLAN);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FLOW_ID), 0x00beef);
	CHECK(d.P == 0 && d.S == f.i, "inner Ethernet kept: S = i, P = 0");

	/* a vf of 0 delivers to the PF, decapsulated */
	ig->irule[slot].vf = 0;
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.cnt_func == 0 && d.S == f.i, "vf 0: PF, decap");
	check_meta(&d, 0, 1, 1, 1);
	ig->irule[slot].vf = 5;

	/* 8: TTL (inner TTL 9, ttl_dec 9) */
	ig->irule[slot].ttl_dec = 9;
	classify(&f.p, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_TTL && d.cnt_func == 5 &&
	      d.rule == slot, "row 8 TTL");
	check_meta(&d, 0, 1, 1, 0);
	CHECK(unedited(&f.p, &d), "TTL: unchanged");

	/* 7: a 60-byte VXLAN frame leaves 10 inner bytes */
	build(&f, PROF_VXLAN, 0, 0, IN_ARP, 0, 60, 0x00beef);
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	slot = rule_for(&f.p, VNR_IRULE_DELIVER, 6, 0, NULL);
	classify(&f.p, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_DECAP_SHORT && d.cnt_func == 6 &&
	      d.rule == slot, "row 7 DECAP_SHORT");
	check_meta(&d, 0, 1, 1, 0);
	ig->irule[slot].action = VNR_IRULE_TRAP;
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_TRAP_RULE, "trap before DECAP_SHORT");
	ig->irule[slot].action = VNR_IRULE_DROP;
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_DROP_RULE, "drop before DECAP_SHORT");

	/* Lout = 14 exactly is delivered */
	build(&f, PROF_VXLAN, 0, 0, IN_ARP, 0, 50 + 14, 0x00beef);
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	rule_for(&f.p, VNR_IRULE_DELIVER, 6, 0, NULL);
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD, "Lout 14: FORWARD");
	f.p.len = 50 + 13;
	put16(f.p.b + f.l3 + 2, f.p.len - f.l3);
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	rule_for(&f.p, VNR_IRULE_DELIVER, 6, 0, NULL);
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_DECAP_SHORT, "Lout 13: DECAP_SHORT");

	/* P = 14 profile: Lout >= 14 whenever the opaque header fits */
	build(&f, PROF_NATIVE, 0, 0, IN_ARP, 0, 60, 7);
	f.p.len = f.i;
	put16(f.p.b + f.l3 + 2, f.p.len - f.l3);
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	rule_for(&f.p, VNR_IRULE_DELIVER, 6, 0, NULL);
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.P == 14 && d.S == f.i,
	      "native with no inner bytes: Lout 14, FORWARD");
}

/* key_short in the metadata and the lookup */
static void test_short_key(void)
{
	struct ig_frame f;
	struct vnr_decision d;
	struct vnr_irule r;
	uint32_t slot;

	cfg_reset();
	build(&f, PROF_GRE16, 0, 0, IN_ARP, 0, 80, 0x4242);
	key_def(70, 20);	/* reaches past the 80-byte frame */
	slot = rule_for(&f.p, VNR_IRULE_TRAP, 2, 0, &r);
	CHECK(r.kshort == 1, "rule built short");
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_TRAP_RULE && d.rule == slot, "short key hits a short rule");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, KEY_SHORT), 1);
	ig->irule[slot].kshort = 0;
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_NO_IRULE, "short key misses a long rule");

	/* the same bytes in a longer frame: not short, other rule */
	build(&f, PROF_GRE16, 0, 0, IN_ARP, 0, 90, 0x4242);
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	slot = rule_for(&f.p, VNR_IRULE_TRAP, 2, 0, &r);
	classify(&f.p, &d);
	CHECK(r.kshort == 0 && d.rule == slot, "90 bytes: not short, hits");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, KEY_SHORT), 0);
}

/* ------------------------------------------------------------------ TTL */

/* deliver rule with ttl_dec for the frame; returns the decision */
static void deliver(struct ig_frame *f, unsigned ttl_dec, struct vnr_decision *d)
{
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	rule_for(&f->p, VNR_IRULE_DELIVER, 1, ttl_dec, NULL);
	classify(&f->p, d);
}

/* the window with only the bytes a patch may change restored */
static int only_ttl_changed(const struct ig_frame *f, const struct vnr_decision *d, int ip4)
{
	uint8_t w[VNR_HDR_INGRESS];

	window(&f->p, w);
	if (ip4) {
		w[f->l3i + 8] = d->win[f->l3i + 8];
		w[f->l3i + 10] = d->win[f->l3i + 10];
		w[f->l3i + 11] = d->win[f->l3i + 11];
	} else {
		w[f->l3i + 7] = d->win[f->l3i + 7];
	}
	return !memcmp(w, d->win, sizeof(w));
}

static void test_ttl(void)
{
	struct ig_frame f;
	struct vnr_decision d;

	cfg_reset();
	key_def(0, 0);

	build(&f, PROF_VXLAN, 0, 0, IN_IP4, 5, 200, 1);
	deliver(&f, 5, &d);
	CHECK(d.reason == VNR_REASON_TTL, "ttl == ttl_dec: TTL");
	deliver(&f, 6, &d);
	CHECK(d.reason == VNR_REASON_TTL, "ttl < ttl_dec: TTL");
	deliver(&f, 4, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.win[f.l3i + 8] == 1, "ttl_dec + 1: ttl 1");
	CHECK(ip4_valid(d.win + f.l3i), "checksum valid after patch");
	CHECK_EQ(get16(d.win + f.l3i + 10), ip4_csum(d.win + f.l3i));
	CHECK(only_ttl_changed(&f, &d, 1), "only TTL and checksum change");

	build(&f, PROF_VXLAN, 0, 0, IN_IP4, 0, 200, 1);
	deliver(&f, 0, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && unedited_win(&f, &d), "ttl_dec 0: TTL 0 delivered unchanged");

	/* IPv6 hop limit */
	build(&f, PROF_VXLAN, 0, 0, IN_IP6, 3, 200, 1);
	deliver(&f, 2, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.win[f.l3i + 7] == 1, "IPv6: hop limit 3 - 2");
	CHECK(only_ttl_changed(&f, &d, 0), "IPv6: only the hop limit changes");
	deliver(&f, 3, &d);
	CHECK(d.reason == VNR_REASON_TTL, "IPv6: hop == ttl_dec: TTL");

	/* inner non-IP: no TTL, delivered unchanged */
	build(&f, PROF_VXLAN, 0, 0, IN_ARP, 0, 200, 1);
	deliver(&f, 255, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && unedited_win(&f, &d), "inner ARP: unchanged");

	/* EtherType IPv4 but version 6: not IPv4 */
	build(&f, PROF_VXLAN, 0, 0, IN_IP4, 1, 200, 1);
	f.p.b[f.l3i] = 0x65;
	deliver(&f, 4, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && unedited_win(&f, &d), "version 6 under 0x0800: unchanged");

	/* IPv4 header cut short by the frame end: not IPv4 */
	build(&f, PROF_VXLAN, 0, 0, IN_IP4, 1, 0, 1);
	f.p.len = f.l3i + 19;
	put16(f.p.b + f.l3 + 2, f.p.len - f.l3);
	deliver(&f, 4, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && unedited_win(&f, &d), "19-byte IPv4: unchanged");
	f.p.len = f.l3i + 20;
	put16(f.p.b + f.l3 + 2, f.p.len - f.l3);
	deliver(&f, 4, &d);
	CHECK(d.reason == VNR_REASON_TTL, "20-byte IPv4 with TTL 1: TTL");
	build(&f, PROF_VXLAN, 0, 0, IN_IP6, 1, 0, 1);
	f.p.len = f.l3i + 39;
	put16(f.p.b + f.l3 + 2, f.p.len - f.l3);
	deliver(&f, 4, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && unedited_win(&f, &d), "39-byte IPv6: unchanged");

	/* a frame past the window: len unknown, the header is IP */
	build(&f, PROF_VXLAN, 0, 0, IN_IP4, 64, 1500, 1);
	deliver(&f, 1, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.win[f.l3i + 8] == 63 && ip4_valid(d.win + f.l3i),
	      "1500 bytes: TTL 63, checksum valid");

	/* random headers, random decrements: eqn 3 agrees with a recompute */
	{
		int bad = 0, n = 0;

		for (unsigned k = 0; k < 3000; k++) {
			unsigned ttl = 1 + rnd() % 255, dec = 1 + rnd() % 255;

			build(&f, rnd() & 1 ? PROF_GRE16 : PROF_NATIVE, rnd() & 1, rnd() & 1, IN_IP4, ttl,
			      100 + rnd() % 400, rnd());
			deliver(&f, dec, &d);
			if (ttl <= dec) {
				bad += d.reason != VNR_REASON_TTL;
				continue;
			}
			n++;
			if (d.reason != VNR_REASON_FORWARD || d.win[f.l3i + 8] != ttl - dec ||
			    get16(d.win + f.l3i + 10) != ip4_csum(d.win + f.l3i) ||
			    !ip4_valid(d.win + f.l3i) || !only_ttl_changed(&f, &d, 1)) {
				if (bad < 5)
					printf("len %u l3i %u ttl %u dec %u reason %u ttl' %u csum %04x/%04x\n",
					       f.p.len, f.l3i, ttl, dec, d.reason, d.win[f.l3i + 8],
					       get16(d.win + f.l3i + 10), ip4_csum(d.win + f.l3i));
				bad++;
			}
		}
		CHECK(bad == 0 && n > 1000, "%d of %d patched headers wrong", bad, n);
	}
}

/* ------------------------------------------------------ decapsulation */

static void test_decap(void)
{
	struct ig_frame f;
	struct vnr_decision d;
	struct vnr_irule *r;
	uint32_t slot;
	static const uint8_t dmac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t smac[6] = { 0x02, 0x66, 0x77, 0x88, 0x99, 0xaa };

	cfg_reset();
	key_def(0, 0);

	/* no inner Ethernet: the rule's header, the type from the version */
	build(&f, PROF_NATIVE, 0, 0, IN_IP4, 30, 150, 9);
	slot = rule_for(&f.p, VNR_IRULE_DELIVER, 2, 1, NULL);
	r = &ig->irule[slot];
	memcpy(r->inner_dmac, dmac, 6);
	memcpy(r->inner_smac, smac, 6);
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.P == 14 && d.S == f.i && f.i == f.l3i,
	      "native: P 14, S = i = l3i");
	CHECK(!memcmp(d.prefix, dmac, 6) && !memcmp(d.prefix + 6, smac, 6) &&
	      get16(d.prefix + 12) == 0x0800, "prefix: dmac, smac, 0x0800 from version 4");
	CHECK(d.win[f.l3i + 8] == 29 && ip4_valid(d.win + f.l3i), "native IPv4 TTL patched");

	r->inner_type = 0x88b5;
	classify(&f.p, &d);
	CHECK_EQ(get16(d.prefix + 12), 0x88b5);

	build(&f, PROF_NATIVE, 0, 0, IN_IP6, 30, 150, 9);
	r->inner_type = 0;
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	slot = rule_for(&f.p, VNR_IRULE_DELIVER, 2, 1, NULL);
	classify(&f.p, &d);
	CHECK(d.P == 14 && get16(d.prefix + 12) == 0x86dd && d.win[f.l3i + 7] == 29,
	      "native IPv6: 0x86DD, hop limit patched");

	build(&f, PROF_NATIVE, 0, 0, IN_ARP, 0, 150, 9);	/* first nibble 0 */
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	slot = rule_for(&f.p, VNR_IRULE_DELIVER, 2, 1, NULL);
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.P == 14 && get16(d.prefix + 12) == 0 &&
	      unedited_win(&f, &d), "native non-IP: type 0, unchanged");

	/* VLAN-tagged inner Ethernet: l3i = i + 18 */
	build(&f, PROF_GRE16, 1, 1, IN_IP4, 8, 180, 0x77);
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	rule_for(&f.p, VNR_IRULE_DELIVER, 2, 3, NULL);
	classify(&f.p, &d);
	CHECK(f.l3i == f.i + 18, "built with an inner tag");
	CHECK(d.reason == VNR_REASON_FORWARD && d.P == 0 && d.S == f.i &&
	      d.win[f.l3i + 8] == 5 && ip4_valid(d.win + f.l3i) && only_ttl_changed(&f, &d, 1),
	      "inner VLAN: TTL at i + 18 + 8");

	/* tagged inner IPv6 */
	build(&f, PROF_VXLAN, 0, 1, IN_IP6, 8, 180, 0x77);
	memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
	rule_for(&f.p, VNR_IRULE_DELIVER, 2, 3, NULL);
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.win[f.l3i + 7] == 5 && only_ttl_changed(&f, &d, 0),
	      "inner VLAN IPv6: hop limit at i + 18 + 7");
}

/* the emitted frame of vnr_core_process (frame mode) */
struct emitted {
	int n;
	enum vnr_dest dest;
	uint8_t b[2200];
	size_t len;
	uint32_t meta[4];
};

static void collect(void *arg, enum vnr_dest dest, const uint8_t *data, size_t len,
		    const uint32_t meta[4])
{
	struct emitted *e = arg;

	e->n++;
	e->dest = dest;
	e->len = len;
	memcpy(e->b, data, len < sizeof(e->b) ? len : sizeof(e->b));
	memcpy(e->meta, meta, 16);
}

/*
 * What decapsulation must send, built from the frame, not from the decision:
 * ver is the inner IP version, ip the same when the whole fixed header is in
 * the frame (so the TTL is patched), else 0.
 */
static size_t expected_out(const struct ig_frame *f, int prof, const struct vnr_irule *r,
			   int ver, int ip, uint8_t *out)
{
	size_t n = 0;

	if (prof == PROF_NATIVE) {
		memcpy(out, r->inner_dmac, 6);
		memcpy(out + 6, r->inner_smac, 6);
		put16(out + 12, r->inner_type ? r->inner_type : ver == 6 ? 0x86dd : 0x0800);
		n = 14;
	}
	memcpy(out + n, f->p.b + f->i, f->p.len - f->i);
	if (ip == 4) {
		uint8_t *h = out + n + (f->l3i - f->i);

		h[8] = (uint8_t)(h[8] - r->ttl_dec);
		put16(h + 10, ip4_csum(h));
	} else if (ip == 6) {
		out[n + (f->l3i - f->i) + 7] -= r->ttl_dec;
	}
	return n + f->p.len - f->i;
}

static void test_frame_mode(void)
{
	static const unsigned lens[] = { 64, 150, 255, 256, 257, 300, 1000, 2000 };
	struct vnr_core_state st = { 0 };
	struct ig_frame f;
	struct vnr_decision d;
	struct vnr_irule r;
	int bad = 0, n = 0;

	cfg_reset();
	for (unsigned k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		for (int prof = 0; prof < 3; prof++) {
			for (int ip = 4; ip <= 6; ip += 2) {
				struct emitted e = { 0 };
				uint8_t exp[2200];
				size_t elen;
				int fits;

				build(&f, prof, k & 1, prof != PROF_NATIVE && (k & 2),
				      ip == 4 ? IN_IP4 : IN_IP6, 100, lens[k], 0x1234 + k);
				key_def(f.o, 8);
				memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
				rule_for(&f.p, VNR_IRULE_DELIVER, 3, 7, &r);
				memset(r.inner_dmac, 0xd0 + k, 6);
				memset(r.inner_smac, 0x50 + k, 6);
				ig->irule[vnr_irule_bucket(T_RULES, r.profile, r.kshort, r.key) * 4] = r;
				vnr_core_process(&cfg, &st, VNR_PATH_INGRESS, f.p.b, f.p.len, NULL,
						 collect, &e, &d);
				fits = f.l3i + (ip == 4 ? 20u : 40u) <= f.p.len;
				elen = expected_out(&f, prof, &r, ip, fits ? ip : 0, exp);
				n++;
				if (e.n != 1 || e.dest != VNR_DEST_HOST || d.reason != VNR_REASON_FORWARD ||
				    e.len != elen || memcmp(e.b, exp, elen) ||
				    VNR_META_GET(e.meta, OUT, DECAP) != 1 ||
				    VNR_META_GET(e.meta, OUT, FUNC) != 3) {
					bad++;
					printf("frame mode: len %u profile %d IPv%d: n %d reason %u "
					       "len %zu/%zu\n", lens[k], prof, ip, e.n, d.reason,
					       e.len, elen);
				}
			}
		}
	}
	CHECK(bad == 0, "%d of %d decapsulated frames differ", bad, n);

	/* the same through vnr_edit_frame directly */
	{
		uint8_t out[2200], exp[2200];
		size_t lo, le;

		build(&f, PROF_VXLAN, 0, 1, IN_IP4, 100, 700, 5);
		key_def(f.o + 12, 3);
		memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
		rule_for(&f.p, VNR_IRULE_DELIVER, 3, 7, &r);
		classify(&f.p, &d);
		lo = vnr_edit_frame(&d, f.p.b, f.p.len, VNR_HDR_INGRESS, out);
		le = expected_out(&f, PROF_VXLAN, &r, 4, 4, exp);
		CHECK(lo == le && !memcmp(out, exp, le), "vnr_edit_frame: decapsulated output");
	}

	/* dropped frames emit nothing; unedited ones emit the frame */
	{
		struct emitted e = { 0 };

		build(&f, PROF_VXLAN, 0, 0, IN_ARP, 0, 60, 5);
		memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
		rule_for(&f.p, VNR_IRULE_DELIVER, 3, 0, NULL);
		vnr_core_process(&cfg, &st, VNR_PATH_INGRESS, f.p.b, f.p.len, NULL, collect, &e, &d);
		CHECK(d.reason == VNR_REASON_DECAP_SHORT && e.n == 0, "DECAP_SHORT emits nothing");

		build(&f, PROF_VXLAN, 0, 0, IN_IP4, 1, 400, 5);
		memset(ig->irule, 0, T_RULES * sizeof(*ig->irule));
		rule_for(&f.p, VNR_IRULE_DELIVER, 3, 1, NULL);
		memset(&e, 0, sizeof(e));
		vnr_core_process(&cfg, &st, VNR_PATH_INGRESS, f.p.b, f.p.len, NULL, collect, &e, &d);
		CHECK(d.reason == VNR_REASON_TTL && e.n == 1 && e.len == f.p.len &&
		      !memcmp(e.b, f.p.b, f.p.len), "TTL: the frame to the PF unchanged");
	}
}

/* A config with no ingress tables behaves as the reset tables. */
static void test_no_tables(void)
{
	struct ig_frame f;
	struct vnr_decision d;

	cfg_reset();
	build(&f, PROF_VXLAN, 0, 0, IN_IP4, 9, 120, 1);
	cfg.ig = NULL;
	classify(&f.p, &d);
	CHECK(d.reason == VNR_REASON_NO_IRULE, "ig NULL: NO_IRULE");
	cfg.ig = ig;
}

void test_ingress(void)
{
	test_crc32c();
	test_tables_reset();
	test_key();
	test_mask_merge();
	test_lookup();
	test_rows();
	test_short_key();
	test_ttl();
	test_decap();
	test_frame_mode();
	test_no_tables();
	vnr_ingress_tables_free(ig);
	ig = NULL;
}
