/* The engine's boundary (SPEC section 2) as plain C structs, one per clock cycle.
 * Model, Verilator wrapper and harness all speak this, so the harness never
 * knows which engine it drives. */
#ifndef VNR_PORTS_H
#define VNR_PORTS_H

#include <stdint.h>

#define VNR_MAX_BYTES 64 /* widest beat: DATA_W = 512 */

enum vnr_port { VNR_PORT_H2E, VNR_PORT_E2N, VNR_PORT_N2E, VNR_PORT_E2H, VNR_NUM_PORTS };

/* One AXI4-Stream beat. Bytes data[i] with keep bit i set are valid; a beat's
 * byte 0 is tdata[7:0]. user is tuser[127:0] as four words, word 0 = [31:0];
 * it is meaningful on the first beat of a frame only. */
struct vnr_beat {
	uint8_t data[VNR_MAX_BYTES];
	uint64_t keep;
	uint32_t user[4];
	uint8_t valid;
	uint8_t last;
};

/* What the outside world drives during one cycle. */
struct vnr_in {
	struct vnr_beat h2e, n2e;  /* valid/data/keep/last/user of the two input streams */
	uint8_t e2n_ready, e2h_ready;
	/* csr: AXI4-Lite master signals */
	uint8_t awvalid, wvalid, bready, arvalid, rready;
	uint32_t awaddr, wdata, araddr;
	uint8_t wstrb;
};

/* What the engine drives during one cycle. Every field is a function of the
 * engine's state at the start of the cycle only (Moore outputs): the harness
 * reads these, then decides its inputs, then clocks. */
struct vnr_out {
	uint8_t h2e_ready, n2e_ready;
	struct vnr_beat e2n, e2h;
	uint8_t awready, wready, bvalid, arready, rvalid;
	uint8_t bresp, rresp; /* 0 OKAY, 2 SLVERR */
	uint32_t rdata;
};

/* Build-time parameters: the same names as the RTL parameters. */
struct vnr_params {
	unsigned data_w;  /* 64, 256 or 512 */
	unsigned num_vf;  /* 1..128 */
	unsigned rules;   /* rule table depth */
};

#endif
