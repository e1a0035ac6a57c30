// SPDX-License-Identifier: MIT
/* The lookup tree walk (docs/egress.md section 2). */
#include "vnr_core.h"

/* Bits [191:186] of a six-word key are not part of it (layout bstkey). */
#define KEY_TOP_MASK ((1u << (VNR_META_BSTKEY_FUNC_LSB + VNR_META_BSTKEY_FUNC_W - 160)) - 1)

/* key >= node, both compared as unsigned 186-bit numbers */
static int key_ge(const uint32_t key[6], const uint32_t node[6])
{
	for (int w = 5; w >= 0; w--) {
		uint32_t mask = w == 5 ? KEY_TOP_MASK : 0xffffffffu;
		uint32_t a = key[w] & mask, b = node[w] & mask;

		if (a != b)
			return a > b;
	}
	return 1;
}

int vnr_bst_lookup(const struct vnr_egress_tables *t, unsigned bank, const uint32_t key[6],
		   uint32_t *rule)
{
	size_t i = 0;
	uint32_t leaf[4] = { 0 }, r;

	bank &= 1;
	for (unsigned l = 0; l < t->levels; l++)
		i = 2 * i + key_ge(key, t->node[bank][((size_t)1 << l) - 1 + i]);
	leaf[0] = t->leaf[bank][i];
	r = vnr_meta_get(leaf, VNR_META_LEAF_RULE_LSB, VNR_META_LEAF_RULE_W);
	/* a rule index the table does not have cannot be hit */
	if (!vnr_meta_get(leaf, VNR_META_LEAF_HIT_LSB, VNR_META_LEAF_HIT_W) || r >= t->rules)
		return 0;
	if (rule)
		*rule = r;
	return 1;
}
