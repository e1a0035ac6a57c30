// SPDX-License-Identifier: MIT
/* The ingress commands (docs/ingress.md section 8): collator, mask, keys
 * commit|show, irule add|del|show. Every argument is checked before the
 * first write; the library (ingress.c) does the register work. */
#include <inttypes.h>
#include <string.h>
#include "drv_internal.h"
#include "vnr_core.h" /* vnr_irule_bucket */

#define KEY_NAME_MAX 16

static const char *const action_names[] = { "deliver", "trap", "drop" };

/* "key=value" into key and *val; what names the command in the message */
static int kv_split(const char *what, const char *kv, char key[KEY_NAME_MAX], const char **val,
		    char *err, size_t len)
{
	const char *eq = strchr(kv, '=');

	if (!eq || eq == kv || (size_t)(eq - kv) >= KEY_NAME_MAX)
		return vnr_errf(err, len, "%s: '%s' is not key=value", what, kv);
	if (!eq[1])
		return vnr_errf(err, len, "%s: %.*s: missing value", what, (int)(eq - kv), kv);
	snprintf(key, KEY_NAME_MAX, "%.*s", (int)(eq - kv), kv);
	*val = eq + 1;
	return 0;
}

/* a number 0..max; name says where the limit comes from (or NULL) */
static int num_max(const char *what, const char *key, const char *val, uint32_t max,
		   const char *name, uint32_t *v, char *err, size_t len)
{
	uint64_t x;

	if (vnr_parse_u64(val, &x))
		return vnr_errf(err, len, "%s: %s='%s' is not a number (decimal or 0x hex)", what, key,
				val);
	if (x > max)
		return vnr_errf(err, len, "%s: %s=%s above the limit %u%s%s%s", what, key, val, max,
				name ? " (" : "", name ? name : "", name ? ")" : "");
	*v = (uint32_t)x;
	return 0;
}

/* ---- collator, mask, keys ----------------------------------------------- */

static unsigned num_collators(struct vnr_dev *d)
{
	return d->id.collators < VNR_NUM_COLLATORS ? d->id.collators : VNR_NUM_COLLATORS;
}

int vnr_cmd_collator(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	uint32_t off = 0, n = 0;
	int have_off = 0, have_len = 0, a;
	char what[32], key[KEY_NAME_MAX];
	const char *val;
	uint64_t c;

	(void)out;
	if (vnr_ingress_ok(d, "collator", err, len))
		return -1;
	if (argc < 2)
		return vnr_errf(err, len, "collator: usage: collator N off=O len=L");
	if (vnr_parse_u64(argv[1], &c))
		return vnr_errf(err, len, "collator: index '%s' is not a number", argv[1]);
	if (c >= num_collators(d))
		return vnr_errf(err, len, "collator %s: index above the limit %u", argv[1],
				num_collators(d) - 1);
	snprintf(what, sizeof(what), "collator %u", (unsigned)c);
	for (a = 2; a < argc; a++) {
		if (kv_split(what, argv[a], key, &val, err, len))
			return -1;
		if (!strcmp(key, "off") || !strcmp(key, "len")) {
			int *have = key[0] == 'o' ? &have_off : &have_len;

			if (*have)
				return vnr_errf(err, len, "%s: %s= given twice", what, key);
			*have = 1;
			if (key[0] == 'o' ?
			    num_max(what, key, val, VNR_COLL_SPAN - 1, "COLL_SPAN-1", &off, err, len) :
			    num_max(what, key, val, VNR_KEY_BYTES, "KEY_BYTES", &n, err, len))
				return -1;
			continue;
		}
		return vnr_errf(err, len, "%s: unknown key '%s' (off len)", what, key);
	}
	if (!have_off || !have_len)
		return vnr_errf(err, len, "%s: missing %s=", what, have_off ? "len" : "off");
	return vnr_ig_collator_set(d, (unsigned)c, off, n, err, len);
}

int vnr_cmd_mask(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	uint8_t mask[VNR_KEY_BYTES];
	unsigned n;

	(void)out;
	if (vnr_ingress_ok(d, "mask", err, len))
		return -1;
	if (argc != 2)
		return vnr_errf(err, len, "mask: usage: mask HEX | mask all | mask none");
	if (!strcmp(argv[1], "all"))
		memset(mask, 0xff, sizeof(mask));
	else if (!strcmp(argv[1], "none"))
		memset(mask, 0, sizeof(mask));
	else if (vnr_parse_hex_bytes("mask", argv[1], mask, VNR_KEY_BYTES, &n, err, len))
		return -1;
	return vnr_ig_mask_set(d, mask, err, len);
}

/* HEX trimmed of trailing zero bytes (at least one byte) */
static void hex_trim(const uint8_t *b, unsigned n, char *buf, size_t size)
{
	unsigned last = n, j;
	size_t o = 0;

	while (last > 1 && !b[last - 1])
		last--;
	buf[0] = 0;
	for (j = 0; j < last && o + 3 <= size; j++)
		o += (size_t)snprintf(buf + o, size - o, "%02x", b[j]);
}

static void mask_str(const uint8_t *mask, char *buf, size_t size)
{
	unsigned j, ones = 0, zeros = 0;

	for (j = 0; j < VNR_KEY_BYTES; j++) {
		ones += mask[j] == 0xff;
		zeros += mask[j] == 0;
	}
	if (zeros == VNR_KEY_BYTES)
		snprintf(buf, size, "none");
	else if (ones == VNR_KEY_BYTES)
		snprintf(buf, size, "all");
	else
		hex_trim(mask, VNR_KEY_BYTES, buf, size);
}

/* the definition in force, in the syntax of the commands that make it; then
 * what the shadow holds that a keys commit would change */
static void keys_print(FILE *out, const struct vnr_ig_keydef *k, const struct vnr_ig_keydef *was,
		       const char *indent)
{
	char m[2 * VNR_KEY_BYTES + 8];
	unsigned c;

	for (c = 0; c < VNR_NUM_COLLATORS; c++)
		if (!was || was->off[c] != k->off[c] || was->len[c] != k->len[c])
			vnr_outf(out, "%scollator %u off=%u len=%u\n", indent, c, k->off[c], k->len[c]);
	mask_str(k->mask, m, sizeof(m));
	if (!was || memcmp(was->mask, k->mask, VNR_KEY_BYTES))
		vnr_outf(out, "%smask %s\n", indent, m);
}

static int keys_show(struct vnr_dev *d, FILE *out, char *err, size_t len)
{
	struct vnr_ig_keydef def, sh;

	if (vnr_ig_key_read(d, &def, err, len) || vnr_ig_shadow_read(d, &sh, err, len))
		return -1;
	keys_print(out, &def, NULL, "");
	if (memcmp(&def, &sh, sizeof(def))) {
		vnr_outf(out, "pending in the shadow (keys commit applies it):\n");
		keys_print(out, &sh, &def, "  ");
	}
	return 0;
}

int vnr_cmd_keys(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	if (vnr_ingress_ok(d, "keys", err, len))
		return -1;
	if (argc != 2 || (strcmp(argv[1], "commit") && strcmp(argv[1], "show")))
		return vnr_errf(err, len, "keys: usage: keys commit | keys show");
	if (!strcmp(argv[1], "show"))
		return keys_show(d, out, err, len);
	return vnr_ig_key_commit(d, 1, err, len);
}

/* ---- irule -------------------------------------------------------------- */

enum irule_key {
	K_PROFILE, K_KEY, K_VF, K_ACTION, K_TTL_DEC, K_SHORT, K_INNER_DMAC, K_INNER_SMAC,
	K_INNER_TYPE, K_SLOT, NUM_KEYS
};

static const char *const irule_keys[NUM_KEYS] = {
	"profile", "key", "vf", "action", "ttl_dec", "short", "inner_dmac", "inner_smac",
	"inner_type", "slot",
};

#define BIT(k) (1u << (k))
#define ADD_KEYS (BIT(NUM_KEYS) - 1 - BIT(K_SLOT))
#define DEL_KEYS (BIT(K_PROFILE) | BIT(K_KEY) | BIT(K_SHORT) | BIT(K_SLOT))

struct irule_args {
	struct vnr_ig_rule r;
	uint32_t slot, seen;
};

static int mac_arg(const char *what, const char *key, const char *val, uint8_t mac[6], char *err,
		   size_t len)
{
	if (vnr_parse_mac(val, mac))
		return vnr_errf(err, len, "%s: %s '%s' is not xx:xx:xx:xx:xx:xx", what, key, val);
	return 0;
}

static int action_arg(const char *what, const char *val, uint32_t *action, char *err, size_t len)
{
	uint32_t i;

	for (i = 0; i < 3; i++)
		if (!strcmp(val, action_names[i])) {
			*action = i;
			return 0;
		}
	return vnr_errf(err, len, "%s: action '%s' is not deliver, trap or drop", what, val);
}

static int irule_value(struct vnr_dev *d, const char *what, enum irule_key k, const char *val,
		       struct irule_args *a, char *err, size_t len)
{
	struct vnr_ig_rule *r = &a->r;
	const char *name = irule_keys[k];
	unsigned n;

	switch (k) {
	case K_PROFILE:
		return num_max(what, name, val, d->id.profiles - 1, NULL, &r->profile, err, len);
	case K_KEY:
		return vnr_parse_hex_bytes(what, val, r->key, VNR_KEY_BYTES, &n, err, len);
	case K_VF:
		return num_max(what, name, val, d->id.num_vf, "NUM_VF", &r->vf, err, len);
	case K_ACTION:
		return action_arg(what, val, &r->action, err, len);
	case K_TTL_DEC:
		return num_max(what, name, val, 255, NULL, &r->ttl_dec, err, len);
	case K_SHORT:
		return num_max(what, name, val, 1, NULL, &r->kshort, err, len);
	case K_INNER_DMAC:
		return mac_arg(what, name, val, r->inner_dmac, err, len);
	case K_INNER_SMAC:
		return mac_arg(what, name, val, r->inner_smac, err, len);
	case K_INNER_TYPE:
		return num_max(what, name, val, 0xffff, NULL, &r->inner_type, err, len);
	case K_SLOT:
		return num_max(what, name, val, d->id.rules - 1, "RULES-1", &a->slot, err, len);
	default:
		return vnr_errf(err, len, "%s: internal: key %d", what, (int)k);
	}
}

static void keys_list(uint32_t allowed, char *buf, size_t size)
{
	unsigned k;

	buf[0] = 0;
	for (k = 0; k < NUM_KEYS; k++)
		if (allowed & BIT(k))
			snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? " " : "",
				 irule_keys[k]);
}

static int irule_parse(struct vnr_dev *d, const char *what, int argc, char **argv,
		       uint32_t allowed, struct irule_args *a, char *err, size_t len)
{
	char key[KEY_NAME_MAX], names[128];
	const char *val;
	unsigned k;
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 2; i < argc; i++) {
		if (kv_split(what, argv[i], key, &val, err, len))
			return -1;
		for (k = 0; k < NUM_KEYS && strcmp(key, irule_keys[k]); k++)
			;
		if (k == NUM_KEYS || !(allowed & BIT(k))) {
			keys_list(allowed, names, sizeof(names));
			return vnr_errf(err, len, "%s: unknown key '%s' (%s)", what, key, names);
		}
		if (a->seen & BIT(k))
			return vnr_errf(err, len, "%s: %s= given twice", what, key);
		a->seen |= BIT(k);
		if (irule_value(d, what, (enum irule_key)k, val, a, err, len))
			return -1;
	}
	return 0;
}

static int needs(const char *what, const struct irule_args *a, enum irule_key k, uint32_t need,
		 const char *msg, char *err, size_t len)
{
	if ((a->seen & BIT(k)) && (a->seen & need) != need)
		return vnr_errf(err, len, "%s: %s= needs %s", what, irule_keys[k], msg);
	return 0;
}

/* The inner Ethernet header of a rule replaces nothing on a profile that has
 * its own (inner_eth): refused rather than ignored. */
static int inner_eth_ok(struct vnr_dev *d, const char *what, const struct irule_args *a,
			char *err, size_t len)
{
	struct vnr_prof p;

	if (!(a->seen & (BIT(K_INNER_DMAC) | BIT(K_INNER_SMAC) | BIT(K_INNER_TYPE))))
		return 0;
	if (vnr_prof_read(d, a->r.profile, &p, err, len))
		return -1;
	if (p.inner_eth)
		return vnr_errf(err, len, "%s: inner_dmac/inner_smac/inner_type do not apply to profile "
				"%u: it has inner_eth=1 (the frame keeps its own inner Ethernet header)",
				what, a->r.profile);
	return 0;
}

static int irule_add_ok(struct vnr_dev *d, const char *what, const struct irule_args *a,
			char *err, size_t len)
{
	static const enum irule_key required[] = { K_PROFILE, K_KEY, K_VF };
	uint32_t macs = BIT(K_INNER_DMAC) | BIT(K_INNER_SMAC);
	unsigned i;

	for (i = 0; i < 3; i++)
		if (!(a->seen & BIT(required[i])))
			return vnr_errf(err, len, "%s: missing %s=", what, irule_keys[required[i]]);
	if (a->r.action != VNR_IG_DELIVER) {
		for (i = K_TTL_DEC; i <= K_INNER_TYPE; i++)
			if (i != K_SHORT && (a->seen & BIT(i)))
				return vnr_errf(err, len, "%s: %s= needs action=deliver", what,
						irule_keys[i]);
	}
	if (needs(what, a, K_INNER_DMAC, macs, "inner_smac=", err, len) ||
	    needs(what, a, K_INNER_SMAC, macs, "inner_dmac=", err, len) ||
	    needs(what, a, K_INNER_TYPE, macs, "inner_dmac= and inner_smac=", err, len))
		return -1;
	return inner_eth_ok(d, what, a, err, len);
}

static int irule_add(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct irule_args a;
	uint32_t slot;

	if (argc < 3)
		return vnr_errf(err, len, "irule add: usage: irule add profile=P key=HEX vf=N "
				"[action=deliver|trap|drop] [ttl_dec=N] [short=0|1] "
				"[inner_dmac=MAC inner_smac=MAC [inner_type=T]]");
	if (irule_parse(d, "irule add", argc, argv, ADD_KEYS, &a, err, len) ||
	    irule_add_ok(d, "irule add", &a, err, len) || vnr_ig_rule_add(d, &a.r, &slot, err, len))
		return -1;
	vnr_outf(out, "irule %u\n", slot);
	return 0;
}

static int irule_del(struct vnr_dev *d, int argc, char **argv, char *err, size_t len)
{
	struct irule_args a;
	uint32_t slot;

	if (argc < 3)
		return vnr_errf(err, len, "irule del: usage: irule del profile=P key=HEX [short=0|1] | "
				"irule del slot=S");
	if (irule_parse(d, "irule del", argc, argv, DEL_KEYS, &a, err, len))
		return -1;
	if (a.seen & BIT(K_SLOT)) {
		if (a.seen != BIT(K_SLOT))
			return vnr_errf(err, len, "irule del: slot= goes alone (or give profile= key=)");
		return vnr_ig_rule_del_slot(d, a.slot, err, len);
	}
	if (!(a.seen & BIT(K_PROFILE)) || !(a.seen & BIT(K_KEY)))
		return vnr_errf(err, len, "irule del: missing %s=",
				a.seen & BIT(K_PROFILE) ? "key" : "profile");
	return vnr_ig_rule_del(d, a.r.profile, a.r.kshort, a.r.key, &slot, err, len);
}

static int irule_show_one(struct vnr_dev *d, const struct vnr_ig_keydef *def, uint32_t slot,
			  int quiet_empty, FILE *out, char *err, size_t len)
{
	struct vnr_ig_rule r;
	char key[2 * VNR_KEY_BYTES + 8];
	uint64_t pkts, bytes;
	uint32_t b;
	unsigned j;
	int valid;

	if (vnr_ig_rule_read(d, slot, &r, &valid, err, len))
		return -1;
	if (!valid) {
		if (!quiet_empty)
			vnr_outf(out, "irule %u: empty\n", slot);
		return 0;
	}
	if (vnr_rule_bank_counter_read(d, 3, slot, 0, &pkts, &bytes, err, len))
		return -1;
	hex_trim(r.key, VNR_KEY_BYTES, key, sizeof(key));
	vnr_outf(out, "irule %u bucket=%u profile=%u key=%s short=%u action=%s vf=%u ttl_dec=%u",
		 slot, slot / VNR_IRULE_WAYS, r.profile, key, r.kshort,
		 r.action < 3 ? action_names[r.action] : "3?", r.vf, r.ttl_dec);
	if (r.inner_type || memcmp(r.inner_dmac, (uint8_t[6]){ 0 }, 6) ||
	    memcmp(r.inner_smac, (uint8_t[6]){ 0 }, 6))
		vnr_outf(out, " inner_dmac=%02x:%02x:%02x:%02x:%02x:%02x "
			 "inner_smac=%02x:%02x:%02x:%02x:%02x:%02x inner_type=0x%04x",
			 r.inner_dmac[0], r.inner_dmac[1], r.inner_dmac[2], r.inner_dmac[3],
			 r.inner_dmac[4], r.inner_dmac[5], r.inner_smac[0], r.inner_smac[1],
			 r.inner_smac[2], r.inner_smac[3], r.inner_smac[4], r.inner_smac[5],
			 r.inner_type);
	vnr_outf(out, " pkts=%" PRIu64 " bytes=%" PRIu64, pkts, bytes);
	/* after raw register writes or a key commit without the rewrite */
	for (j = 0; j < VNR_KEY_BYTES && !(r.key[j] & ~def->mask[j]); j++)
		;
	b = vnr_irule_bucket(d->id.rules, r.profile, (int)r.kshort, r.key);
	if (j < VNR_KEY_BYTES)
		vnr_outf(out, " never hits: key byte %u has bits outside the mask", j);
	else if (b != slot / VNR_IRULE_WAYS)
		vnr_outf(out, " misplaced: its key hashes to bucket %u", b);
	vnr_outf(out, "\n");
	return 0;
}

static int irule_show(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct vnr_ig_keydef def;
	struct irule_args a;
	uint32_t s;

	if (irule_parse(d, "irule show", argc, argv, BIT(K_SLOT), &a, err, len) ||
	    vnr_ig_key_read(d, &def, err, len))
		return -1;
	if (a.seen)
		return irule_show_one(d, &def, a.slot, 0, out, err, len);
	for (s = 0; s < d->id.rules; s++)
		if (irule_show_one(d, &def, s, 1, out, err, len))
			return -1;
	return 0;
}

int vnr_cmd_irule(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	if (vnr_ingress_ok(d, "irule", err, len))
		return -1;
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return irule_add(d, argc, argv, out, err, len);
	if (argc >= 2 && !strcmp(argv[1], "del"))
		return irule_del(d, argc, argv, err, len);
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return irule_show(d, argc, argv, out, err, len);
	return vnr_errf(err, len, "irule: usage: irule add profile=P key=HEX vf=N ... | "
			"irule del profile=P key=HEX [short=0|1] | irule del slot=S | irule show [slot=S]");
}
