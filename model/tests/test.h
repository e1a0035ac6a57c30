/* A tiny assert helper and a cycle-level bench for the model's unit tests. */
#ifndef VNR_MODEL_TEST_H
#define VNR_MODEL_TEST_H

#include <stdint.h>
#include <stdio.h>
#include "vnr_core.h"
#include "vnr_engine.h"

extern int t_pass, t_fail;

#define CHECK(cond, ...) do {                                              \
	if (cond) {                                                        \
		t_pass++;                                                  \
	} else {                                                           \
		t_fail++;                                                  \
		printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);     \
		printf(__VA_ARGS__);                                       \
		printf("\n");                                              \
	}                                                                  \
} while (0)
#define CHECK_EQ(a, b) CHECK((uint64_t)(a) == (uint64_t)(b), "%llu != %llu (0x%llx != 0x%llx)", \
	(unsigned long long)(a), (unsigned long long)(b), (unsigned long long)(a), (unsigned long long)(b))

/* ---- checksums and fields, written here apart from model/core ---- */
/* end-around-carry sum of big-endian 16-bit words, an odd byte padded */
uint64_t sum16(uint64_t s, const uint8_t *p, size_t n);
uint16_t fold(uint64_t s);
/* a correct Internet checksum makes the sum of its range 0xffff */
int csum_ok(const uint8_t *p, size_t n);
unsigned rd16(const uint8_t *p);
uint32_t rd32(const uint8_t *p);
void wr16(uint8_t *p, unsigned v);
void wr32(uint8_t *p, uint32_t v);

/* ---- frames ---- */
struct vnr_rule;
/* a forward rule with the template of docs/egress.md section 5 (prof 0
 * gre16, 1 vxlan, 2 native; outer VLAN 42 when vlan); returns P */
unsigned tmpl_build(struct vnr_rule *r, unsigned prof, int vlan, int udp_csum);
struct pkt {
	uint8_t b[2048];
	unsigned len;
};
void pkt_eth(struct pkt *p, int vlan, uint16_t type);
/* appends an IPv4 header; total length covers what follows plus extra */
unsigned pkt_ipv4(struct pkt *p, unsigned ihl, unsigned proto, unsigned frag, unsigned payload);
void pkt_put(struct pkt *p, const void *d, unsigned n);
void pkt_gre16(struct pkt *p, uint16_t key_lo);
void pkt_vxlan(struct pkt *p, uint16_t dport, uint32_t vni);
void pkt_native(struct pkt *p, uint16_t src_slot, uint16_t dst_slot);
void pkt_pad(struct pkt *p, unsigned len);
void preset(struct vnr_profile *p, const char *name);
void meta_in(uint32_t m[4], unsigned func, unsigned inject, unsigned inject_vf);

/* ---- cycle bench ---- */
#define TB_MAX_FRAMES 256
struct tb_frame {
	uint8_t *b;           /* malloc'd, any length */
	unsigned len, cap;
	uint32_t user[4];
	uint64_t first_cycle, last_cycle; /* output: cycles of first and last beat transfer */
	unsigned first_beat;  /* output: index of its first beat in the port's beat log */
};
struct tb {
	struct vnr_engine *e;
	unsigned bytes;
	uint64_t cyc;
	struct vnr_out out;   /* outputs of cycle cyc */
	struct vnr_in in;
	/* input frames per input port (0 h2e, 1 n2e), driven back to back */
	struct tb_frame *inf[2];
	unsigned in_n[2], in_pos[2], in_off[2];
	uint64_t in_first[2][TB_MAX_FRAMES], in_last[2][TB_MAX_FRAMES];
	/* output frames per output port (0 e2n, 1 e2h) */
	struct tb_frame *outf[2];
	unsigned out_n[2], out_off[2];
	int e2n_ready, e2h_ready;
	int bad_beat; /* a beat with keep-0 bytes not zero, etc. */
	int bad_user; /* tuser not 0 on a beat other than a first beat */
	/* every output beat transfer per output port: its cycle */
	uint64_t *beat_cyc[2];
	unsigned beat_n[2], beat_cap[2];
	/* every input beat acceptance per input port: its cycle */
	uint64_t *in_cyc[2];
	unsigned in_beat_n[2], in_beat_cap[2];
};
struct tb *tb_new(unsigned data_w, unsigned num_vf);
struct tb *tb_new_rules(unsigned data_w, unsigned num_vf, unsigned rules);
unsigned tb_cls_lat_eg(const struct tb *t);   /* CLS_LAT_EG of the bench's engine */
void tb_free(struct tb *t);
void tb_send(struct tb *t, int port, const uint8_t *d, unsigned len, const uint32_t user[4]);
void tb_clock(struct tb *t);          /* drives streams, steps once */
void tb_run(struct tb *t, unsigned cycles);
int tb_write(struct tb *t, uint32_t addr, uint32_t data);       /* returns bresp */
int tb_read(struct tb *t, uint32_t addr, uint32_t *data);       /* returns rresp */
int tb_counter(struct tb *t, unsigned bank, unsigned func, unsigned reason, long idx, int clear,
	       uint64_t *pkts, uint64_t *bytes);                /* returns CNT_SEL's bresp */
int tb_profile(struct tb *t, unsigned idx, const struct vnr_profile *p); /* shadow + commit, bresp */

void test_core(void);
void test_egress(void);
void test_tso(void);
void test_csr(void);
void test_stream(void);
void test_counters(void);
void test_eg_timing(void);
void test_ingress(void);
void test_ig_timing(void);

#endif
