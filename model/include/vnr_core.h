/* The model's functional core: what the engine does to a frame, as plain C
 * over frames and tables, with no notion of cycles (SPEC section 5). The
 * timing layer asks it what to decide; the harness's frame mode and the
 * driver's software path call it directly. */
#ifndef VNR_CORE_H
#define VNR_CORE_H

#include <stddef.h>
#include <stdint.h>
#include "vnr_regs.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vnr_profile {
	uint8_t enable, inner_eth, proto, opaque_len;
	uint8_t fmt_off;
	uint16_t fmt_val, fmt_mask;
	uint8_t flow_off, flow_len;
	uint8_t len_off, len_en, csum_off, csum_en;
};

#define VNR_MAX_FUNCS 129 /* PF + 128 VFs */

/* VF table entry (layout vfent, docs/egress.md). */
struct vnr_vfent {
	uint8_t check_mac, check_ip, check_vlan;
	uint8_t mac[6];
	uint32_t ip4[4];        /* 0 = unused */
	uint8_t ip6[2][16];     /* :: = unused */
	uint16_t vlan[4];
	uint8_t vlan_v[4];
};

/* Rule action entry (layout rule). */
struct vnr_rule {
	uint8_t action;         /* 0 empty, 1 forward, 2 trap, 3 drop */
	uint8_t profile, encap, outer_vlan, set_smac, set_dmac, ttl_dec, opaque_len;
	uint8_t smac[6], dmac[6];
	uint8_t tmpl[VNR_TEMPLATE_MAX];
};

/* Egress tables: what the egress register block holds. Banked parts are
 * indexed [bank]; node[b][(1 << l) - 1 + i] is node (l, i) as six words of
 * layout bstkey (word 0 = key bits [31:0]); leaf[b][i] is layout leaf. */
struct vnr_egress_tables {
	unsigned rules, levels;       /* RULES, BST_LEVELS = clog2(RULES) + 2 */
	uint8_t trap_ctrl;            /* TRAP_CTRL bits */
	uint16_t pf_max_mtu;
	uint16_t mtu[VNR_MAX_FUNCS];
	struct vnr_vfent vf[VNR_MAX_FUNCS];
	unsigned active;              /* active bank */
	uint32_t (*node[2])[VNR_BST_KEY_WORDS];
	uint32_t *leaf[2];
	struct vnr_rule *rule[2];
};

struct vnr_egress_tables *vnr_egress_tables_new(unsigned rules);
void vnr_egress_tables_free(struct vnr_egress_tables *t);
unsigned vnr_bst_levels(unsigned rules); /* clog2(rules) + 2 */

/* Ingress key definition and rule table (docs/ingress.md). */
struct vnr_collator {
	uint8_t off, len;       /* layout coll */
};

/* Ingress rule table slot (layout irule). */
struct vnr_irule {
	uint8_t valid, action, kshort, profile, vf, ttl_dec;
	uint8_t key[VNR_KEY_BYTES];       /* stored key, compared with K & mask */
	uint8_t inner_dmac[6], inner_smac[6];
	uint16_t inner_type;
};

enum vnr_irule_action { VNR_IRULE_DELIVER = 0, VNR_IRULE_TRAP = 1, VNR_IRULE_DROP = 2 };

struct vnr_ingress_tables {
	unsigned rules;                   /* RULES slots, RULES / IRULE_WAYS buckets */
	struct vnr_collator coll[VNR_NUM_COLLATORS];
	uint8_t mask[VNR_KEY_BYTES];
	struct vnr_irule *irule;          /* [rules]; slot = bucket * IRULE_WAYS + way */
};

struct vnr_ingress_tables *vnr_ingress_tables_new(unsigned rules);
void vnr_ingress_tables_free(struct vnr_ingress_tables *t);

/* CRC-32C (Castagnoli, reflected, init and final XOR 0xFFFFFFFF) of n bytes:
 * vnr_crc32c("123456789", 9) = 0xE3069283. */
uint32_t vnr_crc32c(const uint8_t *p, size_t n);
/* The key of docs/ingress.md section 2 over the header window hdr
 * (VNR_HDR_INGRESS bytes, zero past the end; len known or -1): writes
 * M = K & mask to key and returns the short flag. */
int vnr_ingress_key(const struct vnr_ingress_tables *t, const uint8_t *hdr, long len,
		    uint8_t key[VNR_KEY_BYTES]);
/* Bucket of (profile, short, M): CRC-32C of the 129-byte lookup string
 * modulo rules / IRULE_WAYS. */
unsigned vnr_irule_bucket(unsigned rules, unsigned profile, int kshort,
			  const uint8_t key[VNR_KEY_BYTES]);
/* Slot that (profile, short, M) hits: returns 1 and *slot, or 0. */
int vnr_irule_lookup(const struct vnr_ingress_tables *t, unsigned profile, int kshort,
		     const uint8_t key[VNR_KEY_BYTES], uint32_t *slot);

/* Everything a decision depends on: what the registers hold. */
struct vnr_config {
	unsigned num_vf;
	uint8_t debug;
	struct vnr_profile prof[VNR_NUM_PROFILES];
	struct vnr_egress_tables *eg; /* never NULL for an engine's config */
	struct vnr_ingress_tables *ig; /* never NULL for an engine's config */
};

/* State the engine keeps across decisions (not configuration). */
struct vnr_core_state {
	uint16_t ip_id; /* outer IPv4 ID of the next encapsulated frame */
};

enum vnr_path { VNR_PATH_EGRESS = 0, VNR_PATH_INGRESS = 1 }; /* = counter bank */
enum vnr_dest { VNR_DEST_DROP, VNR_DEST_WIRE, VNR_DEST_HOST };

/* TSO descriptor (layout tsodesc, docs/tso.md section 3): what the decider
 * hands the segmenter; offsets in the frame as sent. All zero: not cut. */
struct vnr_tso_desc {
	uint8_t en, v6, ip_o_en, udp_en, lenf_en, csumf_en;
	uint16_t mss, hlen;     /* m and H */
	uint8_t ip_o, udp, lenf, csumf, csum_start, ip_i, tcp;
};

struct vnr_decision {
	enum vnr_dest dest;
	uint8_t reason;      /* enum reason */
	uint8_t cnt_func;    /* counter row: function 0..num_vf */
	uint32_t meta[4];    /* output metadata (meta out), first beat's tuser */
	uint8_t rule_hit;    /* count in the rule bank too */
	uint32_t rule;
	/* the edit (timing.md 3.3): output = prefix[0..P) ++ f'[S..len),
	 * f' = the frame with its first hdr bytes replaced by win */
	unsigned P, S;
	uint8_t prefix[VNR_TEMPLATE_MAX];
	uint8_t win[VNR_HDR_INGRESS];
	struct vnr_tso_desc tso; /* egress, to the wire: how to cut it */
};

/* Result of recognition (SPEC 3.1, docs/architecture.md). */
struct vnr_recog {
	int encap;           /* 1 when a profile matched */
	unsigned profile;
	uint32_t flow_id;
	unsigned l3, opaque; /* offsets of the outer IPv4 header and the opaque header */
};

/* hdr: the header window (hdr_bytes = VNR_HDR_EGRESS or VNR_HDR_INGRESS bytes,
 * zero past the frame end); len: frame length when known at the decision
 * point (len <= hdr_bytes), or -1. */
void vnr_recognise(const struct vnr_config *cfg, const uint8_t *hdr, long len,
		   struct vnr_recog *r);
/* Egress is store and forward: the whole frame is there (frame, len), or
 * the frame grew past MAX_EG_FRAME (too_big, frame/len = what came so far).
 * st->ip_id advances for every encapsulated frame. */
void vnr_classify_egress(const struct vnr_config *cfg, struct vnr_core_state *st,
			 const uint8_t *frame, size_t len, int too_big,
			 const uint32_t meta_in[4], struct vnr_decision *d);
/* The rule a key reaches in the active bank (docs/egress.md section 2):
 * returns 1 and *rule on a hit. key: layout bstkey, six words. */
int vnr_bst_lookup(const struct vnr_egress_tables *t, unsigned bank, const uint32_t key[6],
		   uint32_t *rule);
void vnr_classify_ingress(const struct vnr_config *cfg, const uint8_t *hdr, long len,
			  const uint32_t meta_in[4], struct vnr_decision *d);

struct vnr_engine;
/* The configuration a model engine's registers hold (NULL for other engines). */
const struct vnr_config *vnr_engine_model_config(const struct vnr_engine *e);

/* Whole-frame view: run one frame through a path, calling emit once per
 * output frame (none when dropped). Returns the decision's reason. */
typedef void (*vnr_emit_fn)(void *arg, enum vnr_dest dest, const uint8_t *data, size_t len,
			    const uint32_t meta[4]);
int vnr_core_process(const struct vnr_config *cfg, struct vnr_core_state *st, enum vnr_path path,
		     const uint8_t *frame, size_t len, const uint32_t meta_in[4], vnr_emit_fn emit,
		     void *arg, struct vnr_decision *d_out);
/* The output frame of a decision (timing.md 3.3); returns Lout. out must hold
 * d->P + len bytes. */
size_t vnr_edit_frame(const struct vnr_decision *d, const uint8_t *frame, size_t len,
		      unsigned hdr, uint8_t *out);

/* TSO (docs/tso.md section 3). The descriptor as layout tsodesc (four
 * 32-bit words, word 0 = bits [31:0]) and back. */
void vnr_tso_desc_pack(const struct vnr_tso_desc *t, uint32_t w[4]);
void vnr_tso_desc_unpack(const uint32_t w[4], struct vnr_tso_desc *t);
/* Segments of a frame as sent (O, lout bytes): max(1, ceil((lout-H)/m)). */
unsigned vnr_tso_nseg(const struct vnr_tso_desc *t, size_t lout);
/* Segment k of O, with every field of docs/tso.md section 3 recomputed:
 * writes L_k bytes to seg (room for TSO_HDR_MAX + mss) and returns L_k.
 * Reads only O[0..S_k + m_k), so it can run before the rest has arrived.
 * Returns 0 (writes nothing) when k >= nseg, mss = 0 or lout < H. */
size_t vnr_tso_segment(const struct vnr_tso_desc *t, const uint8_t *o, size_t lout, unsigned k,
		       uint8_t *seg);

#ifdef __cplusplus
}
#endif

#endif
