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
#define VNR_BST_MAX_POLLS 1000     /* BST_STATUS reads while waiting for settling to end */
#define VNR_KEY_WORDS VNR_BST_KEY_WORDS
#define VNR_IG_MAX_POLLS 1000      /* IRULE_STATUS reads while waiting for busy to end */

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
	uint32_t bst_levels;       /* ident BST_LEVELS */
	struct vnr_eg *eg;         /* egress rule table and bank copies; NULL until used */
	int ig_def_known;          /* ig_def is the ingress key definition in force */
	struct vnr_ig_keydef ig_def;
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

/* egress lookup tree (bst.c): pure software, docs/egress.md section 2.
 * A key is the 186-bit bstkey layout as uint32_t[6], word i = bits [32i+31:32i]. */
struct vnr_match {
	uint32_t func;
	uint8_t mac[6];
	uint32_t fam;              /* 0 = MAC only, 1 = IPv4 prefix, 2 = IPv6 prefix */
	uint8_t addr[16];          /* IPv4 in addr[0..3] */
	uint32_t plen;             /* prefix length */
};

struct vnr_bst_rule {
	struct vnr_match m;
	uint32_t id;
};

/* a built bank image: node keys indexed by boundary number p = 1..2^levels-1
 * (node (l, i) holds p = (2i+1) * 2^(levels-1-l)), leaves 0..2^levels-1 */
struct vnr_bst_img {
	unsigned levels, nbound;
	uint32_t (*node)[VNR_KEY_WORDS];
	uint32_t *leaf;
};

void vnr_key_make(uint32_t func, const uint8_t mac[6], uint32_t fam, const uint8_t addr[16],
		  uint32_t key[VNR_KEY_WORDS]);
int vnr_key_cmp(const uint32_t a[VNR_KEY_WORDS], const uint32_t b[VNR_KEY_WORDS]);
void vnr_match_range(const struct vnr_match *m, uint32_t lo[VNR_KEY_WORDS],
		     uint32_t hi[VNR_KEY_WORDS]);
int vnr_bst_img_init(struct vnr_bst_img *img, unsigned levels);
void vnr_bst_img_free(struct vnr_bst_img *img);
/* builds img from n rules whose ranges are distinct; -1 (table full) when the
 * boundaries do not fit */
int vnr_bst_build(const struct vnr_bst_rule *rules, unsigned n, struct vnr_bst_img *img,
		  char *err, size_t len);
/* the hardware's walk over img: the leaf word the key lands on */
uint32_t vnr_bst_walk(const struct vnr_bst_img *img, const uint32_t key[VNR_KEY_WORDS]);
/* does node p (or leaf j) matter for keys below all ones, given nbound boundaries */
int vnr_bst_node_used(unsigned levels, unsigned nbound, uint32_t p);

/* egress commands (egress.c, rules.c) */
int vnr_cmd_vf(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_mtu(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_trap(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_rule(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_rules(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_egress_ok(struct vnr_dev *d, const char *what, char *err, size_t len);
void vnr_eg_free(struct vnr_eg *eg);
void vnr_eg_forget_shadows(struct vnr_dev *d);
/* rules the driver holds, ascending: fills ids, returns how many */
unsigned vnr_rule_ids(struct vnr_dev *d, uint32_t *ids, unsigned max);
int vnr_cnt_snapshot_wait(struct vnr_dev *d, char *err, size_t len);
int vnr_parse_mac(const char *s, uint8_t mac[6]);
int vnr_parse_ip4(const char *s, uint8_t a[4]);
int vnr_parse_ip6(const char *s, uint8_t a[16]);

/* ingress (ingress.c, cmd_ingress.c) */
int vnr_ingress_ok(struct vnr_dev *d, const char *what, char *err, size_t len);
/* after a raw register write the driver no longer knows the definition in force */
void vnr_ig_forget(struct vnr_dev *d);
/* HEX bytes (an optional 0x, an even number of digits) into buf[0..max): *n bytes */
int vnr_parse_hex_bytes(const char *what, const char *s, uint8_t *buf, unsigned max,
			unsigned *n, char *err, size_t len);
int vnr_cmd_collator(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_mask(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_keys(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_irule(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_inject(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);

/* command groups (argv[0] is the command name) */
int vnr_cmd_profile(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_stats(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_send(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_run(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_drain(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);
int vnr_cmd_dump(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);

#endif
