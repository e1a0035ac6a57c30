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
	CHECK_EQ(v, VNR_FIFO_BYTES / 64);
	tb_read(t, VNR_IDENT_HDR_BYTES, &v);
	CHECK_EQ(v, 256u << 16 | 128);
	tb_read(t, VNR_PORTS_BLK_NEXT, &v);
	CHECK_EQ(v, 0);
	tb_read(t, VNR_COUNTERS_BLK_NEXT, &v);
	CHECK_EQ(v, 0x400);

	CHECK(tb_read(t, 0x0034, &v) == 2 && v == 0, "unmapped read: SLVERR and 0");
	CHECK(tb_read(t, VNR_PROFILE_PROF_CMD, &v) == 0 && v == 0, "write-only reads 0 OKAY");
	tb_write(t, VNR_CTRL_CTRL, 0xffffffff);
	tb_read(t, VNR_CTRL_CTRL, &v);
	CHECK_EQ(v, 1);

	expect_err(t, tb_write(t, VNR_IDENT_MAGIC, 1), VNR_ERR_READ_ONLY, 0, "write MAGIC");
	tb_read(t, VNR_IDENT_MAGIC, &v);
	CHECK_EQ(v, VNR_ID_MAGIC);
	expect_err(t, tb_write(t, 0x0500, 1), VNR_ERR_BAD_ADDR, 0, "unmapped write");
	tb_read(t, VNR_CTRL_ERR_COUNT, &v);
	CHECK_EQ(v, 2);
	CHECK(tb_write(t, VNR_CTRL_ERR, 0x1234) == 0, "writing ERR is not an error");
	tb_read(t, VNR_CTRL_ERR, &v);
	CHECK_EQ(v, 0);

	/* VF windows */
	CHECK(tb_read(t, VNR_WIN_VF_BASE + 2 * VNR_WIN_VF_SIZE + VNR_VF_VF_ID, &v) == 0 && v == 3, "VF_ID of VF 3");
	CHECK(tb_read(t, VNR_WIN_VF_BASE + 8 * VNR_WIN_VF_SIZE, &v) == 2, "window of VF 9 of 8 unmapped");
	CHECK(tb_read(t, VNR_WIN_VF_BASE + 4, &v) == 2, "VF window offset 4 unmapped");
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

void test_csr(void)
{
	test_timing();
	test_registers();
	test_profile_commit();
}
