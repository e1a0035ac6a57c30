/* Internals of the veneer driver library shared by its source files and the
 * driver tests. Not part of the public interface (vnr_drv.h). */
#ifndef VNR_DRV_INTERNAL_H
#define VNR_DRV_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include "vnr_drv.h"

#define VNR_MAX_BLOCKS 32
#define VNR_CNT_MAX_POLLS 1000
#define VNR_DRAIN_QUIET 200
#define VNR_DRAIN_DEFAULT_MAX 10000000ull

struct vnr_block {
	uint32_t offset, type, version;
};

struct vnr_dev {
	struct vnr_bus *bus;
	struct vnr_ident id;
	uint32_t base[8];          /* offset of each known block type (1..5) */
	struct vnr_block blocks[VNR_MAX_BLOCKS];
	unsigned nblocks;
	int err_by_count;          /* bus cannot signal SLVERR: watch ERR_COUNT */
};

/* address of register REG of block BLK, wherever the chain put the block */
#define VNR_ADDR(d, BLK, REG) \
	((d)->base[VNR_BLK_##BLK##_TYPE] + (VNR_##BLK##_##REG - VNR_##BLK##_BLK_ID))

/* one encapsulation profile, as the driver sees it */
struct vnr_prof {
	uint32_t enable, inner_eth, proto, opaque;
	uint32_t fmt_off, fmt_val, fmt_mask;
	uint32_t flow_off, flow_len;
	uint32_t len_off, len_en, csum_off, csum_en;
};

/* errors and numbers */
int vnr_errf(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void vnr_outf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vnr_parse_u64(const char *s, uint64_t *v);
int vnr_parse_u32_max(const char *what, const char *s, uint32_t max, uint32_t *v,
		      char *err, size_t len);
const char *vnr_err_name(uint32_t code);
const char *vnr_bank_name(unsigned bank);

const char *vnr_block_name(uint32_t type);

/* register access through the device, with refusals turned into messages */
int vnr_dev_read(struct vnr_dev *d, uint32_t addr, uint32_t *val, char *err, size_t len);
int vnr_dev_write(struct vnr_dev *d, uint32_t addr, uint32_t val, char *err, size_t len);

/* profiles */
int vnr_prof_read(struct vnr_dev *d, unsigned idx, struct vnr_prof *p, char *err, size_t len);
int vnr_prof_write(struct vnr_dev *d, unsigned idx, const struct vnr_prof *p, char *err, size_t len);
int vnr_prof_check(unsigned idx, const struct vnr_prof *p, char *err, size_t len);
int vnr_prof_preset(const char *name, struct vnr_prof *p);
void vnr_prof_merge(struct vnr_prof *p, const struct vnr_prof *given, uint32_t seen);
void vnr_prof_format(unsigned idx, const struct vnr_prof *p, char *buf, size_t len);
int vnr_prof_set_key(unsigned idx, struct vnr_prof *p, const char *kv, uint32_t *seen,
		     char *err, size_t len);

/* command groups (argv[0] is the command name) */
int vnr_cmd_profile(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_stats(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_send(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_run(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_drain(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_dump(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);

#endif
