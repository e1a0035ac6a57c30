// SPDX-License-Identifier: MIT
/*
 * The egress register block at 0x0500 and VF_MTU in the VF windows
 * (docs/regmap.md block egress, docs/timing.md section 2). It writes the
 * egress tables the classifier reads (cfg.eg): a write performing in cycle
 * m is seen by a classifier sampling at m+1, and the banked tree and rule
 * actions are only ever written in the bank lookups do not use.
 */
#include <stdlib.h>
#include <string.h>
#include "timing.h"

#define BLK_ID(T, V) ((uint32_t)(T) << 16 | (V))
#define EG_BLOCK_END 0x0800u

#define TRAP_CTRL_MASK (VNR_EGRESS_TRAP_CTRL_ARP_MASK | VNR_EGRESS_TRAP_CTRL_DHCP_MASK | \
			VNR_EGRESS_TRAP_CTRL_BCAST_MASK | VNR_EGRESS_TRAP_CTRL_MCAST_MASK | \
			VNR_EGRESS_TRAP_CTRL_NON_IP_MASK)
#define BST_SEL_MASK (VNR_EGRESS_BST_SEL_INDEX_MASK | VNR_EGRESS_BST_SEL_LEVEL_MASK | \
		      VNR_EGRESS_BST_SEL_LEAF_MASK | VNR_EGRESS_BST_SEL_BANK_MASK)
/* bstkey is 186 bits: word 5 holds bits [185:160] */
#define BST_KEY_TOP_MASK ((1u << (186 - 160)) - 1)

enum { OP_COMMIT = 1, OP_LOAD = 2 };

/* bits [lsb, lsb+w) of a little-endian word array (the layouts of regmap.md) */
uint32_t layout_bits(const uint32_t *w, unsigned lsb, unsigned width)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)(w[(lsb + i) / 32] >> ((lsb + i) % 32) & 1u) << i;
	return (uint32_t)v;
}

#define VFENT(w, F) layout_bits((w), VNR_META_VFENT_##F##_LSB, VNR_META_VFENT_##F##_W)
#define RULEF(w, F) layout_bits((w), VNR_META_RULE_##F##_LSB, VNR_META_RULE_##F##_W)

/* a 48-bit MAC as {hi: bytes 0-1 in [15:0], lo: bytes 2-5 in [31:0]}, byte 0 first */
void layout_mac_decode(uint32_t hi, uint32_t lo, uint8_t mac[6])
{
	mac[0] = hi >> 8;
	mac[1] = hi;
	mac[2] = lo >> 24;
	mac[3] = lo >> 16;
	mac[4] = lo >> 8;
	mac[5] = lo;
}

static void be32(uint32_t v, uint8_t *b)
{
	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

static void vfent_decode(const uint32_t *w, struct vnr_vfent *e)
{
	static const unsigned vlan_lsb[4] = { VNR_META_VFENT_VLAN0_LSB, VNR_META_VFENT_VLAN1_LSB,
					      VNR_META_VFENT_VLAN2_LSB, VNR_META_VFENT_VLAN3_LSB };
	static const unsigned vlan_v_lsb[4] = { VNR_META_VFENT_VLAN0_V_LSB, VNR_META_VFENT_VLAN1_V_LSB,
						VNR_META_VFENT_VLAN2_V_LSB, VNR_META_VFENT_VLAN3_V_LSB };

	memset(e, 0, sizeof(*e));
	e->check_mac = VFENT(w, CHECK_MAC);
	e->check_ip = VFENT(w, CHECK_IP);
	e->check_vlan = VFENT(w, CHECK_VLAN);
	layout_mac_decode(VFENT(w, MAC_HI), VFENT(w, MAC_LO), e->mac);
	for (unsigned i = 0; i < 4; i++)
		e->ip4[i] = layout_bits(w, VNR_META_VFENT_IP4_0_LSB + 32 * i, 32);
	for (unsigned a = 0; a < 2; a++)
		for (unsigned q = 0; q < 4; q++)	/* w0 = address bits [127:96] */
			be32(layout_bits(w, VNR_META_VFENT_IP6_0_W0_LSB + 128 * a + 32 * q, 32),
			     &e->ip6[a][4 * q]);
	for (unsigned i = 0; i < 4; i++) {
		e->vlan[i] = layout_bits(w, vlan_lsb[i], VNR_META_VFENT_VLAN0_W);
		e->vlan_v[i] = layout_bits(w, vlan_v_lsb[i], 1);
	}
}

static void rule_decode(const uint32_t *w, struct vnr_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->action = RULEF(w, ACTION);
	r->profile = RULEF(w, PROFILE);
	r->encap = RULEF(w, ENCAP);
	r->outer_vlan = RULEF(w, OUTER_VLAN);
	r->set_smac = RULEF(w, SET_SMAC);
	r->set_dmac = RULEF(w, SET_DMAC);
	r->ttl_dec = RULEF(w, TTL_DEC);
	r->opaque_len = RULEF(w, OPAQUE_LEN);
	layout_mac_decode(RULEF(w, SMAC_HI), RULEF(w, SMAC_LO), r->smac);
	layout_mac_decode(RULEF(w, DMAC_HI), RULEF(w, DMAC_LO), r->dmac);
	/* template byte j: bits [32*(5+j/4) + 31 - 8*(j%4) -: 8] */
	for (unsigned j = 0; j < VNR_TEMPLATE_MAX; j++)
		r->tmpl[j] = w[VNR_META_RULE_TEMPLATE_LSB / 32 + j / 4] >> (24 - 8 * (j % 4));
}

/* ------------------------------------------------------------- lifecycle */

int egress_regs_init(struct csr_regs *c)
{
	unsigned rules = c->par.rules ? c->par.rules : 1;

	for (int b = 0; b < 2; b++) {
		c->eg.rule_raw[b] = calloc(rules, sizeof(*c->eg.rule_raw[b]));
		if (!c->eg.rule_raw[b])
			return -1;
	}
	c->eg.cls_lat = cls_lat_eg(c->par.rules);
	return 0;
}

void egress_regs_free(struct csr_regs *c)
{
	for (int b = 0; b < 2; b++) {
		free(c->eg.rule_raw[b]);
		c->eg.rule_raw[b] = NULL;
	}
	vnr_egress_tables_free(c->cfg.eg);
	c->cfg.eg = NULL;
}

/* Registers and tables to their reset values (tables new: every lookup misses). */
int egress_regs_reset(struct csr_regs *c)
{
	struct egress_regs *e = &c->eg;
	unsigned rules = c->par.rules ? c->par.rules : 1;

	memset(e->vf_sh, 0, sizeof(e->vf_sh));
	memset(e->rule_sh, 0, sizeof(e->rule_sh));
	memset(e->bst_key, 0, sizeof(e->bst_key));
	memset(e->vf_raw, 0, sizeof(e->vf_raw));
	for (int b = 0; b < 2; b++)
		memset(e->rule_raw[b], 0, rules * sizeof(*e->rule_raw[b]));
	e->bst_sel = 0;
	e->mtu_sel = VNR_EGRESS_MTU_SEL_FUNC_RESET;
	e->settle = 0;
	e->flipped = 0;
	vnr_egress_tables_free(c->cfg.eg);
	c->cfg.eg = vnr_egress_tables_new(c->par.rules);
	if (!c->cfg.eg)
		return -1;
	c->cfg.eg->trap_ctrl = 0;
	c->cfg.eg->pf_max_mtu = VNR_PF_MAX_MTU_DEFAULT;
	for (unsigned f = 0; f < VNR_MAX_FUNCS; f++)
		c->cfg.eg->mtu[f] = VNR_MTU_DEFAULT;
	c->cfg.eg->active = 0;
	return 0;
}

/* One clock: settling counts down; a flip of this cycle starts it (m+1 .. m+CLS_LAT_EG). */
void egress_regs_clock(struct csr_regs *c)
{
	struct egress_regs *e = &c->eg;

	if (e->flipped)
		e->settle = e->cls_lat;
	else if (e->settle)
		e->settle--;
	e->flipped = 0;
}

int egress_is_block(uint32_t a)
{
	return a >= VNR_EGRESS_BLK_ID && a < EG_BLOCK_END;
}

int csr_array_index(uint32_t a, uint32_t base, unsigned count, unsigned *i)
{
	if (a < base || a >= base + 4 * count)
		return 0;
	*i = (a - base) / 4;
	return 1;
}

/* ----------------------------------------------------------------- reads */

static uint32_t bst_status(const struct csr_regs *c)
{
	return VNR_FIELD_PUT(VNR_EGRESS_BST_STATUS_ACTIVE, c->cfg.eg->active) |
	       VNR_FIELD_PUT(VNR_EGRESS_BST_STATUS_SETTLING, c->eg.settle != 0);
}

int egress_read(const struct csr_regs *c, uint32_t a, uint32_t *v)
{
	const struct egress_regs *e = &c->eg;
	const struct vnr_egress_tables *t = c->cfg.eg;
	unsigned i;

	switch (a) {
	case VNR_EGRESS_BLK_ID: *v = BLK_ID(VNR_BLK_EGRESS_TYPE, VNR_BLK_EGRESS_VERSION); return 1;
	case VNR_EGRESS_BLK_NEXT: *v = VNR_EGRESS_BLK_NEXT_OFFSET_RESET; return 1;
	case VNR_EGRESS_TRAP_CTRL: *v = t->trap_ctrl; return 1;
	case VNR_EGRESS_PF_MAX_MTU: *v = t->pf_max_mtu; return 1;
	case VNR_EGRESS_MTU_SEL: *v = e->mtu_sel; return 1;
	case VNR_EGRESS_MTU_VAL: *v = t->mtu[e->mtu_sel]; return 1;
	case VNR_EGRESS_VF_CMD: *v = 0; return 1;	/* write-only */
	case VNR_EGRESS_RULE_CMD: *v = 0; return 1;
	case VNR_EGRESS_BST_SEL: *v = e->bst_sel; return 1;
	case VNR_EGRESS_BST_CMD: *v = 0; return 1;
	case VNR_EGRESS_BST_STATUS: *v = bst_status(c); return 1;
	}
	if (csr_array_index(a, VNR_EGRESS_VF_SH, VNR_EGRESS_VF_SH_COUNT, &i))
		return *v = e->vf_sh[i], 1;
	if (csr_array_index(a, VNR_EGRESS_RULE_SH, VNR_EGRESS_RULE_SH_COUNT, &i))
		return *v = e->rule_sh[i], 1;
	if (csr_array_index(a, VNR_EGRESS_BST_KEY, VNR_EGRESS_BST_KEY_COUNT, &i))
		return *v = e->bst_key[i], 1;
	return 0;
}

int vf_mtu_read(const struct csr_regs *c, unsigned vf, uint32_t *v)
{
	*v = c->cfg.eg->mtu[vf];
	return 1;
}

/* ---------------------------------------------------------------- writes */

static unsigned mtu_check(const struct csr_regs *c, uint32_t mtu)
{
	return mtu < VNR_MTU_MIN || mtu > c->cfg.eg->pf_max_mtu ? VNR_ERR_MTU_RANGE : VNR_ERR_NONE;
}

static unsigned write_mtu_sel(struct csr_regs *c, uint32_t d)
{
	uint32_t f = VNR_FIELD_GET(d, VNR_EGRESS_MTU_SEL_FUNC);

	if (f < 1 || f > c->par.num_vf)
		return VNR_ERR_MTU_FUNC;
	c->eg.mtu_sel = f;
	return VNR_ERR_NONE;
}

static unsigned write_mtu(struct csr_regs *c, unsigned func, uint32_t d)
{
	uint32_t mtu = VNR_FIELD_GET(d, VNR_EGRESS_MTU_VAL_MTU);	/* the field's bits only */
	unsigned err = mtu_check(c, mtu);

	if (!err)
		c->cfg.eg->mtu[func] = mtu;
	return err;
}

static unsigned write_pf_max_mtu(struct csr_regs *c, uint32_t d)
{
	uint32_t mtu = VNR_FIELD_GET(d, VNR_EGRESS_PF_MAX_MTU_MTU);

	if (mtu < VNR_MTU_MIN)
		return VNR_ERR_MTU_RANGE;
	c->cfg.eg->pf_max_mtu = mtu;	/* MTUs already set stay as they are */
	return VNR_ERR_NONE;
}

/* checks (timing.md 2): op, then index */
static unsigned write_vf_cmd(struct csr_regs *c, uint32_t d)
{
	unsigned idx = VNR_FIELD_GET(d, VNR_EGRESS_VF_CMD_INDEX);
	unsigned op = VNR_FIELD_GET(d, VNR_EGRESS_VF_CMD_OP);

	if (op != OP_COMMIT && op != OP_LOAD)
		return VNR_ERR_CMD_OP;
	if (idx < 1 || idx > c->par.num_vf)
		return VNR_ERR_VF_INDEX;
	if (op == OP_LOAD) {
		memcpy(c->eg.vf_sh, c->eg.vf_raw[idx], sizeof(c->eg.vf_sh));
		return VNR_ERR_NONE;
	}
	memcpy(c->eg.vf_raw[idx], c->eg.vf_sh, sizeof(c->eg.vf_sh));
	vfent_decode(c->eg.vf_sh, &c->cfg.eg->vf[idx]);
	return VNR_ERR_NONE;
}

/* checks (timing.md 2): op, settling, index, then opaque length (commit) */
static unsigned write_rule_cmd(struct csr_regs *c, uint32_t d)
{
	unsigned idx = VNR_FIELD_GET(d, VNR_EGRESS_RULE_CMD_INDEX);
	unsigned op = VNR_FIELD_GET(d, VNR_EGRESS_RULE_CMD_OP);
	unsigned b = !c->cfg.eg->active;	/* the inactive bank only */

	if (op != OP_COMMIT && op != OP_LOAD)
		return VNR_ERR_CMD_OP;
	if (c->eg.settle)
		return VNR_ERR_BST_SETTLING;
	if (idx >= c->par.rules)
		return VNR_ERR_RULE_INDEX;
	if (op == OP_LOAD) {
		memcpy(c->eg.rule_sh, c->eg.rule_raw[b][idx], sizeof(c->eg.rule_sh));
		return VNR_ERR_NONE;
	}
	if (RULEF(c->eg.rule_sh, OPAQUE_LEN) > VNR_OPAQUE_MAX)
		return VNR_ERR_RULE_OPAQUE;
	memcpy(c->eg.rule_raw[b][idx], c->eg.rule_sh, sizeof(c->eg.rule_sh));
	rule_decode(c->eg.rule_sh, &c->cfg.eg->rule[b][idx]);
	return VNR_ERR_NONE;
}

/* BST_CMD.write checks, in order: settling, active bank, level (nodes), index */
static unsigned bst_write_check(const struct csr_regs *c)
{
	const struct vnr_egress_tables *t = c->cfg.eg;
	uint32_t sel = c->eg.bst_sel;
	unsigned idx = VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_INDEX);
	unsigned lvl = VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_LEVEL);

	if (c->eg.settle)
		return VNR_ERR_BST_SETTLING;
	if (VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_BANK) == t->active)
		return VNR_ERR_BST_ACTIVE;
	if (VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_LEAF))
		return (uint64_t)idx >= 1ull << t->levels ? VNR_ERR_BST_INDEX : VNR_ERR_NONE;
	if (lvl >= t->levels)
		return VNR_ERR_BST_LEVEL;
	return (uint64_t)idx >= 1ull << lvl ? VNR_ERR_BST_INDEX : VNR_ERR_NONE;
}

static void bst_write(struct csr_regs *c)
{
	struct vnr_egress_tables *t = c->cfg.eg;
	uint32_t sel = c->eg.bst_sel;
	unsigned b = VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_BANK);
	unsigned idx = VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_INDEX);
	unsigned lvl = VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_LEVEL);
	uint32_t *node;

	if (VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_LEAF)) {
		t->leaf[b][idx] = c->eg.bst_key[0] &
			(((1u << VNR_META_LEAF_RULE_W) - 1) << VNR_META_LEAF_RULE_LSB |
			 1u << VNR_META_LEAF_HIT_LSB);
		return;
	}
	node = t->node[b][(1u << lvl) - 1 + idx];
	memcpy(node, c->eg.bst_key, sizeof(c->eg.bst_key));
	node[VNR_BST_KEY_WORDS - 1] &= BST_KEY_TOP_MASK;
}

static unsigned write_bst_cmd(struct csr_regs *c, uint32_t d)
{
	int wr = VNR_FIELD_GET(d, VNR_EGRESS_BST_CMD_WRITE);
	int flip = VNR_FIELD_GET(d, VNR_EGRESS_BST_CMD_FLIP);
	unsigned err;

	if (wr) {
		err = bst_write_check(c);
		if (err)
			return err;
	} else if (flip && c->eg.settle) {
		return VNR_ERR_BST_SETTLING;
	}
	if (wr)
		bst_write(c);
	if (flip) {	/* lookups sampling at m+1 on use the other bank */
		c->cfg.eg->active ^= 1;
		c->eg.flipped = 1;
	}
	return VNR_ERR_NONE;
}

/* The bits of shadow word i that a layout defines (like every register, a
 * shadow word keeps only its fields' bits; word 0 of BST_KEY is also a leaf,
 * and every bit of it is an address bit, so it keeps all 32). */
uint32_t layout_mask(const struct vnr_field_desc *f, unsigned n, unsigned word)
{
	uint32_t m = 0;

	for (unsigned k = 0; k < n; k++)
		for (unsigned b = f[k].lsb; b < f[k].lsb + f[k].width; b++)
			if (b / 32 == word)
				m |= 1u << (b % 32);
	return m;
}

static uint32_t rule_word_mask(unsigned i)
{
	/* the template: every word from the first template word on is data */
	if (i >= VNR_META_RULE_TEMPLATE_LSB / 32)
		return 0xffffffffu;
	return layout_mask(vnr_meta_rule_fields, VNR_META_RULE_NFIELDS, i);
}

static unsigned write_array(struct csr_regs *c, uint32_t a, uint32_t d)
{
	unsigned i;

	if (csr_array_index(a, VNR_EGRESS_VF_SH, VNR_EGRESS_VF_SH_COUNT, &i))
		c->eg.vf_sh[i] = d & layout_mask(vnr_meta_vfent_fields, VNR_META_VFENT_NFIELDS, i);
	else if (csr_array_index(a, VNR_EGRESS_RULE_SH, VNR_EGRESS_RULE_SH_COUNT, &i))
		c->eg.rule_sh[i] = d & rule_word_mask(i);
	else if (csr_array_index(a, VNR_EGRESS_BST_KEY, VNR_EGRESS_BST_KEY_COUNT, &i))
		c->eg.bst_key[i] = d & layout_mask(vnr_meta_bstkey_fields, VNR_META_BSTKEY_NFIELDS, i);
	else
		return VNR_ERR_BAD_ADDR;
	return VNR_ERR_NONE;
}

/* A write into 0x0500-0x07FF; returns the err code (0 = done). */
unsigned egress_write(struct csr_regs *c, uint32_t a, uint32_t d)
{
	switch (a) {
	case VNR_EGRESS_BLK_ID:
	case VNR_EGRESS_BLK_NEXT:
	case VNR_EGRESS_BST_STATUS:
		return VNR_ERR_READ_ONLY;
	case VNR_EGRESS_TRAP_CTRL:
		c->cfg.eg->trap_ctrl = d & TRAP_CTRL_MASK;
		return VNR_ERR_NONE;
	case VNR_EGRESS_PF_MAX_MTU:
		return write_pf_max_mtu(c, d);
	case VNR_EGRESS_MTU_SEL:
		return write_mtu_sel(c, d);
	case VNR_EGRESS_MTU_VAL:
		return write_mtu(c, c->eg.mtu_sel, d);
	case VNR_EGRESS_VF_CMD:
		return write_vf_cmd(c, d);
	case VNR_EGRESS_RULE_CMD:
		return write_rule_cmd(c, d);
	case VNR_EGRESS_BST_SEL:
		c->eg.bst_sel = d & BST_SEL_MASK;
		return VNR_ERR_NONE;
	case VNR_EGRESS_BST_CMD:
		return write_bst_cmd(c, d);
	}
	return write_array(c, a, d);
}

/* VF_MTU in VF window n: VF n asks for an MTU */
unsigned vf_mtu_write(struct csr_regs *c, unsigned vf, uint32_t d)
{
	return write_mtu(c, vf, d);
}
