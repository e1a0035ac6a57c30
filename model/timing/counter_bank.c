// SPDX-License-Identifier: MIT
/*
 * Reason counters (4.1), one bank per path. The RTL's read-modify-write
 * pipeline forwards back-to-back events, so what is visible is simply: a
 * snapshot taken in cycle s sees every event issued before s. Events are
 * therefore applied in the cycle they are issued, after the snapshot read.
 */
#include <stdlib.h>
#include <string.h>
#include "timing.h"

enum { SNAP_IDLE, SNAP_SEARCH, SNAP_HOLD };

int counters_init(struct counter_bank *c, unsigned num_vf)
{
	memset(c, 0, sizeof(*c));
	c->rows = num_vf + 1;
	for (int b = 0; b < 2; b++) {
		c->pkts[b] = calloc((size_t)c->rows * VNR_NUM_REASONS, sizeof(uint64_t));
		c->bytes[b] = calloc((size_t)c->rows * VNR_NUM_REASONS, sizeof(uint64_t));
		if (!c->pkts[b] || !c->bytes[b])
			return -1;
	}
	return 0;
}

void counters_free(struct counter_bank *c)
{
	for (int b = 0; b < 2; b++) {
		free(c->pkts[b]);
		free(c->bytes[b]);
	}
}

void counters_reset(struct counter_bank *c)
{
	size_t n = (size_t)c->rows * VNR_NUM_REASONS;

	for (int b = 0; b < 2; b++) {
		memset(c->pkts[b], 0, n * sizeof(uint64_t));
		memset(c->bytes[b], 0, n * sizeof(uint64_t));
		c->ev_prev[b] = 0;
	}
	c->state = SNAP_IDLE;
	c->sel = 0;
	c->snap_pkts = c->snap_bytes = 0;
	c->out_pkts = c->out_bytes = 0;
}

int counters_busy(const struct counter_bank *c)
{
	return c->state != SNAP_IDLE;
}

static size_t sel_index(const struct counter_bank *c, uint32_t sel)
{
	unsigned func = VNR_FIELD_GET(sel, VNR_COUNTERS_CNT_SEL_FUNC);
	unsigned reason = VNR_FIELD_GET(sel, VNR_COUNTERS_CNT_SEL_REASON);

	if (func >= c->rows)	/* CNT_SEL refuses these; stay in bounds anyway */
		func = 0;
	return (size_t)func * VNR_NUM_REASONS + reason;
}

/* Snapshot in the first searching cycle after a cycle without an event on its bank. */
static void snapshot_step(struct counter_bank *c)
{
	unsigned bank = VNR_FIELD_GET(c->sel, VNR_COUNTERS_CNT_SEL_BANK);
	size_t i;

	if (c->state == SNAP_HOLD) {
		/* taken in s, visible and not busy from s+2 */
		c->out_pkts = c->snap_pkts;
		c->out_bytes = c->snap_bytes;
		c->state = SNAP_IDLE;
		return;
	}
	if (c->state != SNAP_SEARCH || c->ev_prev[bank])
		return;
	i = sel_index(c, c->sel);
	c->snap_pkts = c->pkts[bank][i];
	c->snap_bytes = c->bytes[bank][i];
	if (c->sel & VNR_COUNTERS_CNT_SEL_CLEAR_MASK) {
		c->pkts[bank][i] = 0;
		c->bytes[bank][i] = 0;
	}
	c->state = SNAP_HOLD;
}

void counters_step(struct counter_bank *c, const struct cnt_event ev[2], int go, uint32_t sel)
{
	snapshot_step(c);
	for (int b = 0; b < 2; b++) {
		c->ev_prev[b] = ev[b].valid;
		if (!ev[b].valid)
			continue;
		size_t i = (size_t)(ev[b].func < c->rows ? ev[b].func : 0) * VNR_NUM_REASONS +
			   (ev[b].reason % VNR_NUM_REASONS);
		c->pkts[b][i]++;
		c->bytes[b][i] += ev[b].bytes;
	}
	if (go) {	/* performed in p: busy from p+1, searching from p+1 */
		c->state = SNAP_SEARCH;
		c->sel = sel;
	}
}
