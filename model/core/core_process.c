// SPDX-License-Identifier: MIT
/*
 * Whole-frame view of a path: decide exactly as the timing layer does at the
 * decision point (egress: the whole frame; ingress: the header window), then
 * emit the output frame of the decision (docs/timing.md 3.3).
 */
#include <stdlib.h>
#include <string.h>
#include "vnr_core.h"

static void classify_ingress_window(const struct vnr_config *cfg, const uint8_t *frame,
				    size_t len, const uint32_t meta_in[4],
				    struct vnr_decision *d)
{
	uint8_t win[VNR_HDR_INGRESS] = { 0 };	/* zero past the end */
	long known = len <= VNR_HDR_INGRESS ? (long)len : -1;

	memcpy(win, frame, len < VNR_HDR_INGRESS ? len : VNR_HDR_INGRESS);
	vnr_classify_ingress(cfg, win, known, meta_in, d);
}

/* A TSO frame to the wire leaves as nseg frames (docs/tso.md section 3),
 * each with the super-frame's meta out plus its segment number. */
static void emit_segments(const struct vnr_decision *d, const uint8_t *o, size_t lout,
			  vnr_emit_fn emit, void *arg)
{
	unsigned nseg = vnr_tso_nseg(&d->tso, lout);
	uint8_t *seg = malloc((size_t)d->tso.hlen + d->tso.mss + 1);
	uint32_t meta[4];
	size_t lk;

	if (!seg)
		abort();
	for (unsigned k = 0; k < nseg; k++) {
		lk = vnr_tso_segment(&d->tso, o, lout, k, seg);
		memcpy(meta, d->meta, sizeof(meta));
		VNR_META_SET(meta, OUT, SEG, k);
		VNR_META_SET(meta, OUT, SEG_MORE, k + 1 < nseg);
		emit(arg, d->dest, seg, lk, meta);
	}
	free(seg);
}

static void emit_edited(const struct vnr_decision *d, enum vnr_path path, const uint8_t *frame,
			size_t len, vnr_emit_fn emit, void *arg)
{
	unsigned hdr = path == VNR_PATH_EGRESS ? VNR_HDR_EGRESS : VNR_HDR_INGRESS;
	uint8_t *out = malloc(d->P + len + 1);
	size_t lout;

	if (!out)
		abort();
	lout = vnr_edit_frame(d, frame, len, hdr, out);
	if (d->tso.en && d->dest == VNR_DEST_WIRE)
		emit_segments(d, out, lout, emit, arg);
	else
		emit(arg, d->dest, out, lout, d->meta);
	free(out);
}

int vnr_core_process(const struct vnr_config *cfg, struct vnr_core_state *st, enum vnr_path path,
		     const uint8_t *frame, size_t len, const uint32_t meta_in[4], vnr_emit_fn emit,
		     void *arg, struct vnr_decision *d_out)
{
	static const uint32_t none[4];
	struct vnr_decision d;

	if (!meta_in)
		meta_in = none;
	if (path == VNR_PATH_EGRESS)
		vnr_classify_egress(cfg, st, frame, len, len > VNR_MAX_EG_FRAME, meta_in, &d);
	else
		classify_ingress_window(cfg, frame, len, meta_in, &d);
	if (d.dest != VNR_DEST_DROP && emit)
		emit_edited(&d, path, frame, len, emit, arg);
	if (d_out)
		*d_out = d;
	return d.reason;
}
