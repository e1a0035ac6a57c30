/* Internet checksum helpers of the functional core (RFC 1071, RFC 1624). */
#ifndef VNR_CSUM_H
#define VNR_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* Adds n bytes as big-endian 16-bit words from p[0] (odd n: padded with a 0
 * byte) to an unfolded accumulator. */
uint64_t vnr_csum_add(uint64_t acc, const uint8_t *p, size_t n);
/* Adds one 16-bit word. */
uint64_t vnr_csum_add16(uint64_t acc, unsigned w);
/* Folds to 16 bits with end-around carry; a sum that is 0 mod 0xFFFF is
 * 0xFFFF (the data summed is never all zero), so ~result is 0 then. */
uint16_t vnr_csum_fold(uint64_t acc);
/* RFC 1624 eqn 3: HC' = ~(~HC + ~m + m'). */
uint16_t vnr_csum_update(uint16_t hc, uint16_t m, uint16_t m_new);
/* Lowers the TTL (IPv4, ip4 = 1) or hop limit (IPv6) of the IP header at ip
 * by dec; for IPv4 the header checksum follows by eqn 3 on the word holding
 * TTL and protocol. The caller has checked that ttl > dec. */
void vnr_ttl_sub(uint8_t *ip, int ip4, unsigned dec);

static inline unsigned vnr_get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static inline void vnr_put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

#endif
