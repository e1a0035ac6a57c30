// SPDX-License-Identifier: MIT
/*
 * Whole-frame view of a path: decide from the header window exactly as the
 * timing layer does at the decision point, then emit the frame unchanged.
 */
#include <string.h>
#include "vnr_core.h"

static unsigned path_window(enum vnr_path path)
{
	return path == VNR_PATH_EGRESS ? VNR_HDR_EGRESS : VNR_HDR_INGRESS;
}

int vnr_core_process(const struct vnr_config *cfg, enum vnr_path path, const uint8_t *frame,
		     size_t len, const uint32_t meta_in[4], vnr_emit_fn emit, void *arg,
		     struct vnr_decision *d_out)
{
	static const uint32_t none[4];
	uint8_t win[VNR_HDR_INGRESS] = { 0 };	/* largest window, zero past the end */
	unsigned hdr = path_window(path);
	long known = len <= hdr ? (long)len : -1;
	struct vnr_decision d;

	if (!meta_in)
		meta_in = none;
	if (len)
		memcpy(win, frame, len < hdr ? len : hdr);
	if (path == VNR_PATH_EGRESS)
		vnr_classify_egress(cfg, win, known, meta_in, &d);
	else
		vnr_classify_ingress(cfg, win, known, meta_in, &d);
	if (d.dest != VNR_DEST_DROP && emit)
		emit(arg, d.dest, frame, len, d.meta);
	if (d_out)
		*d_out = d;
	return d.reason;
}
