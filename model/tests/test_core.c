// SPDX-License-Identifier: MIT
/* Functional core: recognition and the egress/ingress decision tables. */
#include <string.h>
#include "test.h"

static struct vnr_config cfg;
static struct vnr_core_state st;

/* reset tables (no rules): every VF frame misses */
static void cfg_presets(void)
{
	static struct vnr_egress_tables *eg;

	if (!eg)
		eg = vnr_egress_tables_new(16);
	memset(&cfg, 0, sizeof(cfg));
	cfg.eg = eg;
	cfg.num_vf = 4;
	preset(&cfg.prof[0], "gre16");
	preset(&cfg.prof[1], "vxlan");
	preset(&cfg.prof[2], "native");
}

/* window exactly as the timing layer captures it */
static void recog(const struct pkt *p, struct vnr_recog *r)
{
	uint8_t win[VNR_HDR_INGRESS] = { 0 };
	unsigned n = p->len < VNR_HDR_INGRESS ? p->len : VNR_HDR_INGRESS;

	memcpy(win, p->b, n);
	vnr_recognise(&cfg, win, p->len <= VNR_HDR_INGRESS ? (long)p->len : -1, r);
}

static void build_vxlan(struct pkt *p, int vlan, unsigned ihl, unsigned frag, uint16_t port)
{
	pkt_eth(p, vlan, 0x0800);
	pkt_ipv4(p, ihl, 17, frag, 16 + 64);
	pkt_vxlan(p, port, 0xabcdef);
	pkt_pad(p, p->len + 64);
}

static void test_presets(void)
{
	struct vnr_recog r;
	struct pkt p;

	cfg_presets();
	pkt_eth(&p, 0, 0x0800);
	pkt_ipv4(&p, 5, 47, 0, 16 + 60);
	pkt_gre16(&p, 0x4242);
	pkt_pad(&p, p.len + 60);
	recog(&p, &r);
	CHECK(r.encap && r.profile == 0, "gre16 recognised as profile 0");
	CHECK_EQ(r.flow_id, 0x4242);
	CHECK_EQ(r.l3, 14);
	CHECK_EQ(r.opaque, 34);

	build_vxlan(&p, 0, 5, 0, 4789);
	recog(&p, &r);
	CHECK(r.encap && r.profile == 1, "vxlan recognised as profile 1");
	CHECK_EQ(r.flow_id, 0xabcdef);

	pkt_eth(&p, 0, 0x0800);
	pkt_ipv4(&p, 5, 17, 0, 20 + 40);
	pkt_native(&p, 0x0102, 0x0304);
	pkt_pad(&p, p.len + 40);
	recog(&p, &r);
	CHECK(r.encap && r.profile == 2, "native recognised as profile 2");
	CHECK_EQ(r.flow_id, 0x01020304);

	/* GRE without 0x6558 is not profile 0 */
	p.len = 0;
	pkt_eth(&p, 0, 0x0800);
	pkt_ipv4(&p, 5, 47, 0, 16 + 60);
	pkt_gre16(&p, 1);
	p.b[34 + 3] = 0x00;	/* protocol type 0x6500 */
	pkt_pad(&p, p.len + 60);
	recog(&p, &r);
	CHECK(!r.encap, "gre with another protocol type is not encapsulated");

	/* a disabled profile never matches */
	cfg.prof[1].enable = 0;
	build_vxlan(&p, 0, 5, 0, 4789);
	recog(&p, &r);
	CHECK(!r.encap, "disabled vxlan profile");
	cfg_presets();

	/* mask: only the high byte compared */
	cfg.prof[1].fmt_mask = 0xff00;
	build_vxlan(&p, 0, 5, 0, (4789 & 0xff00) | 0x01);
	recog(&p, &r);
	CHECK(r.encap && r.profile == 1, "format compared under mask");
	cfg_presets();

	/* first matching profile in order wins */
	cfg.prof[0] = cfg.prof[1];
	cfg.prof[0].flow_len = 1;
	build_vxlan(&p, 0, 5, 0, 4789);
	recog(&p, &r);
	CHECK(r.encap && r.profile == 0 && r.flow_id == 0xab, "profiles tried in order");
	cfg_presets();
}

static void test_outer(void)
{
	struct vnr_recog r;
	struct pkt p;

	cfg_presets();
	build_vxlan(&p, 1, 5, 0, 4789);
	recog(&p, &r);
	CHECK(r.encap && r.profile == 1 && r.l3 == 18, "VLAN-tagged outer recognised at l3 18");

	build_vxlan(&p, 0, 4, 0, 4789);
	recog(&p, &r);
	CHECK(!r.encap, "IHL 4 is not encapsulated");

	build_vxlan(&p, 0, 6, 0, 4789);
	recog(&p, &r);
	CHECK(r.encap && r.opaque == 14 + 24 && r.flow_id == 0xabcdef, "IHL 6: options skipped");

	build_vxlan(&p, 0, 5, 0x2000, 4789);
	recog(&p, &r);
	CHECK(!r.encap, "MF set: fragment");
	build_vxlan(&p, 0, 5, 0x0001, 4789);
	recog(&p, &r);
	CHECK(!r.encap, "offset 1: fragment");
	build_vxlan(&p, 0, 5, 0x4000, 4789);
	recog(&p, &r);
	CHECK(r.encap, "DF alone is not a fragment");

	build_vxlan(&p, 0, 5, 0, 4789);
	p.b[12] = 0x86, p.b[13] = 0xdd;
	recog(&p, &r);
	CHECK(!r.encap, "IPv6 EtherType is not encapsulated");
	build_vxlan(&p, 0, 5, 0, 4789);
	p.b[14] = 0x65;
	recog(&p, &r);
	CHECK(!r.encap, "version 6 in an IPv4 EtherType");

	/* total length shorter than ihl*4 + opaque_len */
	build_vxlan(&p, 0, 5, 0, 4789);
	p.b[16] = 0, p.b[17] = 20 + 15;
	recog(&p, &r);
	CHECK(!r.encap, "total length below 4*ihl + opaque_len");
	p.b[17] = 20 + 16;
	recog(&p, &r);
	CHECK(r.encap, "total length exactly 4*ihl + opaque_len");

	/* truncated: frame ends inside the opaque header */
	build_vxlan(&p, 0, 5, 0, 4789);
	p.len = 34 + 15;
	memset(p.b + p.len, 0, 100);
	recog(&p, &r);
	CHECK(!r.encap, "truncated inside the opaque header");
	p.len = 34 + 16;
	recog(&p, &r);
	CHECK(r.encap, "frame ending exactly at the opaque end");
	p.len = 30;
	recog(&p, &r);
	CHECK(!r.encap, "truncated inside the IPv4 header");
}

static void test_egress_rows(void)
{
	uint8_t win[VNR_HDR_EGRESS] = { 0 };
	struct vnr_decision d;
	uint32_t m[4];

	cfg_presets();
	meta_in(m, 2, 0, 0);
	vnr_classify_egress(&cfg, &st, win, 13, 0, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_RUNT && d.cnt_func == 2, "runt from VF2");
	meta_in(m, 9, 0, 0);
	vnr_classify_egress(&cfg, &st, win, 0, 0, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_RUNT && d.cnt_func == 0, "runt from func 9");
	vnr_classify_egress(&cfg, &st, win, 14, 0, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_BAD_FUNC && d.cnt_func == 0, "src above NUM_VF");
	meta_in(m, 5, 0, 0);
	vnr_classify_egress(&cfg, &st, win, sizeof(win), 0, m, &d);
	CHECK(d.reason == VNR_REASON_BAD_FUNC && d.cnt_func == 0, "src NUM_VF+1 with unknown len");

	cfg.debug = 1;
	meta_in(m, 3, 1, 2);
	vnr_classify_egress(&cfg, &st, win, 60, 0, m, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_DEBUG && d.cnt_func == 3, "debug before inject");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FUNC), 0);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, SRC_FUNC), 3);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, REASON), VNR_REASON_DEBUG);
	meta_in(m, 0, 0, 0);
	vnr_classify_egress(&cfg, &st, win, 10, 0, m, &d);
	CHECK(d.reason == VNR_REASON_RUNT, "runt wins over debug");
	cfg.debug = 0;

	meta_in(m, 2, 1, 3);
	vnr_classify_egress(&cfg, &st, win, 60, 0, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_BAD_FUNC && d.cnt_func == 2, "inject by a VF");
	meta_in(m, 0, 1, 0);
	vnr_classify_egress(&cfg, &st, win, 60, 0, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_BAD_FUNC && d.cnt_func == 0, "inject to VF 0");
	meta_in(m, 0, 1, 5);
	vnr_classify_egress(&cfg, &st, win, 60, 0, m, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == VNR_REASON_BAD_FUNC && d.cnt_func == 0, "inject to VF 5 of 4");
	meta_in(m, 0, 1, 4);
	vnr_classify_egress(&cfg, &st, win, sizeof(win), 0, m, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_INJECT && d.cnt_func == 4, "PF injects to VF 4");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FUNC), 4);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, SRC_FUNC), 0);

	meta_in(m, 0, 0, 3);
	vnr_classify_egress(&cfg, &st, win, 14, 0, m, &d);
	CHECK(d.dest == VNR_DEST_WIRE && d.reason == VNR_REASON_FORWARD && d.cnt_func == 0, "PF forwards");
	CHECK_EQ(d.meta[0], 1u << 24);	/* func 0, reason 0, src 0, segs 1 */
	CHECK(d.meta[1] == 0 && d.meta[2] == 0 && d.meta[3] == 0, "rest of meta out is 0");

	meta_in(m, 4, 0, 0);
	vnr_classify_egress(&cfg, &st, win, sizeof(win), 0, m, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_NO_RULE && d.cnt_func == 4, "VF misses");
	CHECK_EQ(d.meta[0], 1u << 24 | 4u << 16 | VNR_REASON_NO_RULE << 8);
}

static void test_ingress_rows(void)
{
	struct vnr_decision d;
	struct pkt p;
	uint8_t win[VNR_HDR_INGRESS];

	cfg_presets();
	for (unsigned len = 0; len < 14; len++) {
		memset(win, 0, sizeof(win));
		vnr_classify_ingress(&cfg, win, len, NULL, &d);
		if (d.dest != VNR_DEST_DROP || d.reason != VNR_REASON_RUNT || d.cnt_func != 0)
			break;
		vnr_classify_egress(&cfg, &st, win, len, 0, NULL, &d);
		if (d.dest != VNR_DEST_DROP || d.reason != VNR_REASON_RUNT)
			break;
		if (len == 13)
			CHECK(1, "runts 0..13");
	}
	CHECK(d.reason == VNR_REASON_RUNT, "every length 0..13 is a runt on both paths");

	build_vxlan(&p, 0, 5, 0, 4789);
	memset(win, 0, sizeof(win));
	memcpy(win, p.b, p.len);
	vnr_classify_ingress(&cfg, win, p.len, NULL, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_NO_IRULE, "encapsulated: NO_IRULE");
	CHECK_EQ(VNR_META_GET(d.meta, OUT, ENCAP), 1);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, PROFILE), 1);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FLOW_ID), 0xabcdef);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FROM_NET), 1);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, SEGS), 1);
	CHECK_EQ(VNR_META_GET(d.meta, OUT, FUNC), 0);

	cfg.debug = 1;
	vnr_classify_ingress(&cfg, win, p.len, NULL, &d);
	CHECK(d.reason == VNR_REASON_DEBUG && VNR_META_GET(d.meta, OUT, ENCAP) == 1, "debug keeps encap meta");
	cfg.debug = 0;

	win[12] = 0x08, win[13] = 0x06;	/* ARP */
	vnr_classify_ingress(&cfg, win, p.len, NULL, &d);
	CHECK(d.dest == VNR_DEST_HOST && d.reason == VNR_REASON_NOT_ENCAP, "ARP: NOT_ENCAP");
	CHECK_EQ(d.meta[1], 1);	/* from_net only */
}

static int emits;
static void count_emit(void *arg, enum vnr_dest dest, const uint8_t *data, size_t len,
		       const uint32_t meta[4])
{
	const struct pkt *p = arg;

	(void)meta;
	if (dest == VNR_DEST_WIRE && len == p->len && !memcmp(data, p->b, len))
		emits++;
}

static void test_process(void)
{
	struct vnr_decision d;
	struct pkt p;
	uint32_t m[4];
	int reason;

	cfg_presets();
	build_vxlan(&p, 0, 5, 0, 4789);
	pkt_pad(&p, 300);
	meta_in(m, 0, 0, 0);
	emits = 0;
	reason = vnr_core_process(&cfg, &st, VNR_PATH_EGRESS, p.b, p.len, m, count_emit, &p, &d);
	CHECK(reason == VNR_REASON_FORWARD && emits == 1, "PF frame emitted unchanged to the wire");

	/* ingress frame longer than the window: the opaque-fits check uses unknown len */
	reason = vnr_core_process(&cfg, &st, VNR_PATH_INGRESS, p.b, p.len, NULL, NULL, NULL, &d);
	CHECK(reason == VNR_REASON_NO_IRULE && VNR_META_GET(d.meta, OUT, ENCAP), "long vxlan frame");

	emits = 0;
	reason = vnr_core_process(&cfg, &st, VNR_PATH_EGRESS, p.b, 13, m, count_emit, &p, &d);
	CHECK(reason == VNR_REASON_RUNT && emits == 0, "runt emits nothing");
}

void test_core(void)
{
	test_presets();
	test_outer();
	test_egress_rows();
	test_ingress_rows();
	test_process();
}
