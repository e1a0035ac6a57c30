// SPDX-License-Identifier: MIT
/* Frame builders and the cycle bench shared by the tests. */
#include <stdlib.h>
#include <string.h>
#include "test.h"

void pkt_put(struct pkt *p, const void *d, unsigned n)
{
	memcpy(p->b + p->len, d, n);
	p->len += n;
}

static void put16(struct pkt *p, unsigned v)
{
	uint8_t b[2] = { v >> 8, v & 0xff };
	pkt_put(p, b, 2);
}

void pkt_eth(struct pkt *p, int vlan, uint16_t type)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };

	memset(p, 0, sizeof(*p));
	pkt_put(p, macs, 12);
	if (vlan) {
		put16(p, 0x8100);
		put16(p, 100);
	}
	put16(p, type);
}

unsigned pkt_ipv4(struct pkt *p, unsigned ihl, unsigned proto, unsigned frag, unsigned payload)
{
	unsigned start = p->len;
	unsigned hl = ihl < 5 ? 20 : 4 * ihl;

	memset(p->b + start, 0, hl);
	p->b[start] = 0x40 | (ihl & 0xf);
	p->b[start + 2] = (hl + payload) >> 8;
	p->b[start + 3] = (hl + payload) & 0xff;
	p->b[start + 6] = frag >> 8;
	p->b[start + 7] = frag & 0xff;
	p->b[start + 8] = 64;
	p->b[start + 9] = proto;
	p->len += hl;
	return start;
}

void pkt_gre16(struct pkt *p, uint16_t key_lo)
{
	uint8_t g[16] = { 0xb0, 0, 0x65, 0x58, 0, 0, 0, 0, 0x12, 0x34, key_lo >> 8, key_lo & 0xff,
			  0, 0, 0, 7 };
	pkt_put(p, g, 16);
}

void pkt_vxlan(struct pkt *p, uint16_t dport, uint32_t vni)
{
	uint8_t u[16] = { 0x30, 0x39, dport >> 8, dport & 0xff, 0, 0, 0, 0,
			  0x08, 0, 0, 0, vni >> 16, vni >> 8, vni, 0 };
	pkt_put(p, u, 16);
}

void pkt_native(struct pkt *p, uint16_t src_slot, uint16_t dst_slot)
{
	uint8_t u[20] = { 0x30, 0x39, 0xca, 0xfe, 0, 0, 0, 0,
			  src_slot >> 8, src_slot, dst_slot >> 8, dst_slot, 1, 0, 0, 0,
			  0xde, 0xad, 0xbe, 0xef };
	pkt_put(p, u, 20);
}

void pkt_pad(struct pkt *p, unsigned len)
{
	while (p->len < len)
		p->b[p->len] = (uint8_t)(p->len * 7 + 1), p->len++;
}

/* The driver's presets as docs/architecture.md lists them. */
void preset(struct vnr_profile *p, const char *name)
{
	memset(p, 0, sizeof(*p));
	p->enable = 1;
	p->fmt_off = 2;
	p->fmt_mask = 0xffff;
	if (!strcmp(name, "gre16")) {
		p->inner_eth = 1;
		p->proto = 47;
		p->opaque_len = 16;
		p->fmt_val = 0x6558;
		p->flow_off = 10;
		p->flow_len = 2;
	} else if (!strcmp(name, "vxlan")) {
		p->inner_eth = 1;
		p->proto = 17;
		p->opaque_len = 16;
		p->fmt_val = 4789;
		p->flow_off = 12;
		p->flow_len = 3;
		p->len_off = 4;
		p->len_en = 1;
	} else { /* native */
		p->proto = 17;
		p->opaque_len = 20;
		p->fmt_val = 0xcafe;
		p->flow_off = 8;
		p->flow_len = 4;
		p->len_off = 4;
		p->len_en = 1;
		p->csum_off = 16;
		p->csum_en = 1;
	}
}

void meta_in(uint32_t m[4], unsigned func, unsigned inject, unsigned inject_vf)
{
	memset(m, 0, 16);
	VNR_META_SET(m, IN, FUNC, func);
	VNR_META_SET(m, IN, INJECT, inject);
	VNR_META_SET(m, IN, INJECT_VF, inject_vf);
}

/* ------------------------------------------------------------- bench */

struct tb *tb_new(unsigned data_w, unsigned num_vf)
{
	return tb_new_rules(data_w, num_vf, 4096);
}

unsigned tb_cls_lat_eg(const struct tb *t)
{
	return VNR_CLS_LAT_EG_BASE + 2 * vnr_bst_levels(t->e->params.rules);
}

struct tb *tb_new_rules(unsigned data_w, unsigned num_vf, unsigned rules)
{
	struct vnr_params p = { data_w, num_vf, rules };
	struct tb *t = calloc(1, sizeof(*t));

	t->e = vnr_engine_model_new(&p);
	if (!t->e) {
		free(t);
		return NULL;
	}
	t->bytes = data_w / 8;
	for (int i = 0; i < 2; i++) {
		t->inf[i] = calloc(TB_MAX_FRAMES, sizeof(struct tb_frame));
		t->outf[i] = calloc(TB_MAX_FRAMES, sizeof(struct tb_frame));
	}
	t->e2n_ready = t->e2h_ready = 1;
	t->e->eval(t->e->ctx, &t->out);
	return t;
}

void tb_free(struct tb *t)
{
	for (int i = 0; i < 2; i++) {
		for (unsigned k = 0; k < TB_MAX_FRAMES; k++) {
			free(t->inf[i][k].b);
			free(t->outf[i][k].b);
		}
		free(t->inf[i]);
		free(t->outf[i]);
		free(t->beat_cyc[i]);
		free(t->in_cyc[i]);
	}
	vnr_engine_free(t->e);
	free(t);
}

void tb_send(struct tb *t, int port, const uint8_t *d, unsigned len, const uint32_t user[4])
{
	struct tb_frame *f = &t->inf[port][t->in_n[port]++];

	free(f->b);
	f->b = malloc(len + 1);
	memcpy(f->b, d, len);
	f->len = len;
	memcpy(f->user, user, 16);
}

static void drive_input(struct tb *t, int port, struct vnr_beat *b)
{
	struct tb_frame *f;
	unsigned n;

	memset(b, 0, sizeof(*b));
	if (t->in_pos[port] >= t->in_n[port])
		return;
	f = &t->inf[port][t->in_pos[port]];
	n = f->len - t->in_off[port];
	if (n > t->bytes)
		n = t->bytes;
	memcpy(b->data, f->b + t->in_off[port], n);
	b->keep = n >= 64 ? ~0ull : (1ull << n) - 1;
	b->last = t->in_off[port] + n >= f->len;
	memcpy(b->user, f->user, 16);
	b->valid = 1;
}

/* append a cycle to a growing log */
static void log_cycle(uint64_t **log, unsigned *n, unsigned *cap, uint64_t cyc)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		*log = realloc(*log, *cap * sizeof(**log));
	}
	(*log)[(*n)++] = cyc;
}

static void input_done(struct tb *t, int port, const struct vnr_beat *b)
{
	unsigned i = t->in_pos[port];

	log_cycle(&t->in_cyc[port], &t->in_beat_n[port], &t->in_beat_cap[port], t->cyc);
	if (t->in_off[port] == 0)
		t->in_first[port][i] = t->cyc;
	t->in_off[port] += __builtin_popcountll(b->keep);
	if (b->last) {
		t->in_last[port][i] = t->cyc;
		t->in_pos[port]++;
		t->in_off[port] = 0;
	}
}

static void collect_output(struct tb *t, int port, const struct vnr_beat *b)
{
	struct tb_frame *f = &t->outf[port][t->out_n[port]];
	unsigned n = __builtin_popcountll(b->keep);

	if (t->out_off[port] == 0) {
		f->first_cycle = t->cyc;
		f->first_beat = t->beat_n[port];
		memcpy(f->user, b->user, 16);
	} else if (b->user[0] | b->user[1] | b->user[2] | b->user[3]) {
		t->bad_user = 1;
	}
	log_cycle(&t->beat_cyc[port], &t->beat_n[port], &t->beat_cap[port], t->cyc);
	for (unsigned i = 0; i < t->bytes; i++)
		if (!(b->keep >> i & 1) && b->data[i])
			t->bad_beat = 1;
	if (t->out_off[port] + n + 1 > f->cap) {
		f->cap = 2 * (t->out_off[port] + n + 1) + 1024;
		f->b = realloc(f->b, f->cap);
	}
	memcpy(f->b + t->out_off[port], b->data, n);
	t->out_off[port] += n;
	if (b->last) {
		f->len = t->out_off[port];
		f->last_cycle = t->cyc;
		t->out_off[port] = 0;
		t->out_n[port]++;
	}
}

void tb_clock(struct tb *t)
{
	struct vnr_in *in = &t->in;

	drive_input(t, 0, &in->h2e);
	drive_input(t, 1, &in->n2e);
	in->e2n_ready = t->e2n_ready;
	in->e2h_ready = t->e2h_ready;
	if (in->h2e.valid && t->out.h2e_ready)
		input_done(t, 0, &in->h2e);
	if (in->n2e.valid && t->out.n2e_ready)
		input_done(t, 1, &in->n2e);
	if (t->out.e2n.valid && in->e2n_ready)
		collect_output(t, 0, &t->out.e2n);
	if (t->out.e2h.valid && in->e2h_ready)
		collect_output(t, 1, &t->out.e2h);
	t->e->step(t->e->ctx, in);
	t->cyc++;
	t->e->eval(t->e->ctx, &t->out);
}

void tb_run(struct tb *t, unsigned cycles)
{
	while (cycles--)
		tb_clock(t);
}

int tb_write(struct tb *t, uint32_t addr, uint32_t data)
{
	int guard = 100, resp;

	t->in.awvalid = t->in.wvalid = 1;
	t->in.awaddr = addr;
	t->in.wdata = data;
	t->in.wstrb = 0xf;
	while (t->in.awvalid || t->in.wvalid) {
		int aw = t->out.awready, w = t->out.wready;

		tb_clock(t);
		if (aw)
			t->in.awvalid = 0;
		if (w)
			t->in.wvalid = 0;
		if (!--guard)
			return -1;
	}
	while (!t->out.bvalid && --guard)
		tb_clock(t);
	resp = t->out.bresp;
	t->in.bready = 1;
	tb_clock(t);
	t->in.bready = 0;
	return guard ? resp : -1;
}

int tb_read(struct tb *t, uint32_t addr, uint32_t *data)
{
	int guard = 100, resp;

	t->in.arvalid = 1;
	t->in.araddr = addr;
	while (t->in.arvalid && --guard) {
		int ar = t->out.arready;

		tb_clock(t);
		if (ar)
			t->in.arvalid = 0;
	}
	while (!t->out.rvalid && --guard)
		tb_clock(t);
	resp = t->out.rresp;
	*data = t->out.rdata;
	t->in.rready = 1;
	tb_clock(t);
	t->in.rready = 0;
	return guard ? resp : -1;
}

int tb_profile(struct tb *t, unsigned idx, const struct vnr_profile *p)
{
	tb_write(t, VNR_PROFILE_PROF_CTRL,
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_ENABLE, p->enable) |
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_INNER_ETH, p->inner_eth) |
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_PROTO, p->proto) |
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_OPAQUE_LEN, p->opaque_len));
	tb_write(t, VNR_PROFILE_PROF_FMT, VNR_FIELD_PUT(VNR_PROFILE_PROF_FMT_OFF, p->fmt_off) |
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_FMT_VAL, p->fmt_val));
	tb_write(t, VNR_PROFILE_PROF_FMT_MASK, p->fmt_mask);
	tb_write(t, VNR_PROFILE_PROF_FLOW, VNR_FIELD_PUT(VNR_PROFILE_PROF_FLOW_OFF, p->flow_off) |
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_FLOW_LEN, p->flow_len));
	tb_write(t, VNR_PROFILE_PROF_EDIT,
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_EDIT_LEN_OFF, p->len_off) |
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_EDIT_LEN_EN, p->len_en) |
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_EDIT_CSUM_OFF, p->csum_off) |
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_EDIT_CSUM_EN, p->csum_en));
	return tb_write(t, VNR_PROFILE_PROF_CMD, VNR_FIELD_PUT(VNR_PROFILE_PROF_CMD_INDEX, idx) |
			VNR_FIELD_PUT(VNR_PROFILE_PROF_CMD_OP, 1));
}

/* One counter snapshot (timing.md 4.1) through the csr port: CNT_SEL, then
 * CNT_IDX unless idx < 0, CNT_CMD, wait for busy to clear, read the value.
 * Returns CNT_SEL's bresp. */
int tb_counter(struct tb *t, unsigned bank, unsigned func, unsigned reason, long idx, int clear,
	       uint64_t *pkts, uint64_t *bytes)
{
	uint32_t lo, hi, st = 1;
	int guard = 1000, resp;

	resp = tb_write(t, VNR_COUNTERS_CNT_SEL, VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_BANK, bank) |
			VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_FUNC, func) |
			VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_REASON, reason) |
			VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_CLEAR, clear));
	if (idx >= 0)
		tb_write(t, VNR_COUNTERS_CNT_IDX, (uint32_t)idx);
	tb_write(t, VNR_COUNTERS_CNT_CMD, 1);
	while (st && --guard)
		tb_read(t, VNR_COUNTERS_CNT_STATUS, &st);
	tb_read(t, VNR_COUNTERS_CNT_PKTS_LO, &lo);
	tb_read(t, VNR_COUNTERS_CNT_PKTS_HI, &hi);
	*pkts = (uint64_t)hi << 32 | lo;
	tb_read(t, VNR_COUNTERS_CNT_BYTES_LO, &lo);
	tb_read(t, VNR_COUNTERS_CNT_BYTES_HI, &hi);
	*bytes = (uint64_t)hi << 32 | lo;
	return resp;
}

/* ---- checksums and fields ---- */

uint64_t sum16(uint64_t s, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		s += i & 1 ? p[i] : (uint64_t)p[i] << 8;
	return s;
}

uint16_t fold(uint64_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

int csum_ok(const uint8_t *p, size_t n)
{
	return fold(sum16(0, p, n)) == 0xffff;
}

unsigned rd16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

void wr16(uint8_t *p, unsigned v)
{
	p[0] = v >> 8;
	p[1] = v;
}

void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, v >> 16);
	wr16(p + 2, v & 0xffff);
}

/* the template of docs/egress.md section 5 */
unsigned tmpl_build(struct vnr_rule *r, unsigned prof, int vlan, int udp_csum)
{
	static const uint8_t omac_d[6] = { 2, 0xee, 0, 0, 0, 1 }, omac_s[6] = { 2, 0xee, 0, 0, 0, 2 };
	uint8_t *t = r->tmpl, *ip, *o;
	unsigned E = vlan ? 18 : 14, L = prof == 2 ? 20 : 16;

	memset(r, 0, sizeof(*r));
	r->action = 1;
	r->encap = 1;
	r->profile = prof;
	r->outer_vlan = vlan;
	r->opaque_len = L;
	memcpy(t, omac_d, 6);
	memcpy(t + 6, omac_s, 6);
	if (vlan)
		wr16(t + 12, 0x8100), wr16(t + 14, 42);
	wr16(t + E - 2, 0x0800);
	ip = t + E;
	ip[0] = 0x45;
	ip[6] = 0x40;
	ip[8] = 64;
	ip[9] = prof == 0 ? 47 : 17;
	wr16(ip + 12, 0xc0a8), wr16(ip + 14, 0x0001);
	wr16(ip + 16, 0xc0a8), wr16(ip + 18, 0x0002);
	o = ip + 20;
	if (prof == 0) {
		wr16(o, 0xb000), wr16(o + 2, 0x6558);
		wr16(o + 10, 0x4242);
	} else {
		wr16(o, 49152);
		wr16(o + 2, prof == 1 ? 4789 : 0xcafe);
		wr16(o + 6, udp_csum ? 0xffff : 0);
		if (prof == 1)
			o[8] = 0x08, o[13] = 0x12;
		else
			wr16(o + 8, 5), wr16(o + 10, 6);
	}
	return E + 20 + L;
}
