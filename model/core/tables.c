// SPDX-License-Identifier: MIT
/* The egress tables (docs/egress.md sections 2 and 4) with their reset values. */
#include <stdlib.h>
#include <string.h>
#include "vnr_core.h"

unsigned vnr_bst_levels(unsigned rules)
{
	unsigned c = 0;

	while ((1ull << c) < rules)
		c++;
	return c + 2;
}

/* Every node all ones: no key reaches past it, so an empty tree misses. */
static int bank_alloc(struct vnr_egress_tables *t, unsigned b)
{
	size_t nodes = ((size_t)1 << t->levels) - 1;

	t->node[b] = malloc(nodes * sizeof(*t->node[b]));
	t->leaf[b] = calloc((size_t)1 << t->levels, sizeof(*t->leaf[b]));
	t->rule[b] = calloc(t->rules ? t->rules : 1, sizeof(*t->rule[b]));
	if (!t->node[b] || !t->leaf[b] || !t->rule[b])
		return -1;
	memset(t->node[b], 0xff, nodes * sizeof(*t->node[b]));
	return 0;
}

struct vnr_egress_tables *vnr_egress_tables_new(unsigned rules)
{
	struct vnr_egress_tables *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->rules = rules;
	t->levels = vnr_bst_levels(rules);
	t->pf_max_mtu = VNR_PF_MAX_MTU_DEFAULT;
	for (unsigned f = 1; f < VNR_MAX_FUNCS; f++)
		t->mtu[f] = VNR_MTU_DEFAULT;
	if (bank_alloc(t, 0) || bank_alloc(t, 1)) {
		vnr_egress_tables_free(t);
		return NULL;
	}
	return t;
}

void vnr_egress_tables_free(struct vnr_egress_tables *t)
{
	if (!t)
		return;
	for (unsigned b = 0; b < 2; b++) {
		free(t->node[b]);
		free(t->leaf[b]);
		free(t->rule[b]);
	}
	free(t);
}
