// SPDX-License-Identifier: MIT
/* Encapsulation profiles: presets, checks against every limit, and
 * programming through the shadow entry and PROF_CMD. */
#include <stddef.h>
#include <string.h>
#include "drv_internal.h"

#define PROF_OP_COMMIT 1
#define PROF_OP_LOAD 2

struct prof_key {
	const char *name;
	size_t off;
	uint32_t max;
};

#define KEY(n, m) { #n, offsetof(struct vnr_prof, n), m }
static const struct prof_key prof_keys[] = {
	KEY(proto, 255), { "opaque", offsetof(struct vnr_prof, opaque), VNR_OPAQUE_MAX },
	KEY(fmt_off, 255), KEY(fmt_val, 0xffff), KEY(fmt_mask, 0xffff),
	KEY(flow_off, 255), KEY(flow_len, 4), KEY(inner_eth, 1),
	KEY(len_off, 255), KEY(len_en, 1), KEY(csum_off, 255), KEY(csum_en, 1),
	KEY(enable, 1),
};
#define NUM_KEYS (sizeof(prof_keys) / sizeof(prof_keys[0]))

static uint32_t *prof_field(struct vnr_prof *p, const struct prof_key *k)
{
	return (uint32_t *)((char *)p + k->off);
}

static const struct {
	const char *name;
	struct vnr_prof p;
} presets[] = {
	{ "gre16", { .enable = 1, .inner_eth = 1, .proto = 47, .opaque = 16,
		     .fmt_off = 2, .fmt_val = 0x6558, .fmt_mask = 0xffff,
		     .flow_off = 10, .flow_len = 2, .csum_off = 4, .csum_en = 1 } },
	{ "vxlan", { .enable = 1, .inner_eth = 1, .proto = 17, .opaque = 16,
		     .fmt_off = 2, .fmt_val = 4789, .fmt_mask = 0xffff,
		     .flow_off = 12, .flow_len = 3, .len_off = 4, .len_en = 1 } },
	{ "native", { .enable = 1, .inner_eth = 0, .proto = 17, .opaque = 20,
		      .fmt_off = 2, .fmt_val = 0xcafe, .fmt_mask = 0xffff,
		      .flow_off = 8, .flow_len = 4, .len_off = 4, .len_en = 1,
		      .csum_off = 16 } },
};

int vnr_prof_preset(const char *name, struct vnr_prof *p)
{
	unsigned i;

	for (i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		if (!strcmp(name, presets[i].name)) {
			*p = presets[i].p;
			return 0;
		}
	}
	return -1;
}

/* one "field+size <= opaque" rule */
static int fits_opaque(unsigned idx, const char *field, uint32_t off, uint32_t size,
		       const char *rule, uint32_t opaque, char *err, size_t len)
{
	if (off + size <= opaque)
		return 0;
	if (opaque < size)
		return vnr_errf(err, len, "profile %u: %s=%u does not fit: %s <= opaque=%u",
				idx, field, off, rule, opaque);
	return vnr_errf(err, len, "profile %u: %s=%u above the limit %u (%s <= opaque=%u)",
			idx, field, off, opaque - size, rule, opaque);
}

int vnr_prof_check(unsigned idx, const struct vnr_prof *p, char *err, size_t len)
{
	unsigned i;

	for (i = 0; i < NUM_KEYS; i++) {
		uint32_t v = *prof_field((struct vnr_prof *)p, &prof_keys[i]);

		if (v > prof_keys[i].max)
			return vnr_errf(err, len, "profile %u: %s=%u above the limit %u",
					idx, prof_keys[i].name, v, prof_keys[i].max);
	}
	/* the same rules as the register block's commit (docs/timing.md): a
	 * field is checked only when it is in use */
	if ((p->enable && fits_opaque(idx, "fmt_off", p->fmt_off, 2, "fmt_off+2", p->opaque, err, len)) ||
	    (p->flow_len && fits_opaque(idx, "flow_off", p->flow_off, p->flow_len, "flow_off+flow_len",
					p->opaque, err, len)) ||
	    (p->len_en && fits_opaque(idx, "len_off", p->len_off, 2, "len_off+2", p->opaque, err, len)) ||
	    (p->csum_en && fits_opaque(idx, "csum_off", p->csum_off, 2, "csum_off+2", p->opaque, err, len)))
		return -1;
	return 0;
}

static uint32_t prof_cmd(unsigned idx, unsigned op)
{
	return VNR_FIELD_PUT(VNR_PROFILE_PROF_CMD_INDEX, idx) |
	       VNR_FIELD_PUT(VNR_PROFILE_PROF_CMD_OP, op);
}

static void prof_decode(const uint32_t r[5], struct vnr_prof *p)
{
	p->enable = VNR_FIELD_GET(r[0], VNR_PROFILE_PROF_CTRL_ENABLE);
	p->inner_eth = VNR_FIELD_GET(r[0], VNR_PROFILE_PROF_CTRL_INNER_ETH);
	p->proto = VNR_FIELD_GET(r[0], VNR_PROFILE_PROF_CTRL_PROTO);
	p->opaque = VNR_FIELD_GET(r[0], VNR_PROFILE_PROF_CTRL_OPAQUE_LEN);
	p->fmt_off = VNR_FIELD_GET(r[1], VNR_PROFILE_PROF_FMT_OFF);
	p->fmt_val = VNR_FIELD_GET(r[1], VNR_PROFILE_PROF_FMT_VAL);
	p->fmt_mask = VNR_FIELD_GET(r[2], VNR_PROFILE_PROF_FMT_MASK_MASK);
	p->flow_off = VNR_FIELD_GET(r[3], VNR_PROFILE_PROF_FLOW_OFF);
	p->flow_len = VNR_FIELD_GET(r[3], VNR_PROFILE_PROF_FLOW_LEN);
	p->len_off = VNR_FIELD_GET(r[4], VNR_PROFILE_PROF_EDIT_LEN_OFF);
	p->len_en = VNR_FIELD_GET(r[4], VNR_PROFILE_PROF_EDIT_LEN_EN);
	p->csum_off = VNR_FIELD_GET(r[4], VNR_PROFILE_PROF_EDIT_CSUM_OFF);
	p->csum_en = VNR_FIELD_GET(r[4], VNR_PROFILE_PROF_EDIT_CSUM_EN);
}

static void prof_encode(const struct vnr_prof *p, uint32_t r[5])
{
	r[0] = VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_ENABLE, p->enable) |
	       VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_INNER_ETH, p->inner_eth) |
	       VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_PROTO, p->proto) |
	       VNR_FIELD_PUT(VNR_PROFILE_PROF_CTRL_OPAQUE_LEN, p->opaque);
	r[1] = VNR_FIELD_PUT(VNR_PROFILE_PROF_FMT_OFF, p->fmt_off) |
	       VNR_FIELD_PUT(VNR_PROFILE_PROF_FMT_VAL, p->fmt_val);
	r[2] = VNR_FIELD_PUT(VNR_PROFILE_PROF_FMT_MASK_MASK, p->fmt_mask);
	r[3] = VNR_FIELD_PUT(VNR_PROFILE_PROF_FLOW_OFF, p->flow_off) |
	       VNR_FIELD_PUT(VNR_PROFILE_PROF_FLOW_LEN, p->flow_len);
	r[4] = VNR_FIELD_PUT(VNR_PROFILE_PROF_EDIT_LEN_OFF, p->len_off) |
	       VNR_FIELD_PUT(VNR_PROFILE_PROF_EDIT_LEN_EN, p->len_en) |
	       VNR_FIELD_PUT(VNR_PROFILE_PROF_EDIT_CSUM_OFF, p->csum_off) |
	       VNR_FIELD_PUT(VNR_PROFILE_PROF_EDIT_CSUM_EN, p->csum_en);
}

/* shadow registers in order: PROF_CTRL, PROF_FMT, PROF_FMT_MASK, PROF_FLOW, PROF_EDIT */
static uint32_t shadow_addr(struct vnr_dev *d, unsigned i)
{
	return VNR_ADDR(d, PROFILE, PROF_CTRL) + 4 * i;
}

static int prof_index_ok(struct vnr_dev *d, unsigned idx, char *err, size_t len)
{
	if (idx >= d->id.profiles)
		return vnr_errf(err, len, "profile %u: index above the limit %u",
				idx, d->id.profiles - 1);
	return 0;
}

int vnr_prof_read(struct vnr_dev *d, unsigned idx, struct vnr_prof *p, char *err, size_t len)
{
	uint32_t r[5];
	unsigned i;

	if (prof_index_ok(d, idx, err, len) ||
	    vnr_dev_write(d, VNR_ADDR(d, PROFILE, PROF_CMD), prof_cmd(idx, PROF_OP_LOAD), err, len))
		return -1;
	for (i = 0; i < 5; i++)
		if (vnr_dev_read(d, shadow_addr(d, i), &r[i], err, len))
			return -1;
	prof_decode(r, p);
	return 0;
}

int vnr_prof_write(struct vnr_dev *d, unsigned idx, const struct vnr_prof *p, char *err, size_t len)
{
	uint32_t r[5];
	unsigned i;

	if (prof_index_ok(d, idx, err, len) || vnr_prof_check(idx, p, err, len))
		return -1;
	prof_encode(p, r);
	for (i = 0; i < 5; i++)
		if (vnr_dev_write(d, shadow_addr(d, i), r[i], err, len))
			return -1;
	return vnr_dev_write(d, VNR_ADDR(d, PROFILE, PROF_CMD), prof_cmd(idx, PROF_OP_COMMIT),
			     err, len);
}

void vnr_prof_format(unsigned idx, const struct vnr_prof *p, char *buf, size_t len)
{
	snprintf(buf, len,
		 "profile %u: enable=%u proto=%u opaque=%u fmt_off=%u fmt_val=0x%04x fmt_mask=0x%04x "
		 "flow_off=%u flow_len=%u inner_eth=%u len_off=%u len_en=%u csum_off=%u csum_en=%u",
		 idx, p->enable, p->proto, p->opaque, p->fmt_off, p->fmt_val, p->fmt_mask,
		 p->flow_off, p->flow_len, p->inner_eth, p->len_off, p->len_en, p->csum_off,
		 p->csum_en);
}

/* "key=value": range-checks the value alone; seen collects the keys given */
int vnr_prof_set_key(unsigned idx, struct vnr_prof *p, const char *kv, uint32_t *seen,
		     char *err, size_t len)
{
	const char *eq = strchr(kv, '=');
	char what[48];
	unsigned i;

	if (!eq || eq == kv)
		return vnr_errf(err, len, "profile %u: '%s' is not key=value", idx, kv);
	for (i = 0; i < NUM_KEYS; i++) {
		if (strlen(prof_keys[i].name) != (size_t)(eq - kv) ||
		    strncmp(prof_keys[i].name, kv, eq - kv))
			continue;
		if (!eq[1])
			return vnr_errf(err, len, "profile %u: %s: missing value", idx,
					prof_keys[i].name);
		snprintf(what, sizeof(what), "profile %u: %s", idx, prof_keys[i].name);
		*seen |= 1u << i;
		return vnr_parse_u32_max(what, eq + 1, prof_keys[i].max,
					 prof_field(p, &prof_keys[i]), err, len);
	}
	return vnr_errf(err, len,
			"profile %u: unknown key '%.*s' (keys: proto opaque fmt_off fmt_val fmt_mask "
			"flow_off flow_len inner_eth len_off len_en csum_off csum_en enable)",
			idx, (int)(eq - kv), kv);
}

/* copy the keys marked in seen from given into p */
void vnr_prof_merge(struct vnr_prof *p, const struct vnr_prof *given, uint32_t seen)
{
	unsigned i;

	for (i = 0; i < NUM_KEYS; i++)
		if (seen & (1u << i))
			*prof_field(p, &prof_keys[i]) =
				*prof_field((struct vnr_prof *)given, &prof_keys[i]);
}
