/* The runner owns one engine, or two in lockstep, and everything around them
 * that a test bench owns: input frame queues per port, random idle cycles on
 * inputs and random back-pressure on outputs (seeded), output capture, the
 * csr master, and in lockstep the cycle-by-cycle comparison.
 *
 * The driver's simulation backends do their register accesses through
 * vnr_runner_csr_read/write, so a register write issued while frames flow is
 * one more input on the same clock, in both engines alike. */
#ifndef VNR_RUNNER_H
#define VNR_RUNNER_H

#include <stddef.h>
#include <stdint.h>
#include "vnr_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vnr_frame {
	uint8_t *data;
	size_t len;
	uint32_t user[4];     /* metadata (first beat's tuser) */
	uint64_t cycle_first; /* cycle of the first beat's transfer */
	uint64_t cycle_last;  /* cycle of the last beat's transfer */
};

struct vnr_runner_opts {
	uint64_t seed;        /* random idle/back-pressure; printed by the harness */
	unsigned idle_pct;    /* chance (0..100) an input holds tvalid low in a cycle */
	unsigned stall_pct;   /* chance (0..100) an output holds tready low in a cycle */
	const char *fst_path; /* waveform on mismatch (RTL engine), may be NULL */
	const char *fail_dir; /* where the offending frames go as pcap on mismatch, may be NULL */
	int keep_sent;        /* keep every sent frame for vnr_runner_sent (else only the last few) */
};

struct vnr_runner;

/* b may be NULL (one engine). With two, every output and every tready is
 * compared every cycle and the first difference stops the run. */
struct vnr_runner *vnr_runner_new(struct vnr_engine *a, struct vnr_engine *b,
				  const struct vnr_runner_opts *o);
void vnr_runner_free(struct vnr_runner *r);

/* queue a frame on an input port (VNR_PORT_H2E or VNR_PORT_N2E) */
int vnr_runner_send(struct vnr_runner *r, enum vnr_port port, const uint8_t *data,
		    size_t len, const uint32_t user[4]);
/* run n cycles; 0, or -1 after a mismatch (see vnr_runner_error) */
int vnr_runner_run(struct vnr_runner *r, uint64_t n);
/* run until every queued frame went in and no output moved for quiet cycles,
 * at most max_cycles; 0 drained, 1 not drained in time, -1 mismatch */
int vnr_runner_drain(struct vnr_runner *r, uint64_t quiet, uint64_t max_cycles);
/* one AXI4-Lite transaction while traffic keeps flowing; returns the bresp /
 * rresp (0 OKAY, 2 SLVERR), or -1 on a mismatch */
int vnr_runner_csr_write(struct vnr_runner *r, uint32_t addr, uint32_t data);
int vnr_runner_csr_read(struct vnr_runner *r, uint32_t addr, uint32_t *data);

size_t vnr_runner_out_count(const struct vnr_runner *r, enum vnr_port port);
/* Every frame handed to vnr_runner_send on an input port, in order (what a
 * scenario's pcaps and its configuration's send/inject commands sent).
 * Without opts.keep_sent, frames sent more than 8 frames ago read back as
 * 0 bytes. */
size_t vnr_runner_sent_count(const struct vnr_runner *r, enum vnr_port port);
const uint8_t *vnr_runner_sent(const struct vnr_runner *r, enum vnr_port port, size_t i,
			       size_t *len, const uint32_t **user);
const struct vnr_frame *vnr_runner_out(const struct vnr_runner *r, enum vnr_port port, size_t i);
size_t vnr_runner_in_count(const struct vnr_runner *r, enum vnr_port port);   /* frames fully accepted */
uint64_t vnr_runner_cycles(const struct vnr_runner *r);
const char *vnr_runner_error(const struct vnr_runner *r); /* "" when none */

#ifdef __cplusplus
}
#endif

#endif
