// SPDX-License-Identifier: MIT
/*
 * Editing a forwarded frame (docs/egress.md section 3): MAC replacement and
 * TTL in the patched window, then the template with its filled fields. The
 * checksums are summed over the output frame exactly as it will be sent,
 * built with vnr_edit_frame, so they cannot disagree with what the reader
 * emits.
 */
#include <stdlib.h>
#include <string.h>
#include "egress.h"
#include "csum.h"

static void mac_replace(const struct vnr_rule *r, uint8_t *win)
{
	if (r->set_dmac)
		memcpy(win, r->dmac, 6);
	if (r->set_smac)
		memcpy(win + 6, r->smac, 6);
}

/* One hop: RFC 1624 eqn 3 on the word holding TTL (TTL, protocol), shared
 * with ingress decapsulation */
static void ttl_patch(const struct eg_frame *f, uint8_t *win)
{
	if (f->ip4 || f->ip6)
		vnr_ttl_sub(win + f->l3, f->ip4, 1);
}

/* Where the template's parts are in the output frame */
struct encap_geom {
	unsigned E, L, P;      /* outer Ethernet, opaque length, prefix length */
	size_t lout, n;        /* output length, inner bytes */
};

static void ipv4_fill(uint8_t *o, const struct encap_geom *g, uint16_t id)
{
	uint8_t *ip = o + g->E;

	vnr_put16(ip + 2, 20 + g->L + g->n);
	vnr_put16(ip + 4, id);
	vnr_put16(ip + 10, 0);
	vnr_put16(ip + 10, (uint16_t)~vnr_csum_fold(vnr_csum_add(0, ip, 20)));
}

/* UDP style: bytes from 4 bytes before the field to the end of the frame */
static void len_fill(uint8_t *o, const struct encap_geom *g, const struct vnr_profile *p)
{
	if (p->len_en && p->len_off + 2u <= g->L)
		vnr_put16(o + g->E + 20 + p->len_off, g->L - p->len_off + 4 + g->n);
}

/* Sum of the opaque header and the inner bytes as they stand in o */
static uint64_t opaque_sum(const uint8_t *o, const struct encap_geom *g)
{
	return vnr_csum_add(0, o + g->E + 20, g->lout - g->E - 20);
}

static void udp_csum(uint8_t *o, const struct encap_geom *g)
{
	uint8_t *ip = o + g->E, *udp = ip + 20;
	uint64_t s;
	uint16_t c;

	if (ip[9] != 17 || g->L < 8 || vnr_get16(udp + 6) == 0)
		return;	/* a zero checksum stays zero: none computed */
	vnr_put16(udp + 6, 0);
	s = vnr_csum_add(0, ip + 12, 8);	/* source, destination */
	s = vnr_csum_add16(s, 17);
	s = vnr_csum_add16(s, vnr_get16(udp + 4));
	s += opaque_sum(o, g);
	c = (uint16_t)~vnr_csum_fold(s);
	vnr_put16(udp + 6, c ? c : 0xffff);
}

/* GRE style: RFC 1071 over the opaque header and the inner bytes */
static void opaque_csum(uint8_t *o, const struct encap_geom *g, const struct vnr_profile *p)
{
	uint8_t *field = o + g->E + 20 + p->csum_off;

	if (!p->csum_en || p->csum_off + 2u > g->L)
		return;
	vnr_put16(field, 0);
	vnr_put16(field, (uint16_t)~vnr_csum_fold(opaque_sum(o, g)));
}

/* Fills the template's fields in the order docs/egress.md lists them; each
 * is computed over the bytes as they stand when it is filled. */
static void template_fill(const struct vnr_config *cfg, struct vnr_core_state *st,
			  const struct vnr_rule *r, const uint8_t *frame, size_t len,
			  struct vnr_decision *d)
{
	const struct vnr_profile *p = &cfg->prof[r->profile % VNR_NUM_PROFILES];
	struct encap_geom g;
	uint8_t *o = malloc(d->P + len);

	if (!o)
		abort();
	g.E = eg_rule_E(r);
	g.L = d->P - g.E - 20;
	g.P = d->P;
	g.lout = vnr_edit_frame(d, frame, len, VNR_HDR_EGRESS, o);
	g.n = g.lout - g.P;
	ipv4_fill(o, &g, st ? st->ip_id : 0);
	len_fill(o, &g, p);
	opaque_csum(o, &g, p);
	udp_csum(o, &g);	/* last: the UDP checksum covers the opaque one */
	memcpy(d->prefix, o, d->P);
	free(o);
}

void eg_forward_geom(const struct vnr_config *cfg, const struct vnr_rule *r,
		     const struct eg_frame *f, unsigned *P, unsigned *S)
{
	const struct vnr_profile *p = &cfg->prof[r->profile % VNR_NUM_PROFILES];

	*P = r->encap ? eg_rule_E(r) + 20 + eg_rule_L(r) : 0;
	*S = r->encap && !p->inner_eth ? f->l3 : 0;
}

static void encapsulate(const struct vnr_config *cfg, struct vnr_core_state *st,
			const struct vnr_rule *r, const struct eg_frame *f, const uint8_t *frame,
			struct vnr_decision *d)
{
	eg_forward_geom(cfg, r, f, &d->P, &d->S);
	memcpy(d->prefix, r->tmpl, d->P);
	template_fill(cfg, st, r, frame, f->len, d);
	if (st)
		st->ip_id++;
	VNR_META_SET(d->meta, OUT, ENCAP, 1);
	VNR_META_SET(d->meta, OUT, PROFILE, r->profile);
}

void eg_edit_forward(const struct vnr_config *cfg, struct vnr_core_state *st,
		     const struct vnr_rule *r, const struct eg_frame *f, const uint8_t *frame,
		     struct vnr_decision *d)
{
	mac_replace(r, d->win);
	if (r->ttl_dec)
		ttl_patch(f, d->win);
	if (r->encap)
		encapsulate(cfg, st, r, f, frame, d);
}
