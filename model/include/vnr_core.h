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

/* Everything a decision depends on: what the registers hold. */
struct vnr_config {
	unsigned num_vf;
	uint8_t debug;
	struct vnr_profile prof[VNR_NUM_PROFILES];
};

enum vnr_path { VNR_PATH_EGRESS = 0, VNR_PATH_INGRESS = 1 }; /* = counter bank */
enum vnr_dest { VNR_DEST_DROP, VNR_DEST_WIRE, VNR_DEST_HOST };

struct vnr_decision {
	enum vnr_dest dest;
	uint8_t reason;      /* enum reason */
	uint8_t cnt_func;    /* counter row: function 0..num_vf */
	uint32_t meta[4];    /* output metadata (meta out), first beat's tuser */
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
void vnr_classify_egress(const struct vnr_config *cfg, const uint8_t *hdr, long len,
			 const uint32_t meta_in[4], struct vnr_decision *d);
void vnr_classify_ingress(const struct vnr_config *cfg, const uint8_t *hdr, long len,
			  const uint32_t meta_in[4], struct vnr_decision *d);

/* Whole-frame view: run one frame through a path, calling emit once per
 * output frame (none when dropped). Returns the decision's reason. */
typedef void (*vnr_emit_fn)(void *arg, enum vnr_dest dest, const uint8_t *data, size_t len,
			    const uint32_t meta[4]);
int vnr_core_process(const struct vnr_config *cfg, enum vnr_path path, const uint8_t *frame,
		     size_t len, const uint32_t meta_in[4], vnr_emit_fn emit, void *arg,
		     struct vnr_decision *d_out);

#ifdef __cplusplus
}
#endif

#endif
