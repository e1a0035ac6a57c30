// SPDX-License-Identifier: MIT
/* csr port: handshake timing (timing.md 2), registers, refused writes, profile commit. */
#include <string.h>
#include "test.h"

static void test_timing(void)
{
	struct tb *t = tb_new(64, 4);
	uint64_t n;

	CHECK(t->out.awready && t->out.wready && t->out.arready && !t->out.bvalid && !t->out.rvalid,
	      "idle csr after reset");
	/* aw and w together in cycle n: bvalid exactly in n+2 */
	t->in.awvalid = t->in.wvalid = 1;
	t->in.awaddr = VNR_CTRL_SCRATCH;
	t->in.wdata = 0x5a5a1234;
	n = t->cyc;
	tb_clock(t);
	t->in.awvalid = t->in.wvalid = 0;
	CHECK(!t->out.bvalid && !t->out.awready && !t->out.wready, "n+1: holding registers full, no bvalid");
	tb_clock(t);
	CHECK(t->out.bvalid && t->cyc == n + 2, "bvalid in n+2");
	CHECK_EQ(t->out.bresp, 0);
	CHECK(t->out.awready && t->out.wready, "holding registers free once performed");
	/* bvalid holds without bready */
	tb_clock(t);
	CHECK(t->out.bvalid, "bvalid held until bready");
	t->in.bready = 1;
	tb_clock(t);
	t->in.bready = 0;
	CHECK(!t->out.bvalid, "b cleared after bready");

	/* ar in cycle n: rvalid in n+2, arready low meanwhile */
	t->in.arvalid = 1;
	t->in.araddr = VNR_CTRL_SCRATCH;
	n = t->cyc;
	tb_clock(t);
	t->in.arvalid = 0;
	CHECK(!t->out.rvalid && !t->out.arready, "n+1: ar held, no rvalid");
	tb_clock(t);
	CHECK(t->out.rvalid && t->cyc == n + 2 && t->out.rdata == 0x5a5a1234, "rvalid with data in n+2");
	CHECK(!t->out.arready, "arready low while r_full");
	t->in.rready = 1;
	tb_clock(t);
	t->in.rready = 0;
	CHECK(!t->out.rvalid && t->out.arready, "r cleared after rready");

	/* w before aw: performs the cycle after the later one */
	t->in.wvalid = 1;
	t->in.wdata = 7;
	tb_clock(t);
	t->in.wvalid = 0;
	tb_clock(t);
	CHECK(!t->out.bvalid, "w alone does not perform");
	t->in.awvalid = 1;
	t->in.awaddr = VNR_CTRL_SCRATCH | 3;	/* bits [1:0] ignored */
	n = t->cyc;
	tb_clock(t);
	t->in.awvalid = 0;
	tb_clock(t);
	CHECK(t->out.bvalid && t->cyc == n + 2, "aw after w: bvalid 2 cycles after aw");
	t->in.bready = 1;
	tb_clock(t);
	t->in.bready = 0;
	{
		uint32_t v = 0;
		tb_read(t, VNR_CTRL_SCRATCH, &v);
		CHECK_EQ(v, 7);
	}
	tb_free(t);
}

static void expect_err(struct tb *t, int resp, unsigned code, unsigned vf, const char *what)
{
	uint32_t v = 0;

	CHECK(resp == 2, "%s: SLVERR expected, got %d", what, resp);
	tb_read(t, VNR_CTRL_ERR, &v);
	CHECK(VNR_FIELD_GET(v, VNR_CTRL_ERR_CODE) == code && VNR_FIELD_GET(v, VNR_CTRL_ERR_VF) == vf,
	      "%s: ERR 0x%x, expected code %u vf %u", what, v, code, vf);
}

static void test_registers(void)
{
	struct tb *t = tb_new(512, 8);
	uint32_t v;

	CHECK(tb_read(t, VNR_IDENT_MAGIC, &v) == 0 && v == VNR_ID_MAGIC, "MAGIC");
	tb_read(t, VNR_IDENT_BLK_ID, &v);
	CHECK_EQ(v, VNR_BLK_IDENT_TYPE << 16 | VNR_BLK_IDENT_VERSION);
	tb_read(t, VNR_IDENT_DATA_W, &v);
	CHECK_EQ(v, 512);
	tb_read(t, VNR_IDENT_NUM_VF, &v);
	CHECK_EQ(v, 8);
	tb_read(t, VNR_IDENT_RULES, &v);
	CHECK_EQ(v, 4096);
	tb_read(t, VNR_IDENT_FIFO_BEATS, &v);
	CHECK_EQ(v, (VNR_FIFO_BYTES / 64) << 16 | VNR_FIFO_BYTES_EGRESS / 64);
	tb_read(t, VNR_IDENT_BST_LEVELS, &v);
	CHECK_EQ(v, 14);
	tb_read(t, VNR_IDENT_HDR_BYTES, &v);
	CHECK_EQ(v, 256u << 16 | 128);
	tb_read(t, VNR_PORTS_BLK_NEXT, &v);
	CHECK_EQ(v, 0x500);
	tb_read(t, VNR_EGRESS_BLK_ID, &v);
	CHECK_EQ(v, VNR_BLK_EGRESS_TYPE << 16 | VNR_BLK_EGRESS_VERSION);
	tb_read(t, VNR_EGRESS_BLK_NEXT, &v);
	CHECK_EQ(v, 0x800);
	tb_read(t, VNR_INGRESS_BLK_ID, &v);
	CHECK_EQ(v, VNR_BLK_INGRESS_TYPE << 16 | VNR_BLK_INGRESS_VERSION);
	tb_read(t, VNR_INGRESS_BLK_NEXT, &v);
	CHECK_EQ(v, 0);
	tb_read(t, VNR_COUNTERS_BLK_NEXT, &v);
	CHECK_EQ(v, 0x400);

	CHECK(tb_read(t, 0x0038, &v) == 2 && v == 0, "unmapped read: SLVERR and 0");
	CHECK(tb_read(t, 0x07fc, &v) == 2 && v == 0, "unmapped read in the egress block");
	CHECK(tb_read(t, VNR_PROFILE_PROF_CMD, &v) == 0 && v == 0, "write-only reads 0 OKAY");
	tb_write(t, VNR_CTRL_CTRL, 0xffffffff);
	tb_read(t, VNR_CTRL_CTRL, &v);
	CHECK_EQ(v, 1);

	expect_err(t, tb_write(t, VNR_IDENT_MAGIC, 1), VNR_ERR_READ_ONLY, 0, "write MAGIC");
	tb_read(t, VNR_IDENT_MAGIC, &v);
	CHECK_EQ(v, VNR_ID_MAGIC);
	expect_err(t, tb_write(t, 0x061c, 1), VNR_ERR_BAD_ADDR, 0, "unmapped write");
	tb_read(t, VNR_CTRL_ERR_COUNT, &v);
	CHECK_EQ(v, 2);
	CHECK(tb_write(t, VNR_CTRL_ERR, 0x1234) == 0, "writing ERR is not an error");
	tb_read(t, VNR_CTRL_ERR, &v);
	CHECK_EQ(v, 0);

	/* VF windows */
	CHECK(tb_read(t, VNR_WIN_VF_BASE + 2 * VNR_WIN_VF_SIZE + VNR_VF_VF_ID, &v) == 0 && v == 3, "VF_ID of VF 3");
	CHECK(tb_read(t, VNR_WIN_VF_BASE + 8 * VNR_WIN_VF_SIZE, &v) == 2, "window of VF 9 of 8 unmapped");
	CHECK(tb_read(t, VNR_WIN_VF_BASE + 8, &v) == 2, "VF window offset 8 unmapped");
	expect_err(t, tb_write(t, VNR_WIN_VF_BASE + 4 * VNR_WIN_VF_SIZE + 0x10, 1), VNR_ERR_VF_WRITE, 5, "VF 5 write");
	expect_err(t, tb_write(t, VNR_WIN_VF_BASE, 1), VNR_ERR_VF_WRITE, 1, "VF 1 write to VF_ID");
	tb_read(t, VNR_CTRL_VF_REFUSED, &v);
	CHECK_EQ(v, 2);
	tb_read(t, VNR_CTRL_ERR_COUNT, &v);
	CHECK_EQ(v, 4);
	expect_err(t, tb_write(t, VNR_COUNTERS_CNT_SEL, VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_FUNC, 9)),
		   VNR_ERR_CNT_FUNC, 0, "CNT_SEL func 9 of 8");
	tb_free(t);
}

struct bad_prof {
	const char *what;
	unsigned err;
	void (*edit)(struct vnr_profile *p);
};
static void e_opaque(struct vnr_profile *p) { p->opaque_len = 65; }
static void e_fmt(struct vnr_profile *p) { p->fmt_off = 15; }
static void e_flowlen(struct vnr_profile *p) { p->flow_len = 5; }
static void e_flowoff(struct vnr_profile *p) { p->flow_off = 14; p->flow_len = 3; }
static void e_lenoff(struct vnr_profile *p) { p->len_off = 15; p->len_en = 1; }
static void e_csumoff(struct vnr_profile *p) { p->csum_off = 15; p->csum_en = 1; }

static void test_profile_commit(void)
{
	static const struct bad_prof bad[] = {
		{ "opaque_len 65", VNR_ERR_PROF_OPAQUE_LEN, e_opaque },
		{ "fmt off 15 of 16", VNR_ERR_PROF_FMT_OFF, e_fmt },
		{ "flow len 5", VNR_ERR_PROF_FLOW_LEN, e_flowlen },
		{ "flow 14+3 of 16", VNR_ERR_PROF_FLOW_OFF, e_flowoff },
		{ "len_off 15 of 16", VNR_ERR_PROF_LEN_OFF, e_lenoff },
		{ "csum_off 15 of 16", VNR_ERR_PROF_CSUM_OFF, e_csumoff },
	};
	struct tb *t = tb_new(64, 4);
	struct vnr_profile p;
	uint32_t v, good_ctrl;

	preset(&p, "vxlan");
	CHECK(tb_profile(t, 1, &p) == 0, "vxlan preset commits");
	preset(&p, "native");
	CHECK(tb_profile(t, 2, &p) == 0, "native preset commits");
	preset(&p, "gre16");
	CHECK(tb_profile(t, 0, &p) == 0, "gre16 preset commits");
	tb_read(t, VNR_PROFILE_PROF_CTRL, &good_ctrl);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		preset(&p, "vxlan");
		bad[i].edit(&p);
		expect_err(t, tb_profile(t, 1, &p), bad[i].err, 0, bad[i].what);
	}
	expect_err(t, tb_write(t, VNR_PROFILE_PROF_CMD, VNR_FIELD_PUT(VNR_PROFILE_PROF_CMD_OP, 3)),
		   VNR_ERR_PROF_OP, 0, "op 3");
	expect_err(t, tb_write(t, VNR_PROFILE_PROF_CMD, 1), VNR_ERR_PROF_OP, 0, "op 0");
	/* refused commits left profile 1 as it was: load it back */
	CHECK(tb_write(t, VNR_PROFILE_PROF_CMD, VNR_FIELD_PUT(VNR_PROFILE_PROF_CMD_INDEX, 1) |
		       VNR_FIELD_PUT(VNR_PROFILE_PROF_CMD_OP, 2)) == 0, "load");
	tb_read(t, VNR_PROFILE_PROF_CTRL, &v);
	CHECK_EQ(v, VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_ENABLE, 1) | VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_INNER_ETH, 1) |
		 VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_PROTO, 17) | VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_OPAQUE_LEN, 16));
	tb_read(t, VNR_PROFILE_PROF_FMT, &v);
	CHECK_EQ(v, VNR_FIELD_PUT(VNR_PROFILE_PROF_FMT_OFF, 2) | VNR_FIELD_PUT(VNR_PROFILE_PROF_FMT_VAL, 4789));
	tb_read(t, VNR_CTRL_ERR_COUNT, &v);
	CHECK_EQ(v, 8);
	/* fields not in use are not checked: the all-zero reset profile commits */
	memset(&p, 0, sizeof(p));
	CHECK(tb_profile(t, 3, &p) == 0, "all-zero profile commits");
	preset(&p, "vxlan");
	p.enable = 0;
	p.fmt_off = 40;
	CHECK(tb_profile(t, 3, &p) == 0, "disabled profile: format offset not checked");
	tb_free(t);
}

/* ------------------------------------------------- egress block (0x0500) */

static int vf_cmd(struct tb *t, unsigned idx, unsigned op)
{
	return tb_write(t, VNR_EGRESS_VF_CMD, VNR_FIELD_PUT(VNR_EGRESS_VF_CMD_INDEX, idx) |
			VNR_FIELD_PUT(VNR_EGRESS_VF_CMD_OP, op));
}

static int rule_cmd(struct tb *t, unsigned idx, unsigned op)
{
	return tb_write(t, VNR_EGRESS_RULE_CMD, VNR_FIELD_PUT(VNR_EGRESS_RULE_CMD_INDEX, idx) |
			VNR_FIELD_PUT(VNR_EGRESS_RULE_CMD_OP, op));
}

static int bst_sel(struct tb *t, unsigned bank, int leaf, unsigned level, unsigned idx)
{
	return tb_write(t, VNR_EGRESS_BST_SEL, VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_BANK, bank) |
			VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_LEAF, leaf) |
			VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_LEVEL, level) |
			VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_INDEX, idx));
}

static uint32_t rd(struct tb *t, uint32_t a)
{
	uint32_t v = 0xdeadbeef;

	tb_read(t, a, &v);
	return v;
}

#define VF_WIN(n, off) (VNR_WIN_VF_BASE + ((n) - 1) * VNR_WIN_VF_SIZE + (off))

static void test_mtu_regs(struct tb *t)
{
	CHECK_EQ(rd(t, VNR_EGRESS_PF_MAX_MTU), VNR_PF_MAX_MTU_DEFAULT);
	CHECK_EQ(rd(t, VNR_EGRESS_MTU_SEL), 1);
	CHECK_EQ(rd(t, VNR_EGRESS_MTU_VAL), VNR_MTU_DEFAULT);
	expect_err(t, tb_write(t, VNR_EGRESS_MTU_SEL, 0), VNR_ERR_MTU_FUNC, 0, "MTU_SEL 0");
	expect_err(t, tb_write(t, VNR_EGRESS_MTU_SEL, 9), VNR_ERR_MTU_FUNC, 0, "MTU_SEL 9 of 8");
	CHECK_EQ(rd(t, VNR_EGRESS_MTU_SEL), 1);
	CHECK(tb_write(t, VNR_EGRESS_MTU_SEL, 8) == 0, "MTU_SEL 8");
	expect_err(t, tb_write(t, VNR_EGRESS_MTU_VAL, VNR_MTU_MIN - 1), VNR_ERR_MTU_RANGE, 0, "MTU 67");
	expect_err(t, tb_write(t, VNR_EGRESS_MTU_VAL, 9001), VNR_ERR_MTU_RANGE, 0, "MTU 9001");
	CHECK(tb_write(t, VNR_EGRESS_MTU_VAL, 9000) == 0, "MTU 9000");
	CHECK_EQ(rd(t, VNR_EGRESS_MTU_VAL), 9000);
	expect_err(t, tb_write(t, VNR_EGRESS_PF_MAX_MTU, VNR_MTU_MIN - 1), VNR_ERR_MTU_RANGE, 0,
		   "PF_MAX_MTU 67");
	CHECK(tb_write(t, VNR_EGRESS_PF_MAX_MTU, 2000) == 0, "PF_MAX_MTU 2000");
	CHECK_EQ(rd(t, VNR_EGRESS_MTU_VAL), 9000);	/* lowering keeps what is set */

	/* a VF asks for its MTU in its own window */
	CHECK_EQ(rd(t, VF_WIN(3, VNR_VF_VF_MTU)), VNR_MTU_DEFAULT);
	CHECK(tb_write(t, VF_WIN(3, VNR_VF_VF_MTU), 1800) == 0, "VF 3 asks for 1800");
	CHECK_EQ(rd(t, VF_WIN(3, VNR_VF_VF_MTU)), 1800);
	tb_write(t, VNR_EGRESS_MTU_SEL, 3);
	CHECK_EQ(rd(t, VNR_EGRESS_MTU_VAL), 1800);
	expect_err(t, tb_write(t, VF_WIN(3, VNR_VF_VF_MTU), 2001), VNR_ERR_MTU_RANGE, 3,
		   "VF 3 asks above PF_MAX_MTU");
	expect_err(t, tb_write(t, VF_WIN(4, VNR_VF_VF_MTU), 20), VNR_ERR_MTU_RANGE, 4,
		   "VF 4 asks below MTU_MIN");
	CHECK_EQ(rd(t, VF_WIN(3, VNR_VF_VF_MTU)), 1800);
	CHECK_EQ(rd(t, VF_WIN(4, VNR_VF_VF_MTU)), VNR_MTU_DEFAULT);
	CHECK_EQ(rd(t, VNR_CTRL_VF_REFUSED), 2);
}

static void test_vf_rule_regs(struct tb *t)
{
	uint32_t v;

	expect_err(t, vf_cmd(t, 0, 1), VNR_ERR_VF_INDEX, 0, "VF_CMD index 0");
	expect_err(t, vf_cmd(t, 9, 1), VNR_ERR_VF_INDEX, 0, "VF_CMD index 9 of 8");
	expect_err(t, vf_cmd(t, 9, 0), VNR_ERR_CMD_OP, 0, "VF_CMD op before index");
	expect_err(t, vf_cmd(t, 1, 0), VNR_ERR_CMD_OP, 0, "VF_CMD op 0");
	expect_err(t, vf_cmd(t, 1, 3), VNR_ERR_CMD_OP, 0, "VF_CMD op 3");
	for (unsigned i = 0; i < VNR_VF_SH_WORDS; i++)
		tb_write(t, VNR_EGRESS_VF_SH + 4 * i, 0x01010101u * (i + 1));
	CHECK(vf_cmd(t, 2, 1) == 0, "VF 2 commit");
	for (unsigned i = 0; i < VNR_VF_SH_WORDS; i++)
		tb_write(t, VNR_EGRESS_VF_SH + 4 * i, 0);
	CHECK(vf_cmd(t, 2, 2) == 0, "VF 2 load");
	tb_read(t, VNR_EGRESS_VF_SH + 4 * 16, &v);
	CHECK_EQ(v, 0x11111111u);

	expect_err(t, rule_cmd(t, 0, 0), VNR_ERR_CMD_OP, 0, "RULE_CMD op 0");
	expect_err(t, rule_cmd(t, 4096, 1), VNR_ERR_RULE_INDEX, 0, "RULE_CMD index 4096");
	expect_err(t, rule_cmd(t, 4096, 3), VNR_ERR_CMD_OP, 0, "RULE_CMD op before index");
	tb_write(t, VNR_EGRESS_RULE_SH, VNR_FIELD_PUT(VNR_EGRESS_RULE_CMD_INDEX, 1) | 65u << 16);
	expect_err(t, rule_cmd(t, 5, 1), VNR_ERR_RULE_OPAQUE, 0, "rule opaque_len 65");
	tb_write(t, VNR_EGRESS_RULE_SH, 1u | 64u << 16);
	tb_write(t, VNR_EGRESS_RULE_SH + 4 * 36, 0xcafef00d);
	CHECK(rule_cmd(t, 4095, 1) == 0, "rule 4095 commit, opaque_len 64");
	tb_write(t, VNR_EGRESS_RULE_SH + 4 * 36, 0);
	CHECK(rule_cmd(t, 4095, 2) == 0, "rule 4095 load");
	CHECK_EQ(rd(t, VNR_EGRESS_RULE_SH + 4 * 36), 0xcafef00d);

	CHECK(tb_write(t, VNR_COUNTERS_CNT_SEL, VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_BANK, 3)) == 0,
	      "CNT_SEL bank 3 (ingress rules)");
	CHECK(tb_write(t, VNR_COUNTERS_CNT_SEL, VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_BANK, 2)) == 0,
	      "CNT_SEL bank 2");
	CHECK_EQ(rd(t, VNR_COUNTERS_CNT_SEL), 2);
	expect_err(t, tb_write(t, VNR_COUNTERS_CNT_IDX, 4096), VNR_ERR_CNT_IDX, 0, "CNT_IDX 4096");
	CHECK(tb_write(t, VNR_COUNTERS_CNT_IDX, 0xfff00fff) == 0, "CNT_IDX 4095 (+ bits above)");
	CHECK_EQ(rd(t, VNR_COUNTERS_CNT_IDX), 0xfff);
	expect_err(t, tb_write(t, VNR_EGRESS_BST_STATUS, 0), VNR_ERR_READ_ONLY, 0, "BST_STATUS");
	tb_write(t, VNR_EGRESS_TRAP_CTRL, 0xffffffff);
	CHECK_EQ(rd(t, VNR_EGRESS_TRAP_CTRL), 0x1f);
}

static void test_bst_regs(struct tb *t)
{
	uint32_t v;

	CHECK_EQ(rd(t, VNR_EGRESS_BST_STATUS), 0);
	bst_sel(t, 0, 0, 0, 0);
	expect_err(t, tb_write(t, VNR_EGRESS_BST_CMD, 1), VNR_ERR_BST_ACTIVE, 0, "node in bank 0");
	bst_sel(t, 0, 0, 14, 0);
	expect_err(t, tb_write(t, VNR_EGRESS_BST_CMD, 1), VNR_ERR_BST_ACTIVE, 0, "bank before level");
	bst_sel(t, 1, 0, 14, 0);
	expect_err(t, tb_write(t, VNR_EGRESS_BST_CMD, 1), VNR_ERR_BST_LEVEL, 0, "level 14 of 14");
	bst_sel(t, 1, 0, 13, 8192);
	expect_err(t, tb_write(t, VNR_EGRESS_BST_CMD, 1), VNR_ERR_BST_INDEX, 0, "node (13, 8192)");
	bst_sel(t, 1, 1, 31, 16384);
	expect_err(t, tb_write(t, VNR_EGRESS_BST_CMD, 1), VNR_ERR_BST_INDEX, 0, "leaf 16384");
	bst_sel(t, 1, 1, 31, 16383);	/* a leaf ignores the level */
	CHECK(tb_write(t, VNR_EGRESS_BST_CMD, 1) == 0, "leaf 16383");
	bst_sel(t, 1, 0, 13, 8191);
	CHECK(tb_write(t, VNR_EGRESS_BST_CMD, 1) == 0, "node (13, 8191)");
	CHECK(tb_write(t, VNR_EGRESS_BST_CMD, 0) == 0, "BST_CMD without bits does nothing");
	CHECK_EQ(rd(t, VNR_EGRESS_BST_STATUS), 0);
	/* write and flip in one command: bank 1 becomes active, settling */
	CHECK(tb_write(t, VNR_EGRESS_BST_CMD, 3) == 0, "write + flip");
	tb_read(t, VNR_EGRESS_BST_STATUS, &v);
	CHECK_EQ(v, 3);
	expect_err(t, tb_write(t, VNR_EGRESS_BST_CMD, 2), VNR_ERR_BST_SETTLING, 0, "flip while settling");
	bst_sel(t, 0, 0, 0, 0);
	expect_err(t, tb_write(t, VNR_EGRESS_BST_CMD, 1), VNR_ERR_BST_SETTLING, 0, "write while settling");
	bst_sel(t, 1, 0, 14, 0);
	expect_err(t, tb_write(t, VNR_EGRESS_BST_CMD, 1), VNR_ERR_BST_SETTLING, 0, "settling first");
	expect_err(t, rule_cmd(t, 0, 2), VNR_ERR_BST_SETTLING, 0, "RULE_CMD load while settling");
	expect_err(t, rule_cmd(t, 0, 3), VNR_ERR_CMD_OP, 0, "RULE_CMD op before settling");
	tb_run(t, tb_cls_lat_eg(t));
	CHECK_EQ(rd(t, VNR_EGRESS_BST_STATUS), 1);
	bst_sel(t, 1, 0, 0, 0);
	expect_err(t, tb_write(t, VNR_EGRESS_BST_CMD, 1), VNR_ERR_BST_ACTIVE, 0, "bank 1 now active");
	bst_sel(t, 0, 0, 0, 0);
	CHECK(tb_write(t, VNR_EGRESS_BST_CMD, 1) == 0, "bank 0 now writable");
	CHECK(rule_cmd(t, 0, 1) == 0, "RULE_CMD after settling");
	CHECK(tb_write(t, VNR_EGRESS_BST_CMD, 2) == 0, "flip back");
	CHECK_EQ(rd(t, VNR_EGRESS_BST_STATUS), 2);
}

/* BST_STATUS.settling is 1 in exactly m+1 .. m+CLS_LAT_EG for a flip performing in m */
static void probe_settling(unsigned which, int expect)
{
	struct tb *t = tb_new(64, 4);
	unsigned L = tb_cls_lat_eg(t);
	uint64_t probe;

	/* aw and w in cycle 0: the flip performs in m = 1 */
	probe = which == 0 ? 1 : which == 1 ? 2 : which == 2 ? 1 + L : 2 + L;
	t->in.awvalid = t->in.wvalid = 1;
	t->in.awaddr = VNR_EGRESS_BST_CMD;
	t->in.wdata = 2;
	while (t->cyc + 1 < probe) {
		tb_clock(t);
		t->in.awvalid = t->in.wvalid = 0;
	}
	/* ar in probe-1: rdata computed from the state of cycle probe */
	t->in.arvalid = 1;
	t->in.araddr = VNR_EGRESS_BST_STATUS;
	tb_clock(t);
	t->in.arvalid = t->in.awvalid = t->in.wvalid = 0;
	tb_clock(t);
	CHECK(t->out.rvalid && t->cyc == probe + 1, "probe %u timing", which);
	CHECK(VNR_FIELD_GET(t->out.rdata, VNR_EGRESS_BST_STATUS_SETTLING) == (unsigned)expect,
	      "settling at probe %u: 0x%x", which, t->out.rdata);
	/* active switches for the state of m+1 on */
	CHECK_EQ(VNR_FIELD_GET(t->out.rdata, VNR_EGRESS_BST_STATUS_ACTIVE), which != 0);
	tb_free(t);
}

static void test_settling_window(void)
{
	probe_settling(0, 0);	/* m */
	probe_settling(1, 1);	/* m+1 */
	probe_settling(2, 1);	/* m+CLS_LAT_EG */
	probe_settling(3, 0);	/* m+CLS_LAT_EG+1 */
}

void test_csr(void)
{
	test_timing();
	test_registers();
	test_profile_commit();
	{
		struct tb *t = tb_new(512, 8);

		test_mtu_regs(t);
		test_vf_rule_regs(t);
		test_bst_regs(t);
		tb_free(t);
	}
	test_settling_window();
}
