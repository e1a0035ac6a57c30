// SPDX-License-Identifier: MIT
/* The egress lookup tree (docs/egress.md section 2), in software: rules become
 * ranges of the 186-bit key, their starts and ends+1 cut the key space into
 * elementary intervals, each labelled with its longest-prefix rule, and the
 * sorted boundaries go into the implicit complete tree the hardware walks. */
#include <stdlib.h>
#include <string.h>
#include "drv_internal.h"

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void vnr_key_make(uint32_t func, const uint8_t mac[6], uint32_t fam, const uint8_t addr[16],
		  uint32_t key[VNR_KEY_WORDS])
{
	memset(key, 0, VNR_KEY_WORDS * sizeof(uint32_t));
	VNR_META_SET(key, BSTKEY, ADDR_W3, be32(addr));
	VNR_META_SET(key, BSTKEY, ADDR_W2, be32(addr + 4));
	VNR_META_SET(key, BSTKEY, ADDR_W1, be32(addr + 8));
	VNR_META_SET(key, BSTKEY, ADDR_W0, be32(addr + 12));
	VNR_META_SET(key, BSTKEY, FAM, fam);
	VNR_META_SET(key, BSTKEY, MAC_HI, (uint32_t)mac[0] << 8 | mac[1]);
	VNR_META_SET(key, BSTKEY, MAC_LO, be32(mac + 2));
	VNR_META_SET(key, BSTKEY, FUNC, func);
}

int vnr_key_cmp(const uint32_t a[VNR_KEY_WORDS], const uint32_t b[VNR_KEY_WORDS])
{
	int i;

	for (i = VNR_KEY_WORDS - 1; i >= 0; i--)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static void key_inc(uint32_t k[VNR_KEY_WORDS])
{
	unsigned i;

	for (i = 0; i < VNR_KEY_WORDS && ++k[i] == 0; i++)
		;
}

/* MAC only: every family and address; a prefix: its family, host bits 0..1 */
void vnr_match_range(const struct vnr_match *m, uint32_t lo[VNR_KEY_WORDS],
		     uint32_t hi[VNR_KEY_WORDS])
{
	static const uint8_t zero[16];
	uint8_t a[16], b[16];
	unsigned bit;

	if (m->fam == 0) {
		vnr_key_make(m->func, m->mac, 0, zero, lo);
		memset(b, 0xff, sizeof(b));
		vnr_key_make(m->func, m->mac, 3, b, hi);
		return;
	}
	memcpy(a, m->addr, 16);
	if (m->fam == 1)
		memset(a + 4, 0, 12);
	memcpy(b, a, 16);
	/* addr is the top of a 128-bit field: IPv4 sits in bits [127:96] */
	for (bit = m->plen; bit < 128; bit++) {
		a[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
		b[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
	}
	vnr_key_make(m->func, m->mac, m->fam, a, lo);
	vnr_key_make(m->func, m->mac, m->fam, b, hi);
}

int vnr_bst_img_init(struct vnr_bst_img *img, unsigned levels)
{
	size_t n = (size_t)1 << levels;

	memset(img, 0, sizeof(*img));
	img->levels = levels;
	img->node = malloc(n * sizeof(*img->node));
	img->leaf = malloc(n * sizeof(*img->leaf));
	if (!img->node || !img->leaf) {
		vnr_bst_img_free(img);
		return -1;
	}
	return 0;
}

void vnr_bst_img_free(struct vnr_bst_img *img)
{
	free(img->node);
	free(img->leaf);
	img->node = NULL;
	img->leaf = NULL;
}

/* a point where the label may change: a range starts (rule >= 0) or a range
 * ends before it (rule < 0, popped by the sweep) */
struct edge {
	uint32_t key[VNR_KEY_WORDS];
	uint32_t end[VNR_KEY_WORDS]; /* starts: the range's last key */
	int rule;                    /* index into rules, or -1 for an end+1 */
};

static int edge_cmp(const void *pa, const void *pb)
{
	const struct edge *a = pa, *b = pb;
	int c = vnr_key_cmp(a->key, b->key);

	if (c)
		return c;
	/* ends before starts; of two starts the outer (later end) first */
	if ((a->rule < 0) != (b->rule < 0))
		return a->rule < 0 ? -1 : 1;
	if (a->rule < 0)
		return 0;
	return -vnr_key_cmp(a->end, b->end);
}

static int make_edges(const struct vnr_bst_rule *rules, unsigned n, struct edge *e,
		      uint32_t (*hi)[VNR_KEY_WORDS])
{
	uint32_t lo[VNR_KEY_WORDS];
	unsigned i, k = 0;

	for (i = 0; i < n; i++) {
		vnr_match_range(&rules[i].m, lo, hi[i]);
		memcpy(e[k].key, lo, sizeof(lo));
		memcpy(e[k].end, hi[i], sizeof(hi[i]));
		e[k++].rule = (int)i;
		memcpy(e[k].key, hi[i], sizeof(hi[i]));
		key_inc(e[k].key);
		memset(e[k].end, 0, sizeof(e[k].end));
		e[k++].rule = -1;
	}
	qsort(e, k, sizeof(*e), edge_cmp);
	return (int)k;
}

static uint32_t leaf_word(const struct vnr_bst_rule *rules, int top)
{
	uint32_t w[4] = { 0 }; /* vnr_meta_set takes a 4-word array */

	if (top < 0)
		return 0;
	VNR_META_SET(w, LEAF, RULE, rules[top].id);
	VNR_META_SET(w, LEAF, HIT, 1);
	return w[0];
}

/* Sweeps the sorted edges. Prefix ranges of one (func, mac) nest or are
 * disjoint and the MAC-only range holds them all, so the ranges form a
 * laminar family: the innermost open range is the longest prefix, and it is
 * the top of a stack of open ranges. bound[] gets the distinct boundaries,
 * label[j] the leaf word of the interval that starts at bound[j]. */
static unsigned sweep(const struct vnr_bst_rule *rules, const struct edge *e, int ne,
		      const uint32_t (*hi)[VNR_KEY_WORDS], int *stack,
		      uint32_t (*bound)[VNR_KEY_WORDS], uint32_t *label)
{
	int i = 0, sp = 0;
	unsigned nb = 0;

	while (i < ne) {
		const uint32_t *at = e[i].key;

		/* close every open range that ends before this point */
		while (sp && vnr_key_cmp(hi[stack[sp - 1]], at) < 0)
			sp--;
		for (; i < ne && !vnr_key_cmp(e[i].key, at); i++)
			if (e[i].rule >= 0)
				stack[sp++] = e[i].rule;
		memcpy(bound[nb], at, sizeof(bound[nb]));
		label[nb++] = leaf_word(rules, sp ? stack[sp - 1] : -1);
	}
	return nb;
}

int vnr_bst_node_used(unsigned levels, unsigned nbound, uint32_t p)
{
	uint32_t h = (uint32_t)__builtin_ctz(p);

	(void)levels;
	/* node p covers leaves [p - 2^h, p + 2^h); keys below all ones only
	 * reach leaves 0..nbound */
	return p - (1u << h) <= nbound;
}

static void place(struct vnr_bst_img *img, uint32_t (*bound)[VNR_KEY_WORDS], const uint32_t *label,
		  unsigned nb)
{
	uint32_t slots = 1u << img->levels, p;

	for (p = 1; p < slots; p++) {
		if (p <= nb)
			memcpy(img->node[p], bound[p - 1], sizeof(img->node[p]));
		else
			memset(img->node[p], 0xff, sizeof(img->node[p]));
	}
	img->node[0][0] = 0; /* p = 0 is no node */
	img->leaf[0] = 0;    /* below the smallest boundary no rule starts */
	for (p = 1; p < slots; p++)
		img->leaf[p] = p <= nb ? label[p - 1] : 0;
	img->nbound = nb;
}

int vnr_bst_build(const struct vnr_bst_rule *rules, unsigned n, struct vnr_bst_img *img,
		  char *err, size_t len)
{
	struct edge *e = malloc((2 * (size_t)n + 1) * sizeof(*e));
	uint32_t (*bound)[VNR_KEY_WORDS] = malloc((2 * (size_t)n + 1) * sizeof(*bound));
	uint32_t *label = malloc((2 * (size_t)n + 1) * sizeof(*label));
	int *stack = malloc(((size_t)n + 1) * sizeof(*stack));
	uint32_t (*hi)[VNR_KEY_WORDS] = malloc(((size_t)n + 1) * sizeof(*hi));
	unsigned nb, limit = (1u << img->levels) - 1;
	int rc = 0;

	if (!e || !bound || !label || !stack || !hi) {
		rc = vnr_errf(err, len, "rules: out of memory");
	} else {
		nb = sweep(rules, e, make_edges(rules, n, e, hi), (const uint32_t (*)[VNR_KEY_WORDS])hi,
			   stack, bound, label);
		if (nb > limit)
			rc = vnr_errf(err, len, "rules: table full: %u boundaries, the tree holds %u",
				      nb, limit);
		else
			place(img, bound, label, nb);
	}
	free(e);
	free(bound);
	free(label);
	free(stack);
	free(hi);
	return rc;
}

uint32_t vnr_bst_walk(const struct vnr_bst_img *img, const uint32_t key[VNR_KEY_WORDS])
{
	uint32_t i = 0, l;

	for (l = 0; l < img->levels; l++) {
		uint32_t p = (2 * i + 1) << (img->levels - 1 - l);

		i = 2 * i + (vnr_key_cmp(key, img->node[p]) >= 0 ? 1 : 0);
	}
	return img->leaf[i];
}
