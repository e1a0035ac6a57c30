// SPDX-License-Identifier: MIT
/* Counter snapshots (docs/timing.md section 4): select, go, wait for busy to
 * clear, read the four words. */
#include "drv_internal.h"

static int counter_args_ok(struct vnr_dev *d, unsigned bank, unsigned func, unsigned reason,
			   char *err, size_t len)
{
	if (bank > 1)
		return vnr_errf(err, len, "counter: bank=%u above the limit 1", bank);
	if (func > d->id.num_vf)
		return vnr_errf(err, len, "counter: func=%u above the limit %u (num_vf)",
				func, d->id.num_vf);
	if (reason >= d->id.reasons)
		return vnr_errf(err, len, "counter: reason=%u above the limit %u",
				reason, d->id.reasons - 1);
	return 0;
}

/* shared by the reason and rule counter reads */
int vnr_cnt_snapshot_wait(struct vnr_dev *d, char *err, size_t len)
{
	uint32_t st;
	unsigned i;

	for (i = 0; i < VNR_CNT_MAX_POLLS; i++) {
		if (vnr_dev_read(d, VNR_ADDR(d, COUNTERS, CNT_STATUS), &st, err, len))
			return -1;
		if (!(st & VNR_COUNTERS_CNT_STATUS_BUSY_MASK))
			return 0;
	}
	return vnr_errf(err, len, "counter snapshot: CNT_STATUS.busy still set after %u polls",
			VNR_CNT_MAX_POLLS);
}

static int read_u64(struct vnr_dev *d, uint32_t lo_addr, uint64_t *v, char *err, size_t len)
{
	uint32_t lo, hi;

	if (vnr_dev_read(d, lo_addr, &lo, err, len) || vnr_dev_read(d, lo_addr + 4, &hi, err, len))
		return -1;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

int vnr_counter_read(struct vnr_dev *d, unsigned bank, unsigned func, unsigned reason,
		     int clear, uint64_t *pkts, uint64_t *bytes, char *err, size_t errlen)
{
	uint32_t sel;

	if (counter_args_ok(d, bank, func, reason, err, errlen))
		return -1;
	sel = VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_BANK, bank) |
	      VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_FUNC, func) |
	      VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_REASON, reason) |
	      VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_CLEAR, !!clear);
	if (vnr_dev_write(d, VNR_ADDR(d, COUNTERS, CNT_SEL), sel, err, errlen) ||
	    vnr_dev_write(d, VNR_ADDR(d, COUNTERS, CNT_CMD), VNR_COUNTERS_CNT_CMD_GO_MASK,
			  err, errlen) ||
	    vnr_cnt_snapshot_wait(d, err, errlen))
		return -1;
	if (read_u64(d, VNR_ADDR(d, COUNTERS, CNT_PKTS_LO), pkts, err, errlen) ||
	    read_u64(d, VNR_ADDR(d, COUNTERS, CNT_BYTES_LO), bytes, err, errlen))
		return -1;
	return 0;
}

int vnr_ports_read(struct vnr_dev *d, int clear, uint64_t v[4], char *err, size_t errlen)
{
	uint32_t cmd = VNR_PORTS_PORT_CMD_GO_MASK |
		       VNR_FIELD_PUT(VNR_PORTS_PORT_CMD_CLEAR, !!clear);
	unsigned i;

	if (vnr_dev_write(d, VNR_ADDR(d, PORTS, PORT_CMD), cmd, err, errlen))
		return -1;
	for (i = 0; i < 4; i++)
		if (read_u64(d, VNR_ADDR(d, PORTS, H2E_IN_LO) + 8 * i, &v[i], err, errlen))
			return -1;
	return 0;
}

/* The per-rule banks: 2 (egress rules) and 3 (ingress rule slots), the index
 * in CNT_IDX. */
int vnr_rule_bank_counter_read(struct vnr_dev *d, unsigned bank, uint32_t idx, int clear,
			       uint64_t *pkts, uint64_t *bytes, char *err, size_t len)
{
	uint32_t sel;

	if (bank != 2 && bank != 3)
		return vnr_errf(err, len, "counter: bank=%u is not a rule bank (2 egress rules, "
				"3 ingress rule slots)", bank);
	if (idx >= d->id.rules)
		return vnr_errf(err, len, "counter: %s %u above the limit RULES-1 = %u",
				bank == 2 ? "rule" : "slot", idx, d->id.rules - 1);
	sel = VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_BANK, bank) |
	      VNR_FIELD_PUT(VNR_COUNTERS_CNT_SEL_CLEAR, !!clear);
	if (vnr_dev_write(d, VNR_ADDR(d, COUNTERS, CNT_IDX), idx, err, len) ||
	    vnr_dev_write(d, VNR_ADDR(d, COUNTERS, CNT_SEL), sel, err, len) ||
	    vnr_dev_write(d, VNR_ADDR(d, COUNTERS, CNT_CMD), VNR_COUNTERS_CNT_CMD_GO_MASK, err, len) ||
	    vnr_cnt_snapshot_wait(d, err, len))
		return -1;
	if (read_u64(d, VNR_ADDR(d, COUNTERS, CNT_PKTS_LO), pkts, err, len) ||
	    read_u64(d, VNR_ADDR(d, COUNTERS, CNT_BYTES_LO), bytes, err, len))
		return -1;
	return 0;
}
