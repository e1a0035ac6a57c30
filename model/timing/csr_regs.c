// SPDX-License-Identifier: MIT
/*
 * The csr port (docs/timing.md section 2): AXI4-Lite with a one-entry holding
 * register per channel, and the registers of docs/regmap.md behind it.
 */
#include <string.h>
#include "timing.h"

#define AXI_OKAY   0
#define AXI_SLVERR 2
#define ADDR_MASK  ((1u << VNR_ADDR_W) - 1)

enum { SH_CTRL, SH_FMT, SH_FMT_MASK, SH_FLOW, SH_EDIT, SH_NUM };

static const uint32_t shadow_addr[SH_NUM] = {
	VNR_PROFILE_PROF_CTRL, VNR_PROFILE_PROF_FMT, VNR_PROFILE_PROF_FMT_MASK,
	VNR_PROFILE_PROF_FLOW, VNR_PROFILE_PROF_EDIT,
};

/* rw registers keep only their fields' bits */
static const uint32_t shadow_mask[SH_NUM] = {
	VNR_PROFILE_PROF_CTRL_ENABLE_MASK | VNR_PROFILE_PROF_CTRL_INNER_ETH_MASK |
		VNR_PROFILE_PROF_CTRL_PROTO_MASK | VNR_PROFILE_PROF_CTRL_OPAQUE_LEN_MASK,
	VNR_PROFILE_PROF_FMT_OFF_MASK | VNR_PROFILE_PROF_FMT_VAL_MASK,
	VNR_PROFILE_PROF_FMT_MASK_MASK_MASK,
	VNR_PROFILE_PROF_FLOW_OFF_MASK | VNR_PROFILE_PROF_FLOW_LEN_MASK,
	VNR_PROFILE_PROF_EDIT_LEN_OFF_MASK | VNR_PROFILE_PROF_EDIT_LEN_EN_MASK |
		VNR_PROFILE_PROF_EDIT_CSUM_OFF_MASK | VNR_PROFILE_PROF_EDIT_CSUM_EN_MASK,
};

#define CNT_SEL_MASK (VNR_COUNTERS_CNT_SEL_BANK_MASK | VNR_COUNTERS_CNT_SEL_FUNC_MASK | \
		      VNR_COUNTERS_CNT_SEL_REASON_MASK | VNR_COUNTERS_CNT_SEL_CLEAR_MASK)

#define BLK_ID(T, V) ((uint32_t)(T) << 16 | (V))

void csr_profile_decode(const uint32_t w[5], struct vnr_profile *p)
{
	memset(p, 0, sizeof(*p));
	p->enable = VNR_FIELD_GET(w[SH_CTRL], VNR_PROFILE_PROF_CTRL_ENABLE);
	p->inner_eth = VNR_FIELD_GET(w[SH_CTRL], VNR_PROFILE_PROF_CTRL_INNER_ETH);
	p->proto = VNR_FIELD_GET(w[SH_CTRL], VNR_PROFILE_PROF_CTRL_PROTO);
	p->opaque_len = VNR_FIELD_GET(w[SH_CTRL], VNR_PROFILE_PROF_CTRL_OPAQUE_LEN);
	p->fmt_off = VNR_FIELD_GET(w[SH_FMT], VNR_PROFILE_PROF_FMT_OFF);
	p->fmt_val = VNR_FIELD_GET(w[SH_FMT], VNR_PROFILE_PROF_FMT_VAL);
	p->fmt_mask = VNR_FIELD_GET(w[SH_FMT_MASK], VNR_PROFILE_PROF_FMT_MASK_MASK);
	p->flow_off = VNR_FIELD_GET(w[SH_FLOW], VNR_PROFILE_PROF_FLOW_OFF);
	p->flow_len = VNR_FIELD_GET(w[SH_FLOW], VNR_PROFILE_PROF_FLOW_LEN);
	p->len_off = VNR_FIELD_GET(w[SH_EDIT], VNR_PROFILE_PROF_EDIT_LEN_OFF);
	p->len_en = VNR_FIELD_GET(w[SH_EDIT], VNR_PROFILE_PROF_EDIT_LEN_EN);
	p->csum_off = VNR_FIELD_GET(w[SH_EDIT], VNR_PROFILE_PROF_EDIT_CSUM_OFF);
	p->csum_en = VNR_FIELD_GET(w[SH_EDIT], VNR_PROFILE_PROF_EDIT_CSUM_EN);
}

int csr_init(struct csr_regs *c, const struct vnr_params *par)
{
	memset(c, 0, sizeof(*c));
	c->par = *par;
	return egress_regs_init(c);
}

void csr_free(struct csr_regs *c)
{
	egress_regs_free(c);
	ingress_regs_free(c);
}

/* Every register to its reset value; the egress and ingress tables are made anew. */
int csr_reset(struct csr_regs *c)
{
	c->aw_full = c->w_full = c->b_full = c->ar_full = c->r_full = 0;
	c->aw_addr = c->w_data = c->ar_addr = c->rdata = 0;
	c->bresp = c->rresp = 0;
	c->ctrl = c->err = c->err_count = c->vf_refused = c->scratch = 0;
	memset(c->shadow, 0, sizeof(c->shadow));
	memset(c->prof, 0, sizeof(c->prof));
	c->cnt_sel = 0;
	c->cnt_idx = 0;
	c->cfg.num_vf = c->par.num_vf;
	c->cfg.debug = 0;
	for (unsigned i = 0; i < VNR_NUM_PROFILES; i++)
		csr_profile_decode(c->prof[i], &c->cfg.prof[i]);
	if (egress_regs_reset(c))
		return -1;
	return ingress_regs_reset(c);
}

void csr_drive(const struct csr_regs *c, struct vnr_out *out)
{
	out->awready = !c->aw_full;
	out->wready = !c->w_full;
	out->bvalid = c->b_full;
	out->bresp = c->bresp;
	out->arready = !c->ar_full && !c->r_full;
	out->rvalid = c->r_full;
	out->rresp = c->rresp;
	out->rdata = c->rdata;
}

/* ---------------------------------------------------------------- reads */

/* {egress saturating at 65535, ingress} */
static uint32_t fifo_beats(const struct csr_regs *c)
{
	unsigned bytes = c->par.data_w / 8;
	unsigned eg = VNR_FIFO_BYTES_EGRESS / bytes;

	return VNR_FIELD_PUT(VNR_IDENT_FIFO_BEATS_EGRESS, eg > 0xffff ? 0xffff : eg) |
	       VNR_FIELD_PUT(VNR_IDENT_FIFO_BEATS_INGRESS, VNR_FIFO_BYTES / bytes);
}

static int read_ident(const struct csr_regs *c, uint32_t a, uint32_t *v)
{
	switch (a) {
	case VNR_IDENT_BLK_ID: *v = BLK_ID(VNR_BLK_IDENT_TYPE, VNR_BLK_IDENT_VERSION); break;
	case VNR_IDENT_BLK_NEXT: *v = VNR_IDENT_BLK_NEXT_OFFSET_RESET; break;
	case VNR_IDENT_MAGIC: *v = VNR_ID_MAGIC; break;
	case VNR_IDENT_HW_VERSION: *v = VNR_HW_VERSION; break;
	case VNR_IDENT_DATA_W: *v = VNR_FIELD_PUT(VNR_IDENT_DATA_W_BITS, c->par.data_w); break;
	case VNR_IDENT_NUM_VF: *v = VNR_FIELD_PUT(VNR_IDENT_NUM_VF_COUNT, c->par.num_vf); break;
	case VNR_IDENT_RULES: *v = VNR_FIELD_PUT(VNR_IDENT_RULES_COUNT, c->par.rules); break;
	case VNR_IDENT_PROFILES: *v = VNR_NUM_PROFILES; break;
	case VNR_IDENT_COLLATORS: *v = VNR_NUM_COLLATORS; break;
	case VNR_IDENT_BUCKETS: *v = VNR_IDENT_BUCKETS_COUNT_RESET; break;
	case VNR_IDENT_REASONS: *v = VNR_NUM_REASONS; break;
	case VNR_IDENT_HDR_BYTES:
		*v = VNR_FIELD_PUT(VNR_IDENT_HDR_BYTES_EGRESS, VNR_HDR_EGRESS) |
		     VNR_FIELD_PUT(VNR_IDENT_HDR_BYTES_INGRESS, VNR_HDR_INGRESS);
		break;
	case VNR_IDENT_FIFO_BEATS:
		*v = fifo_beats(c);
		break;
	case VNR_IDENT_BST_LEVELS:
		*v = VNR_FIELD_PUT(VNR_IDENT_BST_LEVELS_LEVELS, vnr_bst_levels(c->par.rules));
		break;
	default: return 0;
	}
	return 1;
}

static int read_ctrl_profile(const struct csr_regs *c, uint32_t a, uint32_t *v)
{
	switch (a) {
	case VNR_CTRL_BLK_ID: *v = BLK_ID(VNR_BLK_CTRL_TYPE, VNR_BLK_CTRL_VERSION); return 1;
	case VNR_CTRL_BLK_NEXT: *v = VNR_CTRL_BLK_NEXT_OFFSET_RESET; return 1;
	case VNR_CTRL_CTRL: *v = c->ctrl; return 1;
	case VNR_CTRL_ERR: *v = c->err; return 1;
	case VNR_CTRL_ERR_COUNT: *v = c->err_count; return 1;
	case VNR_CTRL_VF_REFUSED: *v = c->vf_refused; return 1;
	case VNR_CTRL_SCRATCH: *v = c->scratch; return 1;
	case VNR_PROFILE_BLK_ID: *v = BLK_ID(VNR_BLK_PROFILE_TYPE, VNR_BLK_PROFILE_VERSION); return 1;
	case VNR_PROFILE_BLK_NEXT: *v = VNR_PROFILE_BLK_NEXT_OFFSET_RESET; return 1;
	case VNR_PROFILE_PROF_CMD: *v = 0; return 1;	/* write-only */
	}
	for (int i = 0; i < SH_NUM; i++) {
		if (a == shadow_addr[i]) {
			*v = c->shadow[i];
			return 1;
		}
	}
	return 0;
}

static int read_counters_ports(const struct csr_regs *c, const struct counter_bank *cb,
			       const struct port_counters *pc, uint32_t a, uint32_t *v)
{
	switch (a) {
	case VNR_COUNTERS_BLK_ID: *v = BLK_ID(VNR_BLK_COUNTERS_TYPE, VNR_BLK_COUNTERS_VERSION); return 1;
	case VNR_COUNTERS_BLK_NEXT: *v = VNR_COUNTERS_BLK_NEXT_OFFSET_RESET; return 1;
	case VNR_COUNTERS_CNT_SEL: *v = c->cnt_sel; return 1;
	case VNR_COUNTERS_CNT_IDX: *v = c->cnt_idx; return 1;
	case VNR_COUNTERS_CNT_CMD: *v = 0; return 1;
	case VNR_COUNTERS_CNT_STATUS: *v = counters_busy(cb) ? VNR_COUNTERS_CNT_STATUS_BUSY_MASK : 0; return 1;
	case VNR_COUNTERS_CNT_PKTS_LO: *v = (uint32_t)cb->out_pkts; return 1;
	case VNR_COUNTERS_CNT_PKTS_HI: *v = (uint32_t)(cb->out_pkts >> 32); return 1;
	case VNR_COUNTERS_CNT_BYTES_LO: *v = (uint32_t)cb->out_bytes; return 1;
	case VNR_COUNTERS_CNT_BYTES_HI: *v = (uint32_t)(cb->out_bytes >> 32); return 1;
	case VNR_PORTS_BLK_ID: *v = BLK_ID(VNR_BLK_PORTS_TYPE, VNR_BLK_PORTS_VERSION); return 1;
	case VNR_PORTS_BLK_NEXT: *v = VNR_PORTS_BLK_NEXT_OFFSET_RESET; return 1;
	case VNR_PORTS_PORT_CMD: *v = 0; return 1;
	}
	/* H2E_IN_LO .. E2H_OUT_HI: four 64-bit snapshots, LO then HI, in port order */
	if (a >= VNR_PORTS_H2E_IN_LO && a <= VNR_PORTS_E2H_OUT_HI) {
		unsigned k = (a - VNR_PORTS_H2E_IN_LO) / 4;
		uint64_t s = pc->snap[k / 2];

		*v = k & 1 ? (uint32_t)(s >> 32) : (uint32_t)s;
		return 1;
	}
	return 0;
}

/* VF window n (1..NUM_VF), or 0 when addr is not in one */
static unsigned vf_window(const struct csr_regs *c, uint32_t a)
{
	unsigned n;

	if (a < VNR_WIN_VF_BASE)
		return 0;
	n = (a - VNR_WIN_VF_BASE) / VNR_WIN_VF_SIZE + 1;
	return n <= c->par.num_vf ? n : 0;
}

static uint32_t vf_offset(uint32_t a)
{
	return (a - VNR_WIN_VF_BASE) % VNR_WIN_VF_SIZE;
}

/* offset 0 VF_ID, offset 4 VF_MTU; the rest of the window is unmapped */
static int read_vf_window(const struct csr_regs *c, unsigned vf, uint32_t a, uint32_t *v)
{
	switch (vf_offset(a)) {
	case VNR_VF_VF_ID: *v = vf; return 1;
	case VNR_VF_VF_MTU: return vf_mtu_read(c, vf, v);
	}
	return 0;
}

static int csr_read(const struct csr_regs *c, const struct counter_bank *cb,
		    const struct port_counters *pc, uint32_t a, uint32_t *v)
{
	unsigned vf = vf_window(c, a);

	*v = 0;
	if (vf)
		return read_vf_window(c, vf, a, v);
	if (a >= VNR_WIN_PF_SIZE)
		return 0;
	if (egress_is_block(a))
		return egress_read(c, a, v);
	if (ingress_is_block(a))
		return ingress_read(c, a, v);
	return read_ident(c, a, v) || read_ctrl_profile(c, a, v) ||
	       read_counters_ports(c, cb, pc, a, v);
}

/* --------------------------------------------------------------- writes */

static uint32_t sat_inc(uint32_t v)
{
	return v == 0xffffffffu ? v : v + 1;
}

/* Commit validation, checked in the order of enum err. */
static unsigned profile_check(const uint32_t w[5])
{
	struct vnr_profile p;

	csr_profile_decode(w, &p);
	if (p.opaque_len > VNR_OPAQUE_MAX)
		return VNR_ERR_PROF_OPAQUE_LEN;
	/* A field is checked only when it is in use, so a disabled or
	 * all-zero profile (the reset state) can always be committed. */
	if (p.enable && p.fmt_off + 2u > p.opaque_len)
		return VNR_ERR_PROF_FMT_OFF;
	if (p.flow_len > 4)
		return VNR_ERR_PROF_FLOW_LEN;
	if (p.flow_len && p.flow_off + (unsigned)p.flow_len > p.opaque_len)
		return VNR_ERR_PROF_FLOW_OFF;
	if (p.len_en && p.len_off + 2u > p.opaque_len)
		return VNR_ERR_PROF_LEN_OFF;
	if (p.csum_en && p.csum_off + 2u > p.opaque_len)
		return VNR_ERR_PROF_CSUM_OFF;
	return VNR_ERR_NONE;
}

static unsigned write_prof_cmd(struct csr_regs *c, uint32_t d)
{
	unsigned idx = VNR_FIELD_GET(d, VNR_PROFILE_PROF_CMD_INDEX);
	unsigned op = VNR_FIELD_GET(d, VNR_PROFILE_PROF_CMD_OP);
	unsigned err;

	if (op == 2) {
		memcpy(c->shadow, c->prof[idx], sizeof(c->shadow));
		return VNR_ERR_NONE;
	}
	if (op != 1)
		return VNR_ERR_PROF_OP;
	err = profile_check(c->shadow);
	if (err)
		return err;
	/* replaced whole in the perform cycle: the classifier sees it from m+1 */
	memcpy(c->prof[idx], c->shadow, sizeof(c->shadow));
	csr_profile_decode(c->prof[idx], &c->cfg.prof[idx]);
	return VNR_ERR_NONE;
}

static unsigned write_pf(struct csr_regs *c, const struct counter_bank *cb, uint32_t a,
			 uint32_t d, struct csr_cmds *cmds)
{
	static const struct port_counters no_ports;
	uint32_t dummy;

	switch (a) {
	case VNR_CTRL_CTRL:
		c->ctrl = d & VNR_CTRL_CTRL_DEBUG_MASK;
		c->cfg.debug = VNR_FIELD_GET(c->ctrl, VNR_CTRL_CTRL_DEBUG);
		return VNR_ERR_NONE;
	case VNR_CTRL_ERR:
		c->err = 0;
		return VNR_ERR_NONE;
	case VNR_CTRL_SCRATCH:
		c->scratch = d;
		return VNR_ERR_NONE;
	case VNR_PROFILE_PROF_CMD:
		return write_prof_cmd(c, d);
	case VNR_COUNTERS_CNT_SEL:
		/* every bank 0..3 is built: only the function is checked */
		if (VNR_FIELD_GET(d, VNR_COUNTERS_CNT_SEL_FUNC) > c->par.num_vf)
			return VNR_ERR_CNT_FUNC;
		c->cnt_sel = d & CNT_SEL_MASK;
		return VNR_ERR_NONE;
	case VNR_COUNTERS_CNT_IDX:
		/* rules (bank 2) and slots (bank 3) alike: 0..RULES-1 */
		if (VNR_FIELD_GET(d, VNR_COUNTERS_CNT_IDX_INDEX) >= c->par.rules)
			return VNR_ERR_CNT_IDX;
		c->cnt_idx = d & VNR_COUNTERS_CNT_IDX_INDEX_MASK;
		return VNR_ERR_NONE;
	case VNR_COUNTERS_CNT_CMD:
		if (!VNR_FIELD_GET(d, VNR_COUNTERS_CNT_CMD_GO))
			return VNR_ERR_NONE;
		if (counters_busy(cb))
			return VNR_ERR_CNT_BUSY;
		cmds->cnt_go = 1;
		cmds->cnt_sel = c->cnt_sel;
		cmds->cnt_idx = c->cnt_idx;
		return VNR_ERR_NONE;
	case VNR_PORTS_PORT_CMD:
		cmds->port_go = VNR_FIELD_GET(d, VNR_PORTS_PORT_CMD_GO);
		cmds->port_clear = VNR_FIELD_GET(d, VNR_PORTS_PORT_CMD_CLEAR);
		return VNR_ERR_NONE;
	}
	for (int i = 0; i < SH_NUM; i++) {
		if (a == shadow_addr[i]) {
			c->shadow[i] = d & shadow_mask[i];
			return VNR_ERR_NONE;
		}
	}
	if (egress_is_block(a))
		return egress_write(c, a, d);
	if (ingress_is_block(a))
		return ingress_write(c, a, d);
	/* anything else that reads is read-only; the rest is unmapped */
	if (a < VNR_WIN_PF_SIZE && (read_ident(c, a, &dummy) || read_ctrl_profile(c, a, &dummy) ||
				    read_counters_ports(c, cb, &no_ports, a, &dummy)))
		return VNR_ERR_READ_ONLY;
	return VNR_ERR_BAD_ADDR;
}

/* Perform one write; returns the bresp. */
static uint8_t csr_write(struct csr_regs *c, const struct counter_bank *cb, uint32_t a,
			 uint32_t d, struct csr_cmds *cmds)
{
	unsigned vf = vf_window(c, a);
	unsigned err;

	if (vf)
		err = vf_offset(a) == VNR_VF_VF_MTU ? vf_mtu_write(c, vf, d) : VNR_ERR_VF_WRITE;
	else
		err = write_pf(c, cb, a, d, cmds);
	if (err == VNR_ERR_NONE)
		return AXI_OKAY;
	if (vf)
		c->vf_refused = sat_inc(c->vf_refused);
	/* ERR.vf names the window of any refused VF-window write (VF_WRITE, or
	 * MTU_RANGE from VF_MTU), as csr_regs routes them; 0 for the PF window */
	c->err = VNR_FIELD_PUT(VNR_CTRL_ERR_CODE, err) | VNR_FIELD_PUT(VNR_CTRL_ERR_VF, vf);
	c->err_count = sat_inc(c->err_count);
	return AXI_SLVERR;
}

/*
 * One clock edge of the csr port. Must run after everything else in the
 * cycle that reads the configuration (the classifiers), and reads the
 * counter bank and port counters before they are clocked.
 */
void csr_step(struct csr_regs *c, const struct vnr_in *in, const struct counter_bank *cb,
	      const struct port_counters *pc, struct csr_cmds *cmds)
{
	int aw_hs = in->awvalid && !c->aw_full;
	int w_hs = in->wvalid && !c->w_full;
	int ar_hs = in->arvalid && !c->ar_full && !c->r_full;
	int perform = c->aw_full && c->w_full && !c->b_full;
	int b_done = c->b_full && in->bready;
	int r_done = c->r_full && in->rready;
	int read = c->ar_full;

	memset(cmds, 0, sizeof(*cmds));
	if (read) {
		uint32_t v;

		c->rresp = csr_read(c, cb, pc, c->ar_addr, &v) ? AXI_OKAY : AXI_SLVERR;
		c->rdata = v;
	}
	if (perform)
		c->bresp = csr_write(c, cb, c->aw_addr, c->w_data, cmds);

	c->b_full = perform ? 1 : b_done ? 0 : c->b_full;
	c->r_full = read ? 1 : r_done ? 0 : c->r_full;
	c->aw_full = aw_hs ? 1 : perform ? 0 : c->aw_full;
	c->w_full = w_hs ? 1 : perform ? 0 : c->w_full;
	c->ar_full = ar_hs ? 1 : read ? 0 : c->ar_full;
	if (aw_hs)
		c->aw_addr = in->awaddr & ADDR_MASK & ~3u;
	if (w_hs)
		c->w_data = in->wdata;
	if (ar_hs)
		c->ar_addr = in->araddr & ADDR_MASK & ~3u;
	egress_regs_clock(c);
	ingress_regs_clock(c);
}
