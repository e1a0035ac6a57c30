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
	struct queue2 q[Q_NUM];
	struct e2h_arbiter arb;
	struct counter_bank cnt;
	struct port_counters ports;
	struct csr_regs csr;
};

static void model_reset(void *ctx)
{
	struct vnr_model *m = ctx;

	m->now = 0;
	path_reset(&m->eg);
	path_reset(&m->ig);
	for (int i = 0; i < Q_NUM; i++)
		queue_clear(&m->q[i]);
	arbiter_reset(&m->arb);
	counters_reset(&m->cnt);
	ports_reset(&m->ports);
	csr_reset(&m->csr, &m->par);
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

/* The reader of one path: take a decision, move (or discard) one beat. */
static void run_reader(struct vnr_model *m, struct path *p, const unsigned used0[Q_NUM],
		       unsigned fifo0, int *took, struct cnt_event *ev)
{
	int host_q = p->kind == VNR_PATH_EGRESS ? Q_EHOST : Q_IHOST;
	int space[3] = { 0 };
	enum vnr_dest dest = VNR_DEST_DROP;
	struct tbeat b;
	int moved;

	space[VNR_DEST_WIRE] = p->kind == VNR_PATH_EGRESS && used0[Q_E2N] < QUEUE_DEPTH;
	space[VNR_DEST_HOST] = used0[host_q] < QUEUE_DEPTH;
	*took = path_reader(p, m->now, fifo0, space, &b, &moved, &dest, ev);
	if (moved)
		queue_push(&m->q[dest == VNR_DEST_WIRE ? Q_E2N : host_q], &b);
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
	unsigned used0[Q_NUM], fifo_eg0 = m->eg.fifo.used, fifo_ig0 = m->ig.fifo.used;
	int h2e_ready = path_tready(&m->eg), n2e_ready = path_tready(&m->ig);
	int last_xfer[VNR_NUM_PORTS] = { 0 };
	struct cnt_event ev[2];
	struct csr_cmds cmds;
	struct queue2 *hq[3];
	int took_eg, took_ig;

	for (int i = 0; i < Q_NUM; i++)
		used0[i] = m->q[i].used;

	/* classifier samples the configuration of this cycle (d+1) */
	path_classify(&m->eg, &m->csr.cfg);
	path_classify(&m->ig, &m->csr.cfg);

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

	run_reader(m, &m->eg, used0, fifo_eg0, &took_eg, &ev[VNR_PATH_EGRESS]);
	run_reader(m, &m->ig, used0, fifo_ig0, &took_ig, &ev[VNR_PATH_INGRESS]);

	run_input(m, &m->eg, &in->h2e, h2e_ready, took_eg, &last_xfer[VNR_PORT_H2E]);
	run_input(m, &m->ig, &in->n2e, n2e_ready, took_ig, &last_xfer[VNR_PORT_N2E]);

	/* csr reads the counters as they are in this cycle, then they are clocked */
	csr_step(&m->csr, in, &m->cnt, &m->ports, &cmds);
	counters_step(&m->cnt, ev, cmds.cnt_go, cmds.cnt_sel);
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
	counters_free(&m->cnt);
	free(m);
}

static int params_ok(const struct vnr_params *p)
{
	return (p->data_w == 64 || p->data_w == 256 || p->data_w == 512) &&
	       p->num_vf >= 1 && p->num_vf <= 128;
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
	if (path_init(&m->eg, VNR_PATH_EGRESS, m->bytes) ||
	    path_init(&m->ig, VNR_PATH_INGRESS, m->bytes) ||
	    counters_init(&m->cnt, p->num_vf))
		goto fail;
	model_reset(m);
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
