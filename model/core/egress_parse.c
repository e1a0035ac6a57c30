// SPDX-License-Identifier: MIT
/* The frame view of docs/egress.md: l3, VLAN id, EtherType, IPv4/IPv6, and
 * the lookup key built from it (section 2). */
#include <string.h>
#include "egress.h"
#include "csum.h"

void eg_parse(struct eg_frame *f, const uint8_t *h, size_t len, unsigned func)
{
	memset(f, 0, sizeof(*f));
	f->h = h;
	f->len = len;
	f->func = func;
	f->l3 = 14;
	f->type = vnr_get16(h + 12);
	if (f->type == ETH_P_8021Q) {
		f->tagged = 1;
		f->vid = vnr_get16(h + 14) & 0xfff;
		f->type = vnr_get16(h + 16);
		f->l3 = 18;
	}
	f->ip4 = f->type == ETH_P_IPV4 && len >= f->l3 + 20 && h[f->l3] >> 4 == 4;
	f->ip6 = f->type == ETH_P_IPV6 && len >= f->l3 + 40 && h[f->l3] >> 4 == 6;
}

/* Puts v (w bits) at bit lsb of a six-word key. */
static void key_put(uint32_t key[6], unsigned lsb, unsigned w, uint32_t v)
{
	vnr_meta_set(key, lsb, w, v);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* {func, destination MAC, fam, addr}: layout bstkey */
void eg_build_key(const struct eg_frame *f, uint32_t key[6])
{
	const uint8_t *h = f->h;

	memset(key, 0, 6 * sizeof(key[0]));
	key_put(key, VNR_META_BSTKEY_FUNC_LSB, VNR_META_BSTKEY_FUNC_W, f->func);
	key_put(key, VNR_META_BSTKEY_MAC_HI_LSB, VNR_META_BSTKEY_MAC_HI_W, vnr_get16(h));
	key_put(key, VNR_META_BSTKEY_MAC_LO_LSB, VNR_META_BSTKEY_MAC_LO_W, be32(h + 2));
	if (f->ip4) {
		key_put(key, VNR_META_BSTKEY_FAM_LSB, VNR_META_BSTKEY_FAM_W, 1);
		key[3] = be32(h + f->l3 + 16);
	} else if (f->ip6) {
		key_put(key, VNR_META_BSTKEY_FAM_LSB, VNR_META_BSTKEY_FAM_W, 2);
		for (unsigned w = 0; w < 4; w++)
			key[3 - w] = be32(h + f->l3 + 24 + 4 * w);
	}
}
