// SPDX-License-Identifier: MIT
/*
 * Top of the cycle-accurate model (vnr_top): the engine interface of
 * vnr_engine.h over the blocks of the timing layer.
 *
 * eval() reads state only (Moore). step() is one rising edge: every block
 * decides from the state at the start of the cycle. Occupancies that several
 * blocks look at are sampled first (used0) so the order in which the blocks
 * are then clocked cannot leak a same-cycle update into a decision.
 */
#include <stdlib.h>
#include <string.h>
#include "vnr_engine.h"
#include "timing.h"

enum { Q_E2N, Q_EHOST, Q_IHOST, Q_E2H, Q_NUM };

struct vnr_model {
	struct vnr_params par;
	unsigned bytes;
	uint64_t now;
	struct path eg, ig;
	struct tso_segmenter seg;	/* egress reader -> segmenter -> e2n queue */
	struct queue2 q[Q_NUM];
	struct e2h_arbiter arb;
	struct counter_bank cnt;
	struct port_counters ports;
	struct csr_regs csr;
	struct vnr_core_state st;	/* outer IPv4 ID: advanced by the egress classifier */
	int reset_failed;
};

static void model_reset(void *ctx)
{
	struct vnr_model *m = ctx;

	m->now = 0;
	path_reset(&m->eg);
	path_reset(&m->ig);
	seg_reset(&m->seg);
	for (int i = 0; i < Q_NUM; i++)
		queue_clear(&m->q[i]);
	arbiter_reset(&m->arb);
	counters_reset(&m->cnt);
	ports_reset(&m->ports);
	memset(&m->st, 0, sizeof(m->st));
	m->reset_failed = csr_reset(&m->csr) != 0;
}

static void model_eval(void *ctx, struct vnr_out *out)
{
	struct vnr_model *m = ctx;

	memset(out, 0, sizeof(*out));
	out->h2e_ready = path_tready(&m->eg);
	out->n2e_ready = path_tready(&m->ig);
	queue_drive(&m->q[Q_E2N], m->bytes, &out->e2n);
	queue_drive(&m->q[Q_E2H], m->bytes, &out->e2h);
	csr_drive(&m->csr, out);
}

/*
 * The reader of one path: take a decision, one step (3.3). A host beat goes
 * into its queue; a wire beat is left in r for the segmenter (run_segmenter).
 * wire_room: seg_room at the start of the cycle.
 */
static void run_reader(struct vnr_model *m, struct path *p, const unsigned used0[Q_NUM],
		       int wire_room, struct rd_result *r)
{
	int host_q = p->kind == VNR_PATH_EGRESS ? Q_EHOST : Q_IHOST;
	int space[3] = { 0 };

	space[VNR_DEST_WIRE] = p->kind == VNR_PATH_EGRESS && wire_room;
	space[VNR_DEST_HOST] = used0[host_q] < QUEUE_DEPTH;
	path_reader(p, m->now, space, r);
	if (r->pushed && r->dest == VNR_DEST_HOST)
		queue_push(&m->q[host_q], &r->beat);
}

/*
 * 3.7: the emitter decides from the state at the start of the cycle (the
 * reader's beat of this cycle is in the buffer from the next one) and its
 * beat is in e2n from the next cycle.
 */
static void run_segmenter(struct vnr_model *m, const unsigned used0[Q_NUM],
			  const struct rd_result *r)
{
	struct seg_in in = { &r->beat, &r->tso, r->lout };
	int wire = r->pushed && r->dest == VNR_DEST_WIRE;
	struct tbeat out;

	if (seg_step(&m->seg, m->now, used0[Q_E2N] < QUEUE_DEPTH, wire ? &in : NULL, &out))
		queue_push(&m->q[Q_E2N], &out);
}

static void run_input(struct vnr_model *m, struct path *p, const struct vnr_beat *in,
		      int ready, int took, int *last_xfer)
{
	int first = 0;

	*last_xfer = 0;
	if (ready && in->valid) {
		path_accept(p, m->now, in, &first);
		*last_xfer = in->last ? 1 : 0;
	}
	p->open += first;	/* 3.1: open counts frames whose decision is not taken */
	p->open -= took;
}

static void model_step(void *ctx, const struct vnr_in *in)
{
	struct vnr_model *m = ctx;
	unsigned used0[Q_NUM];
	int wire_room = seg_room(&m->seg);
	int h2e_ready = path_tready(&m->eg), n2e_ready = path_tready(&m->ig);
	int last_xfer[VNR_NUM_PORTS] = { 0 };
	struct cnt_event ev[CNT_BANKS];
	struct rd_result r_eg, r_ig;
	struct csr_cmds cmds;
	struct queue2 *hq[3];

	for (int i = 0; i < Q_NUM; i++)
		used0[i] = m->q[i].used;

	/* classifier samples the configuration of this cycle (d+1) */
	path_classify(&m->eg, &m->csr.cfg, &m->st);
	path_classify(&m->ig, &m->csr.cfg, &m->st);

	/* output ports: transfers of this cycle */
	if (used0[Q_E2N] && in->e2n_ready) {
		last_xfer[VNR_PORT_E2N] = queue_head(&m->q[Q_E2N])->last;
		queue_pop(&m->q[Q_E2N]);
	}
	if (used0[Q_E2H] && in->e2h_ready) {
		last_xfer[VNR_PORT_E2H] = queue_head(&m->q[Q_E2H])->last;
		queue_pop(&m->q[Q_E2H]);
	}

	/* arbiter before the readers push: it only ever looks at old heads */
	hq[OWN_NONE] = NULL;
	hq[OWN_EGRESS] = &m->q[Q_EHOST];
	hq[OWN_INGRESS] = &m->q[Q_IHOST];
	{
		unsigned hu[3] = { 0, used0[Q_EHOST], used0[Q_IHOST] };

		arbiter_step(&m->arb, hq, hu, &m->q[Q_E2H], used0[Q_E2H]);
	}

	/* readers before the input stage: they see the FIFOs of the start of the cycle */
	run_reader(m, &m->eg, used0, wire_room, &r_eg);
	run_reader(m, &m->ig, used0, 0, &r_ig);
	run_segmenter(m, used0, &r_eg);
	ev[VNR_PATH_EGRESS] = r_eg.ev_reason;
	ev[VNR_PATH_INGRESS] = r_ig.ev_reason;
	ev[2] = r_eg.ev_rule;
	ev[3] = r_ig.ev_rule;

	run_input(m, &m->eg, &in->h2e, h2e_ready, r_eg.took, &last_xfer[VNR_PORT_H2E]);
	run_input(m, &m->ig, &in->n2e, n2e_ready, r_ig.took, &last_xfer[VNR_PORT_N2E]);

	/* csr reads the counters as they are in this cycle, then they are clocked */
	csr_step(&m->csr, in, &m->cnt, &m->ports, &cmds);
	counters_step(&m->cnt, ev, cmds.cnt_go, cmds.cnt_sel, cmds.cnt_idx);
	ports_step(&m->ports, last_xfer, cmds.port_go, cmds.port_clear);
	m->now++;
}

static void model_destroy(void *ctx)
{
	struct vnr_model *m = ctx;

	if (!m)
		return;
	path_free(&m->eg);
	path_free(&m->ig);
	seg_free(&m->seg);
	counters_free(&m->cnt);
	csr_free(&m->csr);
	free(m);
}

static int params_ok(const struct vnr_params *p)
{
	return (p->data_w == 64 || p->data_w == 256 || p->data_w == 512) &&
	       p->num_vf >= 1 && p->num_vf <= 128 && p->rules >= 1 &&
	       p->rules <= 1u << VNR_EGRESS_RULE_CMD_INDEX_W;
}

struct vnr_engine *vnr_engine_model_new(const struct vnr_params *p)
{
	struct vnr_engine *e;
	struct vnr_model *m;

	if (!p || !params_ok(p))
		return NULL;
	e = calloc(1, sizeof(*e));
	m = calloc(1, sizeof(*m));
	if (!e || !m)
		goto fail;
	m->par = *p;
	m->bytes = p->data_w / 8;
	if (path_init(&m->eg, VNR_PATH_EGRESS, m->bytes, p->rules) ||
	    path_init(&m->ig, VNR_PATH_INGRESS, m->bytes, p->rules) ||
	    seg_init(&m->seg, m->bytes) ||
	    counters_init(&m->cnt, p->num_vf, p->rules) ||
	    csr_init(&m->csr, p))
		goto fail;
	model_reset(m);
	if (m->reset_failed)
		goto fail;
	e->name = "model";
	e->params = *p;
	e->ctx = m;
	e->eval = model_eval;
	e->step = model_step;
	e->reset = model_reset;
	e->destroy = model_destroy;
	return e;
fail:
	if (m)
		model_destroy(m);
	free(e);
	return NULL;
}

void vnr_engine_free(struct vnr_engine *e)
{
	if (!e)
		return;
	if (e->destroy)
		e->destroy(e->ctx);
	free(e);
}

/* What the model's registers hold, as the functional core sees it: the
 * harness's frame mode configures a model through the same register writes
 * and checks the RTL against the core with it. NULL for another engine. */
const struct vnr_config *vnr_engine_model_config(const struct vnr_engine *e)
{
	if (!e || e->eval != model_eval)
		return NULL;
	return &((const struct vnr_model *)e->ctx)->csr.cfg;
}
