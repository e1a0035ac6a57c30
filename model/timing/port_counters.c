// SPDX-License-Identifier: MIT
/* Port frame counters (4.2): last-beat transfers, counted from the next cycle. */
#include <string.h>
#include "timing.h"

/* 4.2: frame counters per port, snapshot of the state at the PORT_CMD cycle */
void ports_reset(struct port_counters *pc)
{
	memset(pc, 0, sizeof(*pc));
}

void ports_step(struct port_counters *pc, const int last_xfer[VNR_NUM_PORTS], int go, int clear)
{
	for (int i = 0; i < VNR_NUM_PORTS; i++) {
		if (go) {
			pc->snap[i] = pc->cnt[i];
			if (clear)
				pc->cnt[i] = 0;
		}
		pc->cnt[i] += last_xfer[i] ? 1 : 0;
	}
}
