// SPDX-License-Identifier: MIT
/*
 * Recognition of an encapsulated frame (docs/architecture.md, SPEC 3.1/3.3):
 * outer Ethernet with at most one VLAN tag, outer IPv4, then a profile's
 * opaque header. Pure function of the header window and the profiles.
 */
#include <string.h>
#include "vnr_core.h"

#define ETH_P_IPV4  0x0800
#define ETH_P_8021Q 0x8100

/*
 * Byte i of the window. Recognition never needs more than
 * 18 + 60 + 64 bytes for a validated profile, but the core may be handed an
 * unvalidated configuration (driver software path), so every index past the
 * largest window simply reads 0, like bytes past the frame end do.
 */
static unsigned hb(const uint8_t *h, unsigned i)
{
	return i < VNR_HDR_INGRESS ? h[i] : 0;
}

static unsigned hb16(const uint8_t *h, unsigned i)
{
	return hb(h, i) << 8 | hb(h, i + 1);
}

/* Where the outer IPv4 header starts, or 0 when the frame is not IPv4. */
static unsigned outer_l3(const uint8_t *h)
{
	unsigned l3 = 14, type = hb16(h, 12);

	if (type == ETH_P_8021Q) {
		type = hb16(h, 16);
		l3 = 18;
	}
	return type == ETH_P_IPV4 ? l3 : 0;
}

/* The IPv4 checks that do not depend on a profile; returns ihl*4 or 0. */
static unsigned ipv4_hdr_len(const uint8_t *h, unsigned l3, long len)
{
	unsigned ver = hb(h, l3) >> 4, ihl = hb(h, l3) & 0xf;
	unsigned frag = hb16(h, l3 + 6);

	if (ver != 4 || ihl < 5)
		return 0;
	if (frag & 0x2000 || frag & 0x1fff)	/* MF set or offset != 0 */
		return 0;
	if (len >= 0 && (long)(l3 + 4 * ihl) > len)
		return 0;
	return 4 * ihl;
}

static int profile_fits(const struct vnr_profile *p, const uint8_t *h, unsigned l3,
			unsigned ihl4, long len)
{
	unsigned o = l3 + ihl4;
	unsigned fmt;

	if (!p->enable || p->proto != hb(h, l3 + 9))
		return 0;
	if (hb16(h, l3 + 2) < ihl4 + p->opaque_len)	/* IPv4 total length */
		return 0;
	if (len >= 0 && (long)(o + p->opaque_len) > len)
		return 0;
	fmt = hb16(h, o + p->fmt_off);
	return ((fmt ^ p->fmt_val) & p->fmt_mask) == 0;
}

/* flow len bytes, big-endian, right-aligned (a longer field keeps its low 4 bytes) */
static uint32_t flow_id(const struct vnr_profile *p, const uint8_t *h, unsigned o)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < p->flow_len; i++)
		v = v << 8 | hb(h, o + p->flow_off + i);
	return v;
}

/*
 * hdr must be readable for VNR_HDR_INGRESS bytes (zero past the frame end):
 * recognition only runs on the ingress window, and the timing layer and
 * vnr_core_process always hand it a buffer that large.
 */
void vnr_recognise(const struct vnr_config *cfg, const uint8_t *hdr, long len,
		   struct vnr_recog *r)
{
	unsigned l3, ihl4;

	memset(r, 0, sizeof(*r));
	l3 = outer_l3(hdr);
	if (!l3)
		return;
	r->l3 = l3;
	ihl4 = ipv4_hdr_len(hdr, l3, len);
	if (!ihl4)
		return;
	r->opaque = l3 + ihl4;
	for (unsigned i = 0; i < VNR_NUM_PROFILES; i++) {
		const struct vnr_profile *p = &cfg->prof[i];

		if (!profile_fits(p, hdr, l3, ihl4, len))
			continue;
		r->encap = 1;
		r->profile = i;
		r->flow_id = flow_id(p, hdr, r->opaque);
		return;
	}
}
