// SPDX-License-Identifier: MIT
/* Opening a device: the identification block, the feature chain, and register
 * access that turns refused writes into messages. */
#include <stdlib.h>
#include <string.h>
#include "drv_internal.h"
#include "vnr_runner.h"

/* the blocks this driver needs, and the version it speaks */
static const struct {
	uint32_t type, version;
	const char *name;
} needed_blocks[] = {
	{ VNR_BLK_IDENT_TYPE, VNR_BLK_IDENT_VERSION, "ident" },
	{ VNR_BLK_CTRL_TYPE, VNR_BLK_CTRL_VERSION, "ctrl" },
	{ VNR_BLK_PROFILE_TYPE, VNR_BLK_PROFILE_VERSION, "profile" },
	{ VNR_BLK_COUNTERS_TYPE, VNR_BLK_COUNTERS_VERSION, "counters" },
	{ VNR_BLK_PORTS_TYPE, VNR_BLK_PORTS_VERSION, "ports" },
	/* optional: only the egress / ingress commands need them */
	{ VNR_BLK_EGRESS_TYPE, VNR_BLK_EGRESS_VERSION, "egress" },
	{ VNR_BLK_INGRESS_TYPE, VNR_BLK_INGRESS_VERSION, "ingress" },
};

#define NUM_REQUIRED 5

#define NUM_NEEDED (sizeof(needed_blocks) / sizeof(needed_blocks[0]))

const char *vnr_block_name(uint32_t type)
{
	unsigned i;

	for (i = 0; i < NUM_NEEDED; i++)
		if (needed_blocks[i].type == type)
			return needed_blocks[i].name;
	return "unknown";
}

static int bus_failure(struct vnr_bus *b, const char *op, uint32_t addr, char *err, size_t len)
{
	const char *why = b->runner ? vnr_runner_error(b->runner) : "";

	return vnr_errf(err, len, "%s 0x%05x: bus failure%s%s", op, addr,
			why && *why ? ": " : "", why ? why : "");
}

static int bus_read(struct vnr_bus *b, uint32_t addr, uint32_t *val, char *err, size_t len)
{
	int rc = b->read32(b->ctx, addr, val);

	if (rc < 0)
		return bus_failure(b, "read", addr, err, len);
	if (rc)
		return vnr_errf(err, len, "read 0x%05x: SLVERR (no register there)", addr);
	return 0;
}

int vnr_dev_read(struct vnr_dev *d, uint32_t addr, uint32_t *val, char *err, size_t len)
{
	return bus_read(d->bus, addr, val, err, len);
}

static int refused(struct vnr_dev *d, uint32_t addr, uint32_t val, char *err, size_t len)
{
	uint32_t e = 0;

	if (bus_read(d->bus, VNR_ADDR(d, CTRL, ERR), &e, err, len))
		return -1;
	return vnr_errf(err, len, "write 0x%05x=0x%08x refused: ERR %s (code %u, vf %u)",
			addr, val, vnr_err_name(VNR_FIELD_GET(e, VNR_CTRL_ERR_CODE)),
			VNR_FIELD_GET(e, VNR_CTRL_ERR_CODE), VNR_FIELD_GET(e, VNR_CTRL_ERR_VF));
}

int vnr_dev_write(struct vnr_dev *d, uint32_t addr, uint32_t val, char *err, size_t len)
{
	uint32_t before = 0, after = 0, cnt = VNR_ADDR(d, CTRL, ERR_COUNT);
	int rc;

	if (d->err_by_count && bus_read(d->bus, cnt, &before, err, len))
		return -1;
	rc = d->bus->write32(d->bus->ctx, addr, val);
	if (rc < 0)
		return bus_failure(d->bus, "write", addr, err, len);
	if (!rc && d->err_by_count) {
		if (bus_read(d->bus, cnt, &after, err, len))
			return -1;
		rc = after != before ? 2 : 0;
	}
	if (rc)
		return refused(d, addr, val, err, len);
	return 0;
}

static int block_check(const struct vnr_block *blk, char *err, size_t len)
{
	unsigned i;

	for (i = 0; i < NUM_NEEDED; i++) {
		if (needed_blocks[i].type != blk->type)
			continue;
		if (needed_blocks[i].version != blk->version)
			return vnr_errf(err, len,
					"block %s at 0x%05x: version %u, this driver speaks version %u",
					needed_blocks[i].name, blk->offset, blk->version,
					needed_blocks[i].version);
	}
	return 0;
}

static int chain_add(struct vnr_dev *d, uint32_t off, uint32_t id, char *err, size_t len)
{
	struct vnr_block *blk;

	if (d->nblocks == VNR_MAX_BLOCKS)
		return vnr_errf(err, len, "feature chain: more than %u blocks", VNR_MAX_BLOCKS);
	blk = &d->blocks[d->nblocks++];
	blk->offset = off;
	blk->type = VNR_FIELD_GET(id, VNR_IDENT_BLK_ID_TYPE);
	blk->version = VNR_FIELD_GET(id, VNR_IDENT_BLK_ID_VERSION);
	if (block_check(blk, err, len))
		return -1;
	if (blk->type < 8 && !d->base[blk->type] && blk->type != VNR_BLK_IDENT_TYPE)
		d->base[blk->type] = off;
	return 0;
}

static int chain_walk(struct vnr_dev *d, char *err, size_t len)
{
	uint32_t off = 0, id, next;

	for (;;) {
		if (bus_read(d->bus, off, &id, err, len) ||
		    bus_read(d->bus, off + 4, &next, err, len))
			return -1;
		if (chain_add(d, off, id, err, len))
			return -1;
		next &= VNR_IDENT_BLK_NEXT_OFFSET_MASK;
		if (!next)
			return 0;
		if (next <= off || next >= VNR_WIN_PF_SIZE)
			return vnr_errf(err, len,
					"feature chain: block at 0x%05x points to 0x%05x (must grow, below 0x%05x)",
					off, next, VNR_WIN_PF_SIZE);
		off = next;
	}
}

static int chain_complete(const struct vnr_dev *d, char *err, size_t len)
{
	unsigned i;

	for (i = 1; i < NUM_REQUIRED; i++)
		if (!d->base[needed_blocks[i].type])
			return vnr_errf(err, len, "feature chain: no %s block (type %u)",
					needed_blocks[i].name, needed_blocks[i].type);
	return 0;
}

static int ident_read(struct vnr_dev *d, char *err, size_t len)
{
	static const uint32_t addr[] = {
		VNR_IDENT_HW_VERSION, VNR_IDENT_DATA_W, VNR_IDENT_NUM_VF, VNR_IDENT_RULES,
		VNR_IDENT_PROFILES, VNR_IDENT_COLLATORS, VNR_IDENT_BUCKETS, VNR_IDENT_REASONS,
	};
	uint32_t *dst[] = {
		&d->id.hw_version, &d->id.data_w, &d->id.num_vf, &d->id.rules,
		&d->id.profiles, &d->id.collators, &d->id.buckets, &d->id.reasons,
	};
	uint32_t hdr, beats, levels;
	unsigned i;

	for (i = 0; i < 8; i++)
		if (bus_read(d->bus, addr[i], dst[i], err, len))
			return -1;
	if (bus_read(d->bus, VNR_IDENT_HDR_BYTES, &hdr, err, len) ||
	    bus_read(d->bus, VNR_IDENT_FIFO_BEATS, &beats, err, len))
		return -1;
	/* an engine without the egress block may not have BST_LEVELS either */
	if (!d->base[VNR_BLK_EGRESS_TYPE] || d->bus->read32(d->bus->ctx, VNR_IDENT_BST_LEVELS, &levels))
		levels = 0;
	d->bst_levels = VNR_FIELD_GET(levels, VNR_IDENT_BST_LEVELS_LEVELS);
	d->id.data_w &= VNR_IDENT_DATA_W_BITS_MASK;
	d->id.num_vf &= VNR_IDENT_NUM_VF_COUNT_MASK;
	d->id.rules &= VNR_IDENT_RULES_COUNT_MASK;
	d->id.profiles &= VNR_IDENT_PROFILES_COUNT_MASK;
	d->id.collators &= VNR_IDENT_COLLATORS_COUNT_MASK;
	d->id.buckets &= VNR_IDENT_BUCKETS_COUNT_MASK;
	d->id.reasons &= VNR_IDENT_REASONS_COUNT_MASK;
	d->id.hdr_egress = VNR_FIELD_GET(hdr, VNR_IDENT_HDR_BYTES_EGRESS);
	d->id.hdr_ingress = VNR_FIELD_GET(hdr, VNR_IDENT_HDR_BYTES_INGRESS);
	d->id.fifo_beats = VNR_FIELD_GET(beats, VNR_IDENT_FIFO_BEATS_INGRESS);
	d->id.fifo_beats_egress = VNR_FIELD_GET(beats, VNR_IDENT_FIFO_BEATS_EGRESS);
	d->id.bst_levels = d->bst_levels;
	return 0;
}

static int magic_check(struct vnr_bus *bus, char *err, size_t len)
{
	uint32_t id, magic;

	if (bus_read(bus, VNR_IDENT_MAGIC, &magic, err, len))
		return -1;
	if (magic != VNR_ID_MAGIC)
		return vnr_errf(err, len, "no veneer engine on bus %s: MAGIC 0x%08x, expected 0x%08x",
				bus->name, magic, VNR_ID_MAGIC);
	if (bus_read(bus, VNR_IDENT_BLK_ID, &id, err, len))
		return -1;
	if (VNR_FIELD_GET(id, VNR_IDENT_BLK_ID_TYPE) != VNR_BLK_IDENT_TYPE)
		return vnr_errf(err, len, "block at 0x00000: type %u, expected ident (%u)",
				VNR_FIELD_GET(id, VNR_IDENT_BLK_ID_TYPE), VNR_BLK_IDENT_TYPE);
	return 0;
}

static int ident_sane(const struct vnr_ident *id, char *err, size_t len)
{
	if (id->num_vf > 128)
		return vnr_errf(err, len, "ident: NUM_VF %u above the limit 128", id->num_vf);
	if (id->profiles == 0 || id->profiles > VNR_NUM_PROFILES)
		return vnr_errf(err, len, "ident: PROFILES %u outside 1..%u", id->profiles,
				VNR_NUM_PROFILES);
	if (id->reasons == 0 || id->reasons > VNR_NUM_REASONS)
		return vnr_errf(err, len, "ident: REASONS %u outside 1..%u", id->reasons,
				VNR_NUM_REASONS);
	return 0;
}

struct vnr_dev *vnr_dev_open(struct vnr_bus *bus, char *err, size_t errlen)
{
	struct vnr_dev *d;

	if (!bus) {
		vnr_errf(err, errlen, "no bus");
		return NULL;
	}
	if (magic_check(bus, err, errlen))
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d) {
		vnr_errf(err, errlen, "out of memory");
		return NULL;
	}
	d->bus = bus;
	d->err_by_count = !strcmp(bus->name, "dev");
	if (chain_walk(d, err, errlen) || chain_complete(d, err, errlen) ||
	    ident_read(d, err, errlen) || ident_sane(&d->id, err, errlen)) {
		free(d);
		return NULL;
	}
	return d;
}

void vnr_dev_close(struct vnr_dev *d)
{
	if (d)
		vnr_eg_free(d->eg);
	free(d);
}

const struct vnr_ident *vnr_dev_ident(const struct vnr_dev *d)
{
	return &d->id;
}

struct vnr_bus *vnr_dev_bus(const struct vnr_dev *d)
{
	return d->bus;
}
