/* Internal to the egress classifier: a frame's parsed view and the steps. */
#ifndef VNR_EGRESS_H
#define VNR_EGRESS_H

#include "vnr_core.h"

#define ETH_P_IPV4  0x0800
#define ETH_P_ARP   0x0806
#define ETH_P_IPV6  0x86dd
#define ETH_P_8021Q 0x8100

/* What docs/egress.md's notation names, read from the header window. */
struct eg_frame {
	const uint8_t *h;       /* window h[], VNR_HDR_EGRESS bytes, 0 past the end */
	size_t len;
	unsigned func;
	unsigned l3, type;      /* IP header offset, EtherType */
	int tagged;
	unsigned vid;
	int ip4, ip6;           /* "IPv4" / "IPv6" as section 1 defines them */
};

void eg_parse(struct eg_frame *f, const uint8_t *h, size_t len, unsigned func);
/* Rows 8-10 and 11-16: the reason, or -1 when the row does not apply. */
int eg_source_checks(const struct vnr_vfent *vf, const struct eg_frame *f);
int eg_traps(unsigned trap_ctrl, const struct eg_frame *f);
int eg_mtu_exceeded(const struct vnr_egress_tables *t, const struct eg_frame *f, int tso);
void eg_build_key(const struct eg_frame *f, uint32_t key[6]);
int eg_ttl_expired(const struct eg_frame *f);
/* Row 20: patch the window and fill the prefix. */
void eg_edit_forward(const struct vnr_config *cfg, struct vnr_core_state *st,
		     const struct vnr_rule *r, const struct eg_frame *f, const uint8_t *frame,
		     struct vnr_decision *d);

#endif
