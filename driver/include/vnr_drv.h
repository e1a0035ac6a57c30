/* veneer host driver: a library over a 32-bit register bus, and the command
 * language that vnrctl, batch files and scenario configurations share. */
#ifndef VNR_DRV_H
#define VNR_DRV_H

#include <stdint.h>
#include <stdio.h>
#include "vnr_regs.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vnr_runner;

/* A bus moves 32-bit words to and from the csr address space. Returns 0 on
 * OKAY, 2 on SLVERR, -1 on a transport failure (for example a lockstep
 * mismatch). */
struct vnr_bus {
	const char *name;  /* "model", "rtl", "cosim", "dev" */
	void *ctx;
	int (*read32)(void *ctx, uint32_t addr, uint32_t *val);
	int (*write32)(void *ctx, uint32_t addr, uint32_t val);
	void (*close)(void *ctx);
	struct vnr_runner *runner; /* simulation backends: traffic commands use it; NULL for dev */
};

struct vnr_bus *vnr_bus_runner_new(struct vnr_runner *r, const char *name);
struct vnr_bus *vnr_bus_devmem_new(const char *path, char *err, size_t errlen);
void vnr_bus_free(struct vnr_bus *b);

/* What the identification block says the hardware was built with. */
struct vnr_ident {
	uint32_t hw_version, data_w, num_vf, rules, profiles, collators, buckets, reasons;
	uint32_t hdr_egress, hdr_ingress, fifo_beats;  /* fifo_beats: the ingress FIFO */
	uint32_t fifo_beats_egress, bst_levels;       /* 0 without an egress block */
};

struct vnr_dev;

/* Probes the identification block and walks the feature chain; NULL with a
 * message in err when the bus does not hold a veneer engine. */
struct vnr_dev *vnr_dev_open(struct vnr_bus *bus, char *err, size_t errlen);
void vnr_dev_close(struct vnr_dev *d); /* does not free the bus */
const struct vnr_ident *vnr_dev_ident(const struct vnr_dev *d);
struct vnr_bus *vnr_dev_bus(const struct vnr_dev *d);

/* Counters. bank: 0 egress, 1 ingress. */
int vnr_counter_read(struct vnr_dev *d, unsigned bank, unsigned func, unsigned reason,
		     int clear, uint64_t *pkts, uint64_t *bytes, char *err, size_t errlen);
/* bank 2: the counter of egress rule idx */
int vnr_rule_counter_read(struct vnr_dev *d, uint32_t idx, int clear, uint64_t *pkts,
			  uint64_t *bytes, char *err, size_t len);
/* v[0..3]: frames in on h2e, out on e2n, in on n2e, out on e2h */
int vnr_ports_read(struct vnr_dev *d, int clear, uint64_t v[4], char *err, size_t errlen);

/* One command of the vnrctl language (docs/vnrctl.md). Output goes to out.
 * Returns 0, or -1 with a message naming the field and the limit in err; a
 * refused command leaves the engine as it was. */
int vnr_cmd_line(struct vnr_dev *d, const char *line, FILE *out, char *err, size_t errlen);
/* Every line of a batch file; stops at the first error ("FILE:LINE: msg"). */
int vnr_cmd_file(struct vnr_dev *d, const char *path, FILE *out, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
