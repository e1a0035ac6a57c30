// SPDX-License-Identifier: MIT
/* Rows 8-16 and 19 of docs/egress.md section 1: source checks, traps, MTU, TTL. */
#include <string.h>
#include "egress.h"
#include "csum.h"

static int src_mac_bad(const struct vnr_vfent *vf, const struct eg_frame *f)
{
	return vf->check_mac && memcmp(f->h + 6, vf->mac, 6) != 0;
}

static int vlan_bad(const struct vnr_vfent *vf, const struct eg_frame *f)
{
	if (!vf->check_vlan || !f->tagged)
		return 0;
	for (unsigned i = 0; i < 4; i++)
		if (vf->vlan_v[i] && vf->vlan[i] == f->vid)
			return 0;
	return 1;
}

static int ip4_known(const struct vnr_vfent *vf, const uint8_t *src)
{
	uint32_t a = (uint32_t)src[0] << 24 | (uint32_t)src[1] << 16 | (uint32_t)src[2] << 8 | src[3];

	for (unsigned i = 0; i < 4; i++)
		if (vf->ip4[i] && vf->ip4[i] == a)
			return 1;
	return 0;
}

static int ip6_known(const struct vnr_vfent *vf, const uint8_t *src)
{
	static const uint8_t zero[16];

	for (unsigned i = 0; i < 2; i++)
		if (memcmp(vf->ip6[i], zero, 16) && !memcmp(vf->ip6[i], src, 16))
			return 1;
	return 0;
}

/* A VF with no address of the family set may send none of it. */
static int src_ip_bad(const struct vnr_vfent *vf, const struct eg_frame *f)
{
	if (!vf->check_ip)
		return 0;
	if (f->ip4)
		return !ip4_known(vf, f->h + f->l3 + 12);
	if (f->ip6)
		return !ip6_known(vf, f->h + f->l3 + 8);
	return 0;
}

int eg_source_checks(const struct vnr_vfent *vf, const struct eg_frame *f)
{
	if (src_mac_bad(vf, f))
		return VNR_REASON_SRC_MAC;
	if (vlan_bad(vf, f))
		return VNR_REASON_VLAN;
	if (src_ip_bad(vf, f))
		return VNR_REASON_SRC_IP;
	return -1;
}

/* UDP destination port behind an IPv4 header of IHL words; not a fragment. */
static int is_dhcp(const struct eg_frame *f)
{
	const uint8_t *ip = f->h + f->l3;
	unsigned frag = vnr_get16(ip + 6), port;

	if (!f->ip4 || ip[9] != 17 || (frag & 0x3fff))
		return 0;
	port = vnr_get16(ip + 4 * (ip[0] & 0xf) + 2);
	return port == 67 || port == 68;
}

static int is_bcast(const uint8_t *h)
{
	static const uint8_t ff[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	return !memcmp(h, ff, 6);
}

#define TRAP(bit) (trap_ctrl & VNR_EGRESS_TRAP_CTRL_##bit##_MASK)

int eg_traps(unsigned trap_ctrl, const struct eg_frame *f)
{
	if (TRAP(ARP) && f->type == ETH_P_ARP)
		return VNR_REASON_TRAP_ARP;
	if (TRAP(DHCP) && is_dhcp(f))
		return VNR_REASON_TRAP_DHCP;
	if (TRAP(BCAST) && is_bcast(f->h))
		return VNR_REASON_TRAP_BCAST;
	if (TRAP(MCAST) && !is_bcast(f->h) && (f->h[0] & 1))
		return VNR_REASON_TRAP_MCAST;
	if (TRAP(NON_IP) && f->type != ETH_P_IPV4 && f->type != ETH_P_IPV6 &&
	    f->type != ETH_P_ARP)
		return VNR_REASON_TRAP_NON_IP;
	return -1;
}

/* IP packet bytes len - l3 (negative for a tagged frame shorter than l3) */
int eg_mtu_exceeded(const struct vnr_egress_tables *t, const struct eg_frame *f, int tso)
{
	unsigned mtu = t ? t->mtu[f->func] : VNR_MTU_DEFAULT;

	return !tso && (long)f->len - (long)f->l3 > (long)mtu;
}

int eg_ttl_expired(const struct eg_frame *f)
{
	if (f->ip4)
		return f->h[f->l3 + 8] <= 1;
	if (f->ip6)
		return f->h[f->l3 + 7] <= 1;
	return 0;
}
