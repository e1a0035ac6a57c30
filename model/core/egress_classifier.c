// SPDX-License-Identifier: MIT
/*
 * The egress decision (docs/architecture.md, "Egress (h2e), in this order"):
 * the first row that applies decides. No rule table exists yet, so every VF
 * frame misses and is trapped to the PF.
 */
#include <string.h>
#include "vnr_core.h"

static void set_egress(struct vnr_decision *d, enum vnr_dest dest, unsigned reason,
		       unsigned cnt_func, unsigned out_func, unsigned src)
{
	memset(d, 0, sizeof(*d));
	d->dest = dest;
	d->reason = reason;
	d->cnt_func = cnt_func;
	VNR_META_SET(d->meta, OUT, FUNC, out_func);
	VNR_META_SET(d->meta, OUT, REASON, reason);
	VNR_META_SET(d->meta, OUT, SRC_FUNC, src);
	VNR_META_SET(d->meta, OUT, SEGS, 1);
}

void vnr_classify_egress(const struct vnr_config *cfg, const uint8_t *hdr, long len,
			 const uint32_t meta_in[4], struct vnr_decision *d)
{
	static const uint32_t none[4];
	const uint32_t *mi = meta_in ? meta_in : none;
	unsigned src = VNR_META_GET(mi, IN, FUNC);
	unsigned inject = VNR_META_GET(mi, IN, INJECT);
	unsigned vf = VNR_META_GET(mi, IN, INJECT_VF);
	int src_ok = src <= cfg->num_vf;

	(void)hdr;	/* no header-based rule yet */
	if (len >= 0 && len < VNR_MIN_FRAME)
		set_egress(d, VNR_DEST_DROP, VNR_REASON_RUNT, src_ok ? src : 0, 0, src);
	else if (!src_ok)
		set_egress(d, VNR_DEST_DROP, VNR_REASON_BAD_FUNC, 0, 0, src);
	else if (cfg->debug)
		set_egress(d, VNR_DEST_HOST, VNR_REASON_DEBUG, src, 0, src);
	else if (inject && src != 0)
		set_egress(d, VNR_DEST_DROP, VNR_REASON_BAD_FUNC, src, 0, src);
	else if (inject && (vf < 1 || vf > cfg->num_vf))
		set_egress(d, VNR_DEST_DROP, VNR_REASON_BAD_FUNC, 0, 0, src);
	else if (inject)
		set_egress(d, VNR_DEST_HOST, VNR_REASON_INJECT, vf, vf, src);
	else if (src == 0)
		set_egress(d, VNR_DEST_WIRE, VNR_REASON_FORWARD, 0, src, src);
	else
		set_egress(d, VNR_DEST_HOST, VNR_REASON_NO_RULE, src, 0, src);
}
