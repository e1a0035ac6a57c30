// SPDX-License-Identifier: MIT
/* The ingress block (docs/ingress.md sections 2 and 6): the key definition
 * (four collators and a mask, a shadow committed whole) and the rule table
 * (RULES slots in 4-way buckets chosen by CRC-32C, one shadow entry that
 * IRULE_CMD commits into a slot or loads from it, busy for CLS_LAT cycles
 * after each command). The engine can be read back, so the driver keeps no
 * copy of the table: every command loads the slots it needs. */
#include <stdlib.h>
#include <string.h>
#include "drv_internal.h"
#include "vnr_core.h" /* vnr_irule_bucket, the bucket function of the model core */

#define OP_COMMIT 1
#define OP_LOAD 2
#define WORDS VNR_IRULE_SH_WORDS
#define CTL_WORD (VNR_META_IRULE_VALID_LSB / 32)
#define KEY_WORDS (VNR_KEY_BYTES / 4)
#define NCOLL VNR_NUM_COLLATORS
#define WAYS VNR_IRULE_WAYS
#define SHOW_KEY_MAX 16 /* key bytes a message shows */

int vnr_ingress_ok(struct vnr_dev *d, const char *what, char *err, size_t len)
{
	if (!d->base[VNR_BLK_INGRESS_TYPE])
		return vnr_errf(err, len, "%s: the engine has no ingress block (type %u)", what,
				VNR_BLK_INGRESS_TYPE);
	/* its version was checked when the feature chain was walked (dev.c) */
	if (d->id.rules < WAYS)
		return vnr_errf(err, len, "%s: ident RULES %u: no ingress rule table", what,
				d->id.rules);
	return 0;
}

void vnr_ig_forget(struct vnr_dev *d)
{
	d->ig_def_known = 0;
}

int vnr_parse_hex_bytes(const char *what, const char *s, uint8_t *buf, unsigned max,
			unsigned *n, char *err, size_t len)
{
	const char *h = s;
	size_t digits, i;

	if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
		h += 2;
	digits = strlen(h);
	if (!digits || strspn(h, "0123456789abcdefABCDEF") != digits)
		return vnr_errf(err, len, "%s: '%s' is not hex bytes", what, s);
	if (digits % 2)
		return vnr_errf(err, len, "%s: '%s' has an odd number of hex digits", what, s);
	if (digits / 2 > max)
		return vnr_errf(err, len, "%s: %zu bytes, above the limit %u (KEY_BYTES)", what,
				digits / 2, max);
	memset(buf, 0, max);
	for (i = 0; i < digits; i += 2) {
		char b[3] = { h[i], h[i + 1], 0 };

		buf[i / 2] = (uint8_t)strtoul(b, NULL, 16);
	}
	*n = (unsigned)(digits / 2);
	return 0;
}

/* key bytes as hex, trailing zero bytes trimmed (at least one byte), at most
 * max bytes followed by "..." */
static void key_hex(const uint8_t *key, unsigned max, char *buf, size_t n)
{
	unsigned last = VNR_KEY_BYTES, j;
	size_t o = 0;

	while (last > 1 && !key[last - 1])
		last--;
	for (j = 0; j < last && j < max && o + 3 < n; j++)
		o += (size_t)snprintf(buf + o, n - o, "%02x", key[j]);
	if (j < last && o + 4 < n)
		snprintf(buf + o, n - o, "...");
	buf[n - 1] = 0;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* ---- the key definition --------------------------------------------------- */

static int coll_check(unsigned c, uint32_t off, uint32_t n, char *err, size_t len)
{
	if (n > VNR_KEY_BYTES)
		return vnr_errf(err, len, "collator %u: len=%u above the limit %u (KEY_BYTES)", c, n,
				VNR_KEY_BYTES);
	if (off > VNR_COLL_SPAN - 1)
		return vnr_errf(err, len, "collator %u: off=%u above the limit %u (COLL_SPAN-1)", c,
				off, VNR_COLL_SPAN - 1);
	if (off + n > VNR_COLL_SPAN)
		return vnr_errf(err, len,
				"collator %u: off=%u len=%u: off+len=%u above the limit %u (COLL_SPAN)",
				c, off, n, off + n, VNR_COLL_SPAN);
	return 0;
}

/* the engine's order: every collator's range, then the total */
int vnr_ig_keydef_check(const struct vnr_ig_keydef *k, char *err, size_t len)
{
	unsigned c, total = 0;

	for (c = 0; c < NCOLL; c++)
		if (coll_check(c, k->off[c], k->len[c], err, len))
			return -1;
	for (c = 0; c < NCOLL; c++)
		total += k->len[c];
	if (total > VNR_KEY_BYTES)
		return vnr_errf(err, len,
				"keys: collator lengths add up to %u (len %u+%u+%u+%u of collators 0-3), "
				"above the limit %u (KEY_BYTES)", total, k->len[0], k->len[1],
				k->len[2], k->len[3], VNR_KEY_BYTES);
	return 0;
}

static unsigned keydef_bytes(const struct vnr_ig_keydef *k)
{
	unsigned c, total = 0;

	for (c = 0; c < NCOLL; c++)
		total += k->len[c];
	return total < VNR_KEY_BYTES ? total : VNR_KEY_BYTES;
}

/* layout coll: one word */
#define COLL_FIELD(f) ((1u << VNR_META_COLL_##f##_W) - 1)

static uint32_t coll_word(uint32_t off, uint32_t n)
{
	return (off & COLL_FIELD(OFF)) << VNR_META_COLL_OFF_LSB |
	       (n & COLL_FIELD(LEN)) << VNR_META_COLL_LEN_LSB;
}

static uint32_t coll_addr(struct vnr_dev *d, unsigned c)
{
	return VNR_ADDR(d, INGRESS, COLL_SH) + 4 * c;
}

static uint32_t mask_addr(struct vnr_dev *d, unsigned i)
{
	return VNR_ADDR(d, INGRESS, MASK_SH) + 4 * i;
}

int vnr_ig_shadow_read(struct vnr_dev *d, struct vnr_ig_keydef *k, char *err, size_t len)
{
	uint32_t v;
	unsigned i;

	if (vnr_ingress_ok(d, "keys", err, len))
		return -1;
	for (i = 0; i < NCOLL; i++) {
		if (vnr_dev_read(d, coll_addr(d, i), &v, err, len))
			return -1;
		k->off[i] = v >> VNR_META_COLL_OFF_LSB & COLL_FIELD(OFF);
		k->len[i] = v >> VNR_META_COLL_LEN_LSB & COLL_FIELD(LEN);
	}
	for (i = 0; i < KEY_WORDS; i++) {
		if (vnr_dev_read(d, mask_addr(d, i), &v, err, len))
			return -1;
		put_be32(k->mask + 4 * i, v);
	}
	return 0;
}

/* writes the shadow words of k that differ from was (all of them without was) */
static int shadow_write(struct vnr_dev *d, const struct vnr_ig_keydef *k,
			const struct vnr_ig_keydef *was, char *err, size_t len)
{
	unsigned i;

	for (i = 0; i < NCOLL; i++) {
		if (was && was->off[i] == k->off[i] && was->len[i] == k->len[i])
			continue;
		if (vnr_dev_write(d, coll_addr(d, i), coll_word(k->off[i], k->len[i]), err, len))
			return -1;
	}
	for (i = 0; i < KEY_WORDS; i++) {
		if (was && !memcmp(was->mask + 4 * i, k->mask + 4 * i, 4))
			continue;
		if (vnr_dev_write(d, mask_addr(d, i), be32(k->mask + 4 * i), err, len))
			return -1;
	}
	return 0;
}

int vnr_ig_collator_set(struct vnr_dev *d, unsigned c, uint32_t off, uint32_t n, char *err,
			size_t len)
{
	unsigned max = d->id.collators < NCOLL ? d->id.collators : NCOLL;

	if (vnr_ingress_ok(d, "collator", err, len))
		return -1;
	if (c >= max)
		return vnr_errf(err, len, "collator %u: index above the limit %u", c, max - 1);
	if (coll_check(c, off, n, err, len))
		return -1;
	return vnr_dev_write(d, coll_addr(d, c), coll_word(off, n), err, len);
}

int vnr_ig_mask_set(struct vnr_dev *d, const uint8_t mask[VNR_KEY_BYTES], char *err, size_t len)
{
	unsigned i;

	if (vnr_ingress_ok(d, "mask", err, len))
		return -1;
	for (i = 0; i < KEY_WORDS; i++)
		if (vnr_dev_write(d, mask_addr(d, i), be32(mask + 4 * i), err, len))
			return -1;
	return 0;
}

/* A load (KEY_CMD op 2) overwrites the shadow, where a batch may hold edits not
 * yet committed: the shadow is read first and written back afterwards. */
int vnr_ig_key_read(struct vnr_dev *d, struct vnr_ig_keydef *k, char *err, size_t len)
{
	struct vnr_ig_keydef saved;

	if (vnr_ingress_ok(d, "keys", err, len))
		return -1;
	if (d->ig_def_known) {
		*k = d->ig_def;
		return 0;
	}
	if (vnr_ig_shadow_read(d, &saved, err, len) ||
	    vnr_dev_write(d, VNR_ADDR(d, INGRESS, KEY_CMD),
			  VNR_FIELD_PUT(VNR_INGRESS_KEY_CMD_OP, OP_LOAD), err, len) ||
	    vnr_ig_shadow_read(d, k, err, len) || shadow_write(d, &saved, k, err, len))
		return -1;
	d->ig_def = *k;
	d->ig_def_known = 1;
	return 0;
}

/* ---- rule entries --------------------------------------------------------- */

static void rule_encode(const struct vnr_ig_rule *r, int valid, uint32_t w[WORDS])
{
	unsigned i;

	memset(w, 0, WORDS * sizeof(uint32_t));
	for (i = 0; i < KEY_WORDS; i++)
		w[i] = be32(r->key + 4 * i);
	VNR_META_SET(w, IRULE, VALID, !!valid);
	VNR_META_SET(w, IRULE, ACTION, r->action);
	VNR_META_SET(w, IRULE, KSHORT, r->kshort);
	VNR_META_SET(w, IRULE, PROFILE, r->profile);
	VNR_META_SET(w, IRULE, VF, r->vf);
	VNR_META_SET(w, IRULE, TTL_DEC, r->ttl_dec);
	VNR_META_SET(w, IRULE, INNER_DMAC_HI, (uint32_t)r->inner_dmac[0] << 8 | r->inner_dmac[1]);
	VNR_META_SET(w, IRULE, INNER_TYPE, r->inner_type);
	VNR_META_SET(w, IRULE, INNER_DMAC_LO, be32(r->inner_dmac + 2));
	VNR_META_SET(w, IRULE, INNER_SMAC_HI, (uint32_t)r->inner_smac[0] << 8 | r->inner_smac[1]);
	VNR_META_SET(w, IRULE, INNER_SMAC_LO, be32(r->inner_smac + 2));
}

static int rule_valid(const uint32_t w[WORDS])
{
	return (int)VNR_META_GET(w, IRULE, VALID);
}

static void rule_decode(const uint32_t w[WORDS], struct vnr_ig_rule *r)
{
	uint32_t v;
	unsigned i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < KEY_WORDS; i++)
		put_be32(r->key + 4 * i, w[i]);
	r->action = VNR_META_GET(w, IRULE, ACTION);
	r->kshort = VNR_META_GET(w, IRULE, KSHORT);
	r->profile = VNR_META_GET(w, IRULE, PROFILE);
	r->vf = VNR_META_GET(w, IRULE, VF);
	r->ttl_dec = VNR_META_GET(w, IRULE, TTL_DEC);
	r->inner_type = VNR_META_GET(w, IRULE, INNER_TYPE);
	v = VNR_META_GET(w, IRULE, INNER_DMAC_HI);
	r->inner_dmac[0] = (uint8_t)(v >> 8);
	r->inner_dmac[1] = (uint8_t)v;
	put_be32(r->inner_dmac + 2, VNR_META_GET(w, IRULE, INNER_DMAC_LO));
	v = VNR_META_GET(w, IRULE, INNER_SMAC_HI);
	r->inner_smac[0] = (uint8_t)(v >> 8);
	r->inner_smac[1] = (uint8_t)v;
	put_be32(r->inner_smac + 2, VNR_META_GET(w, IRULE, INNER_SMAC_LO));
}

/* the lookup compares profile, short and the whole stored key */
static int same_match(const struct vnr_ig_rule *a, const struct vnr_ig_rule *b)
{
	return a->profile == b->profile && !a->kshort == !b->kshort &&
	       !memcmp(a->key, b->key, VNR_KEY_BYTES);
}

int vnr_ig_rule_check(struct vnr_dev *d, const struct vnr_ig_rule *r, char *err, size_t len)
{
	if (r->profile >= d->id.profiles)
		return vnr_errf(err, len, "irule: profile=%u above the limit %u", r->profile,
				d->id.profiles - 1);
	if (r->kshort > 1)
		return vnr_errf(err, len, "irule: short=%u above the limit 1", r->kshort);
	if (r->vf > d->id.num_vf)
		return vnr_errf(err, len, "irule: vf=%u above the limit %u (NUM_VF)", r->vf,
				d->id.num_vf);
	if (r->action > VNR_IG_DROP)
		return vnr_errf(err, len, "irule: action=%u is not deliver (0), trap (1) or drop (2)",
				r->action);
	if (r->ttl_dec > 255)
		return vnr_errf(err, len, "irule: ttl_dec=%u above the limit 255", r->ttl_dec);
	if (r->inner_type > 0xffff)
		return vnr_errf(err, len, "irule: inner_type=%u above the limit 65535", r->inner_type);
	return 0;
}

/* ---- slot access: IRULE_CMD, IRULE_STATUS, IRULE_SH ----------------------- */

/* IRULE_CMD and IRULE_SH writes are refused for CLS_LAT cycles after a command */
static int busy_wait(struct vnr_dev *d, char *err, size_t len)
{
	uint32_t st;
	unsigned i;

	for (i = 0; i < VNR_IG_MAX_POLLS; i++) {
		if (vnr_dev_read(d, VNR_ADDR(d, INGRESS, IRULE_STATUS), &st, err, len))
			return -1;
		if (!(st & VNR_INGRESS_IRULE_STATUS_BUSY_MASK))
			return 0;
	}
	return vnr_errf(err, len, "irule: IRULE_STATUS.busy still set after %u polls",
			VNR_IG_MAX_POLLS);
}

static int irule_cmd(struct vnr_dev *d, uint32_t slot, unsigned op, char *err, size_t len)
{
	return busy_wait(d, err, len) ||
	       vnr_dev_write(d, VNR_ADDR(d, INGRESS, IRULE_CMD),
			     VNR_FIELD_PUT(VNR_INGRESS_IRULE_CMD_INDEX, slot) |
			     VNR_FIELD_PUT(VNR_INGRESS_IRULE_CMD_OP, op), err, len) ? -1 : 0;
}

/* Loads slot and reads it; an empty slot reads as zeros, and with !full only
 * its control word is read (enough to scan the table). The load lands when
 * busy clears. */
static int slot_load(struct vnr_dev *d, uint32_t slot, uint32_t w[WORDS], int full, char *err,
		     size_t len)
{
	uint32_t sh = VNR_ADDR(d, INGRESS, IRULE_SH), ctl;
	unsigned i;

	if (irule_cmd(d, slot, OP_LOAD, err, len) || busy_wait(d, err, len) ||
	    vnr_dev_read(d, sh + 4 * CTL_WORD, &ctl, err, len))
		return -1;
	memset(w, 0, WORDS * sizeof(uint32_t));
	w[CTL_WORD] = ctl;
	if (!rule_valid(w)) {
		w[CTL_WORD] = 0;
		return 0;
	}
	if (!full)
		return 0;
	for (i = 0; i < WORDS; i++)
		if (i != CTL_WORD && vnr_dev_read(d, sh + 4 * i, &w[i], err, len))
			return -1;
	return 0;
}

static int slot_store(struct vnr_dev *d, uint32_t slot, const uint32_t w[WORDS], char *err,
		      size_t len)
{
	uint32_t sh = VNR_ADDR(d, INGRESS, IRULE_SH);
	unsigned i;

	if (busy_wait(d, err, len))
		return -1;
	for (i = 0; i < WORDS; i++)
		if (vnr_dev_write(d, sh + 4 * i, w[i], err, len))
			return -1;
	return irule_cmd(d, slot, OP_COMMIT, err, len);
}

static int slot_arg_ok(struct vnr_dev *d, const char *what, uint32_t slot, char *err, size_t len)
{
	if (slot >= d->id.rules)
		return vnr_errf(err, len, "%s: slot=%u above the limit %u (RULES-1)", what, slot,
				d->id.rules - 1);
	return 0;
}

/* ---- rules -------------------------------------------------------------- */

int vnr_ig_rule_bucket(struct vnr_dev *d, uint32_t profile, uint32_t kshort,
		       const uint8_t key[VNR_KEY_BYTES], uint8_t masked[VNR_KEY_BYTES],
		       uint32_t *bucket, char *err, size_t len)
{
	struct vnr_ig_keydef def;
	unsigned j;

	if (vnr_ig_key_read(d, &def, err, len))
		return -1;
	for (j = 0; j < VNR_KEY_BYTES; j++)
		masked[j] = key[j] & def.mask[j];
	*bucket = vnr_irule_bucket(d->id.rules, profile, (int)kshort, masked);
	return 0;
}

/* what a message says about the rule in a slot */
static void rule_brief(uint32_t slot, const struct vnr_ig_rule *r, char *buf, size_t n)
{
	char k[2 * SHOW_KEY_MAX + 8];

	key_hex(r->key, SHOW_KEY_MAX, k, sizeof(k));
	snprintf(buf, n, "slot %u profile %u key %s short %u", slot, r->profile, k, r->kshort);
}

/* The key past the collated bytes is 0 in every frame: a rule that wants a
 * nonzero byte there can never hit. */
static int key_past_end(struct vnr_dev *d, const uint8_t masked[VNR_KEY_BYTES], char *err,
			size_t len)
{
	unsigned n = keydef_bytes(&d->ig_def), j;

	for (j = n; j < VNR_KEY_BYTES; j++)
		if (masked[j])
			return vnr_errf(err, len,
					"irule add: key byte %u is past the %u bytes the collators "
					"fill (keys show): the rule could never hit", j, n);
	return 0;
}

static int bucket_full(uint32_t bucket, const struct vnr_ig_rule *in, char *err, size_t len)
{
	char msg[4][2 * SHOW_KEY_MAX + 64];
	unsigned w;

	for (w = 0; w < WAYS; w++)
		rule_brief(bucket * WAYS + w, &in[w], msg[w], sizeof(msg[w]));
	return vnr_errf(err, len, "irule add: bucket %u is full (IRULE_WAYS %u): %s; %s; %s; %s",
			bucket, WAYS, msg[0], msg[1], msg[2], msg[3]);
}

int vnr_ig_rule_add(struct vnr_dev *d, const struct vnr_ig_rule *r, uint32_t *slot, char *err,
		    size_t len)
{
	uint32_t w[WAYS][WORDS], nw[WORDS], bucket;
	struct vnr_ig_rule m = *r, in[WAYS];
	int free_way = -1;
	unsigned i;

	if (vnr_ingress_ok(d, "irule add", err, len) || vnr_ig_rule_check(d, r, err, len) ||
	    vnr_ig_rule_bucket(d, r->profile, r->kshort, r->key, m.key, &bucket, err, len) ||
	    key_past_end(d, m.key, err, len))
		return -1;
	for (i = 0; i < WAYS; i++)
		if (slot_load(d, bucket * WAYS + i, w[i], 1, err, len))
			return -1;
	for (i = 0; i < WAYS; i++) {
		rule_decode(w[i], &in[i]);
		if (!rule_valid(w[i])) {
			if (free_way < 0)
				free_way = (int)i;
			continue;
		}
		if (same_match(&in[i], &m)) {
			char b[2 * SHOW_KEY_MAX + 64];

			rule_brief(bucket * WAYS + i, &in[i], b, sizeof(b));
			return vnr_errf(err, len, "irule add: already in the table: %s (irule del it first)",
					b);
		}
	}
	if (free_way < 0)
		return bucket_full(bucket, in, err, len);
	rule_encode(&m, 1, nw);
	if (slot_store(d, bucket * WAYS + (uint32_t)free_way, nw, err, len))
		return -1;
	*slot = bucket * WAYS + (uint32_t)free_way;
	return 0;
}

static int slot_clear(struct vnr_dev *d, uint32_t slot, char *err, size_t len)
{
	static const uint32_t empty[WORDS];

	return slot_store(d, slot, empty, err, len);
}

int vnr_ig_rule_del(struct vnr_dev *d, uint32_t profile, uint32_t kshort,
		    const uint8_t key[VNR_KEY_BYTES], uint32_t *slot, char *err, size_t len)
{
	struct vnr_ig_rule want = { 0 }, got;
	uint32_t w[WORDS], bucket;
	char k[2 * SHOW_KEY_MAX + 8];
	unsigned i;

	if (vnr_ingress_ok(d, "irule del", err, len))
		return -1;
	want.profile = profile;
	want.kshort = kshort;
	if (vnr_ig_rule_check(d, &want, err, len) ||
	    vnr_ig_rule_bucket(d, profile, kshort, key, want.key, &bucket, err, len))
		return -1;
	for (i = 0; i < WAYS; i++) {
		if (slot_load(d, bucket * WAYS + i, w, 1, err, len))
			return -1;
		rule_decode(w, &got);
		if (rule_valid(w) && same_match(&got, &want)) {
			*slot = bucket * WAYS + i;
			return slot_clear(d, *slot, err, len);
		}
	}
	key_hex(want.key, SHOW_KEY_MAX, k, sizeof(k));
	return vnr_errf(err, len, "irule del: no rule for profile %u key %s short %u (bucket %u, "
			"slots %u-%u)", profile, k, kshort, bucket, bucket * WAYS,
			bucket * WAYS + WAYS - 1);
}

int vnr_ig_rule_del_slot(struct vnr_dev *d, uint32_t slot, char *err, size_t len)
{
	uint32_t w[WORDS];

	if (vnr_ingress_ok(d, "irule del", err, len) || slot_arg_ok(d, "irule del", slot, err, len) ||
	    slot_load(d, slot, w, 0, err, len))
		return -1;
	if (!rule_valid(w))
		return vnr_errf(err, len, "irule del: slot %u holds no rule", slot);
	return slot_clear(d, slot, err, len);
}

int vnr_ig_rule_read(struct vnr_dev *d, uint32_t slot, struct vnr_ig_rule *r, int *valid,
		     char *err, size_t len)
{
	uint32_t w[WORDS];

	if (vnr_ingress_ok(d, "irule", err, len) || slot_arg_ok(d, "irule", slot, err, len) ||
	    slot_load(d, slot, w, 1, err, len))
		return -1;
	rule_decode(w, r);
	*valid = rule_valid(w);
	return 0;
}

int vnr_ig_rule_list(struct vnr_dev *d, uint32_t *slots, unsigned max, unsigned *n, char *err,
		     size_t len)
{
	uint32_t w[WORDS], s;

	*n = 0;
	if (vnr_ingress_ok(d, "irule", err, len))
		return -1;
	for (s = 0; s < d->id.rules; s++) {
		if (slot_load(d, s, w, 0, err, len))
			return -1;
		if (rule_valid(w) && *n < max)
			slots[(*n)++] = s;
	}
	return 0;
}

/* ---- key commit and the rewrite of the table -------------------------------- */

/* The table as read (cur) and as it will be under the new key (next); an empty
 * slot is all zeros in both. */
struct plan {
	unsigned rules;
	uint32_t (*cur)[WORDS], (*next)[WORDS];
	uint32_t *target;          /* per slot of cur: the bucket its rule moves to */
	uint8_t *fill;             /* per bucket: ways taken in next */
};

static void plan_free(struct plan *p)
{
	free(p->cur);
	free(p->next);
	free(p->target);
	free(p->fill);
}

static int plan_alloc(struct vnr_dev *d, struct plan *p, char *err, size_t len)
{
	memset(p, 0, sizeof(*p));
	p->rules = d->id.rules;
	p->cur = calloc(p->rules, sizeof(*p->cur));
	p->next = calloc(p->rules, sizeof(*p->next));
	p->target = calloc(p->rules, sizeof(*p->target));
	p->fill = calloc(p->rules / WAYS, 1);
	if (!p->cur || !p->next || !p->target || !p->fill)
		return vnr_errf(err, len, "keys commit: out of memory for %u slots", p->rules);
	return 0;
}

/* the rule of slot s with its stored key ANDed with mask, and its new bucket */
static void rule_remask(const struct plan *p, uint32_t s, const struct vnr_ig_keydef *k,
			uint32_t w[WORDS], struct vnr_ig_rule *r)
{
	unsigned i;

	memcpy(w, p->cur[s], sizeof(p->cur[s]));
	for (i = 0; i < KEY_WORDS; i++)
		w[i] &= be32(k->mask + 4 * i);
	rule_decode(w, r);
}

/* a rule collides with one already planned for its bucket, or overflows it */
static int plan_conflict(const struct plan *p, const struct vnr_ig_keydef *k, uint32_t s,
			 uint32_t b, char *err, size_t len)
{
	uint32_t w[WORDS], t;
	struct vnr_ig_rule r, o;
	char msg[5][2 * SHOW_KEY_MAX + 64];
	unsigned n = 0;

	rule_remask(p, s, k, w, &r);
	for (t = 0; t < s; t++) {
		if (!rule_valid(p->cur[t]) || p->target[t] != b)
			continue;
		rule_remask(p, t, k, w, &o);
		if (same_match(&r, &o)) {
			rule_brief(t, &o, msg[0], sizeof(msg[0]));
			return vnr_errf(err, len, "keys commit: under the new mask slots %u and %u hold "
					"the same rule (%s); irule del one of them first", t, s,
					msg[0]);
		}
		if (n < 4)
			rule_brief(t, &o, msg[n++], sizeof(msg[0]));
	}
	if (p->fill[b] < WAYS)
		return 0;
	rule_brief(s, &r, msg[4], sizeof(msg[4]));
	return vnr_errf(err, len, "keys commit: under the new mask bucket %u would need more than "
			"%u rules (IRULE_WAYS): %s; %s; %s; %s; %s; irule del some first", b, WAYS,
			msg[0], msg[1], msg[2], msg[3], msg[4]);
}

static int plan_read(struct vnr_dev *d, struct plan *p, char *err, size_t len)
{
	uint32_t s;

	for (s = 0; s < p->rules; s++)
		if (slot_load(d, s, p->cur[s], 1, err, len))
			return -1;
	return 0;
}

/* Every rule's new bucket; rules that stay in their bucket keep their way, the
 * others take the first free ways, in slot order. */
static int plan_make(struct plan *p, const struct vnr_ig_keydef *k, char *err, size_t len)
{
	uint32_t w[WORDS], s, b, way;
	struct vnr_ig_rule r;

	for (s = 0; s < p->rules; s++) {
		if (!rule_valid(p->cur[s]))
			continue;
		rule_remask(p, s, k, w, &r);
		b = vnr_irule_bucket(p->rules, r.profile, (int)r.kshort, r.key);
		if (plan_conflict(p, k, s, b, err, len))
			return -1;
		p->target[s] = b;
		p->fill[b]++;
	}
	memset(p->fill, 0, p->rules / WAYS);
	for (s = 0; s < p->rules; s++) {
		if (rule_valid(p->cur[s]) && p->target[s] == s / WAYS) {
			rule_remask(p, s, k, p->next[s], &r);
			p->fill[s / WAYS] |= 1u << (s % WAYS);
		}
	}
	for (s = 0; s < p->rules; s++) {
		if (!rule_valid(p->cur[s]) || p->target[s] == s / WAYS)
			continue;
		b = p->target[s];
		for (way = 0; p->fill[b] & (1u << way); way++)
			;
		rule_remask(p, s, k, p->next[b * WAYS + way], &r);
		p->fill[b] |= 1u << way;
	}
	return 0;
}

/* the slots that gain or change a rule first, then the ones left empty */
static int plan_apply(struct vnr_dev *d, const struct plan *p, char *err, size_t len)
{
	uint32_t s;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (s = 0; s < p->rules; s++) {
			if (!memcmp(p->cur[s], p->next[s], sizeof(p->cur[s])) ||
			    rule_valid(p->next[s]) == pass)
				continue;
			if (slot_store(d, s, p->next[s], err, len))
				return -1;
		}
	return 0;
}

int vnr_ig_key_commit(struct vnr_dev *d, int rewrite, char *err, size_t len)
{
	struct vnr_ig_keydef k;
	struct plan p;
	int rc;

	memset(&p, 0, sizeof(p));
	if (vnr_ig_shadow_read(d, &k, err, len) || vnr_ig_keydef_check(&k, err, len))
		return -1;
	if (rewrite && (plan_alloc(d, &p, err, len) || plan_read(d, &p, err, len) ||
			plan_make(&p, &k, err, len))) {
		plan_free(&p);
		return -1;
	}
	d->ig_def_known = 0;
	rc = vnr_dev_write(d, VNR_ADDR(d, INGRESS, KEY_CMD),
			   VNR_FIELD_PUT(VNR_INGRESS_KEY_CMD_OP, OP_COMMIT), err, len);
	if (!rc) {
		d->ig_def = k;
		d->ig_def_known = 1;
		if (rewrite)
			rc = plan_apply(d, &p, err, len);
	}
	plan_free(&p);
	return rc;
}
