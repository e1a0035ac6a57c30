/* Rule table tests that need neither model nor sim:
 *  - the tree builder against an independent linear longest-prefix match,
 *    for random rule sets and keys;
 *  - the rule commands on a small emulation of the egress register block
 *    (two banks, flip, settling, RULE_CMD commit/load, refusals), checking that
 *    both banks end equal, that lookups in them agree with the linear match,
 *    that an update writes only what changed, every refusal message and that
 *    a refused command writes nothing;
 *  - vf, mtu, trap, stats with rule counters on the same emulation. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "drv_internal.h"

/* ---- the linear reference ----------------------------------------------- */

struct rkey {
	uint32_t func, fam;
	uint8_t mac[6], addr[16];
};

static int prefix_has(const struct vnr_match *m, const uint8_t *addr)
{
	unsigned bit;

	for (bit = 0; bit < m->plen; bit++)
		if ((m->addr[bit / 8] ^ addr[bit / 8]) & (0x80u >> (bit % 8)))
			return 0;
	return 1;
}

/* -1 for a miss */
static int linear_lpm(const struct vnr_bst_rule *r, unsigned n, const struct rkey *k)
{
	int best = -1, best_len = -2;
	unsigned i;

	for (i = 0; i < n; i++) {
		const struct vnr_match *m = &r[i].m;
		int l;

		if (m->func != k->func || memcmp(m->mac, k->mac, 6))
			continue;
		if (m->fam == 0)
			l = -1;
		else if (m->fam == k->fam && prefix_has(m, k->addr))
			l = (int)m->plen;
		else
			continue;
		if (l > best_len) {
			best_len = l;
			best = (int)r[i].id;
		}
	}
	return best;
}

static int leaf_rule(uint32_t leaf)
{
	uint32_t w[4] = { leaf };

	return VNR_META_GET(w, LEAF, HIT) ? (int)VNR_META_GET(w, LEAF, RULE) : -1;
}

static void key_of(const struct rkey *k, uint32_t key[VNR_KEY_WORDS])
{
	uint8_t a[16] = { 0 };

	if (k->fam == 1)
		memcpy(a, k->addr, 4);
	else if (k->fam == 2)
		memcpy(a, k->addr, 16);
	vnr_key_make(k->func, k->mac, k->fam, a, key);
}

/* ---- random rule sets ---------------------------------------------------- */

static uint32_t rnd(void)
{
	return (uint32_t)random();
}

static const uint8_t macs[3][6] = {
	{ 2, 0, 0, 0, 0, 1 }, { 2, 0, 0, 0, 0, 2 }, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

static void random_match(struct vnr_match *m, unsigned num_vf)
{
	unsigned bit;

	memset(m, 0, sizeof(*m));
	m->func = rnd() % 3 ? rnd() % 3 : num_vf;
	memcpy(m->mac, macs[rnd() % 3], 6);
	m->fam = rnd() % 3;
	if (m->fam == 1) {
		m->plen = rnd() % 33;
		m->addr[0] = 10;
		m->addr[1] = rnd() % 4;
		m->addr[2] = rnd() % 4;
		m->addr[3] = rnd();
	} else if (m->fam == 2) {
		m->plen = rnd() % 129;
		m->addr[0] = 0xfd;
		m->addr[1] = rnd() % 2;
		m->addr[15] = rnd();
		m->addr[7] = rnd() % 4;
	}
	for (bit = m->plen; bit < 128; bit++)
		m->addr[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
}

static int match_eq(const struct vnr_match *a, const struct vnr_match *b)
{
	return a->func == b->func && !memcmp(a->mac, b->mac, 6) && a->fam == b->fam &&
	       a->plen == b->plen && !memcmp(a->addr, b->addr, 16);
}

static unsigned random_rules(struct vnr_bst_rule *r, unsigned want, unsigned num_vf)
{
	unsigned n = 0, tries, i;

	for (tries = 0; n < want && tries < 20 * want; tries++) {
		random_match(&r[n].m, num_vf);
		for (i = 0; i < n && !match_eq(&r[i].m, &r[n].m); i++)
			;
		if (i < n)
			continue;
		r[n].id = rnd() % 4096;
		n++;
	}
	return n;
}

/* keys near the rules: their addresses with a few bits flipped, other
 * families, other functions and MACs */
static void random_key(const struct vnr_bst_rule *r, unsigned n, struct rkey *k, unsigned num_vf)
{
	const struct vnr_match *m = n ? &r[rnd() % n].m : NULL;
	unsigned f;

	memset(k, 0, sizeof(*k));
	k->func = m && rnd() % 4 ? m->func : rnd() % (num_vf + 1);
	memcpy(k->mac, m && rnd() % 4 ? m->mac : macs[rnd() % 3], 6);
	k->fam = m && rnd() % 3 ? m->fam : rnd() % 3;
	if (m)
		memcpy(k->addr, m->addr, 16);
	for (f = rnd() % 3; f; f--) {
		unsigned bit = rnd() % (k->fam == 1 ? 32 : 128);

		k->addr[bit / 8] ^= (uint8_t)(0x80u >> (bit % 8));
	}
	if (k->fam == 0)
		memset(k->addr, 0, 16);
	if (k->fam == 1)
		memset(k->addr + 4, 0, 12);
}

static unsigned levels_for(unsigned rules)
{
	unsigned l = 0;

	while ((1u << l) < rules)
		l++;
	return l + 2;
}

static void test_builder(void)
{
	static struct vnr_bst_rule r[600];
	struct vnr_bst_img img;
	struct rkey k;
	uint32_t key[VNR_KEY_WORDS];
	char err[256];
	unsigned round, n, i, bad = 0, keys = 0;

	check_ctx = "builder";
	srandom(7);
	for (round = 0; round < 60; round++) {
		unsigned want = round < 10 ? round : 1 + rnd() % 600;
		unsigned levels = levels_for(want < 4 ? 4 : want);

		n = random_rules(r, want, 8);
		CHECK(!vnr_bst_img_init(&img, levels), "alloc");
		CHECK(!vnr_bst_build(r, n, &img, err, sizeof(err)), "%s", err);
		CHECK(img.nbound <= 2 * n, "%u boundaries for %u rules", img.nbound, n);
		for (i = 0; i < 3000; i++, keys++) {
			int want_rule, got;

			random_key(r, n, &k, 8);
			key_of(&k, key);
			want_rule = linear_lpm(r, n, &k);
			got = leaf_rule(vnr_bst_walk(&img, key));
			if (want_rule != got && bad++ < 5)
				CHECK(0, "round %u: %u rules, key func %u fam %u: tree %d, linear %d",
				      round, n, k.func, k.fam, got, want_rule);
		}
		/* the unused part of the tree: all ones, no key below reaches it */
		for (i = img.nbound + 1; i < (1u << levels); i++)
			if (img.node[i][0] != 0xffffffffu || img.node[i][5] != 0xffffffffu)
				bad++;
		vnr_bst_img_free(&img);
	}
	CHECK_EQ(bad, 0);
	CHECK(keys == 180000, "%u keys", keys);
}

/* a table that needs more boundaries than the tree holds is refused */
static void test_builder_full(void)
{
	struct vnr_bst_rule r[8];
	struct vnr_bst_img img;
	char err[256];
	unsigned i;

	check_ctx = "builder full";
	memset(r, 0, sizeof(r));
	for (i = 0; i < 8; i++) {
		r[i].m.func = i + 1;
		r[i].id = i;
	}
	vnr_bst_img_init(&img, 3);
	CHECK(vnr_bst_build(r, 3, &img, err, sizeof(err)) == 0, "%s", err);
	CHECK(vnr_bst_build(r, 4, &img, err, sizeof(err)) == -1, "4 rules need 8 boundaries");
	CHECK_STR(err, "table full: 8 boundaries, the tree holds 7");
	vnr_bst_img_free(&img);
}

/* ---- an emulation of the egress register block --------------------------- */

#define EM_VF 64
#define EM_RULES 64
#define EM_LEVELS 8
#define SETTLE 5

struct emu {
	uint32_t regs[0x800 / 4];
	uint32_t node[2][EM_LEVELS][1u << EM_LEVELS][VNR_KEY_WORDS];
	uint32_t leaf[2][1u << EM_LEVELS];
	uint32_t rule[2][EM_RULES][VNR_RULE_SH_WORDS];
	uint32_t vf[EM_VF + 1][VNR_VF_SH_WORDS];
	uint32_t mtu[EM_VF + 1];
	unsigned active, settling, flips, writes, refused;
	uint32_t last_err;
};

static struct emu em;

static void emu_reset(void)
{
	unsigned i;

	memset(&em, 0, sizeof(em));
	/* identification + chain: ident, ctrl, profile, counters, ports, egress */
	em.regs[0] = VNR_BLK_IDENT_TYPE << 16 | 1;
	em.regs[1] = 0x100;
	em.regs[2] = VNR_ID_MAGIC;
	em.regs[3] = VNR_HW_VERSION;
	em.regs[4] = 64;
	em.regs[5] = EM_VF;
	em.regs[6] = EM_RULES;
	em.regs[7] = 4;
	em.regs[8] = 4;
	em.regs[10] = 32;
	em.regs[11] = 256u << 16 | 128;
	em.regs[12] = 2048u << 16 | 16384;
	em.regs[13] = EM_LEVELS;
	for (i = 1; i < 6; i++) {
		em.regs[i * 0x40] = (i + 1) << 16 | 1;
		em.regs[i * 0x40 + 1] = i < 5 ? (i + 1) * 0x100 : 0;
	}
	em.regs[VNR_EGRESS_PF_MAX_MTU / 4] = 9000;
	em.regs[VNR_EGRESS_MTU_SEL / 4] = 1;
	for (i = 0; i <= EM_VF; i++)
		em.mtu[i] = 1500;
}

static int emu_refuse(uint32_t code)
{
	em.last_err = code;
	em.regs[VNR_CTRL_ERR / 4] = code;
	em.refused++;
	return 2;
}

static int emu_read(void *ctx, uint32_t addr, uint32_t *v)
{
	(void)ctx;
	if (em.settling)
		em.settling--;
	if (addr >= 0x80000) {
		*v = addr % 0x1000 == 4 ? em.mtu[(addr - 0x80000) / 0x1000 + 1] : 0;
		return 0;
	}
	if (addr >= sizeof(em.regs))
		return 2;
	if (addr == VNR_EGRESS_BST_STATUS)
		*v = em.active | (em.settling ? 2u : 0);
	else if (addr == VNR_EGRESS_MTU_VAL)
		*v = em.mtu[em.regs[VNR_EGRESS_MTU_SEL / 4]];
	else
		*v = em.regs[addr / 4];
	return 0;
}

static int emu_bst_cmd(uint32_t v)
{
	uint32_t sel = em.regs[VNR_EGRESS_BST_SEL / 4], *key = &em.regs[VNR_EGRESS_BST_KEY / 4];
	uint32_t idx = VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_INDEX);
	uint32_t lvl = VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_LEVEL);
	uint32_t bank = VNR_FIELD_GET(sel, VNR_EGRESS_BST_SEL_BANK);

	if (em.settling)
		return emu_refuse(VNR_ERR_BST_SETTLING);
	if (v & VNR_EGRESS_BST_CMD_WRITE_MASK) {
		if (bank == em.active)
			return emu_refuse(VNR_ERR_BST_ACTIVE);
		if (sel & VNR_EGRESS_BST_SEL_LEAF_MASK) {
			if (idx >= (1u << EM_LEVELS))
				return emu_refuse(VNR_ERR_BST_INDEX);
			em.leaf[bank][idx] = key[0];
		} else {
			if (lvl >= EM_LEVELS)
				return emu_refuse(VNR_ERR_BST_LEVEL);
			if (idx >= (1u << lvl))
				return emu_refuse(VNR_ERR_BST_INDEX);
			memcpy(em.node[bank][lvl][idx], key, VNR_KEY_WORDS * 4);
		}
	}
	if (v & VNR_EGRESS_BST_CMD_FLIP_MASK) {
		em.active ^= 1;
		em.settling = SETTLE;
		em.flips++;
	}
	return 0;
}

static int emu_rule_cmd(uint32_t v)
{
	uint32_t idx = VNR_FIELD_GET(v, VNR_EGRESS_RULE_CMD_INDEX);
	uint32_t op = VNR_FIELD_GET(v, VNR_EGRESS_RULE_CMD_OP);
	uint32_t *sh = &em.regs[VNR_EGRESS_RULE_SH / 4];

	if (em.settling)
		return emu_refuse(VNR_ERR_BST_SETTLING);
	if (op != 1 && op != 2)
		return emu_refuse(VNR_ERR_CMD_OP);
	if (idx >= EM_RULES)
		return emu_refuse(VNR_ERR_RULE_INDEX);
	if (op == 1)
		memcpy(em.rule[!em.active][idx], sh, VNR_RULE_SH_WORDS * 4);
	else
		memcpy(sh, em.rule[!em.active][idx], VNR_RULE_SH_WORDS * 4);
	return 0;
}

static int emu_write(void *ctx, uint32_t addr, uint32_t v)
{
	(void)ctx;
	em.writes++;
	if (em.settling)
		em.settling--;
	if (addr >= 0x80000)
		return emu_refuse(VNR_ERR_VF_WRITE);
	if (addr >= sizeof(em.regs))
		return emu_refuse(VNR_ERR_BAD_ADDR);
	if (addr == VNR_EGRESS_BST_CMD)
		return emu_bst_cmd(v);
	if (addr == VNR_EGRESS_RULE_CMD)
		return emu_rule_cmd(v);
	if (addr == VNR_EGRESS_VF_CMD) {
		uint32_t idx = v & 0xff, op = (v >> 8) & 3;

		if (idx < 1 || idx > EM_VF)
			return emu_refuse(VNR_ERR_VF_INDEX);
		if (op == 1)
			memcpy(em.vf[idx], &em.regs[VNR_EGRESS_VF_SH / 4], VNR_VF_SH_WORDS * 4);
		else if (op == 2)
			memcpy(&em.regs[VNR_EGRESS_VF_SH / 4], em.vf[idx], VNR_VF_SH_WORDS * 4);
		return 0;
	}
	if (addr == VNR_EGRESS_MTU_VAL) {
		if (v < VNR_MTU_MIN || v > em.regs[VNR_EGRESS_PF_MAX_MTU / 4])
			return emu_refuse(VNR_ERR_MTU_RANGE);
		em.mtu[em.regs[VNR_EGRESS_MTU_SEL / 4]] = v;
		return 0;
	}
	if (addr == VNR_PROFILE_PROF_CMD) {
		/* profiles: 5 shadow words per profile, kept after the block */
		uint32_t idx = v & 3, op = (v >> 8) & 3, *sh = &em.regs[VNR_PROFILE_PROF_CTRL / 4];
		static uint32_t prof[4][5];

		if (op == 1)
			memcpy(prof[idx], sh, 20);
		else if (op == 2)
			memcpy(sh, prof[idx], 20);
		return 0;
	}
	em.regs[addr / 4] = v;
	return 0;
}

static struct vnr_bus emu_bus = { "emu", NULL, emu_read, emu_write, NULL, NULL };

/* the hardware's walk over bank b of the emulation */
static int emu_lookup(unsigned b, const uint32_t key[VNR_KEY_WORDS])
{
	uint32_t i = 0, l;

	for (l = 0; l < EM_LEVELS; l++)
		i = 2 * i + (vnr_key_cmp(key, em.node[b][l][i]) >= 0);
	return leaf_rule(em.leaf[b][i]);
}

static int run(struct vnr_dev *d, const char *line, char *out, size_t outlen, char *err)
{
	FILE *f = out ? fmemopen(out, outlen, "w") : NULL;
	int rc;

	err[0] = 0;
	rc = vnr_cmd_line(d, line, f, err, 512);
	if (f)
		fclose(f);
	return rc;
}

/* software mirror of what the test added, for the linear reference */
static struct vnr_bst_rule mirror[EM_RULES];
static unsigned nmirror;

static void mirror_del(uint32_t id)
{
	unsigned i;

	for (i = 0; i < nmirror; i++)
		if (mirror[i].id == id) {
			mirror[i] = mirror[--nmirror];
			return;
		}
}

static unsigned check_banks(const char *when)
{
	struct rkey k;
	uint32_t key[VNR_KEY_WORDS];
	unsigned i, bad = 0;

	for (i = 0; i < 2000; i++) {
		int want, a, b;

		random_key(mirror, nmirror, &k, 3);
		key_of(&k, key);
		want = linear_lpm(mirror, nmirror, &k);
		a = emu_lookup(em.active, key);
		b = emu_lookup(!em.active, key);
		if ((a != want || b != want) && bad++ < 3)
			CHECK(0, "%s: key func %u fam %u: active %d, other %d, linear %d", when,
			      k.func, k.fam, a, b, want);
	}
	return bad;
}

static void fmt_match(const struct vnr_match *m, char *buf, size_t n)
{
	int o = snprintf(buf, n, "func=%u dmac=%02x:%02x:%02x:%02x:%02x:%02x", m->func, m->mac[0],
			 m->mac[1], m->mac[2], m->mac[3], m->mac[4], m->mac[5]);

	if (m->fam == 1)
		snprintf(buf + o, n - o, " prefix=%u.%u.%u.%u/%u", m->addr[0], m->addr[1], m->addr[2],
			 m->addr[3], m->plen);
	else if (m->fam == 2) {
		unsigned i;

		o += snprintf(buf + o, n - o, " prefix=");
		for (i = 0; i < 16; i += 2)
			o += snprintf(buf + o, n - o, "%s%x", i ? ":" : "",
				      m->addr[i] << 8 | m->addr[i + 1]);
		snprintf(buf + o, n - o, "/%u", m->plen);
	}
}

static void test_rule_updates(struct vnr_dev *d)
{
	char line[512], mt[256], err[512];
	unsigned i, round, bad = 0, id;
	struct vnr_match m;

	check_ctx = "rule updates";
	srandom(11);
	nmirror = 0;
	for (round = 0; round < 150; round++) {
		unsigned w0 = em.writes;

		if (nmirror && (rnd() % 3 == 0 || nmirror == EM_RULES)) {
			id = mirror[rnd() % nmirror].id;
			snprintf(line, sizeof(line), "rule del %u", id);
			CHECK(!run(d, line, NULL, 0, err), "%s: %s", line, err);
			mirror_del(id);
		} else {
			for (;;) {
				random_match(&m, 3);
				for (i = 0; i < nmirror && !match_eq(&mirror[i].m, &m); i++)
					;
				if (i == nmirror)
					break;
			}
			for (id = rnd() % EM_RULES;; id = (id + 1) % EM_RULES) {
				for (i = 0; i < nmirror && mirror[i].id != id; i++)
					;
				if (i == nmirror)
					break;
			}
			fmt_match(&m, mt, sizeof(mt));
			snprintf(line, sizeof(line), "rule add %u %s action=%s", id, mt,
				 rnd() % 2 ? "drop" : "trap");
			CHECK(!run(d, line, NULL, 0, err), "%s: %s", line, err);
			mirror[nmirror].m = m;
			mirror[nmirror++].id = id;
		}
		/* the implicit layout shifts every boundary after a new one, so
		 * a change writes at most the used part of the tree, twice */
		if (em.writes - w0 > 2 * (2 * nmirror + 2 + EM_LEVELS) * 11 + 2 * 40 && bad++ < 3)
			CHECK(0, "%s: %u writes", line, em.writes - w0);
		bad += check_banks(line);
		if (bad > 5)
			break;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(em.refused, 0);
}

static void test_batch_one_flip(struct vnr_dev *d)
{
	char line[256], err[512];
	unsigned f0, i;

	check_ctx = "rules begin/commit";
	for (i = 0; i < nmirror; i++) {
		snprintf(line, sizeof(line), "rule del %u", mirror[i].id);
		CHECK(!run(d, line, NULL, 0, err), "%s", err);
	}
	nmirror = 0;
	f0 = em.flips;
	CHECK(!run(d, "rules begin", NULL, 0, err), "%s", err);
	for (i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), "rule add %u func=%u dmac=02:00:00:00:00:%02x "
			 "prefix=10.%u.0.0/16 action=forward", i, i % 3, i % 7, i);
		CHECK(!run(d, line, NULL, 0, err), "%s: %s", line, err);
		memset(&mirror[nmirror], 0, sizeof(mirror[0]));
		mirror[nmirror].m.func = i % 3;
		memcpy(mirror[nmirror].m.mac, (uint8_t[6]){ 2, 0, 0, 0, 0, i % 7 }, 6);
		mirror[nmirror].m.fam = 1;
		mirror[nmirror].m.plen = 16;
		mirror[nmirror].m.addr[0] = 10;
		mirror[nmirror].m.addr[1] = i;
		mirror[nmirror++].id = i;
	}
	CHECK(!run(d, "rule del 39", NULL, 0, err), "%s", err);
	nmirror--;
	CHECK_EQ(em.flips, f0);
	CHECK(!run(d, "rules commit", NULL, 0, err), "%s", err);
	CHECK_EQ(em.flips, f0 + 1);
	CHECK_EQ(check_banks("after commit"), 0);
	/* a rule whose range lies above every other moves no boundary: a few
	 * slots, a rule entry, in both banks */
	f0 = em.writes;
	CHECK(!run(d, "rule add 50 func=3 dmac=02:00:00:00:00:01 action=drop", NULL, 0, err), "%s", err);
	CHECK(em.writes - f0 < 2 * ((2 + EM_LEVELS) * 8 + 3 * 3 + 2) + 8,
	      "append: %u writes", em.writes - f0);
	mirror[nmirror].m.func = 3;
	memcpy(mirror[nmirror].m.mac, (uint8_t[6]){ 2, 0, 0, 0, 0, 1 }, 6);
	mirror[nmirror].m.fam = 0;
	mirror[nmirror].m.plen = 0;
	memset(mirror[nmirror].m.addr, 0, 16);
	mirror[nmirror++].id = 50;
	CHECK_EQ(check_banks("after append"), 0);
	CHECK(run(d, "rules commit", NULL, 0, err), "commit without begin");
	CHECK_STR(err, "rules commit: no rules begin before it");
}

static const struct {
	const char *line, *msg;
} refusals[] = {
	{ "rule add 9000 func=1 dmac=02:00:00:00:00:01 action=drop", "rule 9000: above the limit RULES-1 = 63" },
	{ "rule add 5 func=70 dmac=02:00:00:00:00:01 action=drop", "rule add: func=70 above NUM_VF 64" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 prefix=10.0.0.0/33 action=drop", "rule 5: prefix length 33 above the limit 32" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 prefix=fd00::/129 action=drop", "rule 5: prefix length 129 above the limit 128" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 prefix=10.0.0.1/24 action=drop", "rule 5: prefix 10.0.0.1/24 has bits set past /24" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01", "rule 5: missing action=" },
	{ "rule add 5 func=1 action=drop", "rule 5: missing dmac=" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00 action=drop", "rule 5: dmac '02:00:00:00:00' is not xx:xx:xx:xx:xx:xx" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=jump", "rule 5: action 'jump' is none of forward, trap, drop" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=drop set_smac=02:00:00:00:00:09", "rule 5: set_smac= needs action=forward" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=forward ttl=3", "rule 5: outer/template keys needs encap=PROFILE" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=forward encap=4", "rule 5: encap=4 above the limit 3" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=forward encap=1", "rule 5: encap=1 needs outer_dmac, outer_smac, outer_src and outer_dst" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=forward encap=3 outer_dmac=02:00:00:00:00:aa outer_smac=02:00:00:00:00:bb outer_src=1.1.1.1 outer_dst=2.2.2.2", "rule 5: encap=3: profile 3 is not enabled" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=forward encap=1 outer_dmac=02:00:00:00:00:aa outer_smac=02:00:00:00:00:bb outer_src=1.1.1.1 outer_dst=2.2.2.2 opaque=0011223344556677889900aabbcc", "rule 5: opaque needs 16 bytes (profile 1), got 14" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=forward encap=1 outer_dmac=02:00:00:00:00:aa outer_smac=02:00:00:00:00:bb outer_src=1.1.1.1 outer_dst=2.2.2.2 key=7", "rule 5: key= does not apply to profile 1 (vxlan)" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=forward encap=2 outer_dmac=02:00:00:00:00:aa outer_smac=02:00:00:00:00:bb outer_src=1.1.1.1 outer_dst=2.2.2.2", "rule 5: profile 2 is no preset (gre16, vxlan, native): give opaque=HEX (12 bytes)" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=forward encap=1 outer_dmac=02:00:00:00:00:aa outer_smac=02:00:00:00:00:bb outer_src=1.1.1.1 outer_dst=2.2.2.2 vni=16777216", "rule 5: vni=16777216 above the limit 16777215" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=forward encap=1 outer_dmac=02:00:00:00:00:aa outer_smac=02:00:00:00:00:bb outer_src=1.1.1.1 outer_dst=2.2.2.2 outer_vlan=4096", "rule 5: outer_vlan=4096 above the limit 4095" },
	{ "rule add 5 func=1 dmac=02:00:00:00:00:01 action=drop colour=red", "rule 5: unknown key 'colour'" },
	{ "rule add 1 func=1 dmac=02:00:00:00:00:01 action=drop", "rule 1: already in the table (rule del 1 first)" },
	{ "rule add 6 func=1 dmac=02:00:00:00:00:01 prefix=10.1.0.0/16 action=drop", "rule 6: same match as rule 2" },
	{ "rule del 7", "rule 7: not in the table" },
	{ "rule del 64", "rule 64: above the limit RULES-1 = 63" },
	{ "vf 3 mac=02:00:00:00:00:03 ip4=1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5", "vf 3: 5 IPv4 addresses, limit 4" },
	{ "vf 3 mac=02:00:00:00:00:03 ip6=fd00::1,fd00::2,fd00::3", "vf 3: 3 IPv6 addresses, limit 2" },
	{ "vf 3 mac=02:00:00:00:00:03 vlan=1,2,3,4,5", "vf 3: 5 VLANs, limit 4" },
	{ "vf 3 mac=02:00:00:00:00:03 vlan=4096", "vf 3: vlan=4096 above the limit 4095" },
	{ "vf 3 mac=02:00:00:00:00:03 ip4=1.1.1.300", "vf 3: ip4 '1.1.1.300' is not an IPv4 address" },
	{ "vf 3 mac=02:00:00:00:00:03 check=mac,colour", "vf 3: check 'colour' is none of mac, ip, vlan, none" },
	{ "vf 3 ip4=1.1.1.1", "vf 3: missing mac=" },
	{ "vf 65 mac=02:00:00:00:00:03", "vf 65: above NUM_VF 64" },
	{ "vf 0 mac=02:00:00:00:00:03", "vf 0: the PF has no entry" },
	{ "mtu 2 9001", "mtu 2: 9001 above PF_MAX_MTU 9000" },
	{ "mtu 2 67", "mtu 2: 67 below MTU_MIN 68" },
	{ "mtu 65 1500", "mtu 65: above NUM_VF 64" },
	{ "mtu pf-max 67", "mtu pf-max: 67 below MTU_MIN 68" },
	{ "mtu pf-max 65536", "mtu pf-max=65536 above the limit 65535" },
	{ "trap smtp on", "trap: 'smtp' is none of arp, dhcp, bcast, mcast, non_ip, all" },
	{ "trap arp maybe", "trap arp: 'maybe' is not on or off" },
	{ "rules frobnicate", "rules: usage" },
};

static void test_refusals(struct vnr_dev *d)
{
	char err[512];
	unsigned i, w0, f0;

	check_ctx = "refusals";
	CHECK(!run(d, "rules begin", NULL, 0, err), "%s", err);
	for (i = 0; i < nmirror; i++) {
		char line[64];

		snprintf(line, sizeof(line), "rule del %u", mirror[i].id);
		CHECK(!run(d, line, NULL, 0, err), "%s", err);
	}
	CHECK(!run(d, "rules commit", NULL, 0, err), "%s", err);
	nmirror = 0;
	CHECK(!run(d, "profile 0 preset gre16", NULL, 0, err), "%s", err);
	CHECK(!run(d, "profile 1 preset vxlan", NULL, 0, err), "%s", err);
	CHECK(!run(d, "profile 2 set enable=1 proto=17 opaque=12 fmt_off=2 fmt_val=99", NULL, 0, err),
	      "%s", err);
	CHECK(!run(d, "rule add 1 func=1 dmac=02:00:00:00:00:01 action=drop", NULL, 0, err), "%s", err);
	CHECK(!run(d, "rule add 2 func=1 dmac=02:00:00:00:00:01 prefix=10.1.0.0/16 action=drop",
		   NULL, 0, err), "%s", err);
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		w0 = em.writes;
		f0 = em.flips;
		CHECK(run(d, refusals[i].line, NULL, 0, err), "accepted: %s", refusals[i].line);
		CHECK_STR(err, refusals[i].msg);
		/* profile reads write PROF_CMD (load); nothing else may be written */
		CHECK(em.writes - w0 <= 1, "%s: %u writes", refusals[i].line, em.writes - w0);
		CHECK_EQ(em.flips, f0);
	}
	CHECK_EQ(em.refused, 0);
}

static uint32_t tmpl_byte(const uint32_t *w, unsigned j)
{
	return vnr_meta_get(w, VNR_META_RULE_TEMPLATE_LSB + 32 * (j / 4) + 24 - 8 * (j % 4), 8);
}

static void test_entries(struct vnr_dev *d)
{
	static const uint8_t vx[] = {
		0x02, 0, 0, 0, 0, 0xaa, 0x02, 0, 0, 0, 0, 0xbb, 0x81, 0x00, 0x00, 0x64, 0x08, 0x00,
		0x45, 0x10, 0, 0, 0, 0, 0x40, 0, 0x20, 17, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
		0xc0, 0x00, 0x12, 0xb5, 0, 0, 0xff, 0xff, 0x08, 0, 0, 0, 0x12, 0x34, 0x56, 0 };
	static const uint8_t gre_opaque[] = { 0xb0, 0, 0x65, 0x58, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0 };
	char out[4096], err[512];
	uint32_t *w;
	unsigned j, b;

	check_ctx = "entries";
	CHECK(!run(d, "rule add 10 func=2 dmac=02:00:00:00:00:02 prefix=fd00::/64 action=forward "
		   "set_dmac=02:00:00:00:00:99 ttl_dec=1 encap=1 outer_dmac=02:00:00:00:00:aa "
		   "outer_smac=02:00:00:00:00:bb outer_src=1.1.1.1 outer_dst=2.2.2.2 outer_vlan=100 "
		   "tos=16 ttl=32 udp_csum=1 vni=0x123456", NULL, 0, err), "%s", err);
	for (b = 0; b < 2; b++) {
		w = em.rule[b][10];
		CHECK_EQ(VNR_META_GET(w, RULE, ACTION), 1);
		CHECK_EQ(VNR_META_GET(w, RULE, ENCAP), 1);
		CHECK_EQ(VNR_META_GET(w, RULE, PROFILE), 1);
		CHECK_EQ(VNR_META_GET(w, RULE, OUTER_VLAN), 1);
		CHECK_EQ(VNR_META_GET(w, RULE, SET_DMAC), 1);
		CHECK_EQ(VNR_META_GET(w, RULE, SET_SMAC), 0);
		CHECK_EQ(VNR_META_GET(w, RULE, TTL_DEC), 1);
		CHECK_EQ(VNR_META_GET(w, RULE, OPAQUE_LEN), 16);
		CHECK_EQ(VNR_META_GET(w, RULE, DMAC_HI), 0x0200);
		CHECK_EQ(VNR_META_GET(w, RULE, DMAC_LO), 0x00000099);
		for (j = 0; j < sizeof(vx); j++)
			CHECK(tmpl_byte(w, j) == vx[j], "vxlan template byte %u: 0x%02x, want 0x%02x", j,
			      tmpl_byte(w, j), vx[j]);
	}
	CHECK(!run(d, "rule add 11 func=2 dmac=02:00:00:00:00:03 action=forward encap=0 "
		   "outer_dmac=02:00:00:00:00:aa outer_smac=02:00:00:00:00:bb outer_src=1.1.1.1 "
		   "outer_dst=2.2.2.2 df=0 key=7", NULL, 0, err), "%s", err);
	w = em.rule[em.active][11];
	CHECK_EQ(tmpl_byte(w, 14 + 6), 0);   /* DF clear */
	CHECK_EQ(tmpl_byte(w, 14 + 8), 64);  /* TTL default */
	CHECK_EQ(tmpl_byte(w, 14 + 9), 47);  /* GRE */
	for (j = 0; j < 16; j++)
		CHECK(tmpl_byte(w, 34 + j) == gre_opaque[j], "gre byte %u", j);
	CHECK(!run(d, "rule add 12 func=2 dmac=02:00:00:00:00:04 action=forward encap=2 "
		   "outer_dmac=02:00:00:00:00:aa outer_smac=02:00:00:00:00:bb outer_src=1.1.1.1 "
		   "outer_dst=2.2.2.2 opaque=00112233445566778899aabb", NULL, 0, err), "%s", err);
	w = em.rule[!em.active][12];
	CHECK_EQ(VNR_META_GET(w, RULE, OPAQUE_LEN), 12);
	CHECK_EQ(tmpl_byte(w, 34), 0x00);
	CHECK_EQ(tmpl_byte(w, 45), 0xbb);
	/* read back through RULE_CMD load */
	CHECK(!run(d, "rule show 10", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "rule 10 func=2 dmac=02:00:00:00:00:02 prefix=fd00::/64 action=forward");
	CHECK_STR(out, "entry: action=1 encap=1 profile=1 outer_vlan=1 set_smac=0 set_dmac=1 "
		  "ttl_dec=1 opaque_len=16 template=0200000000aa0200000000bb81000064080045100000"
		  "00004000201100000101010102020202c00012b50000ffff0800000012345600\n");
	CHECK(!run(d, "rule show", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "rule 11 func=2 dmac=02:00:00:00:00:03 action=forward encap=0");
	CHECK(!run(d, "rule del 10", NULL, 0, err), "%s", err);
	CHECK_EQ(VNR_META_GET(em.rule[0][10], RULE, ACTION), 0);
	CHECK_EQ(VNR_META_GET(em.rule[1][10], RULE, ACTION), 0);
	CHECK(!run(d, "rule show 10", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "rule 10: not in the table\n  entry: action=0");
}

static void test_vf_mtu_trap(struct vnr_dev *d)
{
	char out[4096], err[512];
	uint32_t *w = em.vf[3];

	check_ctx = "vf mtu trap";
	CHECK(!run(d, "vf 3 mac=02:00:00:00:00:03 ip4=10.0.0.3,10.0.0.4 ip6=fd00::3 vlan=100,200",
		   NULL, 0, err), "%s", err);
	CHECK_EQ(VNR_META_GET(w, VFENT, CHECK_MAC), 1);
	CHECK_EQ(VNR_META_GET(w, VFENT, CHECK_IP), 1);
	CHECK_EQ(VNR_META_GET(w, VFENT, CHECK_VLAN), 1);
	CHECK_EQ(VNR_META_GET(w, VFENT, MAC_HI), 0x0200);
	CHECK_EQ(VNR_META_GET(w, VFENT, MAC_LO), 0x00000003);
	CHECK_EQ(VNR_META_GET(w, VFENT, IP4_0), 0x0a000003);
	CHECK_EQ(VNR_META_GET(w, VFENT, IP4_1), 0x0a000004);
	CHECK_EQ(VNR_META_GET(w, VFENT, IP4_2), 0);
	CHECK_EQ(VNR_META_GET(w, VFENT, IP6_0_W0), 0xfd000000);
	CHECK_EQ(VNR_META_GET(w, VFENT, IP6_0_W3), 3);
	CHECK_EQ(VNR_META_GET(w, VFENT, VLAN0), 100);
	CHECK_EQ(VNR_META_GET(w, VFENT, VLAN0_V), 1);
	CHECK_EQ(VNR_META_GET(w, VFENT, VLAN1), 200);
	CHECK_EQ(VNR_META_GET(w, VFENT, VLAN2_V), 0);
	CHECK(!run(d, "vf 3 show", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "vf 3: mac=02:00:00:00:00:03 ip4=10.0.0.3 ip4=10.0.0.4 ip6=fd00::3 "
		  "vlan=100 vlan=200 check=mac,ip,vlan,");
	CHECK(!run(d, "vf 4 mac=02:00:00:00:00:04 check=none", NULL, 0, err), "%s", err);
	CHECK_EQ(em.vf[4][0] & 7, 0);
	CHECK(!run(d, "vf 4 show", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "check=none");
	CHECK(!run(d, "mtu 2 9000", NULL, 0, err), "%s", err);
	CHECK_EQ(em.mtu[2], 9000);
	CHECK(!run(d, "mtu 2", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "mtu 2 9000");
	CHECK(!run(d, "mtu pf-max 4000", NULL, 0, err), "%s", err);
	CHECK_EQ(em.regs[VNR_EGRESS_PF_MAX_MTU / 4], 4000);
	CHECK(run(d, "mtu 2 4001", NULL, 0, err), "above the new PF_MAX_MTU");
	CHECK_STR(err, "mtu 2: 4001 above PF_MAX_MTU 4000");
	CHECK(!run(d, "trap arp on", NULL, 0, err), "%s", err);
	CHECK(!run(d, "trap non_ip on", NULL, 0, err), "%s", err);
	CHECK_EQ(em.regs[VNR_EGRESS_TRAP_CTRL / 4], 0x11);
	CHECK(!run(d, "trap all on", NULL, 0, err), "%s", err);
	CHECK_EQ(em.regs[VNR_EGRESS_TRAP_CTRL / 4], 0x1f);
	CHECK(!run(d, "trap dhcp off", NULL, 0, err), "%s", err);
	CHECK_EQ(em.regs[VNR_EGRESS_TRAP_CTRL / 4], 0x1d);
	CHECK(!run(d, "trap", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "trap arp on\ntrap dhcp off\n");
}

static void test_stats_rules(struct vnr_dev *d)
{
	static char out[1 << 20];
	char err[512];

	check_ctx = "stats rules";
	/* the emulation's snapshot registers hold one value for every counter */
	em.regs[VNR_COUNTERS_CNT_PKTS_LO / 4] = 3;
	em.regs[VNR_COUNTERS_CNT_BYTES_LO / 4] = 300;
	CHECK(!run(d, "stats --json", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "],\"rules\":[{\"rule\":1,\"pkts\":3,\"bytes\":300},{\"rule\":2,");
	CHECK_STR(out, "{\"rule\":11,\"pkts\":3,\"bytes\":300},"
		  "{\"rule\":12,\"pkts\":3,\"bytes\":300}]}\n");
	CHECK_EQ(VNR_FIELD_GET(em.regs[VNR_COUNTERS_CNT_SEL / 4], VNR_COUNTERS_CNT_SEL_BANK), 2);
	CHECK_EQ(em.regs[VNR_COUNTERS_CNT_IDX / 4], 12);
	CHECK(!run(d, "stats", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "\nrule            12                            3                  300\n");
}

int main(void)
{
	struct vnr_dev *d;
	char err[512];

	test_builder();
	test_builder_full();
	emu_reset();
	d = vnr_dev_open(&emu_bus, err, sizeof(err));
	check_ctx = "open";
	CHECK(d != NULL, "%s", err);
	if (d) {
		CHECK_EQ(vnr_dev_ident(d)->bst_levels, EM_LEVELS);
		CHECK_EQ(vnr_dev_ident(d)->fifo_beats_egress, 16384);
		test_rule_updates(d);
		test_batch_one_flip(d);
		test_refusals(d);
		test_entries(d);
		test_vf_mtu_trap(d);
		test_stats_rules(d);
		vnr_dev_close(d);
	}
	return check_report("driver rules (builder, emulated egress block)");
}
