// SPDX-License-Identifier: MIT
/*
 * The ingress register block at 0x0800 (docs/regmap.md block ingress,
 * docs/timing.md section 2, docs/ingress.md section 6): the key definition
 * (collators and mask) and the ingress rule table, both in cfg.ig.
 *
 * A commit writes cfg.ig in its perform cycle m. The classifier of a frame
 * whose decision point is d runs in cycle d+1 before that cycle's write
 * performs (vnr_model.c), against cfg as it is then: a frame sampling at
 * m+1 or later sees the commit, none sampling at m or earlier does. There
 * is one copy of the table, as in the RTL; the busy window keeps a second
 * command off it while the slot's lookups of the past CLS_LAT cycles drain.
 */
#include <string.h>
#include "timing.h"

#define BLK_ID(T, V) ((uint32_t)(T) << 16 | (V))
#define IG_BLOCK_END 0x0c00u
#define KEY_WORDS (VNR_KEY_BYTES / 4)

enum { OP_COMMIT = 1, OP_LOAD = 2 };

#define IRULEF(w, F) layout_bits((w), VNR_META_IRULE_##F##_LSB, VNR_META_IRULE_##F##_W)

/* ------------------------------------------------------------ layouts */

/* byte j of a key or mask array sits in the top byte first: [31 - 8*(j%4) -: 8] of word j/4 */
static void key_decode(const uint32_t *w, uint8_t *key)
{
	for (unsigned j = 0; j < VNR_KEY_BYTES; j++)
		key[j] = w[j / 4] >> (24 - 8 * (j % 4));
}

static void key_encode(const uint8_t *key, uint32_t *w)
{
	memset(w, 0, KEY_WORDS * sizeof(*w));
	for (unsigned j = 0; j < VNR_KEY_BYTES; j++)
		w[j / 4] |= (uint32_t)key[j] << (24 - 8 * (j % 4));
}

static void set_bits(uint32_t *w, unsigned lsb, unsigned width, uint32_t v)
{
	for (unsigned i = 0; i < width; i++)
		if (v >> i & 1)
			w[(lsb + i) / 32] |= 1u << ((lsb + i) % 32);
}

static void mac_encode(const uint8_t mac[6], uint32_t *w, unsigned hi_lsb, unsigned lo_lsb)
{
	set_bits(w, hi_lsb, 16, (uint32_t)mac[0] << 8 | mac[1]);
	set_bits(w, lo_lsb, 32, (uint32_t)mac[2] << 24 | (uint32_t)mac[3] << 16 |
		 (uint32_t)mac[4] << 8 | mac[5]);
}

static void irule_decode(const uint32_t *w, struct vnr_irule *r)
{
	memset(r, 0, sizeof(*r));
	key_decode(w, r->key);
	r->valid = IRULEF(w, VALID);
	r->action = IRULEF(w, ACTION);
	r->kshort = IRULEF(w, KSHORT);
	r->profile = IRULEF(w, PROFILE);
	r->vf = IRULEF(w, VF);
	r->ttl_dec = IRULEF(w, TTL_DEC);
	r->inner_type = IRULEF(w, INNER_TYPE);
	layout_mac_decode(IRULEF(w, INNER_DMAC_HI), IRULEF(w, INNER_DMAC_LO), r->inner_dmac);
	layout_mac_decode(IRULEF(w, INNER_SMAC_HI), IRULEF(w, INNER_SMAC_LO), r->inner_smac);
}

/* the inverse of irule_decode over the layout's bits: a load gives back what was committed */
static void irule_encode(const struct vnr_irule *r, uint32_t *w)
{
	memset(w, 0, VNR_IRULE_SH_WORDS * sizeof(*w));
	key_encode(r->key, w);
	set_bits(w, VNR_META_IRULE_VALID_LSB, VNR_META_IRULE_VALID_W, r->valid);
	set_bits(w, VNR_META_IRULE_ACTION_LSB, VNR_META_IRULE_ACTION_W, r->action);
	set_bits(w, VNR_META_IRULE_KSHORT_LSB, VNR_META_IRULE_KSHORT_W, r->kshort);
	set_bits(w, VNR_META_IRULE_PROFILE_LSB, VNR_META_IRULE_PROFILE_W, r->profile);
	set_bits(w, VNR_META_IRULE_VF_LSB, VNR_META_IRULE_VF_W, r->vf);
	set_bits(w, VNR_META_IRULE_TTL_DEC_LSB, VNR_META_IRULE_TTL_DEC_W, r->ttl_dec);
	set_bits(w, VNR_META_IRULE_INNER_TYPE_LSB, VNR_META_IRULE_INNER_TYPE_W, r->inner_type);
	mac_encode(r->inner_dmac, w, VNR_META_IRULE_INNER_DMAC_HI_LSB,
		   VNR_META_IRULE_INNER_DMAC_LO_LSB);
	mac_encode(r->inner_smac, w, VNR_META_IRULE_INNER_SMAC_HI_LSB,
		   VNR_META_IRULE_INNER_SMAC_LO_LSB);
}

/* IRULE_SH word i keeps its layout's bits; the 32 key words are all data */
static uint32_t irule_word_mask(unsigned i)
{
	if (i < KEY_WORDS)
		return 0xffffffffu;
	return layout_mask(vnr_meta_irule_fields, VNR_META_IRULE_NFIELDS, i);
}

static uint32_t coll_word_mask(void)
{
	return layout_mask(vnr_meta_coll_fields, VNR_META_COLL_NFIELDS, 0);
}

/* ------------------------------------------------------------- lifecycle */

void ingress_regs_free(struct csr_regs *c)
{
	vnr_ingress_tables_free(c->cfg.ig);
	c->cfg.ig = NULL;
}

/* Shadows 0, no command in flight, the tables new: collators (0, 0), mask 0, slots empty. */
int ingress_regs_reset(struct csr_regs *c)
{
	memset(&c->ig, 0, sizeof(c->ig));
	vnr_ingress_tables_free(c->cfg.ig);
	c->cfg.ig = vnr_ingress_tables_new(c->par.rules);
	return c->cfg.ig ? 0 : -1;
}

/*
 * One clock. An IRULE_CMD performing in m makes busy read 1 in m+1 ..
 * m+CLS_LAT; a load lands in IRULE_SH at the end of m+CLS_LAT. The slot
 * cannot change in between (every IRULE_CMD is refused while busy), so
 * reading it now is reading it at m.
 */
void ingress_regs_clock(struct csr_regs *c)
{
	struct ingress_regs *g = &c->ig;

	if (g->started) {
		g->started = 0;
		g->busy = VNR_CLS_LAT;
		return;
	}
	if (!g->busy || --g->busy)
		return;
	if (g->load) {
		irule_encode(&c->cfg.ig->irule[g->load_idx], g->irule_sh);
		g->load = 0;
	}
}

int ingress_is_block(uint32_t a)
{
	return a >= VNR_INGRESS_BLK_ID && a < IG_BLOCK_END;
}

/* ----------------------------------------------------------------- reads */

int ingress_read(const struct csr_regs *c, uint32_t a, uint32_t *v)
{
	const struct ingress_regs *g = &c->ig;
	unsigned i;

	switch (a) {
	case VNR_INGRESS_BLK_ID: *v = BLK_ID(VNR_BLK_INGRESS_TYPE, VNR_BLK_INGRESS_VERSION); return 1;
	case VNR_INGRESS_BLK_NEXT: *v = VNR_INGRESS_BLK_NEXT_OFFSET_RESET; return 1;
	case VNR_INGRESS_KEY_CMD: *v = 0; return 1;	/* write-only */
	case VNR_INGRESS_IRULE_CMD: *v = 0; return 1;
	case VNR_INGRESS_IRULE_STATUS:
		*v = VNR_FIELD_PUT(VNR_INGRESS_IRULE_STATUS_BUSY, g->busy != 0);
		return 1;
	}
	if (csr_array_index(a, VNR_INGRESS_COLL_SH, VNR_INGRESS_COLL_SH_COUNT, &i))
		return *v = g->coll_sh[i], 1;
	if (csr_array_index(a, VNR_INGRESS_MASK_SH, VNR_INGRESS_MASK_SH_COUNT, &i))
		return *v = g->mask_sh[i], 1;
	if (csr_array_index(a, VNR_INGRESS_IRULE_SH, VNR_INGRESS_IRULE_SH_COUNT, &i))
		return *v = g->irule_sh[i], 1;
	return 0;
}

/* ---------------------------------------------------------------- writes */

/* ingress.md 6: per collator in order its range, then the total */
static unsigned key_check(const uint32_t *coll_sh)
{
	unsigned total = 0;

	for (unsigned k = 0; k < VNR_NUM_COLLATORS; k++) {
		unsigned off = layout_bits(&coll_sh[k], VNR_META_COLL_OFF_LSB, VNR_META_COLL_OFF_W);
		unsigned len = layout_bits(&coll_sh[k], VNR_META_COLL_LEN_LSB, VNR_META_COLL_LEN_W);

		if (len > VNR_KEY_BYTES || off + len > VNR_COLL_SPAN)
			return VNR_ERR_COLL_RANGE;
	}
	for (unsigned k = 0; k < VNR_NUM_COLLATORS; k++)
		total += layout_bits(&coll_sh[k], VNR_META_COLL_LEN_LSB, VNR_META_COLL_LEN_W);
	return total > VNR_KEY_BYTES ? VNR_ERR_COLL_TOTAL : VNR_ERR_NONE;
}

static void key_commit(struct csr_regs *c)
{
	struct vnr_ingress_tables *t = c->cfg.ig;

	for (unsigned k = 0; k < VNR_NUM_COLLATORS; k++) {
		t->coll[k].off = layout_bits(&c->ig.coll_sh[k], VNR_META_COLL_OFF_LSB,
					     VNR_META_COLL_OFF_W);
		t->coll[k].len = layout_bits(&c->ig.coll_sh[k], VNR_META_COLL_LEN_LSB,
					     VNR_META_COLL_LEN_W);
	}
	key_decode(c->ig.mask_sh, t->mask);
}

static void key_load(struct csr_regs *c)
{
	const struct vnr_ingress_tables *t = c->cfg.ig;

	for (unsigned k = 0; k < VNR_NUM_COLLATORS; k++) {
		c->ig.coll_sh[k] = 0;
		set_bits(&c->ig.coll_sh[k], VNR_META_COLL_OFF_LSB, VNR_META_COLL_OFF_W, t->coll[k].off);
		set_bits(&c->ig.coll_sh[k], VNR_META_COLL_LEN_LSB, VNR_META_COLL_LEN_W, t->coll[k].len);
	}
	key_encode(t->mask, c->ig.mask_sh);
}

/* op 1: collators and mask replaced together, seen from m+1; op 2: into the shadow */
static unsigned write_key_cmd(struct csr_regs *c, uint32_t d)
{
	unsigned op = VNR_FIELD_GET(d, VNR_INGRESS_KEY_CMD_OP);
	unsigned err;

	if (op == OP_LOAD) {
		key_load(c);
		return VNR_ERR_NONE;
	}
	if (op != OP_COMMIT)
		return VNR_ERR_CMD_OP;
	err = key_check(c->ig.coll_sh);
	if (err)
		return err;
	key_commit(c);
	return VNR_ERR_NONE;
}

/* checks (timing.md 2): op, busy, index, then for a commit action and vf */
static unsigned irule_check(const struct csr_regs *c, unsigned op, unsigned idx)
{
	if (op != OP_COMMIT && op != OP_LOAD)
		return VNR_ERR_CMD_OP;
	if (c->ig.busy)
		return VNR_ERR_IRULE_BUSY;
	if (idx >= c->par.rules)
		return VNR_ERR_IRULE_INDEX;
	if (op == OP_LOAD)
		return VNR_ERR_NONE;
	if (IRULEF(c->ig.irule_sh, ACTION) == 3)
		return VNR_ERR_IRULE_ACTION;
	if (IRULEF(c->ig.irule_sh, VF) > c->par.num_vf)
		return VNR_ERR_IRULE_VF;
	return VNR_ERR_NONE;
}

static unsigned write_irule_cmd(struct csr_regs *c, uint32_t d)
{
	unsigned idx = VNR_FIELD_GET(d, VNR_INGRESS_IRULE_CMD_INDEX);
	unsigned op = VNR_FIELD_GET(d, VNR_INGRESS_IRULE_CMD_OP);
	unsigned err = irule_check(c, op, idx);

	if (err)
		return err;	/* a refused command does not set busy */
	c->ig.started = 1;
	if (op == OP_LOAD) {
		c->ig.load = 1;
		c->ig.load_idx = idx;
	} else {
		irule_decode(c->ig.irule_sh, &c->cfg.ig->irule[idx]);
	}
	return VNR_ERR_NONE;
}

static unsigned write_array(struct csr_regs *c, uint32_t a, uint32_t d)
{
	unsigned i;

	if (csr_array_index(a, VNR_INGRESS_COLL_SH, VNR_INGRESS_COLL_SH_COUNT, &i)) {
		c->ig.coll_sh[i] = d & coll_word_mask();
	} else if (csr_array_index(a, VNR_INGRESS_MASK_SH, VNR_INGRESS_MASK_SH_COUNT, &i)) {
		c->ig.mask_sh[i] = d;
	} else if (csr_array_index(a, VNR_INGRESS_IRULE_SH, VNR_INGRESS_IRULE_SH_COUNT, &i)) {
		if (c->ig.busy)
			return VNR_ERR_IRULE_BUSY;
		c->ig.irule_sh[i] = d & irule_word_mask(i);
	} else {
		return VNR_ERR_BAD_ADDR;
	}
	return VNR_ERR_NONE;
}

/* A write into 0x0800-0x0BFF; returns the err code (0 = done). */
unsigned ingress_write(struct csr_regs *c, uint32_t a, uint32_t d)
{
	switch (a) {
	case VNR_INGRESS_BLK_ID:
	case VNR_INGRESS_BLK_NEXT:
	case VNR_INGRESS_IRULE_STATUS:
		return VNR_ERR_READ_ONLY;
	case VNR_INGRESS_KEY_CMD:
		return write_key_cmd(c, d);
	case VNR_INGRESS_IRULE_CMD:
		return write_irule_cmd(c, d);
	}
	return write_array(c, a, d);
}
