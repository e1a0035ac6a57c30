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
/* Outer Ethernet length E and opaque length L of a rule's template */
static inline unsigned eg_rule_E(const struct vnr_rule *r)
{
	return r->outer_vlan ? 18 : 14;
}

static inline unsigned eg_rule_L(const struct vnr_rule *r)
{
	return r->opaque_len < VNR_OPAQUE_MAX ? r->opaque_len : VNR_OPAQUE_MAX;
}

/* The edit row 20 makes (docs/egress.md section 3): prefix P, strip S */
void eg_forward_geom(const struct vnr_config *cfg, const struct vnr_rule *r,
		     const struct eg_frame *f, unsigned *P, unsigned *S);
/* Row 20: patch the window and fill the prefix. */
void eg_edit_forward(const struct vnr_config *cfg, struct vnr_core_state *st,
		     const struct vnr_rule *r, const struct eg_frame *f, const uint8_t *frame,
		     struct vnr_decision *d);

/* What the TSO checks (docs/tso.md section 2) find in the frame as received */
struct eg_tso {
	int tunnel, v6, clamped;
	unsigned profile;       /* the recognised profile of a tunnel */
	unsigned fip, l3o, o, L; /* first IP header; outer IPv4, opaque start, length */
	unsigned l3i, tcp, hin; /* inner IP header, TCP header, Hin */
	unsigned m;             /* segment payload after the clamp */
};

/* Rows 16a-16e for a frame with tso = 1: the reason, or -1 and *x. */
int eg_tso_checks(const struct vnr_config *cfg, const struct eg_frame *f, unsigned mss,
		  struct eg_tso *x);
/* Hout = Hin - S + P: the header replicated into every segment */
unsigned eg_tso_hout(const struct eg_tso *x, unsigned P, unsigned S);
/* The descriptor of a frame sent to the wire with edit (P, S) by rule r
 * (NULL or no encap: the frame's own headers are the outer ones). */
void eg_tso_desc(const struct vnr_config *cfg, const struct vnr_rule *r,
		 const struct eg_tso *x, unsigned P, unsigned S, struct vnr_tso_desc *t);

#endif
