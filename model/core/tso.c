// SPDX-License-Identifier: MIT
/*
 * TSO segments (docs/tso.md section 3): the descriptor in layout tsodesc and
 * the bytes of segment k of a frame as sent. This is the functional
 * reference the RTL segmenter, the timing model and the checks compare with.
 *
 * Every field is computed from the original value in O (not from what an
 * earlier step wrote), so a field named twice (the presets' lenf is the UDP
 * length) gets the same value both times. Checksums are summed over the
 * segment as built (header then payload, contiguous), in the order 1-8 of
 * the contract, so each covers the fields filled before it.
 */
#include <string.h>
#include "vnr_core.h"
#include "csum.h"

#define TCP_FIN 0x01
#define TCP_PSH 0x08
#define TCP_CWR 0x80

#define DESC_SET(w, field, v) VNR_META_SET(w, TSODESC, field, v)
#define DESC_GET(w, field) VNR_META_GET(w, TSODESC, field)

void vnr_tso_desc_pack(const struct vnr_tso_desc *t, uint32_t w[4])
{
	memset(w, 0, 4 * sizeof(w[0]));
	DESC_SET(w, EN, t->en);
	DESC_SET(w, V6, t->v6);
	DESC_SET(w, IP_O_EN, t->ip_o_en);
	DESC_SET(w, UDP_EN, t->udp_en);
	DESC_SET(w, LENF_EN, t->lenf_en);
	DESC_SET(w, CSUMF_EN, t->csumf_en);
	DESC_SET(w, MSS, t->mss);
	DESC_SET(w, HLEN, t->hlen);
	DESC_SET(w, IP_O, t->ip_o);
	DESC_SET(w, UDP, t->udp);
	DESC_SET(w, LENF, t->lenf);
	DESC_SET(w, CSUMF, t->csumf);
	DESC_SET(w, CSUM_START, t->csum_start);
	DESC_SET(w, IP_I, t->ip_i);
	DESC_SET(w, TCP, t->tcp);
}

void vnr_tso_desc_unpack(const uint32_t w[4], struct vnr_tso_desc *t)
{
	memset(t, 0, sizeof(*t));
	t->en = DESC_GET(w, EN);
	t->v6 = DESC_GET(w, V6);
	t->ip_o_en = DESC_GET(w, IP_O_EN);
	t->udp_en = DESC_GET(w, UDP_EN);
	t->lenf_en = DESC_GET(w, LENF_EN);
	t->csumf_en = DESC_GET(w, CSUMF_EN);
	t->mss = DESC_GET(w, MSS);
	t->hlen = DESC_GET(w, HLEN);
	t->ip_o = DESC_GET(w, IP_O);
	t->udp = DESC_GET(w, UDP);
	t->lenf = DESC_GET(w, LENF);
	t->csumf = DESC_GET(w, CSUMF);
	t->csum_start = DESC_GET(w, CSUM_START);
	t->ip_i = DESC_GET(w, IP_I);
	t->tcp = DESC_GET(w, TCP);
}

/* T = Lout - H payload bytes (0 for a frame no longer than its header) */
static size_t tso_payload(const struct vnr_tso_desc *t, size_t lout)
{
	return lout > t->hlen ? lout - t->hlen : 0;
}

unsigned vnr_tso_nseg(const struct vnr_tso_desc *t, size_t lout)
{
	size_t T = tso_payload(t, lout);

	if (!t->mss || T == 0)
		return 1;
	return (unsigned)((T + t->mss - 1) / t->mss);
}

/* Where segment k sits in O and how it differs from the super-frame */
struct tso_seg {
	unsigned k, last;
	size_t start, mk, lk;   /* S_k, m_k, L_k */
	unsigned dk;            /* d_k = Lout - L_k, taken modulo 2^16 */
};

static void put32(uint8_t *p, uint32_t v)
{
	vnr_put16(p, v >> 16);
	vnr_put16(p + 2, v & 0xffff);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)vnr_get16(p) << 16 | vnr_get16(p + 2);
}

/* Field 1: every length the super-frame's payload counts in, lowered by d_k */
static void seg_lengths(const struct vnr_tso_desc *t, const uint8_t *o, const struct tso_seg *s,
			uint8_t *seg)
{
	unsigned il = t->v6 ? t->ip_i + 4u : t->ip_i + 2u;

	if (t->ip_o_en)
		vnr_put16(seg + t->ip_o + 2, vnr_get16(o + t->ip_o + 2) - s->dk);
	if (t->udp_en)
		vnr_put16(seg + t->udp + 4, vnr_get16(o + t->udp + 4) - s->dk);
	if (t->lenf_en)
		vnr_put16(seg + t->lenf, vnr_get16(o + t->lenf) - s->dk);
	vnr_put16(seg + il, vnr_get16(o + il) - s->dk);
}

/* Field 2: IPv4 IDs plus k (no FIXEDID: Linux increments both) */
static void seg_ids(const struct vnr_tso_desc *t, const uint8_t *o, const struct tso_seg *s,
		    uint8_t *seg)
{
	if (t->ip_o_en)
		vnr_put16(seg + t->ip_o + 4, vnr_get16(o + t->ip_o + 4) + s->k);
	if (!t->v6)
		vnr_put16(seg + t->ip_i + 4, vnr_get16(o + t->ip_i + 4) + s->k);
}

/* Field 3: sequence number and the flags that belong to one end */
static void seg_tcp_seq_flags(const struct vnr_tso_desc *t, const uint8_t *o,
			      const struct tso_seg *s, uint8_t *seg)
{
	uint8_t flags = o[t->tcp + 13];

	put32(seg + t->tcp + 4, get32(o + t->tcp + 4) + (uint32_t)s->k * t->mss);
	if (!s->last)
		flags &= (uint8_t)~(TCP_FIN | TCP_PSH);
	if (s->k != 0)
		flags &= (uint8_t)~TCP_CWR;
	seg[t->tcp + 13] = flags;
}

/* RFC 1071 over seg[from..to) into the 16-bit field at f, zeroed first */
static void csum_fill(uint8_t *seg, unsigned f, size_t from, size_t to, uint64_t pseudo)
{
	vnr_put16(seg + f, 0);
	vnr_put16(seg + f, (uint16_t)~vnr_csum_fold(vnr_csum_add(pseudo, seg + from, to - from)));
}

static void seg_ip4_csum(uint8_t *seg, unsigned ip)
{
	csum_fill(seg, ip + 10, ip, ip + 4u * (seg[ip] & 0xf), 0);
}

/* Field 5: pseudo-header (RFC 793 / RFC 8200 section 8.1) and [tcp, L_k) */
static void seg_tcp_csum(const struct vnr_tso_desc *t, const struct tso_seg *s, uint8_t *seg)
{
	size_t tcplen = s->lk - t->tcp;
	uint64_t ph;

	if (t->v6) {
		ph = vnr_csum_add(0, seg + t->ip_i + 8, 32);
		ph = vnr_csum_add16(ph, (unsigned)(tcplen >> 16));
	} else {
		ph = vnr_csum_add(0, seg + t->ip_i + 12, 8);
	}
	ph = vnr_csum_add16(ph, (unsigned)tcplen);
	ph = vnr_csum_add16(ph, 6);
	csum_fill(seg, t->tcp + 16, t->tcp, s->lk, ph);
}

/* Field 7: a zero UDP checksum means none and stays zero (RFC 768) */
static void seg_udp_csum(const struct vnr_tso_desc *t, const uint8_t *o,
			 const struct tso_seg *s, uint8_t *seg)
{
	uint64_t ph;
	unsigned f = t->udp + 6u;

	if (vnr_get16(o + f) == 0)
		return;
	ph = vnr_csum_add(0, seg + t->ip_o + 12, 8);
	ph = vnr_csum_add16(ph, 17);
	ph = vnr_csum_add16(ph, vnr_get16(seg + t->udp + 4));
	csum_fill(seg, f, t->udp, s->lk, ph);
	if (vnr_get16(seg + f) == 0)
		vnr_put16(seg + f, 0xffff);
}

static int seg_place(const struct vnr_tso_desc *t, size_t lout, unsigned k, struct tso_seg *s)
{
	size_t T = tso_payload(t, lout);
	unsigned nseg = vnr_tso_nseg(t, lout);

	if (!t->mss || lout < t->hlen || k >= nseg)
		return 0;
	s->k = k;
	s->last = k == nseg - 1;
	s->start = t->hlen + (size_t)k * t->mss;
	s->mk = T - (size_t)k * t->mss < t->mss ? T - (size_t)k * t->mss : t->mss;
	s->lk = t->hlen + s->mk;
	s->dk = (unsigned)((lout - s->lk) & 0xffff);
	return 1;
}

size_t vnr_tso_segment(const struct vnr_tso_desc *t, const uint8_t *o, size_t lout, unsigned k,
		       uint8_t *seg)
{
	struct tso_seg s;

	if (!seg_place(t, lout, k, &s))
		return 0;
	memcpy(seg, o, t->hlen);
	memcpy(seg + t->hlen, o + s.start, s.mk);
	seg_lengths(t, o, &s, seg);
	seg_ids(t, o, &s, seg);
	seg_tcp_seq_flags(t, o, &s, seg);
	if (!t->v6)
		seg_ip4_csum(seg, t->ip_i);
	seg_tcp_csum(t, &s, seg);
	if (t->csumf_en)
		csum_fill(seg, t->csumf, t->csum_start, s.lk, 0);
	if (t->udp_en)
		seg_udp_csum(t, o, &s, seg);
	if (t->ip_o_en)
		seg_ip4_csum(seg, t->ip_o);
	return s.lk;
}
