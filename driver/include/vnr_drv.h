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
/* banks 2 and 3: the counter of egress rule idx (2) or ingress rule slot idx (3) */
int vnr_rule_bank_counter_read(struct vnr_dev *d, unsigned bank, uint32_t idx, int clear,
			       uint64_t *pkts, uint64_t *bytes, char *err, size_t len);
/* v[0..3]: frames in on h2e, out on e2n, in on n2e, out on e2h */
int vnr_ports_read(struct vnr_dev *d, int clear, uint64_t v[4], char *err, size_t errlen);

/* Ingress (docs/ingress.md): the key definition and the rule table. Every
 * function needs the ingress block (type 7) and refuses what the engine would,
 * with a message naming the field and the limit, before it changes anything
 * (a refused rule add or key commit may have loaded slots into IRULE_SH). */

/* The key definition: four collators and the 1024-bit mask. */
struct vnr_ig_keydef {
	uint32_t off[VNR_NUM_COLLATORS], len[VNR_NUM_COLLATORS];
	uint8_t mask[VNR_KEY_BYTES];
};

/* the commit checks of the engine (COLL_RANGE, COLL_TOTAL), in its order */
int vnr_ig_keydef_check(const struct vnr_ig_keydef *k, char *err, size_t len);
/* shadow edits: collator c, the mask; nothing changes until a commit */
int vnr_ig_collator_set(struct vnr_dev *d, unsigned c, uint32_t off, uint32_t len, char *err,
			size_t errlen);
int vnr_ig_mask_set(struct vnr_dev *d, const uint8_t mask[VNR_KEY_BYTES], char *err, size_t len);
/* the shadow as it stands (what a commit would commit) */
int vnr_ig_shadow_read(struct vnr_dev *d, struct vnr_ig_keydef *k, char *err, size_t len);
/* Checks the shadow, commits it (KEY_CMD op 1). With rewrite, every valid rule
 * then has its stored key ANDed with the new mask and is moved to the bucket
 * that key hashes to; a definition under which two rules become one or a
 * bucket would need more than IRULE_WAYS rules is refused before the commit. */
int vnr_ig_key_commit(struct vnr_dev *d, int rewrite, char *err, size_t len);
/* The definition in force. The driver keeps the last one it committed or
 * read; otherwise it saves the shadow, loads (KEY_CMD op 2), reads and writes
 * the saved shadow back, so uncommitted shadow edits survive. */
int vnr_ig_key_read(struct vnr_dev *d, struct vnr_ig_keydef *k, char *err, size_t len);

enum vnr_ig_action { VNR_IG_DELIVER = 0, VNR_IG_TRAP = 1, VNR_IG_DROP = 2 };

/* An ingress rule (layout irule). */
struct vnr_ig_rule {
	uint32_t profile, kshort, vf, action, ttl_dec;
	uint8_t key[VNR_KEY_BYTES];        /* masked with the definition in force on add */
	uint8_t inner_dmac[6], inner_smac[6];
	uint32_t inner_type;
};

/* the argument checks of vnr_ig_rule_add that need no bus */
int vnr_ig_rule_check(struct vnr_dev *d, const struct vnr_ig_rule *r, char *err, size_t len);
/* Stores key & mask in the first free way of its CRC-32C bucket; refuses a
 * rule already in the table and a fifth rule in one bucket. *slot: where. */
int vnr_ig_rule_add(struct vnr_dev *d, const struct vnr_ig_rule *r, uint32_t *slot, char *err,
		    size_t len);
/* deletes the rule of (profile, kshort, key & mask); *slot: where it was */
int vnr_ig_rule_del(struct vnr_dev *d, uint32_t profile, uint32_t kshort,
		    const uint8_t key[VNR_KEY_BYTES], uint32_t *slot, char *err, size_t len);
int vnr_ig_rule_del_slot(struct vnr_dev *d, uint32_t slot, char *err, size_t len);
/* slot's rule as the engine holds it (IRULE_CMD op 2); *valid 0 for an empty slot */
int vnr_ig_rule_read(struct vnr_dev *d, uint32_t slot, struct vnr_ig_rule *r, int *valid,
		     char *err, size_t len);
/* every valid slot, ascending (a load of every slot): fills slots, *n how many */
int vnr_ig_rule_list(struct vnr_dev *d, uint32_t *slots, unsigned max, unsigned *n, char *err,
		     size_t len);
/* the bucket a rule belongs in under the definition in force, and its masked key */
int vnr_ig_rule_bucket(struct vnr_dev *d, uint32_t profile, uint32_t kshort,
		       const uint8_t key[VNR_KEY_BYTES], uint8_t masked[VNR_KEY_BYTES],
		       uint32_t *bucket, char *err, size_t len);

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
