/* make bench: what vnrbench.c shares with the TSO rows (bench_tso.c) and the
 * DPDK GSO reference (gso_dpdk.c, built with DPDK's own flags). */
#ifndef VNR_BENCH_H
#define VNR_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct vnr_runner;
struct vnr_engine;

double bench_now(void);                       /* monotonic seconds */
double bench_median(double *v, int n);        /* sorts v */
/* vnrctl commands, one per line, through the driver on the runner's engine;
 * bench_command prints their output to out */
int bench_configure(struct vnr_runner *r, const char *config);
int bench_command(struct vnr_runner *r, const char *config, FILE *out);
/* "rtl" or "model", NUM_VF 64, RULES 4096, DATA_W w */
struct vnr_engine *bench_engine_new(const char *kind, unsigned w);

/* TSO rows (bench_tso.c): RTL cycles, then the model's segmentation speed
 * against DPDK's GSO library. */
#define TSO_NMSS 2
#define TSO_NW 2
struct tso_tput {
	double beats_per_cycle;  /* e2n beats / cycles from the first e2n beat to the last */
	unsigned long gaps;      /* idle e2n cycles in that span */
	unsigned long latency;   /* super-frame's last h2e beat to its first segment's first beat */
	unsigned nseg;           /* segments per super-frame */
};
struct tso_results {
	struct tso_tput t[TSO_NMSS][TSO_NW];
	double model_mbps, dpdk_mbps;   /* MB/s of super-frame bytes, median */
	unsigned model_nseg, dpdk_nseg;
	char dpdk_why[160];             /* "" when measured, else why not */
};
extern const unsigned tso_mss[TSO_NMSS];
extern const unsigned tso_widths[TSO_NW];
int bench_tso(struct tso_results *res, int quick, int reps);
void bench_tso_md(FILE *md, const struct tso_results *res, int reps);
void bench_tso_json(FILE *js, const struct tso_results *res);

/* DPDK's rte_gso_segment over one super-frame (gso_dpdk.c). Header lengths
 * as DPDK's mbuf fields want them; seg_size = header + MSS. Returns 0 and
 * the median MB/s of o's bytes over reps runs, or -1 with why filled (EAL
 * did not start, a pool could not be made, GSO refused the packet). */
struct gso_shape {
	unsigned outer_l2, outer_l3, l2, l3, l4; /* l2: UDP + VXLAN + inner Ethernet */
	unsigned seg_size;
};
int dpdk_gso_rate(const uint8_t *o, size_t len, const struct gso_shape *sh, int reps,
		  double *mbps, unsigned *nseg, char *why, size_t why_len);

#endif
