// SPDX-License-Identifier: MIT
/* Reason counters (4.1) and port counters (4.2). */
#include <string.h>
#include "test.h"

static uint64_t port(struct tb *t, uint32_t lo_addr)
{
	uint32_t lo, hi;

	tb_read(t, lo_addr, &lo);
	tb_read(t, lo_addr + 4, &hi);
	return (uint64_t)hi << 32 | lo;
}

static void test_reason_counters(void)
{
	struct tb *t = tb_new(64, 4);
	static uint8_t b[100];
	uint64_t p, by;
	uint32_t m[4];

	memset(b, 0x11, sizeof(b));
	meta_in(m, 1, 0, 0);
	tb_send(t, 0, b, 60, m);
	tb_send(t, 0, b, 70, m);
	tb_send(t, 0, b, 80, m);
	meta_in(m, 0, 0, 0);
	tb_send(t, 0, b, 100, m);
	meta_in(m, 2, 0, 0);
	tb_send(t, 0, b, 10, m);
	memset(m, 0, 16);
	tb_send(t, 1, b, 0, m);	/* 0-byte frame on n2e */
	tb_run(t, 160);
	CHECK(t->out_n[0] == 1 && t->out_n[1] == 3, "traffic out");

	tb_counter(t, 0, 1, VNR_REASON_NO_RULE, -1, 0, &p, &by);
	CHECK(p == 3 && by == 210, "NO_RULE VF1: %llu/%llu", (unsigned long long)p, (unsigned long long)by);
	tb_counter(t, 0, 0, VNR_REASON_FORWARD, -1, 0, &p, &by);
	CHECK(p == 1 && by == 100, "FORWARD PF");
	tb_counter(t, 0, 2, VNR_REASON_RUNT, -1, 0, &p, &by);
	CHECK(p == 1 && by == 10, "RUNT VF2");
	tb_counter(t, 1, 0, VNR_REASON_RUNT, -1, 0, &p, &by);
	CHECK(p == 1 && by == 0, "0-byte ingress runt");
	tb_counter(t, 0, 1, VNR_REASON_NO_RULE, -1, 1, &p, &by);
	CHECK(p == 3 && by == 210, "read-and-clear returns the value");
	tb_counter(t, 0, 1, VNR_REASON_NO_RULE, -1, 0, &p, &by);
	CHECK(p == 0 && by == 0, "then 0");

	/* ports */
	CHECK(tb_write(t, VNR_PORTS_PORT_CMD, 1) == 0, "PORT_CMD");
	CHECK_EQ(port(t, VNR_PORTS_H2E_IN_LO), 5);
	CHECK_EQ(port(t, VNR_PORTS_E2N_OUT_LO), 1);
	CHECK_EQ(port(t, VNR_PORTS_N2E_IN_LO), 1);
	CHECK_EQ(port(t, VNR_PORTS_E2H_OUT_LO), 3);
	tb_write(t, VNR_PORTS_PORT_CMD, 3);
	CHECK_EQ(port(t, VNR_PORTS_H2E_IN_LO), 5);
	tb_write(t, VNR_PORTS_PORT_CMD, 1);
	CHECK_EQ(port(t, VNR_PORTS_H2E_IN_LO), 0);
	tb_free(t);
}

/* busy from p+1 to s+1 with s = p+1 when no events run */
static void test_snapshot_timing(void)
{
	for (unsigned k = 1; k <= 3; k++) {
		struct tb *t = tb_new(64, 4);
		uint64_t p;

		t->in.awvalid = t->in.wvalid = 1;
		t->in.awaddr = VNR_COUNTERS_CNT_CMD;
		t->in.wdata = 1;
		tb_clock(t);
		t->in.awvalid = t->in.wvalid = 0;
		p = t->cyc;	/* perform cycle */
		tb_run(t, k - 1);
		t->in.arvalid = 1;	/* ar in p+k-1: rdata from the state at p+k */
		t->in.araddr = VNR_COUNTERS_CNT_STATUS;
		tb_clock(t);
		t->in.arvalid = 0;
		tb_clock(t);
		CHECK(t->out.rvalid && t->cyc == p + k + 1, "read timing");
		CHECK_EQ(t->out.rdata, k < 3);
		tb_free(t);
	}
}

/* a snapshot waits while its bank issues an event every cycle, then sees them all */
static void test_snapshot_waits(void)
{
	struct tb *t = tb_new(512, 4);
	uint8_t b[64];
	uint32_t m[4], st;
	uint64_t p, by;
	int busy_during = 1;

	memset(b, 0x22, sizeof(b));
	meta_in(m, 3, 0, 0);
	/* a burst of MAX_OPEN 1-beat frames: events in every cycle of 32 */
	for (unsigned k = 0; k < VNR_MAX_OPEN; k++)
		tb_send(t, 0, b, 64, m);
	tb_write(t, VNR_COUNTERS_CNT_SEL, VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_FUNC, 3) |
		 VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_REASON, VNR_REASON_NO_RULE));
	tb_run(t, tb_cls_lat_eg(t) - 2);	/* events every cycle from CLS_LAT_EG on */
	tb_write(t, VNR_COUNTERS_CNT_CMD, 1);
	for (int i = 0; i < 4; i++) {
		tb_read(t, VNR_COUNTERS_CNT_STATUS, &st);
		busy_during &= st == 1;
	}
	CHECK(busy_during, "busy while events run every cycle");
	CHECK(tb_write(t, VNR_COUNTERS_CNT_CMD, 1) == 2, "CNT_CMD while busy refused");
	tb_read(t, VNR_CTRL_ERR, &st);
	CHECK_EQ(st, VNR_ERR_CNT_BUSY);
	tb_run(t, 60);
	tb_read(t, VNR_COUNTERS_CNT_STATUS, &st);
	CHECK_EQ(st, 0);
	tb_read(t, VNR_COUNTERS_CNT_PKTS_LO, &st);
	CHECK_EQ(st, VNR_MAX_OPEN);
	tb_counter(t, 0, 3, VNR_REASON_NO_RULE, -1, 0, &p, &by);
	CHECK(p == VNR_MAX_OPEN && by == VNR_MAX_OPEN * 64, "all events counted");
	tb_free(t);
}

void test_counters(void)
{
	test_reason_counters();
	test_snapshot_timing();
	test_snapshot_waits();
}
