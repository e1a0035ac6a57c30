// SPDX-License-Identifier: MIT
/*
 * TSO in the egress decider (docs/tso.md sections 1-3): the shape of a
 * super-frame, the checks of rows 16a-16e, the MSS clamp, and the
 * descriptor handed to the segmenter. Everything is read from the header
 * window h[] (HDR_EGRESS bytes): a field the checks need past it refuses the
 * frame (TSO_HDR) rather than cut it wrongly.
 */
#include <string.h>
#include "egress.h"
#include "csum.h"

#define HDR VNR_HDR_EGRESS

/* IP version an EtherType announces: 4, 6, or 0 (not TCP for TSO) */
static unsigned type_ver(unsigned type)
{
	if (type == ETH_P_IPV4)
		return 4;
	if (type == ETH_P_IPV6)
		return 6;
	return 0;
}

/* Recognition over the egress window (bytes past h[] read 0); only the PF
 * sends tunnels of its own. */
static int tunnel_recognised(const struct vnr_config *cfg, const struct eg_frame *f,
			     struct vnr_recog *rg)
{
	uint8_t w[VNR_HDR_INGRESS] = { 0 };

	if (f->func != 0)
		return 0;
	memcpy(w, f->h, HDR);
	vnr_recognise(cfg, w, (long)f->len, rg);
	return rg->encap;
}

/* l3i of a tunnel's inner packet and its version; TSO_HDR or -1 */
static int tunnel_inner(const struct vnr_profile *p, const uint8_t *h, struct eg_tso *x,
			unsigned *ver)
{
	unsigned e = x->o + x->L, type;

	if (!p->inner_eth) {
		x->l3i = e;
		if (e >= HDR)
			return VNR_REASON_TSO_HDR;
		*ver = h[e] >> 4;
		return -1;
	}
	if (e + 14 > HDR)
		return VNR_REASON_TSO_HDR;
	type = vnr_get16(h + e + 12);
	x->l3i = e + 14;
	if (type == ETH_P_8021Q) {
		if (e + 18 > HDR)
			return VNR_REASON_TSO_HDR;
		type = vnr_get16(h + e + 16);
		x->l3i = e + 18;
	}
	*ver = type_ver(type);
	return -1;
}

/* Section 1: tunnel or plain, fip and l3i */
static int tso_shape(const struct vnr_config *cfg, const struct eg_frame *f, struct eg_tso *x,
		     unsigned *ver)
{
	struct vnr_recog rg;

	if (!tunnel_recognised(cfg, f, &rg)) {
		x->fip = x->l3i = f->l3;
		*ver = type_ver(f->type);
		return -1;
	}
	x->tunnel = 1;
	x->profile = rg.profile;
	x->fip = x->l3o = rg.l3;
	x->o = rg.opaque;
	x->L = cfg->prof[rg.profile].opaque_len;
	return tunnel_inner(&cfg->prof[rg.profile], f->h, x, ver);
}

/* Rows 16a/16b: an unfragmented IPv4 or IPv6 packet carrying TCP */
static int ip_checks(const uint8_t *h, unsigned ver, struct eg_tso *x)
{
	const uint8_t *ip = h + x->l3i;

	if (ver == 4) {
		if (x->l3i + 20 > HDR)
			return VNR_REASON_TSO_HDR;
		if (ip[0] >> 4 != 4 || (ip[0] & 0xf) < 5 || ip[9] != 6 ||
		    (vnr_get16(ip + 6) & 0x3fff))
			return VNR_REASON_TSO_NOT_TCP;
		x->tcp = x->l3i + 4 * (ip[0] & 0xf);
		return -1;
	}
	if (ver == 6) {
		if (x->l3i + 40 > HDR)
			return VNR_REASON_TSO_HDR;
		if (ip[0] >> 4 != 6 || ip[6] != 6)
			return VNR_REASON_TSO_NOT_TCP;
		x->v6 = 1;
		x->tcp = x->l3i + 40;
		return -1;
	}
	return VNR_REASON_TSO_NOT_TCP;
}

/* The lengths a segment lowers must describe the frame exactly: a
 * super-packet is never padded, and BIG TCP's 0 is not its length. */
static int lengths_wrong(const struct vnr_config *cfg, const struct eg_frame *f,
			 const struct eg_tso *x)
{
	const uint8_t *h = f->h;
	long len = (long)f->len;

	if (!x->v6 && vnr_get16(h + x->l3i + 2) != len - x->l3i)
		return 1;
	if (x->v6 && vnr_get16(h + x->l3i + 4) != len - x->l3i - 40)
		return 1;
	if (!x->tunnel)
		return 0;
	if (vnr_get16(h + x->l3o + 2) != len - x->l3o)
		return 1;
	return cfg->prof[x->profile].proto == 17 && x->L >= 8 &&
	       vnr_get16(h + x->o + 4) != len - x->o;
}

/* Rows 16c/16d: the TCP header and every length */
static int tcp_len_checks(const struct vnr_config *cfg, const struct eg_frame *f,
			  struct eg_tso *x)
{
	unsigned doff;

	if (x->tcp + 13 > HDR)
		return VNR_REASON_TSO_HDR;
	doff = f->h[x->tcp + 12] >> 4;
	if (doff < 5)
		return VNR_REASON_TSO_BAD_LEN;
	x->hin = x->tcp + 4 * doff;
	if (x->hin > f->len || lengths_wrong(cfg, f, x))
		return VNR_REASON_TSO_BAD_LEN;
	return -1;
}

/* Row 16e: a segment's first IP packet must fit the sender's MTU */
static int mss_clamp(const struct vnr_egress_tables *t, const struct eg_frame *f, unsigned mss,
		     struct eg_tso *x)
{
	long mtu, mss_max;

	if (f->func == 0)
		mtu = t ? t->pf_max_mtu : VNR_PF_MAX_MTU_DEFAULT;
	else
		mtu = t ? t->mtu[f->func] : VNR_MTU_DEFAULT;
	mss_max = mtu - (long)(x->hin - x->fip);
	if (mss_max > VNR_TSO_MSS_MAX)
		mss_max = VNR_TSO_MSS_MAX;
	if (mss_max < 1)
		return VNR_REASON_TSO_MSS;
	x->clamped = mss > mss_max;
	x->m = x->clamped ? (unsigned)mss_max : mss;
	return -1;
}

int eg_tso_checks(const struct vnr_config *cfg, const struct eg_frame *f, unsigned mss,
		  struct eg_tso *x)
{
	unsigned ver = 0;
	int reason;

	memset(x, 0, sizeof(*x));
	if (mss == 0)
		return VNR_REASON_TSO_MSS;
	reason = tso_shape(cfg, f, x, &ver);
	if (reason < 0)
		reason = ip_checks(f->h, ver, x);
	if (reason < 0)
		reason = tcp_len_checks(cfg, f, x);
	if (reason < 0)
		reason = mss_clamp(cfg->eg, f, mss, x);
	return reason;
}

unsigned eg_tso_hout(const struct eg_tso *x, unsigned P, unsigned S)
{
	return x->hin - S + P;
}

/* The outer headers' fields: outer IPv4 at ip_o, opaque header [o, o+L).
 * A length or checksum field outside the opaque header is not filled
 * (docs/egress.md section 3), so it is not changed per segment either. */
static void desc_outer(struct vnr_tso_desc *t, const struct vnr_profile *p, unsigned ip_o,
		       unsigned o, unsigned L, int udp)
{
	t->ip_o_en = 1;
	t->ip_o = ip_o;
	if (udp && L >= 8) {
		t->udp_en = 1;
		t->udp = o;
	}
	if (p->len_en && p->len_off + 2u <= L) {
		t->lenf_en = 1;
		t->lenf = o + p->len_off;
	}
	if (p->csum_en && p->csum_off + 2u <= L) {
		t->csumf_en = 1;
		t->csumf = o + p->csum_off;
		t->csum_start = o;
	}
}

void eg_tso_desc(const struct vnr_config *cfg, const struct vnr_rule *r,
		 const struct eg_tso *x, unsigned P, unsigned S, struct vnr_tso_desc *t)
{
	memset(t, 0, sizeof(*t));
	t->en = 1;
	t->v6 = x->v6;
	t->mss = x->m;
	t->hlen = eg_tso_hout(x, P, S);
	t->ip_i = x->l3i - S + P;
	t->tcp = x->tcp - S + P;
	if (r && r->encap) {
		unsigned E = eg_rule_E(r);

		desc_outer(t, &cfg->prof[r->profile % VNR_NUM_PROFILES], E, E + 20, eg_rule_L(r),
			   r->tmpl[E + 9] == 17);
	} else if (x->tunnel) {
		const struct vnr_profile *p = &cfg->prof[x->profile];

		desc_outer(t, p, x->l3o, x->o, x->L, p->proto == 17);
	}
}
