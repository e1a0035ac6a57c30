// SPDX-License-Identifier: MIT
/*
 * TSO (docs/tso.md): the segments of vnr_tso_segment against checks written
 * here from the contract (every checksum verified with this file's own
 * RFC 1071 sum, lengths, IDs, sequence numbers and flags recomputed from the
 * hand-built super-frame), the descriptor layout, and every decider row
 * 16a-16e, 20a and the descriptor of the three shapes.
 */
#include <stdlib.h>
#include <string.h>
#include "test.h"

#define NVF 4
#define T_RULES 16
#define BUF (70 * 1024)

static struct vnr_config cfg;
static struct vnr_core_state st;
static struct vnr_egress_tables *eg;
static uint8_t seg_buf[VNR_TSO_HDR_MAX + 70000];

/* ------------------------------------------------------------ super-frames */

static const uint8_t VF_MAC[6] = { 2, 0, 0, 0, 0, 0x11 };
static const uint8_t DST_MAC[6] = { 2, 0, 0, 0, 0, 0x22 };

enum tun { PLAIN, VXLAN, GRE, NATIVE };

struct spec {
	enum tun tun;
	int ovlan, oihl;        /* tunnel: outer tag, outer IPv4 ihl (0: 5) */
	int ivlan, v6, iihl, doff; /* inner tag (plain: the frame's), ihl (0: 5), doff (0: 5) */
	unsigned T;
	uint16_t udp_csum;      /* the host's UDP checksum: 0 or not */
	uint8_t flags;
	uint32_t seq;
	uint16_t oid, iid;
};

/* where the fields are in a frame as sent (docs/tso.md section 3 names) */
struct lay {
	int o_en, udp_en, gre_en, v6;
	unsigned ip_o, udp, gre, ip_i, tcp, H;
};

static unsigned put_eth(uint8_t *b, unsigned pos, int vlan, unsigned type)
{
	memcpy(b + pos, DST_MAC, 6);
	memcpy(b + pos + 6, VF_MAC, 6);
	pos += 12;
	if (vlan) {
		wr16(b + pos, 0x8100);
		wr16(b + pos + 2, 7);
		pos += 4;
	}
	wr16(b + pos, type);
	return pos + 2;
}

static void put_ip4(uint8_t *ip, unsigned ihl, unsigned proto, unsigned id)
{
	memset(ip, 0, 4 * ihl);
	ip[0] = 0x40 | ihl;
	wr16(ip + 4, id);
	ip[6] = 0x40;	/* DF */
	ip[8] = 64;
	ip[9] = proto;
	wr32(ip + 12, 0x0a000001);
	wr32(ip + 16, 0x0a000102);
	for (unsigned i = 20; i < 4 * ihl; i++)
		ip[i] = 1;	/* NOP options */
	wr16(ip + 10, 0xbeef);	/* the host's value is never trusted */
}

static void put_ip6(uint8_t *ip)
{
	memset(ip, 0, 40);
	ip[0] = 0x60;
	ip[1] = 0x01;
	ip[6] = 6;
	ip[7] = 64;
	for (unsigned i = 0; i < 16; i++)
		ip[8 + i] = 0x20 + i, ip[24 + i] = 0x80 + 3 * i;
}

/* the opaque header of a host tunnel; returns its length L */
static unsigned put_opaque(uint8_t *o, const struct spec *s)
{
	if (s->tun == GRE) {
		memset(o, 0, 16);
		wr16(o, 0xb000);
		wr16(o + 2, 0x6558);
		wr16(o + 4, 0x5555);
		wr16(o + 10, 0x4242);
		wr32(o + 12, 77);
		return 16;
	}
	memset(o, 0, s->tun == VXLAN ? 16 : 20);
	wr16(o, 49152);
	wr16(o + 2, s->tun == VXLAN ? 4789 : 0xcafe);
	wr16(o + 6, s->udp_csum);
	if (s->tun == VXLAN) {
		o[8] = 0x08, o[13] = 0x12;
		return 16;
	}
	wr16(o + 8, 5), wr16(o + 10, 6), wr32(o + 16, 0x99999999);
	return 20;
}

static void put_tcp(uint8_t *t, const struct spec *s, unsigned doff)
{
	memset(t, 0, 4 * doff);
	wr16(t, 40000);
	wr16(t + 2, 80);
	wr32(t + 4, s->seq);
	wr32(t + 8, 0x01020304);
	t[12] = doff << 4;
	t[13] = s->flags;
	wr16(t + 14, 501);
	wr16(t + 16, 0xdead);	/* CHECKSUM_PARTIAL leftovers: ignored */
	wr16(t + 18, 3);
	for (unsigned i = 20; i < 4 * doff; i++)
		t[i] = i == 4 * doff - 1 ? 0 : 1;
}

/* Lengths as the host fills them for the whole super-packet */
static void fill_lengths(uint8_t *b, const struct lay *y, size_t len)
{
	if (y->o_en) {
		wr16(b + y->ip_o + 2, len - y->ip_o);
		wr16(b + y->ip_o + 10, 0);
		wr16(b + y->ip_o + 10, (uint16_t)~fold(sum16(0, b + y->ip_o, 4 * (b[y->ip_o] & 0xf))));
	}
	if (y->udp_en)
		wr16(b + y->udp + 4, len - y->udp);
	if (y->v6)
		wr16(b + y->ip_i + 4, len - y->ip_i - 40);
	else
		wr16(b + y->ip_i + 2, len - y->ip_i);
}

/* Builds the super-frame s into b; returns its length and the layout */
static size_t build(const struct spec *s, uint8_t *b, struct lay *y)
{
	unsigned pos, ihl = s->iihl ? s->iihl : 5, doff = s->doff ? s->doff : 5, L;
	unsigned itype = s->v6 ? 0x86dd : 0x0800;

	memset(y, 0, sizeof(*y));
	y->v6 = s->v6;
	if (s->tun == PLAIN) {
		pos = put_eth(b, 0, s->ivlan, itype);
	} else {
		unsigned oihl = s->oihl ? s->oihl : 5;

		pos = put_eth(b, 0, s->ovlan, 0x0800);
		y->o_en = 1;
		y->ip_o = pos;
		put_ip4(b + pos, oihl, s->tun == GRE ? 47 : 17, s->oid);
		pos += 4 * oihl;
		L = put_opaque(b + pos, s);
		y->udp_en = s->tun != GRE;
		y->gre_en = s->tun == GRE;
		y->udp = y->gre = pos;
		pos += L;
		if (s->tun != NATIVE)
			pos = put_eth(b, pos, s->ivlan, itype);
	}
	y->ip_i = pos;
	if (s->v6)
		put_ip6(b + pos), pos += 40;
	else
		put_ip4(b + pos, ihl, 6, s->iid), pos += 4 * ihl;
	y->tcp = pos;
	put_tcp(b + pos, s, doff);
	y->H = pos + 4 * doff;
	for (unsigned i = 0; i < s->T; i++)
		b[y->H + i] = (uint8_t)(i * 37 + 11 + (i >> 8));
	fill_lengths(b, y, y->H + s->T);
	return y->H + s->T;
}

/* The descriptor of a frame as sent, from the layout (not from the decider) */
static struct vnr_tso_desc desc_of(const struct lay *y, unsigned m)
{
	struct vnr_tso_desc t = { .en = 1, .v6 = y->v6, .mss = m, .hlen = y->H,
				  .ip_i = y->ip_i, .tcp = y->tcp };

	if (y->o_en)
		t.ip_o_en = 1, t.ip_o = y->ip_o;
	if (y->udp_en)
		t.udp_en = 1, t.udp = y->udp, t.lenf_en = 1, t.lenf = y->udp + 4;
	if (y->gre_en)
		t.csumf_en = 1, t.csumf = y->gre + 4, t.csum_start = y->gre;
	return t;
}

/* field by field: a struct's padding is not part of it */
static int desc_eq(const struct vnr_tso_desc *a, const struct vnr_tso_desc *b)
{
	return a->en == b->en && a->v6 == b->v6 && a->ip_o_en == b->ip_o_en &&
	       a->udp_en == b->udp_en && a->lenf_en == b->lenf_en && a->csumf_en == b->csumf_en &&
	       a->mss == b->mss && a->hlen == b->hlen && a->ip_o == b->ip_o && a->udp == b->udp &&
	       a->lenf == b->lenf && a->csumf == b->csumf && a->csum_start == b->csum_start &&
	       a->ip_i == b->ip_i && a->tcp == b->tcp;
}

/* ------------------------------------------------------------ the verifier */

struct seg_ref {
	const struct lay *y;
	const uint8_t *hdr;     /* O[0..H): orig values */
	const uint8_t *pay;     /* the T payload bytes */
	size_t T;
	unsigned m, nseg;
	const char *what;
};

static int in_field(unsigned i, unsigned at, unsigned n)
{
	return i >= at && i < at + n;
}

/* bytes of O[0..H) a segment may change (docs/tso.md section 3, 1-8) */
static int may_change(const struct lay *y, unsigned i)
{
	if (y->o_en && (in_field(i, y->ip_o + 2, 4) || in_field(i, y->ip_o + 10, 2)))
		return 1;
	if (y->udp_en && in_field(i, y->udp + 4, 4))
		return 1;
	if (y->gre_en && in_field(i, y->gre + 4, 2))
		return 1;
	if (y->v6 ? in_field(i, y->ip_i + 4, 2) :
		    in_field(i, y->ip_i + 2, 4) || in_field(i, y->ip_i + 10, 2))
		return 1;
	return in_field(i, y->tcp + 4, 4) || i == y->tcp + 13u || in_field(i, y->tcp + 16, 2);
}

static int tcp_ok(const struct lay *y, const uint8_t *seg, size_t lk)
{
	size_t n = lk - y->tcp;
	uint64_t s;

	if (y->v6)
		s = sum16(0, seg + y->ip_i + 8, 32) + (n >> 16) + (n & 0xffff) + 6;
	else
		s = sum16(0, seg + y->ip_i + 12, 8) + 6 + n;
	return fold(sum16(s, seg + y->tcp, n)) == 0xffff;
}

static int udp_ok(const struct lay *y, const uint8_t *seg, size_t lk)
{
	uint64_t s = sum16(0, seg + y->ip_o + 12, 8) + 17 + rd16(seg + y->udp + 4);

	return fold(sum16(s, seg + y->udp, lk - y->udp)) == 0xffff;
}

static int header_copied(const struct seg_ref *r, const uint8_t *seg)
{
	for (unsigned i = 0; i < r->y->H; i++)
		if (!may_change(r->y, i) && seg[i] != r->hdr[i])
			return 0;
	return 1;
}

static uint8_t flags_of(const struct seg_ref *r, unsigned k)
{
	uint8_t f = r->hdr[r->y->tcp + 13];

	if (k != r->nseg - 1)
		f &= ~0x09;	/* FIN, PSH: last only */
	if (k != 0)
		f &= ~0x80;	/* CWR: first only */
	return f;
}

static void verify_outer(const struct seg_ref *r, unsigned k, const uint8_t *seg, size_t lk)
{
	const struct lay *y = r->y;

	if (y->o_en) {
		CHECK(rd16(seg + y->ip_o + 2) == lk - y->ip_o &&
		      csum_ok(seg + y->ip_o, 4 * (seg[y->ip_o] & 0xf)) &&
		      rd16(seg + y->ip_o + 4) == ((rd16(r->hdr + y->ip_o + 4) + k) & 0xffff),
		      "%s k=%u: outer IPv4 length, ID, checksum", r->what, k);
	}
	if (y->udp_en) {
		CHECK_EQ(rd16(seg + y->udp + 4), lk - y->udp);
		if (rd16(r->hdr + y->udp + 6) == 0)
			CHECK(rd16(seg + y->udp + 6) == 0, "%s k=%u: UDP zero stays zero", r->what, k);
		else
			CHECK(rd16(seg + y->udp + 6) != 0 && udp_ok(y, seg, lk),
			      "%s k=%u: UDP checksum verifies, never 0", r->what, k);
	}
	if (y->gre_en)
		CHECK(csum_ok(seg + y->gre, lk - y->gre), "%s k=%u: GRE checksum", r->what, k);
}

static void verify_inner(const struct seg_ref *r, unsigned k, const uint8_t *seg, size_t lk)
{
	const struct lay *y = r->y;
	const uint8_t *ip = seg + y->ip_i, *t = seg + y->tcp;

	if (y->v6) {
		CHECK_EQ(rd16(ip + 4), lk - y->ip_i - 40);
	} else {
		CHECK(rd16(ip + 2) == lk - y->ip_i && csum_ok(ip, 4 * (ip[0] & 0xf)) &&
		      rd16(ip + 4) == ((rd16(r->hdr + y->ip_i + 4) + k) & 0xffff),
		      "%s k=%u: inner IPv4 length %u, ID, checksum", r->what, k, rd16(ip + 2));
	}
	CHECK_EQ(rd32(t + 4), (uint32_t)(rd32(r->hdr + y->tcp + 4) + k * r->m));
	CHECK_EQ(t[13], flags_of(r, k));
	CHECK(tcp_ok(y, seg, lk), "%s k=%u: TCP checksum verifies", r->what, k);
}

static void verify_seg(const struct seg_ref *r, unsigned k, const uint8_t *seg, size_t lk)
{
	size_t off = (size_t)k * r->m, mk = r->T - off < r->m ? r->T - off : r->m;

	CHECK(lk == r->y->H + mk, "%s k=%u: L_k %zu, H %u + m_k %zu", r->what, k, lk, r->y->H, mk);
	if (lk != r->y->H + mk)
		return;
	CHECK(!memcmp(seg + r->y->H, r->pay + off, mk), "%s k=%u: payload", r->what, k);
	CHECK(header_copied(r, seg), "%s k=%u: every other header byte copied", r->what, k);
	verify_outer(r, k, seg, lk);
	verify_inner(r, k, seg, lk);
}

/* Segment k from a copy of O whose bytes past S_k + m_k are garbage */
static int reads_only_prefix(const struct vnr_tso_desc *t, const uint8_t *o, size_t lout,
			     unsigned k, const uint8_t *seg, size_t lk)
{
	static uint8_t junk[BUF], seg2[sizeof(seg_buf)];
	size_t end = t->hlen + (size_t)k * t->mss + (lk - t->hlen);

	memcpy(junk, o, lout);
	for (size_t i = end; i < lout; i++)
		junk[i] = (uint8_t)(0xa5 ^ i);
	return vnr_tso_segment(t, junk, lout, k, seg2) == lk && !memcmp(seg2, seg, lk);
}

static unsigned nseg_of(size_t T, unsigned m)
{
	return T == 0 ? 1 : (unsigned)((T + m - 1) / m);
}

/* Every segment of O (lout bytes, layout y) with descriptor t */
static void run_segments(const struct seg_ref *r, const struct vnr_tso_desc *t, const uint8_t *o,
			 size_t lout)
{
	unsigned nseg = vnr_tso_nseg(t, lout);

	CHECK(nseg == r->nseg, "%s: nseg %u != %u", r->what, nseg, r->nseg);
	for (unsigned k = 0; k < nseg; k++) {
		size_t lk = vnr_tso_segment(t, o, lout, k, seg_buf);

		verify_seg(r, k, seg_buf, lk);
		CHECK(reads_only_prefix(t, o, lout, k, seg_buf, lk),
		      "%s k=%u: reads only O[0..S_k+m_k)", r->what, k);
	}
	CHECK_EQ(vnr_tso_segment(t, o, lout, nseg, seg_buf), 0);
}

static uint8_t frame[BUF];

static void seg_case(const struct spec *s, unsigned m, const char *what)
{
	struct lay y;
	size_t len = build(s, frame, &y);
	struct vnr_tso_desc t = desc_of(&y, m);
	struct seg_ref r = { &y, frame, frame + y.H, s->T, m, nseg_of(s->T, m), what };

	run_segments(&r, &t, frame, len);
}

/* ------------------------------------------------------------ segments */

static void test_seg_shapes(void)
{
	static const struct { struct spec s; const char *what; } c[] = {
		{ { PLAIN, .T = 5000, .flags = 0xf9, .seq = 0xffffff00, .iid = 0xfffe }, "plain4" },
		{ { PLAIN, .ivlan = 1, .v6 = 1, .doff = 8, .T = 4001, .flags = 0x18 }, "plain6 tagged" },
		{ { PLAIN, .iihl = 7, .doff = 15, .T = 3333, .flags = 0x99 }, "plain4 options" },
		{ { VXLAN, .T = 6000, .udp_csum = 0, .flags = 0x19, .oid = 0xffff, .iid = 9 }, "vxlan udp0" },
		{ { VXLAN, .T = 6001, .udp_csum = 0xffff, .flags = 0xd9, .oid = 3 }, "vxlan udp csum" },
		{ { VXLAN, .ovlan = 1, .oihl = 6, .ivlan = 1, .v6 = 1, .T = 2921, .udp_csum = 1,
		    .flags = 0x10 }, "vxlan tagged, inner v6" },
		{ { GRE, .T = 7001, .flags = 0x89, .oid = 100, .iid = 200 }, "gre16" },
		{ { GRE, .v6 = 1, .doff = 6, .T = 2000, .flags = 0x11 }, "gre16 inner v6" },
		{ { NATIVE, .T = 4500, .udp_csum = 0xffff, .flags = 0x19 }, "native" },
		{ { NATIVE, .v6 = 1, .T = 4500, .udp_csum = 0, .flags = 0x19 }, "native v6 udp0" },
	};
	static const unsigned ms[] = { 1448, 1000, 1, 7, 16000 };

	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		for (unsigned j = 0; j < sizeof(ms) / sizeof(ms[0]); j++)
			if (ms[j] > 100 || c[i].s.T < 2100)	/* tiny m: a few thousand segments at most */
				seg_case(&c[i].s, ms[j], c[i].what);
}

/* nseg = max(1, ceil(T/m)) at T = 0, 1, m-1, m, m+1 */
static void test_seg_counts(void)
{
	const unsigned m = 1000;
	const size_t Ts[] = { 0, 1, m - 1, m, m + 1, 3 * m, 3 * m + 1 };
	const unsigned want[] = { 1, 1, 1, 1, 2, 3, 4 };

	for (unsigned i = 0; i < 7; i++) {
		struct spec s = { VXLAN, .T = Ts[i], .udp_csum = 0xffff, .flags = 0xf9 };
		struct lay y;
		size_t len = build(&s, frame, &y);
		struct vnr_tso_desc t = desc_of(&y, m);

		CHECK(vnr_tso_nseg(&t, len) == want[i], "T=%zu: nseg %u", Ts[i], vnr_tso_nseg(&t, len));
		seg_case(&s, m, "counts");
	}
	/* T = 0: one segment of H bytes with every flag kept */
	{
		struct spec s = { PLAIN, .T = 0, .flags = 0xf9 };
		struct lay y;
		size_t len = build(&s, frame, &y);
		struct vnr_tso_desc t = desc_of(&y, 100);

		CHECK_EQ(vnr_tso_segment(&t, frame, len, 0, seg_buf), y.H);
		CHECK_EQ(seg_buf[y.tcp + 13], 0xf9);
	}
	/* a 64 kB super-packet in MSS_MAX segments */
	{
		struct spec s = { VXLAN, .T = 65535 - 104, .udp_csum = 0xffff, .flags = 0x18 };

		seg_case(&s, VNR_TSO_MSS_MAX, "64k");
		seg_case(&s, 8948, "64k jumbo");
	}
}

/* A checksum whose sum is 0 mod 0xffff: UDP sends 0xffff, TCP and GRE 0 */
static void test_seg_zero_sums(void)
{
	struct spec s = { VXLAN, .T = 500, .udp_csum = 0xffff, .flags = 0x18 };
	struct lay y;
	size_t len = build(&s, frame, &y);
	struct vnr_tso_desc t = desc_of(&y, 200);
	unsigned w = y.ip_i - 8, c;	/* the inner source MAC: only UDP covers it */

	wr16(frame + w, 0);
	vnr_tso_segment(&t, frame, len, 0, seg_buf);
	c = rd16(seg_buf + y.udp + 6);	/* = ~s, s the sum with the word 0 */
	wr16(frame + w, 0xffff - (uint16_t)~c);
	vnr_tso_segment(&t, frame, len, 0, seg_buf);
	CHECK_EQ(rd16(seg_buf + y.udp + 6), 0xffff);
	CHECK(udp_ok(&y, seg_buf, y.H + 200), "0xffff verifies");

	/* TCP: a payload word of segment 0 */
	s.tun = GRE;
	len = build(&s, frame, &y);
	t = desc_of(&y, 200);
	w = y.H + 10;
	wr16(frame + w, 0);
	vnr_tso_segment(&t, frame, len, 0, seg_buf);
	c = rd16(seg_buf + y.tcp + 16);
	wr16(frame + w, 0xffff - (uint16_t)~c);
	vnr_tso_segment(&t, frame, len, 0, seg_buf);
	CHECK_EQ(rd16(seg_buf + y.tcp + 16), 0);
	CHECK(tcp_ok(&y, seg_buf, y.H + 200), "TCP 0 verifies");
	/* GRE: the inner source MAC again */
	w = y.ip_i - 8;
	wr16(frame + w, 0);
	vnr_tso_segment(&t, frame, len, 0, seg_buf);
	c = rd16(seg_buf + y.gre + 4);
	wr16(frame + w, 0xffff - (uint16_t)~c);
	vnr_tso_segment(&t, frame, len, 0, seg_buf);
	CHECK_EQ(rd16(seg_buf + y.gre + 4), 0);
	CHECK(csum_ok(seg_buf + y.gre, 200 + y.H - y.gre), "GRE 0 verifies");
}

/* A profile with both a UDP header and a 16-bit checksum field: the field
 * is filled first (6), the UDP checksum last (7) covers it. */
static void test_seg_field_order(void)
{
	struct spec s = { NATIVE, .T = 3000, .udp_csum = 0xffff, .flags = 0x18 };
	struct lay y;
	size_t len = build(&s, frame, &y);
	struct vnr_tso_desc t = desc_of(&y, 1000);
	uint8_t tmp[2048];
	size_t lk;

	t.csumf_en = 1;
	t.csumf = y.udp + 16;
	t.csum_start = y.udp;
	for (unsigned k = 0; k < 3; k++) {
		lk = vnr_tso_segment(&t, frame, len, k, seg_buf);
		CHECK(udp_ok(&y, seg_buf, lk), "k=%u: UDP covers the profile checksum", k);
		memcpy(tmp, seg_buf, lk);
		wr16(tmp + y.udp + 6, 0xffff);	/* as it stood when field 6 was summed */
		CHECK(csum_ok(tmp + y.udp, lk - y.udp), "k=%u: profile checksum before UDP", k);
	}
}

/* layout tsodesc (docs/regmap.md): bit positions written out by hand */
static void test_desc_layout(void)
{
	struct vnr_tso_desc t = { 0 }, u;
	uint32_t w[4];

	t.mss = 0x1234;
	vnr_tso_desc_pack(&t, w);
	CHECK(w[0] == 0x123400 && !w[1] && !w[2] && !w[3], "mss at [23:8]");
	memset(&t, 0, sizeof(t));
	t.en = 1, t.v6 = 1, t.csumf_en = 1, t.hlen = 0x100, t.ip_o = 0xab, t.tcp = 0xcd;
	vnr_tso_desc_pack(&t, w);
	CHECK(w[0] == 0x23 && w[1] == 0xab01 && w[2] == 0xcd000000 && !w[3],
	      "en, v6, csumf_en, hlen[8], ip_o, tcp: %08x %08x %08x", w[0], w[1], w[2]);
	memset(&t, 0, sizeof(t));
	t.udp = 0x11, t.lenf = 0x22, t.csumf = 0x33, t.csum_start = 0x44, t.ip_i = 0x55;
	t.ip_o_en = 1, t.udp_en = 1, t.lenf_en = 1, t.hlen = 0xff;
	vnr_tso_desc_pack(&t, w);
	CHECK(w[0] == 0xff00001c && w[1] == 0x22110000 && w[2] == 0x00554433 && !w[3],
	      "udp, lenf, csumf, csum_start, ip_i: %08x %08x %08x", w[0], w[1], w[2]);
	for (unsigned i = 0; i < 200; i++) {
		t.en = rand() & 1, t.v6 = rand() & 1, t.ip_o_en = rand() & 1, t.udp_en = rand() & 1;
		t.lenf_en = rand() & 1, t.csumf_en = rand() & 1, t.mss = rand(), t.hlen = rand() & 0x1ff;
		t.ip_o = rand(), t.udp = rand(), t.lenf = rand(), t.csumf = rand();
		t.csum_start = rand(), t.ip_i = rand(), t.tcp = rand();
		vnr_tso_desc_pack(&t, w);
		vnr_tso_desc_unpack(w, &u);
		if (!desc_eq(&t, &u)) {
			CHECK(0, "pack/unpack round trip %u", i);
			return;
		}
	}
	CHECK(1, "pack/unpack round trip");
}

/* ------------------------------------------------------------ decider */

static void tables_reset(void)
{
	vnr_egress_tables_free(eg);
	eg = vnr_egress_tables_new(T_RULES);
	memset(&cfg, 0, sizeof(cfg));
	cfg.num_vf = NVF;
	cfg.eg = eg;
	preset(&cfg.prof[0], "gre16");
	cfg.prof[0].csum_off = 4;
	cfg.prof[0].csum_en = 1;
	preset(&cfg.prof[1], "vxlan");
	preset(&cfg.prof[2], "native");
	cfg.prof[2].csum_en = 0;
	memset(&st, 0, sizeof(st));
}

/* A MAC-only rule (func, DST_MAC): boundaries lo and hi + 1, leaf 1 hits */
static void mac_rule(unsigned id, unsigned func, const struct vnr_rule *act)
{
	unsigned L = eg->levels, b = eg->active;
	uint64_t mac = 0;
	uint32_t k[2][6] = { { 0 } };

	for (int i = 0; i < 6; i++)
		mac = mac << 8 | DST_MAC[i];
	for (unsigned j = 0; j < 2; j++) {
		k[j][4] = (uint32_t)((mac + j) << 2);
		k[j][5] = (uint32_t)((mac + j) >> 30) | func << 18;
	}
	for (unsigned l = 0; l < L; l++)
		for (unsigned i = 0; i < (1u << l); i++) {
			unsigned num = (2 * i + 1) << (L - 1 - l);

			if (num <= 2)
				memcpy(eg->node[b][(1u << l) - 1 + i], k[num - 1], 24);
			else
				memset(eg->node[b][(1u << l) - 1 + i], 0xff, 24);
		}
	memset(eg->leaf[b], 0, sizeof(uint32_t) << L);
	eg->leaf[b][1] = 1u << 31 | id;
	eg->rule[b][id] = *act;
}

static void classify(const uint8_t *b, size_t len, unsigned func, unsigned tso, unsigned mss,
		     struct vnr_decision *d)
{
	uint32_t m[4];

	meta_in(m, func, 0, 0);
	VNR_META_SET(m, IN, TSO, tso);
	VNR_META_SET(m, IN, MSS, mss);
	vnr_classify_egress(&cfg, &st, b, len, 0, m, d);
}

static int desc_zero(const struct vnr_decision *d)
{
	static const struct vnr_tso_desc z;

	return desc_eq(&d->tso, &z);
}

/* expect a drop with reason under func, descriptor zero */
static void expect_drop(const uint8_t *b, size_t len, unsigned func, unsigned mss,
			unsigned reason, const char *what)
{
	struct vnr_decision d;

	classify(b, len, func, 1, mss, &d);
	CHECK(d.dest == VNR_DEST_DROP && d.reason == reason && d.cnt_func == func && desc_zero(&d) &&
	      VNR_META_GET(d.meta, OUT, REASON) == reason,
	      "%s: dest %d reason %u (want %u) func %u", what, d.dest, d.reason, reason, d.cnt_func);
}

static size_t mk(const struct spec *s, struct lay *y)
{
	return build(s, frame, y);
}

static void test_rows_mss_nottcp(void)
{
	struct spec s = { PLAIN, .T = 3000 };
	struct lay y;
	size_t len;

	tables_reset();
	len = mk(&s, &y);
	expect_drop(frame, len, 1, 0, VNR_REASON_TSO_MSS, "16a mss 0");
	expect_drop(frame, len, 0, 0, VNR_REASON_TSO_MSS, "16a mss 0, PF");
	frame[y.ip_i + 9] = 17;
	expect_drop(frame, len, 1, 1000, VNR_REASON_TSO_NOT_TCP, "16b UDP");
	frame[y.ip_i + 9] = 6;
	wr16(frame + y.ip_i + 6, 0x2000);
	expect_drop(frame, len, 1, 1000, VNR_REASON_TSO_NOT_TCP, "16b MF");
	wr16(frame + y.ip_i + 6, 0x0001);
	expect_drop(frame, len, 2, 1000, VNR_REASON_TSO_NOT_TCP, "16b offset");
	wr16(frame + y.ip_i + 6, 0x4000);
	frame[y.ip_i] = 0x44;
	expect_drop(frame, len, 2, 1000, VNR_REASON_TSO_NOT_TCP, "16b ihl 4");
	frame[y.ip_i] = 0x65;
	expect_drop(frame, len, 2, 1000, VNR_REASON_TSO_NOT_TCP, "16b version 6 in 0x0800");
	frame[y.ip_i] = 0x45;
	wr16(frame + 12, 0x0806);
	expect_drop(frame, len, 2, 1000, VNR_REASON_TSO_NOT_TCP, "16b ARP");
	s.v6 = 1;
	len = mk(&s, &y);
	frame[y.ip_i + 6] = 0;	/* hop-by-hop: an extension header */
	expect_drop(frame, len, 3, 1000, VNR_REASON_TSO_NOT_TCP, "16b IPv6 next header");
	frame[y.ip_i + 6] = 6;
	frame[y.ip_i] = 0x40;
	expect_drop(frame, len, 3, 1000, VNR_REASON_TSO_NOT_TCP, "16b version 4 in 0x86dd");
	/* an IPv6 outer header is not a tunnel: its packet is UDP */
	s = (struct spec){ VXLAN, .T = 3000 };
	len = mk(&s, &y);
	memmove(frame + 54, frame + 34, len - 34);
	put_ip6(frame + 14);
	frame[14 + 6] = 17;
	wr16(frame + 12, 0x86dd);
	wr16(frame + 18, len + 20 - 54);
	expect_drop(frame, len + 20, 0, 1000, VNR_REASON_TSO_NOT_TCP, "outer IPv6 VXLAN");
	/* tunnels: the inner EtherType or version nibble */
	s = (struct spec){ VXLAN, .T = 3000 };
	len = mk(&s, &y);
	wr16(frame + y.ip_i - 2, 0x88cc);
	expect_drop(frame, len, 0, 1000, VNR_REASON_TSO_NOT_TCP, "vxlan inner type");
	s.tun = NATIVE;
	len = mk(&s, &y);
	frame[y.ip_i] = 0x55;
	expect_drop(frame, len, 0, 1000, VNR_REASON_TSO_NOT_TCP, "native version 5");
}

/* A profile whose opaque header runs the inner headers past h[] */
static void long_profile(void)
{
	struct vnr_profile *p = &cfg.prof[3];

	preset(p, "vxlan");
	p->opaque_len = 40;
	p->fmt_val = 4790;
}

static size_t long_frame(int ovlan, int oihl, int ivlan, int v6, struct lay *y)
{
	struct spec s = { VXLAN, .ovlan = ovlan, .oihl = oihl, .ivlan = ivlan, .v6 = v6, .T = 2000 };
	uint8_t tmp[BUF];
	struct lay y0;
	size_t len = build(&s, tmp, &y0), n;
	unsigned ins = 24;	/* opaque 16 -> 40 bytes */

	n = y0.udp + 16;
	memcpy(frame, tmp, n);
	memset(frame + n, 0, ins);
	memcpy(frame + n + ins, tmp + n, len - n);
	*y = y0;
	y->ip_i += ins, y->tcp += ins, y->H += ins;
	wr16(frame + y->udp + 2, 4790);
	fill_lengths(frame, y, len + ins);
	return len + ins;
}

static void test_rows_hdr(void)
{
	struct lay y;
	size_t len;

	tables_reset();
	long_profile();
	/* o = 18 + 60 = 78, o + L = 118: the inner EtherType at 130 */
	len = long_frame(1, 15, 0, 0, &y);
	expect_drop(frame, len, 0, 1000, VNR_REASON_TSO_HDR, "inner type past h[]");
	/* o = 14 + 20 = 34, l3i = 92: IPv6 needs 132 */
	len = long_frame(0, 5, 1, 1, &y);
	CHECK_EQ(y.ip_i, 92);
	expect_drop(frame, len, 0, 1000, VNR_REASON_TSO_HDR, "IPv6 past h[]");
	/* o = 14 + 44 = 58, l3i = 112: IPv4 needs 132 */
	len = long_frame(0, 11, 0, 0, &y);
	CHECK_EQ(y.ip_i, 112);
	expect_drop(frame, len, 0, 1000, VNR_REASON_TSO_HDR, "IPv4 past h[]");
	/* l3i = 14 + 36 + 40 + 14 = 104, tcp = 124: doff at 136 (16c) */
	len = long_frame(0, 9, 0, 0, &y);
	CHECK_EQ(y.tcp, 124);
	expect_drop(frame, len, 0, 1000, VNR_REASON_TSO_HDR, "16c data offset past h[]");
	/* tcp = 116: the data offset at 128 */
	len = long_frame(1, 5, 1, 0, &y);
	CHECK_EQ(y.tcp, 116);
	expect_drop(frame, len, 0, 1000, VNR_REASON_TSO_HDR, "16c tcp 116");
	len = long_frame(0, 5, 1, 0, &y);	/* 14+20+40+18 = 92, tcp 112 */
	{
		struct vnr_decision d;

		classify(frame, len, 0, 1, 1000, &d);
		CHECK(d.reason == VNR_REASON_FORWARD && d.tso.tcp == 112 && d.tso.ip_i == 92,
		      "tcp + 13 <= 128 is fine: %u", d.reason);
	}
}

static void test_rows_badlen(void)
{
	struct spec s = { PLAIN, .T = 3000 };
	struct lay y;
	size_t len;

	tables_reset();
	len = mk(&s, &y);
	frame[y.tcp + 12] = 0x40;
	expect_drop(frame, len, 1, 1000, VNR_REASON_TSO_BAD_LEN, "16d doff 4");
	s.T = 0;
	len = mk(&s, &y);
	frame[y.tcp + 12] = 0x60;
	expect_drop(frame, len, 1, 1000, VNR_REASON_TSO_BAD_LEN, "16d Hin > len");
	s.T = 3000;
	len = mk(&s, &y);
	expect_drop(frame, len + 4, 1, 1000, VNR_REASON_TSO_BAD_LEN, "16d Ethernet padding");
	wr16(frame + y.ip_i + 2, 0);
	expect_drop(frame, len, 1, 1000, VNR_REASON_TSO_BAD_LEN, "16d BIG TCP total length 0");
	s.v6 = 1;
	len = mk(&s, &y);
	wr16(frame + y.ip_i + 4, len - y.ip_i - 41);
	expect_drop(frame, len, 1, 1000, VNR_REASON_TSO_BAD_LEN, "16d IPv6 payload length");
	s = (struct spec){ VXLAN, .T = 3000 };
	len = mk(&s, &y);
	wr16(frame + y.ip_o + 2, len - y.ip_o + 1);
	expect_drop(frame, len, 0, 1000, VNR_REASON_TSO_BAD_LEN, "16d outer total length");
	len = mk(&s, &y);
	wr16(frame + y.udp + 4, len - y.udp - 1);
	expect_drop(frame, len, 0, 1000, VNR_REASON_TSO_BAD_LEN, "16d UDP length");
	s.tun = GRE;	/* no UDP length to check */
	len = mk(&s, &y);
	wr16(frame + y.gre + 4, 1);
	{
		struct vnr_decision d;

		classify(frame, len, 0, 1, 1000, &d);
		CHECK(d.reason == VNR_REASON_FORWARD && d.tso.en, "GRE: no UDP length: %u", d.reason);
	}
	/* a VF's frame that merely looks like a tunnel is plain: no outer checks */
	s.tun = VXLAN;
	len = mk(&s, &y);
	wr16(frame + y.udp + 4, 1);
	expect_drop(frame, len, 1, 1000, VNR_REASON_TSO_NOT_TCP, "VF VXLAN is plain UDP");
}

static void test_rows_clamp(void)
{
	struct spec s = { PLAIN, .doff = 8, .T = 9000 };
	struct vnr_decision d;
	struct lay y;
	size_t len;

	tables_reset();
	len = mk(&s, &y);	/* Hin - fip = 20 + 32 = 52: mss_max 1448 */
	classify(frame, len, 1, 1, 1448, &d);
	CHECK(d.reason == VNR_REASON_NO_RULE && d.dest == VNR_DEST_HOST && desc_zero(&d),
	      "to the PF: whole, no descriptor: %u", d.reason);
	{
		struct vnr_rule r = { .action = 1 };

		mac_rule(3, 1, &r);
	}
	classify(frame, len, 1, 1, 1448, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.tso.mss == 1448 && d.cnt_func == 1, "mss = mss_max");
	classify(frame, len, 1, 1, 1449, &d);
	CHECK(d.reason == VNR_REASON_MSS_CLAMP && d.tso.mss == 1448 && d.dest == VNR_DEST_WIRE &&
	      VNR_META_GET(d.meta, OUT, REASON) == VNR_REASON_MSS_CLAMP && d.rule_hit && d.rule == 3,
	      "mss_max + 1 clamped: %u %u", d.reason, d.tso.mss);
	classify(frame, len, 1, 1, 100, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.tso.mss == 100, "small mss kept");
	eg->mtu[1] = 53;
	classify(frame, len, 1, 1, 9000, &d);
	CHECK(d.reason == VNR_REASON_MSS_CLAMP && d.tso.mss == 1, "mss_max 1");
	eg->mtu[1] = 52;
	expect_drop(frame, len, 1, 9000, VNR_REASON_TSO_MSS, "16e mss_max 0");
	eg->mtu[1] = 1500;
	eg->mtu[2] = 9000;
	classify(frame, len, 2, 1, 9000, &d);
	CHECK(d.reason == VNR_REASON_NO_RULE && d.dest == VNR_DEST_HOST, "MTU is per VF");
	/* the PF: PF_MAX_MTU, and TSO_MSS_MAX */
	classify(frame, len, 0, 1, 9000, &d);
	CHECK(d.reason == VNR_REASON_MSS_CLAMP && d.tso.mss == 9000 - 52, "PF_MAX_MTU");
	eg->pf_max_mtu = 65535;
	classify(frame, len, 0, 1, 16000, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.tso.mss == 16000, "MSS_MAX");
	classify(frame, len, 0, 1, 16001, &d);
	CHECK(d.reason == VNR_REASON_MSS_CLAMP && d.tso.mss == 16000, "MSS_MAX + 1");
	/* a tunnel's fip is the outer IPv4 header */
	eg->pf_max_mtu = 9000;
	s = (struct spec){ VXLAN, .T = 9000 };
	len = mk(&s, &y);	/* Hin - fip = 104 - 14 */
	classify(frame, len, 0, 1, 9000, &d);
	CHECK(d.reason == VNR_REASON_MSS_CLAMP && d.tso.mss == 9000 - 90, "tunnel: %u", d.tso.mss);
}

/* row 20a, other rules, and the descriptor of frames not cut */
static void test_rows_rules(void)
{
	struct spec s = { PLAIN, .T = 3000 };
	struct vnr_rule r = { .action = 2 };
	struct vnr_decision d;
	struct lay y;
	size_t len;

	tables_reset();
	len = mk(&s, &y);
	mac_rule(5, 2, &r);
	classify(frame, len, 2, 1, 5000, &d);
	CHECK(d.reason == VNR_REASON_TRAP_RULE && desc_zero(&d), "trap: whole, unclamped reason");
	r.action = 3;
	mac_rule(5, 2, &r);
	classify(frame, len, 2, 1, 5000, &d);
	CHECK(d.reason == VNR_REASON_DROP_RULE && desc_zero(&d), "drop rule");
	cfg.debug = 1;
	classify(frame, len, 2, 1, 0, &d);
	CHECK(d.reason == VNR_REASON_DEBUG && desc_zero(&d), "debug before 16a");
	cfg.debug = 0;
	eg->vf[2].check_mac = 1;
	classify(frame, len, 2, 1, 0, &d);
	CHECK_EQ(d.reason, VNR_REASON_SRC_MAC);	/* rows 8-15 first */
	eg->vf[2].check_mac = 0;
	classify(frame, len, 2, 0, 0, &d);
	CHECK(d.reason == VNR_REASON_MTU && desc_zero(&d), "no tso: row 16");
	/* 20a: a PF tunnel that a rule encapsulates again, Hout > 256 */
	s = (struct spec){ VXLAN, .ivlan = 1, .iihl = 11, .doff = 15, .T = 3000 };
	len = mk(&s, &y);	/* Hin = 14 + 20 + 16 + 18 + 44 + 60 = 172 */
	CHECK_EQ(y.H, 172);
	memset(&r, 0, sizeof(r));
	r.action = 1, r.encap = 1, r.profile = 1, r.opaque_len = 64, r.outer_vlan = 1;
	r.tmpl[18] = 0x45, r.tmpl[18 + 9] = 17;
	mac_rule(6, 0, &r);	/* P = 18 + 20 + 64 = 102: Hout 274 */
	st.ip_id = 40;
	expect_drop(frame, len, 0, 1000, VNR_REASON_TSO_HDR, "20a");
	classify(frame, len, 0, 1, 1000, &d);
	CHECK(d.rule_hit && d.rule == 6 && VNR_META_GET(d.meta, OUT, RULE_HIT) == 1 && d.P == 0,
	      "20a: rule hit counted, no edit");
	CHECK_EQ(st.ip_id, 40);	/* no ID taken */
	r.opaque_len = 46;	/* P = 84: Hout = 256, short enough, but a tunnel in a tunnel */
	mac_rule(6, 0, &r);
	classify(frame, len, 0, 1, 1000, &d);
	CHECK(d.reason == VNR_REASON_TSO_HDR && d.dest == VNR_DEST_DROP && st.ip_id == 40,
	      "20a: tunnel in a tunnel: %u", d.reason);
	r.encap = 0;	/* the same rule without encap: the host's tunnel is cut */
	mac_rule(6, 0, &r);
	classify(frame, len, 0, 1, 1000, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.tso.en && d.tso.hlen == 172 && d.tso.ip_o_en &&
	      st.ip_id == 40, "tunnel forwarded by a rule without encap: %u", d.reason);
	/* every decision without tso has a zero descriptor */
	classify(frame, len, 0, 0, 1000, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && desc_zero(&d), "no tso: no descriptor");
}

static void check_desc(const struct vnr_tso_desc *t, const struct vnr_tso_desc *w,
		       const char *what)
{
	CHECK(desc_eq(t, w),
	      "%s: en %u v6 %u o %u/%u udp %u/%u lenf %u/%u csumf %u/%u/%u ip_i %u tcp %u H %u m %u",
	      what, t->en, t->v6, t->ip_o_en, t->ip_o, t->udp_en, t->udp, t->lenf_en, t->lenf,
	      t->csumf_en, t->csumf, t->csum_start, t->ip_i, t->tcp, t->hlen, t->mss);
}

/* Shape tunnel (PF, row 21) and plain (rows 20 and 21) */
static void test_desc_tunnel_plain(void)
{
	static const struct spec c[] = {
		{ VXLAN, .T = 3000, .udp_csum = 1 },
		{ VXLAN, .ovlan = 1, .ivlan = 1, .v6 = 1, .T = 3000 },
		{ GRE, .T = 3000 },
		{ NATIVE, .v6 = 1, .T = 3000 },
		{ PLAIN, .T = 3000 },
		{ PLAIN, .ivlan = 1, .v6 = 1, .doff = 9, .T = 3000 },
	};
	struct vnr_decision d;
	struct lay y;

	tables_reset();
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		size_t len = mk(&c[i], &y);
		struct vnr_tso_desc w = desc_of(&y, 1000);

		classify(frame, len, 0, 1, 1000, &d);
		CHECK(d.dest == VNR_DEST_WIRE && d.reason == VNR_REASON_FORWARD && d.cnt_func == 0,
		      "row 21 shape %u", i);
		check_desc(&d.tso, &w, "row 21");
	}
	/* a VF's plain frame, forwarded without encap (MAC replaced) */
	{
		struct vnr_rule r = { .action = 1, .set_dmac = 1, .ttl_dec = 1 };
		size_t len = mk(&c[5], &y);
		struct vnr_tso_desc w = desc_of(&y, 1000);

		mac_rule(2, 4, &r);
		classify(frame, len, 4, 1, 1000, &d);
		CHECK(d.reason == VNR_REASON_FORWARD && d.P == 0 && d.cnt_func == 4, "row 20 plain");
		check_desc(&d.tso, &w, "row 20 plain");
	}
}


/* what vnr_core_process emits */
#define MAX_SEGS 64
static struct emitted {
	unsigned n;
	enum vnr_dest dest[MAX_SEGS];
	size_t len[MAX_SEGS];
	uint32_t meta[MAX_SEGS][4];
	uint8_t *b[MAX_SEGS];
} em;

static void grab(void *arg, enum vnr_dest dest, const uint8_t *data, size_t len,
		 const uint32_t meta[4])
{
	(void)arg;
	if (em.n >= MAX_SEGS)
		return;
	em.dest[em.n] = dest;
	em.len[em.n] = len;
	memcpy(em.meta[em.n], meta, 16);
	em.b[em.n] = malloc(len);
	memcpy(em.b[em.n], data, len);
	em.n++;
}

static void em_clear(void)
{
	for (unsigned i = 0; i < em.n; i++)
		free(em.b[i]);
	em.n = 0;
}

static int meta_same_but_seg(const uint32_t a[4], const uint32_t b[4])
{
	uint32_t x[4], y[4];

	memcpy(x, a, 16), memcpy(y, b, 16);
	VNR_META_SET(x, OUT, SEG, 0), VNR_META_SET(x, OUT, SEG_MORE, 0);
	VNR_META_SET(y, OUT, SEG, 0), VNR_META_SET(y, OUT, SEG_MORE, 0);
	return !memcmp(x, y, 16);
}

static void check_emitted(const struct vnr_decision *d, const struct seg_ref *r)
{
	CHECK(em.n == r->nseg, "%s: %u frames emitted, want %u", r->what, em.n, r->nseg);
	for (unsigned k = 0; k < em.n && k < r->nseg; k++) {
		CHECK(em.dest[k] == VNR_DEST_WIRE && VNR_META_GET(em.meta[k], OUT, SEG) == k &&
		      VNR_META_GET(em.meta[k], OUT, SEG_MORE) == (k + 1 < r->nseg) &&
		      meta_same_but_seg(em.meta[k], d->meta),
		      "%s k=%u: meta out seg, seg_more", r->what, k);
		verify_seg(r, k, em.b[k], em.len[k]);
	}
}

/* A VF's plain super-frame encapsulated by a rule: the descriptor, and the
 * segments vnr_core_process emits checked against the template and frame. */
static void encap_case(unsigned prof, int vlan, int udp_csum, const struct spec *s, unsigned mss)
{
	struct vnr_rule r;
	unsigned P = tmpl_build(&r, prof, vlan, udp_csum), E = vlan ? 18 : 14;
	unsigned S = prof == 2 ? s->ivlan ? 18 : 14 : 0, id = st.ip_id;
	static uint8_t in[BUF], hdr[VNR_TSO_HDR_MAX];
	struct lay y, yo;
	size_t len = build(s, in, &y);
	struct vnr_decision d;
	struct vnr_tso_desc w;
	struct seg_ref ref;
	uint32_t m[4];

	mac_rule(1, 3, &r);
	yo = (struct lay){ .o_en = 1, .udp_en = prof != 0, .gre_en = prof == 0, .v6 = y.v6,
			   .ip_o = E, .udp = E + 20, .gre = E + 20, .ip_i = y.ip_i - S + P,
			   .tcp = y.tcp - S + P, .H = y.H - S + P };
	w = desc_of(&yo, mss);
	memcpy(hdr, r.tmpl, P);
	memcpy(hdr + P, in + S, y.H - S);
	wr16(hdr + E + 4, id);	/* the ID this frame takes */
	ref = (struct seg_ref){ &yo, hdr, in + y.H, s->T, mss, nseg_of(s->T, mss), "encap" };
	meta_in(m, 3, 0, 0);
	VNR_META_SET(m, IN, TSO, 1);
	VNR_META_SET(m, IN, MSS, mss);
	em_clear();
	vnr_core_process(&cfg, &st, VNR_PATH_EGRESS, in, len, m, grab, NULL, &d);
	CHECK(d.reason == VNR_REASON_FORWARD && d.P == P && d.S == S && d.cnt_func == 3,
	      "encap prof %u: reason %u P %u S %u", prof, d.reason, d.P, d.S);
	check_desc(&d.tso, &w, "encap");
	check_emitted(&d, &ref);
	CHECK_EQ(st.ip_id, (uint16_t)(id + 1));	/* one ID per super-frame */
}

static void test_encap_segments(void)
{
	static const struct spec c[] = {
		{ PLAIN, .T = 4000, .flags = 0x99, .seq = 0xfffff000, .iid = 0xfffd },
		{ PLAIN, .ivlan = 1, .v6 = 1, .doff = 8, .T = 1, .flags = 0x19 },
		{ PLAIN, .T = 2896, .flags = 0x18 },
	};

	tables_reset();
	eg->mtu[3] = 9000;
	st.ip_id = 0xfffe;
	for (unsigned prof = 0; prof < 3; prof++)
		for (unsigned v = 0; v < 2; v++)
			for (unsigned i = 0; i < 3; i++) {
				encap_case(prof, v, v, &c[i], 1448);
				encap_case(prof, !v, v, &c[i], 1000);
			}
	em_clear();
}

/* A PF tunnel through vnr_core_process, clamped: reason and meta on every
 * segment; a TSO frame to the PF is emitted whole. */
static void test_process_tunnel(void)
{
	struct spec s = { GRE, .T = 20000, .flags = 0x18, .oid = 7 };
	struct vnr_decision d;
	struct seg_ref ref;
	struct lay y;
	size_t len;
	uint32_t m[4];

	tables_reset();
	len = mk(&s, &y);
	ref = (struct seg_ref){ &y, frame, frame + y.H, s.T, 9000 - (y.H - y.ip_o), 0, "pf gre" };
	ref.nseg = nseg_of(s.T, ref.m);
	meta_in(m, 0, 0, 0);
	VNR_META_SET(m, IN, TSO, 1);
	VNR_META_SET(m, IN, MSS, 9500);
	em_clear();
	vnr_core_process(&cfg, &st, VNR_PATH_EGRESS, frame, len, m, grab, NULL, &d);
	CHECK(d.reason == VNR_REASON_MSS_CLAMP && d.tso.mss == ref.m, "PF clamp");
	check_emitted(&d, &ref);
	CHECK_EQ(VNR_META_GET(em.meta[0], OUT, REASON), VNR_REASON_MSS_CLAMP);
	/* a VF's TSO frame with no rule goes to the PF whole */
	s.tun = PLAIN;
	len = mk(&s, &y);
	meta_in(m, 1, 0, 0);
	VNR_META_SET(m, IN, TSO, 1);
	VNR_META_SET(m, IN, MSS, 1000);
	em_clear();
	vnr_core_process(&cfg, &st, VNR_PATH_EGRESS, frame, len, m, grab, NULL, &d);
	CHECK(em.n == 1 && em.len[0] == len && em.dest[0] == VNR_DEST_HOST &&
	      !memcmp(em.b[0], frame, len) && VNR_META_GET(em.meta[0], OUT, SEG) == 0 &&
	      VNR_META_GET(em.meta[0], OUT, SEG_MORE) == 0, "to the PF whole");
	em_clear();
	/* dropped: nothing */
	VNR_META_SET(m, IN, MSS, 0);
	vnr_core_process(&cfg, &st, VNR_PATH_EGRESS, frame, len, m, grab, NULL, &d);
	CHECK(em.n == 0 && d.reason == VNR_REASON_TSO_MSS, "dropped: nothing emitted");
}

void test_tso(void)
{
	test_desc_layout();
	test_seg_shapes();
	test_seg_counts();
	test_seg_zero_sums();
	test_seg_field_order();
	test_rows_mss_nottcp();
	test_rows_hdr();
	test_rows_badlen();
	test_rows_clamp();
	test_rows_rules();
	test_desc_tunnel_plain();
	test_encap_segments();
	test_process_tunnel();
	vnr_egress_tables_free(eg);
	eg = NULL;
}
