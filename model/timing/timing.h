/* Internal interfaces of the timing layer (docs/timing.md). Every block keeps
 * its registers here; vnr_model.c clocks them in an order that makes every
 * update read the state at the start of the cycle. */
#ifndef VNR_TIMING_H
#define VNR_TIMING_H

#include <stdint.h>
#include "vnr_ports.h"
#include "vnr_core.h"

/* ---- one beat as it sits in a queue ---- */
struct tbeat {
	uint8_t data[VNR_MAX_BYTES];
	uint64_t keep;
	uint32_t user[4];
	uint8_t last;
};

/* ---- frame_fifo.c: the path's beat FIFO (block RAM) ---- */
struct frame_fifo {
	struct tbeat *b;
	unsigned cap, head, used;
};
int fifo_init(struct frame_fifo *f, unsigned cap);
void fifo_free(struct frame_fifo *f);
void fifo_clear(struct frame_fifo *f);
void fifo_push(struct frame_fifo *f, const struct tbeat *b);
struct tbeat *fifo_head(struct frame_fifo *f);
void fifo_pop(struct frame_fifo *f);

/* ---- queue.c: 2-entry output queue ---- */
#define QUEUE_DEPTH 2
struct queue2 {
	struct tbeat b[QUEUE_DEPTH];
	unsigned head, used;
};
void queue_clear(struct queue2 *q);
void queue_push(struct queue2 *q, const struct tbeat *b);
const struct tbeat *queue_head(const struct queue2 *q);
void queue_pop(struct queue2 *q);
void queue_drive(const struct queue2 *q, unsigned bytes, struct vnr_beat *out);

/* ---- path.c: input stage, header capture, classifier, reader ---- */
#define DQ_DEPTH (VNR_MAX_OPEN + 1) /* > MAX_OPEN: decisions never outnumber open frames */
struct dq_entry {
	struct vnr_decision d;
	uint64_t visible;  /* first cycle the reader may take it */
	uint8_t *out;      /* egress, forwarded: O from vnr_edit_frame (malloc'd) */
	size_t lout;
};

/* What a frame in the FIFO has delivered so far (the reader's frame is the oldest). */
#define FR_DEPTH (VNR_MAX_OPEN + 2) /* MAX_OPEN open frames, the one being read, and one spare */
struct frec {
	unsigned beats;    /* raw beats accepted */
	uint32_t bytes;    /* bytes accepted: the length as received once done */
	int done;          /* its last beat was accepted */
};

/* bank 0 egress reasons, 1 ingress reasons, 2 egress rules, 3 ingress rules (slots) */
#define CNT_BANKS 4
struct cnt_event {
	int valid;
	unsigned func, reason; /* reason banks */
	uint32_t rule;         /* rule banks: rule index (ingress: slot) */
	uint32_t bytes;
};

struct path {
	enum vnr_path kind;
	unsigned hdr, bytes, fifo_beats, cls_lat;
	struct frame_fifo fifo;
	unsigned open;
	/* hdr_capture: the frame coming in */
	int in_frame, in_decided;
	unsigned in_beats;
	uint32_t in_len;
	uint32_t in_meta[4];
	uint8_t win[VNR_HDR_INGRESS];
	uint8_t *in_buf;           /* egress: the whole frame (store and forward) */
	struct frec fr[FR_DEPTH];
	unsigned fr_head, fr_used;
	/* classifier: the decision point of the previous cycle, sampled now */
	int pend, pend_too_big;
	uint64_t pend_d;
	long pend_len;
	uint32_t pend_meta[4];
	uint8_t pend_win[VNR_HDR_INGRESS];
	/* decision queue */
	struct dq_entry dq[DQ_DEPTH];
	unsigned dq_head, dq_used;
	/* reader (3.3): the frame it works on */
	int rd_busy;
	struct dq_entry rd;
	unsigned rd_k;             /* next output beat */
	unsigned rd_rel;           /* raw beats of the frame released so far */
};

/* what the reader did in one cycle */
struct rd_result {
	int took;                  /* took a decision (the frame leaves open) */
	int pushed;                /* an output beat for dest (wire: the segmenter) */
	enum vnr_dest dest;
	struct tbeat beat;
	/* egress wire beat 0: the decision's TSO descriptor beside it (3.3), and
	 * Lout, which egress knows at the take (store and forward) */
	struct vnr_tso_desc tso;
	size_t lout;
	struct cnt_event ev_reason, ev_rule;
};

int path_init(struct path *p, enum vnr_path kind, unsigned bytes, unsigned rules);
void path_free(struct path *p);
void path_reset(struct path *p);
int path_tready(const struct path *p);
void path_classify(struct path *p, const struct vnr_config *cfg, struct vnr_core_state *st);
/* space[dest]: the destination had room at the start of the cycle (host: its
 * queue had used < 2; egress wire: the segmenter's seg_room). */
void path_reader(struct path *p, uint64_t now, const int space[3], struct rd_result *r);
void path_accept(struct path *p, uint64_t now, const struct vnr_beat *in, int *first);

/* ---- tso_segmenter.c: between the egress reader and e2n (3.7) ---- */
struct seg_frame {
	struct vnr_tso_desc desc;  /* en = 0: not cut, beats pass one cycle behind */
	uint32_t meta[4];          /* meta out, from beat 0 */
	size_t lout;
	uint8_t *o;                /* O as pushed so far (the model keeps every byte) */
	size_t o_cap;
	unsigned beats;            /* beats pushed */
	int done;                  /* its last beat was pushed */
	unsigned nseg;
	uint64_t *summed;          /* [nseg]: cycle segment k is summed, UINT64_MAX = not yet */
	unsigned summed_cap;
	unsigned rel;              /* beats released (always a prefix of the frame) */
};

struct tso_segmenter {
	unsigned bytes, sb;        /* B and SB = TSO_BUF_BYTES / B */
	struct seg_frame f[VNR_TSO_SLOTS];
	unsigned head, slots;      /* the frames that hold a slot, oldest first */
	unsigned sb_used, busy;
	int in_first;
	/* emitter: the head frame's segment k, its beat q */
	unsigned k, q;
	uint8_t *seg;              /* segment k as sent (vnr_tso_segment) */
	size_t seg_len;
};

/* a beat the reader pushes (rd_result of a wire beat) */
struct seg_in {
	const struct tbeat *beat;
	const struct vnr_tso_desc *tso; /* beat 0 only */
	size_t lout;                    /* beat 0 only */
};

int seg_init(struct tso_segmenter *s, unsigned bytes);
void seg_free(struct tso_segmenter *s);
void seg_reset(struct tso_segmenter *s);
/* seg_room(n): a function of the state only (Moore) */
int seg_room(const struct tso_segmenter *s);
/* One cycle: the emitter (e2n_room: the e2n queue had used < 2 at the start
 * of the cycle) from the state at the start of the cycle, then the reader's
 * beat in (NULL: none). Returns 1 with *out when a beat goes into e2n. */
int seg_step(struct tso_segmenter *s, uint64_t now, int e2n_room, const struct seg_in *in,
	     struct tbeat *out);

/* ---- e2h_arbiter.c ---- */
enum { OWN_NONE = 0, OWN_EGRESS = 1, OWN_INGRESS = 2 };
struct e2h_arbiter {
	int owner, last;
};
void arbiter_reset(struct e2h_arbiter *a);
void arbiter_step(struct e2h_arbiter *a, struct queue2 *hq[3], const unsigned used0[3],
		  struct queue2 *e2h, unsigned e2h_used0);

/* ---- counter_bank.c: reason and rule counters and the snapshot of 4.1 ---- */
struct counter_bank {
	unsigned rows;               /* NUM_VF + 1 functions */
	unsigned rules;
	size_t size[CNT_BANKS];
	uint64_t *pkts[CNT_BANKS], *bytes[CNT_BANKS];
	int ev_prev[CNT_BANKS];      /* an event went to the bank last cycle */
	int state;                   /* 0 idle, 1 searching, 2 holding */
	uint32_t sel, idx;           /* CNT_SEL, CNT_IDX sampled at CNT_CMD */
	uint64_t snap_pkts, snap_bytes;
	uint64_t out_pkts, out_bytes;
};
int counters_init(struct counter_bank *c, unsigned num_vf, unsigned rules);
void counters_free(struct counter_bank *c);
void counters_reset(struct counter_bank *c);
int counters_busy(const struct counter_bank *c);
void counters_step(struct counter_bank *c, const struct cnt_event ev[CNT_BANKS], int go,
		   uint32_t sel, uint32_t idx);

/* ---- port counters (4.2) ---- */
struct port_counters {
	uint64_t cnt[VNR_NUM_PORTS], snap[VNR_NUM_PORTS];
};
void ports_reset(struct port_counters *pc);
void ports_step(struct port_counters *pc, const int last_xfer[VNR_NUM_PORTS], int go, int clear);

/* ---- egress_regs.c: the egress register block (0x0500) and VF_MTU ---- */
struct egress_regs {
	uint32_t vf_sh[VNR_VF_SH_WORDS], rule_sh[VNR_RULE_SH_WORDS];
	uint32_t bst_sel, bst_key[VNR_BST_KEY_WORDS], mtu_sel;
	/* entries as committed, so that a load gives back exactly what was written */
	uint32_t vf_raw[VNR_MAX_FUNCS][VNR_VF_SH_WORDS];
	uint32_t (*rule_raw[2])[VNR_RULE_SH_WORDS];
	unsigned cls_lat;            /* CLS_LAT_EG */
	unsigned settle;             /* cycles of BST_STATUS.settling left */
	int flipped;                 /* a flip performed in this cycle */
};

/* ---- ingress_regs.c: the ingress register block (0x0800) ---- */
struct ingress_regs {
	uint32_t coll_sh[VNR_NUM_COLLATORS], mask_sh[VNR_KEY_BYTES / 4];
	uint32_t irule_sh[VNR_IRULE_SH_WORDS];
	unsigned busy;               /* cycles of IRULE_STATUS.busy left */
	int started;                 /* an IRULE_CMD performed in this cycle */
	int load;                    /* the IRULE_CMD in flight is a load of slot load_idx */
	uint32_t load_idx;
};

/* ---- csr_regs.c ---- */
struct csr_regs {
	struct vnr_params par;
	/* AXI4-Lite holding registers */
	int aw_full, w_full, b_full, ar_full, r_full;
	uint32_t aw_addr, w_data, ar_addr, rdata;
	uint8_t bresp, rresp;
	/* registers */
	uint32_t ctrl, err, err_count, vf_refused, scratch;
	uint32_t shadow[5];              /* PROF_CTRL, FMT, FMT_MASK, FLOW, EDIT */
	uint32_t prof[VNR_NUM_PROFILES][5];
	uint32_t cnt_sel, cnt_idx;
	struct egress_regs eg;
	struct ingress_regs ig;
	struct vnr_config cfg;           /* decoded ctrl, profiles, egress and ingress tables */
};
/* what a performed write asks of the other blocks this cycle */
struct csr_cmds {
	int cnt_go;
	uint32_t cnt_sel, cnt_idx;
	int port_go, port_clear;
};
int csr_init(struct csr_regs *c, const struct vnr_params *par);
void csr_free(struct csr_regs *c);
int csr_reset(struct csr_regs *c);
void csr_drive(const struct csr_regs *c, struct vnr_out *out);
void csr_step(struct csr_regs *c, const struct vnr_in *in, const struct counter_bank *cb,
	      const struct port_counters *pc, struct csr_cmds *cmds);
void csr_profile_decode(const uint32_t w[5], struct vnr_profile *p);

int egress_regs_init(struct csr_regs *c);
void egress_regs_free(struct csr_regs *c);
int egress_regs_reset(struct csr_regs *c);
int egress_is_block(uint32_t a);
int egress_read(const struct csr_regs *c, uint32_t a, uint32_t *v);
unsigned egress_write(struct csr_regs *c, uint32_t a, uint32_t d);
int vf_mtu_read(const struct csr_regs *c, unsigned vf, uint32_t *v);
unsigned vf_mtu_write(struct csr_regs *c, unsigned vf, uint32_t d);
void egress_regs_clock(struct csr_regs *c);
unsigned cls_lat_eg(unsigned rules);

/* register layouts (regmap.md meta): shared by the blocks that decode them */
uint32_t layout_bits(const uint32_t *w, unsigned lsb, unsigned width);
uint32_t layout_mask(const struct vnr_field_desc *f, unsigned n, unsigned word);
void layout_mac_decode(uint32_t hi, uint32_t lo, uint8_t mac[6]);
int csr_array_index(uint32_t a, uint32_t base, unsigned count, unsigned *i);

void ingress_regs_free(struct csr_regs *c);
int ingress_regs_reset(struct csr_regs *c);
int ingress_is_block(uint32_t a);
int ingress_read(const struct csr_regs *c, uint32_t a, uint32_t *v);
unsigned ingress_write(struct csr_regs *c, uint32_t a, uint32_t d);
void ingress_regs_clock(struct csr_regs *c);

#endif
