/* Fault injection around an engine (see vnr_fault.h). */
#include <stdlib.h>
#include <string.h>
#include "vnr_fault.h"

enum fault_kind { FAULT_BYTE, FAULT_LATENCY };

struct fault {
	struct vnr_engine *inner;
	enum fault_kind kind;
	unsigned long beats_out;  /* beats transferred on e2n and e2h so far */
	int held;                 /* latency: 1 while the first beat is being held back */
	int done;                 /* latency: the one extra cycle has been spent */
	struct vnr_out last;      /* what eval() showed this cycle */
};

static void fault_eval(void *ctx, struct vnr_out *out)
{
	struct fault *f = ctx;

	f->inner->eval(f->inner->ctx, out);
	f->held = 0;
	if (f->kind == FAULT_LATENCY && !f->done && (out->e2n.valid || out->e2h.valid)) {
		/* hide the first beat for one cycle; the inner engine sees no ready */
		out->e2n.valid = 0;
		out->e2h.valid = 0;
		f->held = 1;
	}
	if (f->kind == FAULT_BYTE && f->beats_out + out->e2n.valid + out->e2h.valid >= 5 &&
	    f->beats_out < 5) {
		if (out->e2n.valid && out->e2n.keep & 1)
			out->e2n.data[0] ^= 0x5a;
		else if (out->e2h.valid && out->e2h.keep & 1)
			out->e2h.data[0] ^= 0x5a;
	}
	f->last = *out;
}

static void fault_step(void *ctx, const struct vnr_in *in)
{
	struct fault *f = ctx;
	struct vnr_in spoilt = *in;

	if (f->held) {
		spoilt.e2n_ready = 0;
		spoilt.e2h_ready = 0;
		f->done = 1;
	}
	f->beats_out += (f->last.e2n.valid && in->e2n_ready) + (f->last.e2h.valid && in->e2h_ready);
	f->inner->step(f->inner->ctx, &spoilt);
}

static void fault_reset(void *ctx)
{
	struct fault *f = ctx;

	f->inner->reset(f->inner->ctx);
	f->beats_out = 0;
	f->held = f->done = 0;
}

static void fault_destroy(void *ctx)
{
	struct fault *f = ctx;

	vnr_engine_free(f->inner);
	free(f);
}

struct vnr_engine *vnr_engine_fault_new(struct vnr_engine *inner, const char *kind)
{
	struct vnr_engine *e;
	struct fault *f;

	if (!inner || (strcmp(kind, "byte") && strcmp(kind, "latency")))
		return NULL;
	e = calloc(1, sizeof(*e));
	f = calloc(1, sizeof(*f));
	if (!e || !f) {
		free(e);
		free(f);
		return NULL;
	}
	f->inner = inner;
	f->kind = strcmp(kind, "byte") == 0 ? FAULT_BYTE : FAULT_LATENCY;
	e->name = "fault";
	e->params = inner->params;
	e->ctx = f;
	e->eval = fault_eval;
	e->step = fault_step;
	e->reset = fault_reset;
	e->destroy = fault_destroy;
	return e;
}
