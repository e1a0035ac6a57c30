// SPDX-License-Identifier: MIT
/*
 * Reason counters (4.1), one bank per path (0 egress, 1 ingress), and the
 * rule banks: egress rules (2) and ingress rule slots (3).
 * The RTL's read-modify-write pipeline forwards back-to-back events, so what is visible is simply: a
 * snapshot taken in cycle s sees every event issued before s. Events are
 * therefore applied in the cycle they are issued, after the snapshot read.
 */
#include <stdlib.h>
#include <string.h>
#include "timing.h"

enum { SNAP_IDLE, SNAP_SEARCH, SNAP_HOLD };

int counters_init(struct counter_bank *c, unsigned num_vf, unsigned rules)
{
	memset(c, 0, sizeof(*c));
	c->rows = num_vf + 1;
	c->rules = rules ? rules : 1;
	c->size[VNR_PATH_EGRESS] = (size_t)c->rows * VNR_NUM_REASONS;
	c->size[VNR_PATH_INGRESS] = (size_t)c->rows * VNR_NUM_REASONS;
	c->size[2] = c->rules;
	c->size[3] = c->rules;
	for (int b = 0; b < CNT_BANKS; b++) {
		c->pkts[b] = calloc(c->size[b], sizeof(uint64_t));
		c->bytes[b] = calloc(c->size[b], sizeof(uint64_t));
		if (!c->pkts[b] || !c->bytes[b])
			return -1;
	}
	return 0;
}

void counters_free(struct counter_bank *c)
{
	for (int b = 0; b < CNT_BANKS; b++) {
		free(c->pkts[b]);
		free(c->bytes[b]);
		c->pkts[b] = c->bytes[b] = NULL;
	}
}

void counters_reset(struct counter_bank *c)
{
	for (int b = 0; b < CNT_BANKS; b++) {
		memset(c->pkts[b], 0, c->size[b] * sizeof(uint64_t));
		memset(c->bytes[b], 0, c->size[b] * sizeof(uint64_t));
		c->ev_prev[b] = 0;
	}
	c->state = SNAP_IDLE;
	c->sel = 0;
	c->idx = 0;
	c->snap_pkts = c->snap_bytes = 0;
	c->out_pkts = c->out_bytes = 0;
}

int counters_busy(const struct counter_bank *c)
{
	return c->state != SNAP_IDLE;
}

/* CNT_SEL and CNT_IDX refuse what is out of range; stay in bounds anyway */
static size_t sel_index(const struct counter_bank *c, unsigned bank)
{
	unsigned func = VNR_FIELD_GET(c->sel, VNR_COUNTERS_CNT_SEL_FUNC);
	unsigned reason = VNR_FIELD_GET(c->sel, VNR_COUNTERS_CNT_SEL_REASON);

	if (bank >= 2)
		return c->idx < c->rules ? c->idx : 0;
	if (func >= c->rows)
		func = 0;
	return (size_t)func * VNR_NUM_REASONS + reason;
}

static size_t event_index(const struct counter_bank *c, unsigned bank, const struct cnt_event *e)
{
	if (bank >= 2)
		return e->rule < c->rules ? e->rule : 0;
	return (size_t)(e->func < c->rows ? e->func : 0) * VNR_NUM_REASONS +
	       (e->reason % VNR_NUM_REASONS);
}

/* Snapshot in the first searching cycle after a cycle without an event on its
 * bank (each bank has one reader: egress for 0 and 2, ingress for 1 and 3). */
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
	i = sel_index(c, bank);
	c->snap_pkts = c->pkts[bank][i];
	c->snap_bytes = c->bytes[bank][i];
	if (c->sel & VNR_COUNTERS_CNT_SEL_CLEAR_MASK) {
		c->pkts[bank][i] = 0;
		c->bytes[bank][i] = 0;
	}
	c->state = SNAP_HOLD;
}

void counters_step(struct counter_bank *c, const struct cnt_event ev[CNT_BANKS], int go,
		   uint32_t sel, uint32_t idx)
{
	snapshot_step(c);
	for (int b = 0; b < CNT_BANKS; b++) {
		size_t i;

		c->ev_prev[b] = ev[b].valid;
		if (!ev[b].valid)
			continue;
		i = event_index(c, b, &ev[b]);
		c->pkts[b][i]++;
		c->bytes[b][i] += ev[b].bytes;
	}
	if (go) {	/* performed in p: busy from p+1, searching from p+1 */
		c->state = SNAP_SEARCH;
		c->sel = sel;
		c->idx = idx;
	}
}
