// SPDX-License-Identifier: MIT
/*
 * The egress decision (docs/egress.md section 1): the first row that applies
 * decides. Egress is store and forward, so the whole frame and its length
 * are known (except for TOO_BIG, which decides before anything is read).
 * A frame with tso also takes rows 16a-16e and 20a (docs/tso.md, the checks
 * in tso_check.c) and, on its way to the wire, a descriptor in d->tso.
 */
#include <string.h>
#include "egress.h"

static void set_egress(struct vnr_decision *d, enum vnr_dest dest, unsigned reason,
		       unsigned cnt_func, unsigned out_func, unsigned src)
{
	d->dest = dest;
	d->reason = reason;
	d->cnt_func = cnt_func;
	VNR_META_SET(d->meta, OUT, FUNC, out_func);
	VNR_META_SET(d->meta, OUT, REASON, reason);
	VNR_META_SET(d->meta, OUT, SRC_FUNC, src);
	VNR_META_SET(d->meta, OUT, SEGS, 1);
}

/* The window h[] and, until an edit patches it, h' = h. */
static void load_window(struct vnr_decision *d, const uint8_t *frame, size_t len)
{
	memset(d, 0, sizeof(*d));
	memcpy(d->win, frame, len < VNR_HDR_EGRESS ? len : VNR_HDR_EGRESS);
}

/* Rows 1-7: what does not look at the frame's contents. */
static int admin_rows(const struct vnr_config *cfg, const uint32_t *mi, size_t len, int too_big,
		      struct vnr_decision *d)
{
	unsigned src = VNR_META_GET(mi, IN, FUNC);
	unsigned vf = VNR_META_GET(mi, IN, INJECT_VF);
	int inject = VNR_META_GET(mi, IN, INJECT);
	int src_ok = src <= cfg->num_vf && src < VNR_MAX_FUNCS;

	if (too_big)
		set_egress(d, VNR_DEST_DROP, VNR_REASON_TOO_BIG, src_ok ? src : 0, 0, src);
	else if (len < VNR_MIN_FRAME)
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
		set_egress(d, VNR_DEST_HOST, VNR_REASON_INJECT, vf, vf, 0);
	else
		return 0;
	return 1;
}

/* Rows 8-16, VFs only: source checks, traps, MTU. */
static int vf_rows(const struct vnr_egress_tables *t, const struct eg_frame *f, int tso,
		   struct vnr_decision *d)
{
	int reason = -1;

	if (f->func == 0)
		return 0;
	if (t)
		reason = eg_source_checks(&t->vf[f->func], f);
	if (reason >= 0) {
		set_egress(d, VNR_DEST_DROP, reason, f->func, 0, f->func);
		return 1;
	}
	reason = t ? eg_traps(t->trap_ctrl, f) : -1;
	if (reason >= 0) {
		set_egress(d, VNR_DEST_HOST, reason, f->func, 0, f->func);
		return 1;
	}
	if (eg_mtu_exceeded(t, f, tso)) {
		set_egress(d, VNR_DEST_DROP, VNR_REASON_MTU, f->func, 0, f->func);
		return 1;
	}
	return 0;
}

/* The rule the frame's key hits in the active bank, or NULL. */
static const struct vnr_rule *lookup(const struct vnr_egress_tables *t,
				     const struct eg_frame *f, uint32_t *idx)
{
	uint32_t key[6];
	const struct vnr_rule *r;

	if (!t)
		return NULL;
	eg_build_key(f, key);
	if (!vnr_bst_lookup(t, t->active, key, idx))
		return NULL;
	r = &t->rule[t->active & 1][*idx];
	return r->action ? r : NULL;
}

/* Rows 16a-16e (docs/tso.md section 2), for the PF's frames too */
static int tso_rows(const struct vnr_config *cfg, const struct eg_frame *f, unsigned mss,
		    struct eg_tso *x, struct vnr_decision *d)
{
	int reason = eg_tso_checks(cfg, f, mss, x);

	if (reason < 0)
		return 0;
	set_egress(d, VNR_DEST_DROP, reason, f->func, 0, f->func);
	return 1;
}

/* Row 20a: a header too long to replicate, or a host's tunnel that the
 * rule would wrap in a second one (the segmenter redoes one tunnel layer);
 * decided before the edit, so a refused frame takes no outer IPv4 ID. */
static int tso_hdr_too_long(const struct vnr_config *cfg, const struct vnr_rule *r,
			    const struct eg_frame *f, const struct eg_tso *x)
{
	unsigned P = 0, S = 0;

	if (!x)
		return 0;
	if (x->tunnel && r && r->encap)
		return 1;
	if (r)
		eg_forward_geom(cfg, r, f, &P, &S);
	return eg_tso_hout(x, P, S) > VNR_TSO_HDR_MAX;
}

/* A TSO frame on its way to the wire: the descriptor, and MSS_CLAMP when
 * its MSS was lowered. */
static void tso_to_wire(const struct vnr_config *cfg, const struct vnr_rule *r,
			const struct eg_tso *x, struct vnr_decision *d)
{
	if (!x)
		return;
	eg_tso_desc(cfg, r, x, d->P, d->S, &d->tso);
	if (x->clamped) {
		d->reason = VNR_REASON_MSS_CLAMP;
		VNR_META_SET(d->meta, OUT, REASON, VNR_REASON_MSS_CLAMP);
	}
}

/* Rows 17-20 and 20a; x: the TSO checks' findings, NULL without tso */
static void rule_rows(const struct vnr_config *cfg, struct vnr_core_state *st,
		      const struct vnr_rule *r, uint32_t idx, const struct eg_frame *f,
		      const uint8_t *frame, const struct eg_tso *x, struct vnr_decision *d)
{
	unsigned fn = f->func;

	if (r->action == 2)
		set_egress(d, VNR_DEST_HOST, VNR_REASON_TRAP_RULE, fn, 0, fn);
	else if (r->action == 3)
		set_egress(d, VNR_DEST_DROP, VNR_REASON_DROP_RULE, fn, 0, fn);
	else if (r->ttl_dec && eg_ttl_expired(f))
		set_egress(d, VNR_DEST_HOST, VNR_REASON_TTL, fn, 0, fn);
	else if (tso_hdr_too_long(cfg, r, f, x))
		set_egress(d, VNR_DEST_DROP, VNR_REASON_TSO_HDR, fn, 0, fn);
	else {
		set_egress(d, VNR_DEST_WIRE, VNR_REASON_FORWARD, fn, fn, fn);
		eg_edit_forward(cfg, st, r, f, frame, d);
		tso_to_wire(cfg, r, x, d);
	}
	d->rule_hit = 1;
	d->rule = idx;
	VNR_META_SET(d->meta, OUT, RULE_HIT, 1);
	VNR_META_SET(d->meta, OUT, RULE, idx);
}

void vnr_classify_egress(const struct vnr_config *cfg, struct vnr_core_state *st,
			 const uint8_t *frame, size_t len, int too_big,
			 const uint32_t meta_in[4], struct vnr_decision *d)
{
	static const uint32_t none[4];
	const uint32_t *mi = meta_in ? meta_in : none;
	const struct vnr_egress_tables *t = cfg->eg;
	uint8_t h[VNR_HDR_EGRESS];
	const struct vnr_rule *r;
	struct eg_frame f;
	struct eg_tso tso, *x = NULL;
	uint32_t idx;

	load_window(d, frame, len);
	if (admin_rows(cfg, mi, len, too_big, d))
		return;
	memcpy(h, d->win, sizeof(h));
	eg_parse(&f, h, len, VNR_META_GET(mi, IN, FUNC));
	if (vf_rows(t, &f, VNR_META_GET(mi, IN, TSO), d))
		return;
	if (VNR_META_GET(mi, IN, TSO)) {
		if (tso_rows(cfg, &f, VNR_META_GET(mi, IN, MSS), &tso, d))
			return;
		x = &tso;
	}
	r = lookup(t, &f, &idx);
	if (r)
		rule_rows(cfg, st, r, idx, &f, frame, x, d);
	else if (f.func == 0 && tso_hdr_too_long(cfg, NULL, &f, x))
		set_egress(d, VNR_DEST_DROP, VNR_REASON_TSO_HDR, 0, 0, 0);
	else if (f.func == 0) {
		set_egress(d, VNR_DEST_WIRE, VNR_REASON_FORWARD, 0, 0, 0);
		tso_to_wire(cfg, NULL, x, d);
	} else
		set_egress(d, VNR_DEST_HOST, VNR_REASON_NO_RULE, f.func, 0, f.func);
}
