// SPDX-License-Identifier: MIT
/*
 * The ingress decision (docs/ingress.md sections 2-5): recognition, the key
 * and its rule, the order of checks, and for a delivered frame the
 * decapsulating edit. Cut-through: everything is read from the 256-byte
 * window, with len known only when the frame ends inside it.
 */
#include <string.h>
#include "vnr_core.h"
#include "csum.h"

#define ETH_P_IPV4  0x0800
#define ETH_P_IPV6  0x86dd
#define ETH_P_8021Q 0x8100

/*
 * Byte i of the window. A validated profile keeps the inner header below
 * 142 + 18 + 40 bytes, but the driver's software path may hand the core an
 * unchecked configuration: past the window reads 0, like past the frame end.
 */
static unsigned hb(const uint8_t *h, unsigned i)
{
	return i < VNR_HDR_INGRESS ? h[i] : 0;
}

static unsigned hb16(const uint8_t *h, unsigned i)
{
	return hb(h, i) << 8 | hb(h, i + 1);
}

/* The inner packet of a recognised frame (section 3). */
struct ig_inner {
	unsigned i, l3i, et;
	int ip4, ip6;
	unsigned ttl;
};

static unsigned version_type(unsigned ver)
{
	return ver == 4 ? ETH_P_IPV4 : ver == 6 ? ETH_P_IPV6 : 0;
}

/* "IPv4"/"IPv6" need the fixed header inside the frame (when len is known)
 * and, for an unchecked configuration, inside the window we patch. */
static int inner_ip_fits(const struct ig_inner *in, long len, unsigned hlen)
{
	return in->l3i + hlen <= VNR_HDR_INGRESS && (len < 0 || len >= (long)(in->l3i + hlen));
}

static void inner_parse(const struct vnr_profile *p, const uint8_t *h, long len, unsigned o,
			struct ig_inner *in)
{
	unsigned ver;

	memset(in, 0, sizeof(*in));
	in->i = o + p->opaque_len;
	if (p->inner_eth) {
		in->et = hb16(h, in->i + 12);
		in->l3i = in->i + 14;
		if (in->et == ETH_P_8021Q) {
			in->et = hb16(h, in->i + 16);
			in->l3i = in->i + 18;
		}
	} else {
		in->l3i = in->i;
		in->et = version_type(hb(h, in->i) >> 4);
	}
	ver = hb(h, in->l3i) >> 4;
	in->ip4 = in->et == ETH_P_IPV4 && ver == 4 && inner_ip_fits(in, len, 20);
	in->ip6 = in->et == ETH_P_IPV6 && ver == 6 && inner_ip_fits(in, len, 40);
	if (in->ip4)
		in->ttl = h[in->l3i + 8];
	else if (in->ip6)
		in->ttl = h[in->l3i + 7];
}

/* The 14 bytes a rule supplies for a profile without inner Ethernet */
static void inner_eth_prefix(const struct vnr_irule *r, unsigned et, uint8_t *prefix)
{
	memcpy(prefix, r->inner_dmac, 6);
	memcpy(prefix + 6, r->inner_smac, 6);
	vnr_put16(prefix + 12, r->inner_type ? r->inner_type : et);
}

/* Row 9 (section 5): strip up to the inner packet, prepend, patch the TTL */
static void decapsulate(const struct vnr_profile *p, const struct vnr_irule *r,
			const struct ig_inner *in, struct vnr_decision *d)
{
	d->S = in->i;
	d->P = 0;
	if (!p->inner_eth) {
		d->P = VNR_INNER_ETH_BYTES;
		inner_eth_prefix(r, in->et, d->prefix);
	}
	if (r->ttl_dec && (in->ip4 || in->ip6))
		vnr_ttl_sub(d->win + in->l3i, in->ip4, r->ttl_dec);
}

/* Row 7: Lout = P + len - S, when len is known */
static int decap_short(const struct vnr_profile *p, const struct ig_inner *in, long len)
{
	long P = p->inner_eth ? 0 : VNR_INNER_ETH_BYTES;

	return len >= 0 && P + len - (long)in->i < (long)VNR_MIN_FRAME;
}

/* Rows 5-9: the rule r in slot 'slot' hit. */
static void rule_rows(const struct vnr_config *cfg, const struct vnr_recog *rc,
		      const uint8_t *hdr, long len, uint32_t slot, struct vnr_decision *d)
{
	const struct vnr_irule *r = &cfg->ig->irule[slot];
	const struct vnr_profile *p = &cfg->prof[rc->profile];
	struct ig_inner in;

	d->rule_hit = 1;
	d->rule = slot;
	d->cnt_func = r->vf;
	inner_parse(p, hdr, len, rc->opaque, &in);
	if (r->action == VNR_IRULE_TRAP) {
		d->dest = VNR_DEST_HOST;
		d->reason = VNR_REASON_TRAP_RULE;
	} else if (r->action == VNR_IRULE_DROP) {
		d->dest = VNR_DEST_DROP;
		d->reason = VNR_REASON_DROP_RULE;
	} else if (decap_short(p, &in, len)) {
		d->dest = VNR_DEST_DROP;
		d->reason = VNR_REASON_DECAP_SHORT;
	} else if (r->ttl_dec && (in.ip4 || in.ip6) && in.ttl <= r->ttl_dec) {
		d->dest = VNR_DEST_HOST;
		d->reason = VNR_REASON_TTL;
	} else {
		d->dest = VNR_DEST_HOST;
		d->reason = VNR_REASON_FORWARD;
		decapsulate(p, r, &in, d);
	}
}

/* Rows 1-9 without the metadata; returns the key's short flag. */
static int decide(const struct vnr_config *cfg, const struct vnr_recog *rc, const uint8_t *hdr,
		  long len, struct vnr_decision *d)
{
	uint8_t key[VNR_KEY_BYTES];
	uint32_t slot;
	int kshort;

	d->dest = VNR_DEST_HOST;
	if (len >= 0 && len < VNR_MIN_FRAME) {
		d->dest = VNR_DEST_DROP;
		d->reason = VNR_REASON_RUNT;
		return 0;
	}
	if (cfg->debug) {
		d->reason = VNR_REASON_DEBUG;
		return 0;
	}
	if (!rc->encap) {
		d->reason = VNR_REASON_NOT_ENCAP;
		return 0;
	}
	/* a config without ingress tables (older callers) has them at reset:
	 * no slot is valid, so nothing hits */
	if (!cfg->ig) {
		d->reason = VNR_REASON_NO_IRULE;
		return 0;
	}
	kshort = vnr_ingress_key(cfg->ig, hdr, len, key);
	if (!vnr_irule_lookup(cfg->ig, rc->profile, kshort, key, &slot)) {
		d->reason = VNR_REASON_NO_IRULE;
		return 0;
	}
	rule_rows(cfg, rc, hdr, len, slot, d);
	return kshort;
}

static void fill_meta(const struct vnr_recog *rc, int kshort, struct vnr_decision *d)
{
	VNR_META_SET(d->meta, OUT, FUNC, d->reason == VNR_REASON_FORWARD ? d->cnt_func : 0);
	VNR_META_SET(d->meta, OUT, REASON, d->reason);
	VNR_META_SET(d->meta, OUT, SRC_FUNC, 0);
	VNR_META_SET(d->meta, OUT, SEGS, 1);
	VNR_META_SET(d->meta, OUT, FROM_NET, 1);
	/* a recognised frame says so whatever row decided it (debug included);
	 * a runt is decided before recognition counts */
	if (rc->encap && d->reason != VNR_REASON_RUNT) {
		VNR_META_SET(d->meta, OUT, ENCAP, 1);
		VNR_META_SET(d->meta, OUT, PROFILE, rc->profile);
		VNR_META_SET(d->meta, OUT, FLOW_ID, rc->flow_id);
	}
	if (d->rule_hit) {
		VNR_META_SET(d->meta, OUT, RULE_HIT, 1);
		VNR_META_SET(d->meta, OUT, RULE, d->rule);
		VNR_META_SET(d->meta, OUT, KEY_SHORT, kshort);
	}
	if (d->reason == VNR_REASON_FORWARD)
		VNR_META_SET(d->meta, OUT, DECAP, 1);
}

void vnr_classify_ingress(const struct vnr_config *cfg, const uint8_t *hdr, long len,
			  const uint32_t meta_in[4], struct vnr_decision *d)
{
	struct vnr_recog rc;
	int kshort;

	(void)meta_in;	/* n2e metadata carries nothing used yet */
	memset(d, 0, sizeof(*d));
	/* unedited unless row 9 says otherwise: P = S = 0, h' = h */
	memcpy(d->win, hdr, VNR_HDR_INGRESS);
	vnr_recognise(cfg, hdr, len, &rc);
	kshort = decide(cfg, &rc, hdr, len, d);
	fill_meta(&rc, kshort, d);
}
