// SPDX-License-Identifier: MIT
/*
 * The ingress decision (docs/architecture.md, "Ingress (n2e), in this order").
 * No ingress rule table yet: every frame ends at the PF, and recognition only
 * decides between NOT_ENCAP and NO_IRULE and fills the metadata.
 */
#include <string.h>
#include "vnr_core.h"

void vnr_classify_ingress(const struct vnr_config *cfg, const uint8_t *hdr, long len,
			  const uint32_t meta_in[4], struct vnr_decision *d)
{
	struct vnr_recog r;

	(void)meta_in;	/* n2e metadata carries nothing used yet */
	vnr_recognise(cfg, hdr, len, &r);
	memset(d, 0, sizeof(*d));
	/* unedited: P = S = 0 and the patched window is the window */
	memcpy(d->win, hdr, VNR_HDR_INGRESS);
	d->cnt_func = 0;
	if (len >= 0 && len < VNR_MIN_FRAME) {
		d->dest = VNR_DEST_DROP;
		d->reason = VNR_REASON_RUNT;
	} else if (cfg->debug) {
		d->dest = VNR_DEST_HOST;
		d->reason = VNR_REASON_DEBUG;
	} else if (!r.encap) {
		d->dest = VNR_DEST_HOST;
		d->reason = VNR_REASON_NOT_ENCAP;
	} else {
		d->dest = VNR_DEST_HOST;
		d->reason = VNR_REASON_NO_IRULE;
	}
	VNR_META_SET(d->meta, OUT, FUNC, 0);
	VNR_META_SET(d->meta, OUT, REASON, d->reason);
	VNR_META_SET(d->meta, OUT, SEGS, 1);
	VNR_META_SET(d->meta, OUT, FROM_NET, 1);
	/* a recognised frame says so whatever row decided it (debug included) */
	if (r.encap) {
		VNR_META_SET(d->meta, OUT, ENCAP, 1);
		VNR_META_SET(d->meta, OUT, PROFILE, r.profile);
		VNR_META_SET(d->meta, OUT, FLOW_ID, r.flow_id);
	}
}
