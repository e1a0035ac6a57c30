// SPDX-License-Identifier: MIT
/*
 * The ingress key and rule table (docs/ingress.md section 2): the tables with
 * their reset values, CRC-32C, the collated and masked key, the bucket and
 * the 4-way exact-match lookup.
 */
#include <stdlib.h>
#include <string.h>
#include "vnr_core.h"

/* Reset: every collator (0, 0), mask 0, every slot empty (calloc). */
struct vnr_ingress_tables *vnr_ingress_tables_new(unsigned rules)
{
	struct vnr_ingress_tables *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->rules = rules;
	t->irule = calloc(rules ? rules : 1, sizeof(*t->irule));
	if (!t->irule) {
		free(t);
		return NULL;
	}
	return t;
}

void vnr_ingress_tables_free(struct vnr_ingress_tables *t)
{
	if (!t)
		return;
	free(t->irule);
	free(t);
}

/*
 * CRC-32C a nibble at a time: T[n] is n shifted through the reflected
 * polynomial 0x82F63B78 (0x1EDC6F41 bit-reversed) four times. A constant
 * table needs no initialisation, so concurrent callers (driver threads) are
 * safe.
 */
static const uint32_t crc32c_nibble[16] = {
	0x00000000, 0x105EC76F, 0x20BD8EDE, 0x30E349B1,
	0x417B1DBC, 0x5125DAD3, 0x61C69362, 0x7198540D,
	0x82F63B78, 0x92A8FC17, 0xA24BB5A6, 0xB21572C9,
	0xC38D26C4, 0xD3D3E1AB, 0xE330A81A, 0xF36E6F75,
};

uint32_t vnr_crc32c(const uint8_t *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;

	while (n--) {
		c ^= *p++;
		c = (c >> 4) ^ crc32c_nibble[c & 0xf];
		c = (c >> 4) ^ crc32c_nibble[c & 0xf];
	}
	return c ^ 0xFFFFFFFFu;
}

/*
 * A committed definition keeps off + len <= COLL_SPAN and the lengths within
 * KEY_BYTES; the driver's software path may hand us an unchecked one, so
 * bytes past the window read 0 and nothing is written past the key.
 */
int vnr_ingress_key(const struct vnr_ingress_tables *t, const uint8_t *hdr, long len,
		    uint8_t key[VNR_KEY_BYTES])
{
	unsigned pos = 0;
	int kshort = 0;

	memset(key, 0, VNR_KEY_BYTES);
	for (unsigned c = 0; c < VNR_NUM_COLLATORS; c++) {
		unsigned off = t->coll[c].off, n = t->coll[c].len;

		if (n && len >= 0 && (long)(off + n) > len)
			kshort = 1;
		for (unsigned j = 0; j < n && pos < VNR_KEY_BYTES; j++, pos++)
			key[pos] = off + j < VNR_HDR_INGRESS ? hdr[off + j] : 0;
	}
	for (unsigned j = 0; j < VNR_KEY_BYTES; j++)
		key[j] &= t->mask[j];
	return kshort;
}

/* CRC-32C of X = {profile | short << 2, M[0..127]} modulo the bucket count */
unsigned vnr_irule_bucket(unsigned rules, unsigned profile, int kshort,
			  const uint8_t key[VNR_KEY_BYTES])
{
	uint8_t x[1 + VNR_KEY_BYTES];
	unsigned buckets = rules / VNR_IRULE_WAYS;

	x[0] = (uint8_t)(profile | (kshort ? 1u : 0u) << 2);
	memcpy(x + 1, key, VNR_KEY_BYTES);
	return buckets ? vnr_crc32c(x, sizeof(x)) % buckets : 0;
}

static int irule_hits(const struct vnr_irule *r, unsigned profile, int kshort,
		      const uint8_t key[VNR_KEY_BYTES])
{
	return r->valid && r->profile == profile && !r->kshort == !kshort &&
	       memcmp(r->key, key, VNR_KEY_BYTES) == 0;
}

/* The four ways are compared at once; the lowest hitting way wins. */
int vnr_irule_lookup(const struct vnr_ingress_tables *t, unsigned profile, int kshort,
		     const uint8_t key[VNR_KEY_BYTES], uint32_t *slot)
{
	unsigned base;

	if (t->rules < VNR_IRULE_WAYS)
		return 0;
	base = vnr_irule_bucket(t->rules, profile, kshort, key) * VNR_IRULE_WAYS;
	for (unsigned w = 0; w < VNR_IRULE_WAYS; w++) {
		if (irule_hits(&t->irule[base + w], profile, kshort, key)) {
			*slot = base + w;
			return 1;
		}
	}
	return 0;
}
