/* A clocked engine behind a narrow interface (Ibex/Spike style): the harness,
 * the driver's simulation backends and the benches drive any engine, model or
 * RTL, through these four calls and never see its insides.
 *
 * One cycle is: eval() to read the outputs (they depend on state only), then
 * step() with the inputs for that same cycle, which clocks the engine once. */
#ifndef VNR_ENGINE_H
#define VNR_ENGINE_H

#include "vnr_ports.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vnr_engine {
	const char *name;           /* "model", "rtl" */
	struct vnr_params params;
	void *ctx;
	void (*eval)(void *ctx, struct vnr_out *out);
	void (*step)(void *ctx, const struct vnr_in *in);
	void (*reset)(void *ctx);   /* synchronous reset, a few cycles; leaves the engine idle */
	void (*destroy)(void *ctx);
	/* optional: waveform tracing (RTL only); NULL when unsupported */
	int (*trace_open)(void *ctx, const char *fst_path);
	void (*trace_close)(void *ctx);
};

/* model/: the cycle-accurate model behind the interface */
struct vnr_engine *vnr_engine_model_new(const struct vnr_params *p);
/* sim/: the Verilated RTL (data_w 64 or 512 are built) */
struct vnr_engine *vnr_engine_rtl_new(const struct vnr_params *p);
void vnr_engine_free(struct vnr_engine *e);

#ifdef __cplusplus
}
#endif

#endif
