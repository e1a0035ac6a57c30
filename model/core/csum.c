// SPDX-License-Identifier: MIT
/* Ones' complement sums as the checksums of IPv4, UDP and GRE use them. */
#include "csum.h"

uint64_t vnr_csum_add(uint64_t acc, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		acc += vnr_get16(p + i);
	if (n & 1)
		acc += (unsigned)p[n - 1] << 8;
	return acc;
}

uint64_t vnr_csum_add16(uint64_t acc, unsigned w)
{
	return acc + (w & 0xffff);
}

uint16_t vnr_csum_fold(uint64_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return acc ? (uint16_t)acc : 0xffff;
}

/* The end-around-carry sum of three words is never 0 here (~m + m' is not 0
 * for m != m'), so the fold's zero rule does not change eqn 3. */
uint16_t vnr_csum_update(uint16_t hc, uint16_t m, uint16_t m_new)
{
	uint64_t s = (uint16_t)~hc;

	s += (uint16_t)~m;
	s += m_new;
	return (uint16_t)~vnr_csum_fold(s);
}

void vnr_ttl_sub(uint8_t *ip, int ip4, unsigned dec)
{
	unsigned m;

	if (!ip4) {
		ip[7] = (uint8_t)(ip[7] - dec);
		return;
	}
	m = vnr_get16(ip + 8);
	ip[8] = (uint8_t)(ip[8] - dec);
	vnr_put16(ip + 10, vnr_csum_update(vnr_get16(ip + 10), m, vnr_get16(ip + 8)));
}
