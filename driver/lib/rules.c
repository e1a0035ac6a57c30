// SPDX-License-Identifier: MIT
/* The egress rule table (docs/egress.md sections 2 and 5, docs/timing.md
 * section 2): the driver keeps every rule in software, builds the lookup tree
 * from them, and keeps a copy of what each bank holds so that an update writes
 * only the slots that change. An update writes the inactive bank, flips, waits
 * for BST_STATUS.settling to clear and writes the same into the other bank, so
 * both banks stay equal and traffic always sees one whole table. */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "drv_internal.h"

#define RULE_OP_COMMIT 1
#define RULE_OP_LOAD 2
#define RULE_WORDS VNR_RULE_SH_WORDS
#define ARGS_MAX 1024

struct sw_rule {
	int used;
	struct vnr_match m;
	uint32_t entry[RULE_WORDS];
	char args[ARGS_MAX]; /* what rule add was given after the ID, for show */
};

struct bank {
	struct vnr_bst_img img;    /* what the bank holds where known[] says so */
	uint8_t *node_known, *leaf_known, *rule_known;
	uint32_t (*rule)[RULE_WORDS];
};

struct vnr_eg {
	unsigned rules, levels;
	int batch;                 /* between rules begin and rules commit */
	struct sw_rule *tab;
	struct bank bank[2];
	struct vnr_bst_img next;
	struct vnr_bst_rule *scratch;
	uint32_t key_sh[VNR_KEY_WORDS], rule_sh[RULE_WORDS];
	int key_sh_known, rule_sh_known;
};

/* ---- state ------------------------------------------------------------- */

static void bank_free(struct bank *b)
{
	vnr_bst_img_free(&b->img);
	free(b->node_known);
	free(b->leaf_known);
	free(b->rule_known);
	free(b->rule);
}

void vnr_eg_free(struct vnr_eg *eg)
{
	if (!eg)
		return;
	bank_free(&eg->bank[0]);
	bank_free(&eg->bank[1]);
	vnr_bst_img_free(&eg->next);
	free(eg->scratch);
	free(eg->tab);
	free(eg);
}

static int bank_init(struct bank *b, unsigned levels, unsigned rules)
{
	size_t slots = (size_t)1 << levels;

	b->node_known = calloc(slots, 1);
	b->leaf_known = calloc(slots, 1);
	b->rule_known = calloc(rules, 1);
	b->rule = calloc(rules, sizeof(*b->rule));
	return vnr_bst_img_init(&b->img, levels) || !b->node_known || !b->leaf_known ||
	       !b->rule_known || !b->rule ? -1 : 0;
}

/* The driver cannot read the tree back, so at first nothing is known: the
 * first update writes every slot that keys can reach. */
static struct vnr_eg *eg_get(struct vnr_dev *d, const char *what, char *err, size_t len)
{
	struct vnr_eg *eg;

	if (d->eg)
		return d->eg;
	if (vnr_egress_ok(d, what, err, len))
		return NULL;
	if (!d->id.rules || d->bst_levels < 2 || d->bst_levels > 24 ||
	    (1ull << d->bst_levels) - 1 < 2ull * d->id.rules) {
		vnr_errf(err, len, "%s: ident RULES %u, BST_LEVELS %u: no usable lookup tree", what,
			 d->id.rules, d->bst_levels);
		return NULL;
	}
	eg = calloc(1, sizeof(*eg));
	if (!eg)
		goto oom;
	eg->rules = d->id.rules;
	eg->levels = d->bst_levels;
	eg->tab = calloc(eg->rules, sizeof(*eg->tab));
	eg->scratch = calloc(eg->rules, sizeof(*eg->scratch));
	if (!eg->tab || !eg->scratch || bank_init(&eg->bank[0], eg->levels, eg->rules) ||
	    bank_init(&eg->bank[1], eg->levels, eg->rules) ||
	    vnr_bst_img_init(&eg->next, eg->levels))
		goto oom;
	d->eg = eg;
	return eg;
oom:
	vnr_eg_free(eg);
	vnr_errf(err, len, "%s: out of memory for %u rules", what, d->id.rules);
	return NULL;
}

/* after a raw register write the driver no longer knows what the shadows and
 * the banks hold */
void vnr_eg_forget_shadows(struct vnr_dev *d)
{
	struct vnr_eg *eg = d->eg;
	size_t slots;
	unsigned b;

	if (!eg)
		return;
	slots = (size_t)1 << eg->levels;
	eg->key_sh_known = eg->rule_sh_known = 0;
	for (b = 0; b < 2; b++) {
		memset(eg->bank[b].node_known, 0, slots);
		memset(eg->bank[b].leaf_known, 0, slots);
		memset(eg->bank[b].rule_known, 0, eg->rules);
	}
}

unsigned vnr_rule_ids(struct vnr_dev *d, uint32_t *ids, unsigned max)
{
	unsigned i, n = 0;

	if (!d->eg)
		return 0;
	for (i = 0; i < d->eg->rules && n < max; i++)
		if (d->eg->tab[i].used)
			ids[n++] = i;
	return n;
}

/* ---- register access ---------------------------------------------------- */

static int status_read(struct vnr_dev *d, uint32_t *st, char *err, size_t len)
{
	return vnr_dev_read(d, VNR_ADDR(d, EGRESS, BST_STATUS), st, err, len);
}

/* settling lasts CLS_LAT_EG cycles after a flip; a bounded number of polls */
static int settle_wait(struct vnr_dev *d, uint32_t *st, char *err, size_t len)
{
	unsigned i;

	for (i = 0; i < VNR_BST_MAX_POLLS; i++) {
		if (status_read(d, st, err, len))
			return -1;
		if (!(*st & VNR_EGRESS_BST_STATUS_SETTLING_MASK))
			return 0;
	}
	return vnr_errf(err, len, "rules: BST_STATUS.settling still set after %u polls",
			VNR_BST_MAX_POLLS);
}

/* shadow words are registers that keep their value: write the changed ones */
static int shadow_write(struct vnr_dev *d, uint32_t base, uint32_t *sh, int *known,
			const uint32_t *w, unsigned n, char *err, size_t len)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		if (*known && sh[i] == w[i])
			continue;
		if (vnr_dev_write(d, base + 4 * i, w[i], err, len)) {
			*known = 0;
			return -1;
		}
		sh[i] = w[i];
	}
	*known = 1;
	return 0;
}

static int rule_commit(struct vnr_dev *d, uint32_t id, const uint32_t *w, char *err, size_t len)
{
	struct vnr_eg *eg = d->eg;

	if (shadow_write(d, VNR_ADDR(d, EGRESS, RULE_SH), eg->rule_sh, &eg->rule_sh_known, w,
			 RULE_WORDS, err, len))
		return -1;
	return vnr_dev_write(d, VNR_ADDR(d, EGRESS, RULE_CMD),
			     VNR_FIELD_PUT(VNR_EGRESS_RULE_CMD_INDEX, id) |
			     VNR_FIELD_PUT(VNR_EGRESS_RULE_CMD_OP, RULE_OP_COMMIT), err, len);
}

/* one BST_SEL + changed BST_KEY words + BST_CMD.write */
static int slot_write(struct vnr_dev *d, unsigned bank, int leaf, uint32_t level, uint32_t index,
		      const uint32_t *w, unsigned nw, char *err, size_t len)
{
	struct vnr_eg *eg = d->eg;
	uint32_t sel = VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_INDEX, index) |
		       VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_LEVEL, level) |
		       VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_LEAF, leaf) |
		       VNR_FIELD_PUT(VNR_EGRESS_BST_SEL_BANK, bank);

	if (vnr_dev_write(d, VNR_ADDR(d, EGRESS, BST_SEL), sel, err, len) ||
	    shadow_write(d, VNR_ADDR(d, EGRESS, BST_KEY), eg->key_sh, &eg->key_sh_known, w, nw,
			 err, len))
		return -1;
	if (nw < VNR_KEY_WORDS)
		eg->key_sh_known = 0; /* only word 0 is tracked for a leaf */
	return vnr_dev_write(d, VNR_ADDR(d, EGRESS, BST_CMD), VNR_EGRESS_BST_CMD_WRITE_MASK, err,
			     len);
}

static const uint32_t empty_entry[RULE_WORDS];

static const uint32_t *rule_want(const struct vnr_eg *eg, unsigned id)
{
	return eg->tab[id].used ? eg->tab[id].entry : empty_entry;
}

/* rule entries first: no leaf of this bank names a rule before it is there */
static int bank_write_rules(struct vnr_dev *d, unsigned b, char *err, size_t len)
{
	struct vnr_eg *eg = d->eg;
	struct bank *bk = &eg->bank[b];
	unsigned id;

	for (id = 0; id < eg->rules; id++) {
		const uint32_t *w = rule_want(eg, id);

		/* an unknown entry no leaf names does not matter */
		if (bk->rule_known[id] ? !memcmp(bk->rule[id], w, sizeof(bk->rule[id])) :
					 !eg->tab[id].used)
			continue;
		bk->rule_known[id] = 0;
		if (rule_commit(d, id, w, err, len))
			return -1;
		memcpy(bk->rule[id], w, sizeof(bk->rule[id]));
		bk->rule_known[id] = 1;
	}
	return 0;
}

static int bank_write_tree(struct vnr_dev *d, unsigned b, char *err, size_t len)
{
	struct vnr_eg *eg = d->eg;
	struct bank *bk = &eg->bank[b];
	const struct vnr_bst_img *n = &eg->next;
	uint32_t p, slots = 1u << eg->levels;

	for (p = 1; p < slots; p++) {
		uint32_t h = (uint32_t)__builtin_ctz(p);

		if (!vnr_bst_node_used(eg->levels, n->nbound, p) ||
		    (bk->node_known[p] && !memcmp(bk->img.node[p], n->node[p], sizeof(n->node[p]))))
			continue;
		bk->node_known[p] = 0;
		if (slot_write(d, b, 0, eg->levels - 1 - h, p >> (h + 1), n->node[p], VNR_KEY_WORDS,
			       err, len))
			return -1;
		memcpy(bk->img.node[p], n->node[p], sizeof(n->node[p]));
		bk->node_known[p] = 1;
	}
	for (p = 0; p <= n->nbound; p++) {
		if (bk->leaf_known[p] && bk->img.leaf[p] == n->leaf[p])
			continue;
		bk->leaf_known[p] = 0;
		if (slot_write(d, b, 1, 0, p, &n->leaf[p], 1, err, len))
			return -1;
		bk->img.leaf[p] = n->leaf[p];
		bk->leaf_known[p] = 1;
	}
	return 0;
}

static int bank_write(struct vnr_dev *d, unsigned b, char *err, size_t len)
{
	return bank_write_rules(d, b, err, len) || bank_write_tree(d, b, err, len) ? -1 : 0;
}

static int build(struct vnr_eg *eg, char *err, size_t len)
{
	unsigned id, n = 0;

	for (id = 0; id < eg->rules; id++) {
		if (!eg->tab[id].used)
			continue;
		eg->scratch[n].m = eg->tab[id].m;
		eg->scratch[n++].id = id;
	}
	return vnr_bst_build(eg->scratch, n, &eg->next, err, len);
}

/* the software table into the engine: inactive bank, flip, settle, other bank */
static int apply(struct vnr_dev *d, char *err, size_t len)
{
	struct vnr_eg *eg = d->eg;
	uint32_t st;
	unsigned active;

	if (build(eg, err, len) || settle_wait(d, &st, err, len))
		return -1;
	active = VNR_FIELD_GET(st, VNR_EGRESS_BST_STATUS_ACTIVE);
	if (bank_write(d, !active, err, len) ||
	    vnr_dev_write(d, VNR_ADDR(d, EGRESS, BST_CMD), VNR_EGRESS_BST_CMD_FLIP_MASK, err, len) ||
	    settle_wait(d, &st, err, len))
		return -1;
	return bank_write(d, active, err, len);
}

/* ---- rule add: arguments ---------------------------------------------- */

enum kind { KIND_NONE, KIND_GRE16, KIND_VXLAN, KIND_NATIVE };
static const char *const kind_names[] = { "unrecognised", "gre16", "vxlan", "native" };

/* which preset programmed the profile: its protocol, length and format field */
static enum kind prof_kind(const struct vnr_prof *p)
{
	static const enum kind kinds[] = { KIND_GRE16, KIND_VXLAN, KIND_NATIVE };
	struct vnr_prof q;
	unsigned i;

	for (i = 0; i < 3; i++) {
		vnr_prof_preset(kind_names[kinds[i]], &q);
		if (p->proto == q.proto && p->opaque == q.opaque && p->fmt_off == q.fmt_off &&
		    p->fmt_val == q.fmt_val && p->inner_eth == q.inner_eth)
			return kinds[i];
	}
	return KIND_NONE;
}

struct rule_args {
	uint32_t id, action, encap, prof;
	int have_func, have_dmac, have_action, have_encap;
	struct vnr_match m;
	uint8_t set_smac[6], set_dmac[6], outer_dmac[6], outer_smac[6], src[4], dst[4];
	int have_set_smac, have_set_dmac, have_outer_dmac, have_outer_smac, have_src, have_dst;
	uint32_t ttl_dec, outer_vlan, ttl, tos, df, sport, udp_csum, vni, key, src_slot, tgt_slot;
	uint32_t seen;             /* bit per key of num_keys[] given */
	uint8_t opaque[VNR_OPAQUE_MAX];
	unsigned opaque_n;
	int have_opaque;
};

static const struct {
	const char *name;
	size_t off;
	uint32_t max;
} num_keys[] = {
#define K(n, m) { #n, offsetof(struct rule_args, n), m }
	K(ttl_dec, 1), K(outer_vlan, 4095), K(ttl, 255), K(tos, 255), K(df, 1),
	K(sport, 0xffff), K(udp_csum, 1), K(vni, 0xffffff), K(key, 0xffffffff),
	K(src_slot, 0xffff), K(tgt_slot, 0xffff),
#undef K
};
#define NUM_NUM_KEYS (sizeof(num_keys) / sizeof(num_keys[0]))
#define SEEN(name) (1u << num_key_index(name))

static unsigned num_key_index(const char *name)
{
	unsigned i;

	for (i = 0; i < NUM_NUM_KEYS; i++)
		if (!strcmp(num_keys[i].name, name))
			return i;
	return 31;
}

static int hex_arg(struct rule_args *r, const char *s, char *err, size_t len)
{
	size_t n = strlen(s), i;

	if (n % 2)
		return vnr_errf(err, len, "rule %u: opaque=%s has an odd number of hex digits", r->id, s);
	if (n / 2 > VNR_OPAQUE_MAX)
		return vnr_errf(err, len, "rule %u: opaque has %zu bytes, above the limit OPAQUE_MAX %u",
				r->id, n / 2, VNR_OPAQUE_MAX);
	for (i = 0; i < n; i += 2) {
		unsigned v;

		if (!strchr("0123456789abcdefABCDEF", s[i]) || !strchr("0123456789abcdefABCDEF", s[i + 1]) ||
		    sscanf(s + i, "%2x", &v) != 1)
			return vnr_errf(err, len, "rule %u: opaque=%s is not hex bytes", r->id, s);
		r->opaque[i / 2] = (uint8_t)v;
	}
	r->opaque_n = (unsigned)(n / 2);
	r->have_opaque = 1;
	return 0;
}

static int prefix_arg(struct vnr_dev *d, struct rule_args *r, const char *s, char *err, size_t len)
{
	char buf[128], *slash;
	uint32_t max, bit;
	uint64_t plen;

	(void)d;
	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (!slash)
		return vnr_errf(err, len, "rule %u: prefix=%s has no /LEN", r->id, s);
	*slash = 0;
	memset(r->m.addr, 0, sizeof(r->m.addr));
	if (!vnr_parse_ip4(buf, r->m.addr)) {
		r->m.fam = 1;
		max = 32;
	} else if (!vnr_parse_ip6(buf, r->m.addr)) {
		r->m.fam = 2;
		max = 128;
	} else {
		return vnr_errf(err, len, "rule %u: prefix '%s' is neither IPv4 nor IPv6", r->id, buf);
	}
	if (vnr_parse_u64(slash + 1, &plen))
		return vnr_errf(err, len, "rule %u: prefix length '%s' is not a number", r->id, slash + 1);
	if (plen > max)
		return vnr_errf(err, len, "rule %u: prefix length %" PRIu64 " above the limit %u",
				r->id, plen, max);
	r->m.plen = (uint32_t)plen;
	for (bit = r->m.plen; bit < 128; bit++)
		if (r->m.addr[bit / 8] & (0x80u >> (bit % 8)))
			return vnr_errf(err, len, "rule %u: prefix %s has bits set past /%u", r->id, s,
					r->m.plen);
	return 0;
}

static int mac_key(struct rule_args *r, const char *key, const char *val, uint8_t *mac, int *have,
		   char *err, size_t len)
{
	if (vnr_parse_mac(val, mac))
		return vnr_errf(err, len, "rule %u: %s '%s' is not xx:xx:xx:xx:xx:xx", r->id, key, val);
	*have = 1;
	return 0;
}

static int ip4_key(struct rule_args *r, const char *key, const char *val, uint8_t *a, int *have,
		   char *err, size_t len)
{
	if (vnr_parse_ip4(val, a))
		return vnr_errf(err, len, "rule %u: %s '%s' is not an IPv4 address", r->id, key, val);
	*have = 1;
	return 0;
}

static int action_arg(struct rule_args *r, const char *val, char *err, size_t len)
{
	static const char *const names[] = { "", "forward", "trap", "drop" };
	unsigned i;

	for (i = 1; i < 4; i++)
		if (!strcmp(val, names[i])) {
			r->action = i;
			r->have_action = 1;
			return 0;
		}
	return vnr_errf(err, len, "rule %u: action '%s' is none of forward, trap, drop", r->id, val);
}

static int num_arg(struct rule_args *r, const char *key, const char *val, char *err, size_t len)
{
	unsigned i = num_key_index(key);
	char what[48];

	if (i == 31)
		return vnr_errf(err, len,
				"rule %u: unknown key '%s' (func dmac prefix action set_smac set_dmac "
				"ttl_dec encap outer_dmac outer_smac outer_src outer_dst outer_vlan ttl "
				"tos df sport udp_csum vni key src_slot tgt_slot opaque)",
				r->id, key);
	snprintf(what, sizeof(what), "rule %u: %s", r->id, key);
	r->seen |= 1u << i;
	return vnr_parse_u32_max(what, val, num_keys[i].max,
				 (uint32_t *)((char *)r + num_keys[i].off), err, len);
}

static int rule_arg(struct vnr_dev *d, struct rule_args *r, const char *kv, char *err, size_t len)
{
	const char *eq = strchr(kv, '='), *val;
	char key[24];

	if (!eq || eq == kv || !eq[1] || (size_t)(eq - kv) >= sizeof(key))
		return vnr_errf(err, len, "rule %u: '%s' is not key=value", r->id, kv);
	snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
	val = eq + 1;
	if (!strcmp(key, "func")) {
		uint64_t f;

		if (vnr_parse_u64(val, &f))
			return vnr_errf(err, len, "rule add: func '%s' is not a number", val);
		if (f > d->id.num_vf)
			return vnr_errf(err, len, "rule add: func=%s above NUM_VF %u", val, d->id.num_vf);
		r->m.func = (uint32_t)f;
		r->have_func = 1;
		return 0;
	}
	if (!strcmp(key, "dmac"))
		return mac_key(r, key, val, r->m.mac, &r->have_dmac, err, len);
	if (!strcmp(key, "prefix"))
		return prefix_arg(d, r, val, err, len);
	if (!strcmp(key, "action"))
		return action_arg(r, val, err, len);
	if (!strcmp(key, "set_smac"))
		return mac_key(r, key, val, r->set_smac, &r->have_set_smac, err, len);
	if (!strcmp(key, "set_dmac"))
		return mac_key(r, key, val, r->set_dmac, &r->have_set_dmac, err, len);
	if (!strcmp(key, "outer_dmac"))
		return mac_key(r, key, val, r->outer_dmac, &r->have_outer_dmac, err, len);
	if (!strcmp(key, "outer_smac"))
		return mac_key(r, key, val, r->outer_smac, &r->have_outer_smac, err, len);
	if (!strcmp(key, "outer_src"))
		return ip4_key(r, key, val, r->src, &r->have_src, err, len);
	if (!strcmp(key, "outer_dst"))
		return ip4_key(r, key, val, r->dst, &r->have_dst, err, len);
	if (!strcmp(key, "opaque"))
		return hex_arg(r, val, err, len);
	if (!strcmp(key, "encap")) {
		char what[40];

		snprintf(what, sizeof(what), "rule %u: encap", r->id);
		if (vnr_parse_u32_max(what, val, d->id.profiles - 1, &r->prof, err, len))
			return -1;
		r->have_encap = 1;
		return 0;
	}
	return num_arg(r, key, val, err, len);
}

static void rule_defaults(struct rule_args *r)
{
	r->ttl = 64;
	r->df = 1;
	r->sport = 49152;
}

/* keys that only make sense with another key */
static int needs(struct rule_args *r, int given, const char *key, int ok, const char *what,
		 char *err, size_t len)
{
	if (given && !ok)
		return vnr_errf(err, len, "rule %u: %s needs %s", r->id, key, what);
	return 0;
}

static int kind_keys_ok(struct rule_args *r, enum kind k, char *err, size_t len)
{
	static const struct {
		const char *key;
		unsigned kinds; /* bit per enum kind */
	} only[] = {
		{ "vni", 1u << KIND_VXLAN }, { "key", 1u << KIND_GRE16 },
		{ "src_slot", 1u << KIND_NATIVE }, { "tgt_slot", 1u << KIND_NATIVE },
		{ "sport", 1u << KIND_VXLAN | 1u << KIND_NATIVE },
		{ "udp_csum", 1u << KIND_VXLAN | 1u << KIND_NATIVE },
	};
	unsigned i;

	for (i = 0; i < sizeof(only) / sizeof(only[0]); i++) {
		if (!(r->seen & SEEN(only[i].key)) || (only[i].kinds & (1u << k)))
			continue;
		if (r->have_opaque)
			return vnr_errf(err, len, "rule %u: %s= and opaque= together (opaque gives every byte)",
					r->id, only[i].key);
		return vnr_errf(err, len, "rule %u: %s= does not apply to profile %u (%s)", r->id,
				only[i].key, r->prof, kind_names[k]);
	}
	return 0;
}

static int encap_ok(struct vnr_dev *d, struct rule_args *r, struct vnr_prof *p, enum kind *k,
		    char *err, size_t len)
{
	int outer = r->have_outer_dmac || r->have_outer_smac || r->have_src || r->have_dst ||
		    r->have_opaque ||
		    (r->seen & (SEEN("outer_vlan") | SEEN("ttl") | SEEN("tos") | SEEN("df") |
				SEEN("sport") | SEEN("udp_csum") | SEEN("vni") | SEEN("key") |
				SEEN("src_slot") | SEEN("tgt_slot")));

	if (!r->have_encap)
		return needs(r, outer, "outer/template keys", 0, "encap=PROFILE", err, len);
	if (r->action != 1)
		return vnr_errf(err, len, "rule %u: encap= needs action=forward", r->id);
	if (!r->have_outer_dmac || !r->have_outer_smac || !r->have_src || !r->have_dst)
		return vnr_errf(err, len, "rule %u: encap=%u needs outer_dmac, outer_smac, outer_src "
				"and outer_dst", r->id, r->prof);
	if (vnr_prof_read(d, r->prof, p, err, len))
		return -1;
	if (!p->enable)
		return vnr_errf(err, len, "rule %u: encap=%u: profile %u is not enabled", r->id,
				r->prof, r->prof);
	*k = prof_kind(p);
	if (r->have_opaque && r->opaque_n != p->opaque)
		return vnr_errf(err, len, "rule %u: opaque needs %u bytes (profile %u), got %u", r->id,
				p->opaque, r->prof, r->opaque_n);
	if (!r->have_opaque && *k == KIND_NONE)
		return vnr_errf(err, len, "rule %u: profile %u is no preset (gre16, vxlan, native): "
				"give opaque=HEX (%u bytes)", r->id, r->prof, p->opaque);
	return kind_keys_ok(r, r->have_opaque ? KIND_NONE : *k, err, len);
}

static int same_match(const struct vnr_match *a, const struct vnr_match *b)
{
	return a->func == b->func && !memcmp(a->mac, b->mac, 6) && a->fam == b->fam &&
	       a->plen == b->plen && !memcmp(a->addr, b->addr, 16);
}

static int rule_args_ok(struct vnr_dev *d, struct vnr_eg *eg, struct rule_args *r,
			struct vnr_prof *p, enum kind *k, char *err, size_t len)
{
	unsigned i;

	if (!r->have_func || !r->have_dmac || !r->have_action)
		return vnr_errf(err, len, "rule %u: missing %s", r->id,
				!r->have_func ? "func=" : !r->have_dmac ? "dmac=" : "action=");
	if (needs(r, r->have_set_smac, "set_smac=", r->action == 1, "action=forward", err, len) ||
	    needs(r, r->have_set_dmac, "set_dmac=", r->action == 1, "action=forward", err, len) ||
	    needs(r, r->ttl_dec, "ttl_dec=1", r->action == 1, "action=forward", err, len) ||
	    encap_ok(d, r, p, k, err, len))
		return -1;
	if (eg->tab[r->id].used)
		return vnr_errf(err, len, "rule %u: already in the table (rule del %u first)", r->id,
				r->id);
	for (i = 0; i < eg->rules; i++)
		if (eg->tab[i].used && same_match(&eg->tab[i].m, &r->m))
			return vnr_errf(err, len, "rule %u: same match as rule %u", r->id, i);
	return 0;
}

/* ---- rule add: the entry and its template --------------------------------- */

static void put16(uint8_t *t, unsigned *o, uint32_t v)
{
	t[(*o)++] = (uint8_t)(v >> 8);
	t[(*o)++] = (uint8_t)v;
}

static void put32(uint8_t *t, unsigned *o, uint32_t v)
{
	put16(t, o, v >> 16);
	put16(t, o, v);
}

static void opaque_preset(const struct rule_args *r, enum kind k, uint8_t *t, unsigned *o)
{
	uint32_t ucs = r->udp_csum ? 0xffff : 0;

	switch (k) {
	case KIND_VXLAN:
		put16(t, o, r->sport);
		put16(t, o, 4789);
		put16(t, o, 0);
		put16(t, o, ucs);
		put32(t, o, 0x08000000);
		put32(t, o, r->vni << 8);
		break;
	case KIND_GRE16:
		put16(t, o, 0xb000);
		put16(t, o, 0x6558);
		put32(t, o, 0);
		put32(t, o, r->key);
		put32(t, o, 0);
		break;
	case KIND_NATIVE:
		put16(t, o, r->sport);
		put16(t, o, 0xcafe);
		put16(t, o, 0);
		put16(t, o, ucs);
		put16(t, o, r->src_slot);
		put16(t, o, r->tgt_slot);
		put32(t, o, 0); /* algorithm, flags, reserved */
		put32(t, o, 0); /* the 32-bit checksum: not filled yet */
		break;
	default:
		break;
	}
}

/* outer Ethernet [+ tag], outer IPv4, opaque (docs/egress.md section 5) */
static unsigned template_build(const struct rule_args *r, const struct vnr_prof *p, enum kind k,
			       uint8_t *t)
{
	unsigned o = 0;

	memcpy(t, r->outer_dmac, 6);
	memcpy(t + 6, r->outer_smac, 6);
	o = 12;
	if (r->seen & SEEN("outer_vlan")) {
		put16(t, &o, 0x8100);
		put16(t, &o, r->outer_vlan);
	}
	put16(t, &o, 0x0800);
	t[o++] = 0x45;
	t[o++] = (uint8_t)r->tos;
	put16(t, &o, 0);                 /* total length: the engine */
	put16(t, &o, 0);                 /* ID: the engine */
	put16(t, &o, r->df ? 0x4000 : 0);
	t[o++] = (uint8_t)r->ttl;
	t[o++] = (uint8_t)p->proto;
	put16(t, &o, 0);                 /* header checksum: the engine */
	memcpy(t + o, r->src, 4);
	memcpy(t + o + 4, r->dst, 4);
	o += 8;
	if (r->have_opaque) {
		memcpy(t + o, r->opaque, r->opaque_n);
		o += r->opaque_n;
	} else {
		opaque_preset(r, k, t, &o);
	}
	return o;
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void entry_build(const struct rule_args *r, const struct vnr_prof *p, enum kind k,
			uint32_t w[RULE_WORDS])
{
	uint8_t t[VNR_TEMPLATE_MAX] = { 0 };
	unsigned j, n;

	memset(w, 0, RULE_WORDS * sizeof(uint32_t));
	VNR_META_SET(w, RULE, ACTION, r->action);
	VNR_META_SET(w, RULE, SET_SMAC, r->have_set_smac);
	VNR_META_SET(w, RULE, SET_DMAC, r->have_set_dmac);
	VNR_META_SET(w, RULE, TTL_DEC, r->ttl_dec);
	VNR_META_SET(w, RULE, SMAC_HI, (uint32_t)r->set_smac[0] << 8 | r->set_smac[1]);
	VNR_META_SET(w, RULE, SMAC_LO, be32(r->set_smac + 2));
	VNR_META_SET(w, RULE, DMAC_HI, (uint32_t)r->set_dmac[0] << 8 | r->set_dmac[1]);
	VNR_META_SET(w, RULE, DMAC_LO, be32(r->set_dmac + 2));
	if (!r->have_encap)
		return;
	VNR_META_SET(w, RULE, ENCAP, 1);
	VNR_META_SET(w, RULE, PROFILE, r->prof);
	VNR_META_SET(w, RULE, OUTER_VLAN, !!(r->seen & SEEN("outer_vlan")));
	VNR_META_SET(w, RULE, OPAQUE_LEN, p->opaque);
	n = template_build(r, p, k, t);
	/* template byte j: word 5 + j/4, big-endian within the word */
	for (j = 0; j < n; j++)
		vnr_meta_set(w, VNR_META_RULE_TEMPLATE_LSB + 32 * (j / 4) + 24 - 8 * (j % 4), 8, t[j]);
}

/* ---- commands ------------------------------------------------------------ */

static int id_arg(struct vnr_eg *eg, const char *s, uint32_t *id, char *err, size_t len)
{
	uint64_t x;

	if (vnr_parse_u64(s, &x))
		return vnr_errf(err, len, "rule: ID '%s' is not a number", s);
	if (x >= eg->rules)
		return vnr_errf(err, len, "rule %s: above the limit RULES-1 = %u", s, eg->rules - 1);
	*id = (uint32_t)x;
	return 0;
}

static void join_args(char *buf, size_t n, int argc, char **argv)
{
	int i;

	buf[0] = 0;
	for (i = 0; i < argc; i++)
		snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", i ? " " : "", argv[i]);
}

static int rule_add(struct vnr_dev *d, struct vnr_eg *eg, int argc, char **argv, char *err,
		    size_t len)
{
	struct rule_args r;
	struct vnr_prof p = { 0 };
	enum kind k = KIND_NONE;
	struct sw_rule *s;
	int a;

	if (argc < 3)
		return vnr_errf(err, len, "rule add: usage: rule add ID func=N dmac=MAC [prefix=..] "
				"action=forward|trap|drop [...]");
	memset(&r, 0, sizeof(r));
	rule_defaults(&r);
	if (id_arg(eg, argv[2], &r.id, err, len))
		return -1;
	for (a = 3; a < argc; a++)
		if (rule_arg(d, &r, argv[a], err, len))
			return -1;
	if (rule_args_ok(d, eg, &r, &p, &k, err, len))
		return -1;
	s = &eg->tab[r.id];
	s->m = r.m;
	entry_build(&r, &p, k, s->entry);
	join_args(s->args, sizeof(s->args), argc - 3, argv + 3);
	s->used = 1;
	if (eg->batch)
		return 0;
	if (build(eg, err, len)) {
		s->used = 0; /* the tree would not hold it: nothing was written */
		return -1;
	}
	return apply(d, err, len);
}

static int rule_del(struct vnr_dev *d, struct vnr_eg *eg, int argc, char **argv, char *err,
		    size_t len)
{
	uint32_t id;

	if (argc != 3)
		return vnr_errf(err, len, "rule del: usage: rule del ID");
	if (id_arg(eg, argv[2], &id, err, len))
		return -1;
	if (!eg->tab[id].used)
		return vnr_errf(err, len, "rule %u: not in the table", id);
	eg->tab[id].used = 0;
	return eg->batch ? 0 : apply(d, err, len);
}

static int entry_load(struct vnr_dev *d, uint32_t id, uint32_t *w, char *err, size_t len)
{
	struct vnr_eg *eg = d->eg;
	uint32_t st;
	unsigned i;

	eg->rule_sh_known = 0;
	if (settle_wait(d, &st, err, len) ||
	    vnr_dev_write(d, VNR_ADDR(d, EGRESS, RULE_CMD),
			  VNR_FIELD_PUT(VNR_EGRESS_RULE_CMD_INDEX, id) |
			  VNR_FIELD_PUT(VNR_EGRESS_RULE_CMD_OP, RULE_OP_LOAD), err, len))
		return -1;
	for (i = 0; i < RULE_WORDS; i++)
		if (vnr_dev_read(d, VNR_ADDR(d, EGRESS, RULE_SH) + 4 * i, &w[i], err, len))
			return -1;
	memcpy(eg->rule_sh, w, sizeof(eg->rule_sh));
	eg->rule_sh_known = 1;
	return 0;
}

/* rule show ID also reads the entry back from the engine (RULE_CMD load) */
static int rule_show_one(struct vnr_dev *d, uint32_t id, int hw, FILE *out, char *err, size_t len)
{
	struct vnr_eg *eg = d->eg;
	uint32_t w[RULE_WORDS];
	unsigned j, n;

	if (eg->tab[id].used)
		vnr_outf(out, "rule %u %s\n", id, eg->tab[id].args);
	else
		vnr_outf(out, "rule %u: not in the table\n", id);
	if (!hw)
		return 0;
	if (entry_load(d, id, w, err, len))
		return -1;
	vnr_outf(out, "  entry: action=%u encap=%u profile=%u outer_vlan=%u set_smac=%u "
		 "set_dmac=%u ttl_dec=%u opaque_len=%u", VNR_META_GET(w, RULE, ACTION),
		 VNR_META_GET(w, RULE, ENCAP), VNR_META_GET(w, RULE, PROFILE),
		 VNR_META_GET(w, RULE, OUTER_VLAN), VNR_META_GET(w, RULE, SET_SMAC),
		 VNR_META_GET(w, RULE, SET_DMAC), VNR_META_GET(w, RULE, TTL_DEC),
		 VNR_META_GET(w, RULE, OPAQUE_LEN));
	if (VNR_META_GET(w, RULE, ENCAP)) {
		n = (VNR_META_GET(w, RULE, OUTER_VLAN) ? 18 : 14) + 20 + VNR_META_GET(w, RULE, OPAQUE_LEN);
		vnr_outf(out, " template=");
		for (j = 0; j < n && j < VNR_TEMPLATE_MAX; j++)
			vnr_outf(out, "%02x", vnr_meta_get(w, VNR_META_RULE_TEMPLATE_LSB + 32 * (j / 4) +
							   24 - 8 * (j % 4), 8));
	}
	vnr_outf(out, "\n");
	return 0;
}

static int rule_show(struct vnr_dev *d, struct vnr_eg *eg, int argc, char **argv, FILE *out,
		     char *err, size_t len)
{
	uint32_t id;

	if (argc > 3)
		return vnr_errf(err, len, "rule show: unexpected '%s'", argv[3]);
	if (argc == 3)
		return id_arg(eg, argv[2], &id, err, len) || rule_show_one(d, id, 1, out, err, len);
	for (id = 0; id < eg->rules; id++)
		if (eg->tab[id].used && rule_show_one(d, id, 0, out, err, len))
			return -1;
	return 0;
}

int vnr_cmd_rule(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct vnr_eg *eg = eg_get(d, "rule", err, len);

	if (!eg)
		return -1;
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return rule_add(d, eg, argc, argv, err, len);
	if (argc >= 2 && !strcmp(argv[1], "del"))
		return rule_del(d, eg, argc, argv, err, len);
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return rule_show(d, eg, argc, argv, out, err, len);
	return vnr_errf(err, len, "rule: usage: rule add ID ... | rule del ID | rule show [ID]");
}

int vnr_cmd_rules(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct vnr_eg *eg = eg_get(d, "rules", err, len);

	(void)out;
	if (!eg)
		return -1;
	if (argc != 2 || (strcmp(argv[1], "begin") && strcmp(argv[1], "commit")))
		return vnr_errf(err, len, "rules: usage: rules begin | rules commit");
	if (!strcmp(argv[1], "begin")) {
		if (eg->batch)
			return vnr_errf(err, len, "rules begin: already inside rules begin");
		eg->batch = 1;
		return 0;
	}
	if (!eg->batch)
		return vnr_errf(err, len, "rules commit: no rules begin before it");
	if (build(eg, err, len))
		return -1; /* still inside begin: rule del can make it fit */
	eg->batch = 0;
	return apply(d, err, len);
}

/* ---- rule counters (bank 2) ---------------------------------------------- */


int vnr_rule_counter_read(struct vnr_dev *d, uint32_t idx, int clear, uint64_t *pkts,
			  uint64_t *bytes, char *err, size_t len)
{
	return vnr_rule_bank_counter_read(d, 2, idx, clear, pkts, bytes, err, len);
}
