/* Ingress driver tests that need neither model nor sim:
 *  - the bucket function the driver calls against an independent table-driven
 *    CRC-32C (and the check value of docs/ingress.md);
 *  - every refusal of collator, mask, keys, irule and inject on the devmem bus
 *    over a file, which must stay byte for byte unchanged, and that accepted
 *    commands land at their offsets;
 *  - the commands on an emulation of the ingress block (key shadow, commit
 *    checks, rule table with busy and late loads, refusals as SLVERR, bank-3
 *    counters): placement in the CRC-32C bucket, duplicates, the fifth rule,
 *    delete, show, keys show keeping pending shadow edits, the rewrite after
 *    keys commit, and 300 random adds and deletes against a reference. */
#include "check.h"
#include "engine_file.h"

#define EM_VF ENGINE_VF
#define EM_RULES 32
#define EM_BUCKETS (EM_RULES / VNR_IRULE_WAYS)
#define WORDS VNR_IRULE_SH_WORDS
#define BUSY 4 /* bus accesses an IRULE_CMD keeps the emulated table busy */

unsigned vnr_irule_bucket(unsigned rules, unsigned profile, int kshort, const uint8_t key[128]);

static char tmpdir[] = "/tmp/vnrdrv-ingress-XXXXXX";

/* a field of an irule entry's control word (word 32) */
static uint32_t ctl_get(const uint32_t *e, unsigned lsb, unsigned w)
{
	return e[lsb / 32] >> (lsb % 32) & ((1u << w) - 1);
}

#define IR(e, F) ctl_get((e), VNR_META_IRULE_##F##_LSB, VNR_META_IRULE_##F##_W)

/* ---- an independent CRC-32C ------------------------------------------------ */

static uint32_t ref_crc(const uint8_t *p, size_t n)
{
	static uint32_t t[256];
	uint32_t c = 0xffffffffu;
	unsigned i, k;

	if (!t[1])
		for (i = 0; i < 256; i++) {
			for (c = i, k = 0; k < 8; k++)
				c = (c >> 1) ^ (0x82f63b78u & (0u - (c & 1)));
			t[i] = c;
		}
	for (c = 0xffffffffu; n--; p++)
		c = t[(c ^ *p) & 0xff] ^ (c >> 8);
	return ~c;
}

static unsigned ref_bucket(unsigned rules, unsigned profile, unsigned kshort, const uint8_t *m)
{
	uint8_t x[129];

	x[0] = (uint8_t)(profile | kshort << 2);
	memcpy(x + 1, m, 128);
	return ref_crc(x, sizeof(x)) % (rules / 4);
}

static uint32_t rnd(void)
{
	return (uint32_t)random();
}

static void test_crc(void)
{
	uint8_t key[128];
	unsigned i, j, bad = 0;

	check_ctx = "crc32c";
	CHECK_EQ(ref_crc((const uint8_t *)"123456789", 9), 0xE3069283u);
	for (i = 0; i < 2000; i++) {
		unsigned rules = 4u << (rnd() % 11), p = rnd() % 4, s = rnd() % 2;

		memset(key, 0, sizeof(key));
		for (j = rnd() % 129; j--;)
			key[rnd() % 128] = (uint8_t)rnd();
		if (vnr_irule_bucket(rules, p, (int)s, key) != ref_bucket(rules, p, s, key))
			bad++;
	}
	CHECK_EQ(bad, 0);
}

/* ---- helpers ------------------------------------------------------------- */

static int run(struct vnr_dev *d, const char *line, char *out, size_t outlen, char *err)
{
	FILE *f = out ? fmemopen(out, outlen, "w") : NULL;
	int rc;

	err[0] = 0;
	if (out)
		out[0] = 0;
	rc = vnr_cmd_line(d, line, f, err, 512);
	if (f)
		fclose(f);
	return rc;
}

static void hex(const uint8_t *b, unsigned n, char *buf)
{
	unsigned i;

	for (i = 0; i < n; i++)
		sprintf(buf + 2 * i, "%02x", b[i]);
	buf[2 * n] = 0;
}

/* ---- devmem on a file --------------------------------------------------- */

static void file_put(const char *path, uint32_t off, uint32_t v)
{
	int fd = open(path, O_RDWR);

	CHECK(fd >= 0 && pwrite(fd, &v, 4, off) == 4, "pwrite %s", path);
	if (fd >= 0)
		close(fd);
}

/* ident (8 VFs, 4096 rules), ctrl, profile, counters, ports, ingress at 0x800 */
static void engine_file(const char *path)
{
	uint8_t *img = engine_image(1);

	write_file(path, img, WINDOW);
	free(img);
}

static const struct {
	const char *cmd, *msg;
} bad_cmds[] = {
	{ "collator 4 off=0 len=1", "collator 4: index above the limit 3" },
	{ "collator x off=0 len=1", "collator: index 'x' is not a number" },
	{ "collator 1 off=256 len=0", "collator 1: off=256 above the limit 255 (COLL_SPAN-1)" },
	{ "collator 1 off=0 len=129", "collator 1: len=129 above the limit 128 (KEY_BYTES)" },
	{ "collator 2 off=200 len=60", "collator 2: off=200 len=60: off+len=260 above the limit 256 (COLL_SPAN)" },
	{ "collator 2 off=0x100 len=0", "collator 2: off=0x100 above the limit 255" },
	{ "collator 2 off=-1 len=0", "collator 2: off='-1' is not a number" },
	{ "collator 2 off=1", "collator 2: missing len=" },
	{ "collator 2 len=1", "collator 2: missing off=" },
	{ "collator 2 off=1 len=2 off=3", "collator 2: off= given twice" },
	{ "collator 2 size=1", "collator 2: unknown key 'size' (off len)" },
	{ "collator 2 off", "collator 2: 'off' is not key=value" },
	{ "collator 2 off=", "collator 2: off: missing value" },
	{ "collator", "collator: usage" },
	{ "mask", "mask: usage: mask HEX | mask all | mask none" },
	{ "mask fff", "mask: 'fff' has an odd number of hex digits" },
	{ "mask 0x", "mask: '0x' is not hex bytes" },
	{ "mask ffzz", "mask: 'ffzz' is not hex bytes" },
	{ "mask some", "mask: 'some' is not hex bytes" },
	{ "mask ff ff", "mask: usage" },
	{ "keys", "keys: usage: keys commit | keys show" },
	{ "keys load", "keys: usage" },
	{ "irule", "irule: usage" },
	{ "irule add", "irule add: usage" },
	{ "irule add key=01 vf=1", "irule add: missing profile=" },
	{ "irule add profile=1 vf=1", "irule add: missing key=" },
	{ "irule add profile=1 key=01", "irule add: missing vf=" },
	{ "irule add profile=4 key=01 vf=1", "irule add: profile=4 above the limit 3" },
	{ "irule add profile=1 key=01 vf=9", "irule add: vf=9 above the limit 8 (NUM_VF)" },
	{ "irule add profile=1 key=011 vf=1", "irule add: '011' has an odd number of hex digits" },
	{ "irule add profile=1 key=xy vf=1", "irule add: 'xy' is not hex bytes" },
	{ "irule add profile=1 key=01 vf=1 action=forward", "irule add: action 'forward' is not deliver, trap or drop" },
	{ "irule add profile=1 key=01 vf=1 ttl_dec=256", "irule add: ttl_dec=256 above the limit 255" },
	{ "irule add profile=1 key=01 vf=1 short=2", "irule add: short=2 above the limit 1" },
	{ "irule add profile=1 key=01 vf=1 inner_dmac=02:00:00:00:00", "irule add: inner_dmac '02:00:00:00:00' is not xx:xx:xx:xx:xx:xx" },
	{ "irule add profile=1 key=01 vf=1 inner_type=0x10000", "irule add: inner_type=0x10000 above the limit 65535" },
	{ "irule add profile=1 key=01 vf=1 action=trap ttl_dec=1", "irule add: ttl_dec= needs action=deliver" },
	{ "irule add profile=1 key=01 vf=1 action=drop inner_dmac=02:00:00:00:00:01", "irule add: inner_dmac= needs action=deliver" },
	{ "irule add profile=1 key=01 vf=1 inner_dmac=02:00:00:00:00:01", "irule add: inner_dmac= needs inner_smac=" },
	{ "irule add profile=1 key=01 vf=1 inner_smac=02:00:00:00:00:01", "irule add: inner_smac= needs inner_dmac=" },
	{ "irule add profile=1 key=01 vf=1 inner_type=0x800", "irule add: inner_type= needs inner_dmac= and inner_smac=" },
	{ "irule add profile=1 key=01 vf=1 vf=2", "irule add: vf= given twice" },
	{ "irule add profile=1 key=01 vf=1 slot=3", "irule add: unknown key 'slot' (profile key vf action ttl_dec short inner_dmac inner_smac inner_type)" },
	{ "irule add profile=1 key=01 vf=1 colour=red", "irule add: unknown key 'colour'" },
	{ "irule del", "irule del: usage" },
	{ "irule del profile=1", "irule del: missing key=" },
	{ "irule del key=01", "irule del: missing profile=" },
	{ "irule del slot=4096", "irule del: slot=4096 above the limit 4095 (RULES-1)" },
	{ "irule del slot=1 profile=1", "irule del: slot= goes alone" },
	{ "irule del profile=1 key=01 vf=1", "irule del: unknown key 'vf' (profile key short slot)" },
	{ "irule show slot=4096", "irule show: slot=4096 above the limit 4095" },
	{ "irule show 3", "irule show: '3' is not key=value" },
	{ "irule frob", "irule: usage" },
	{ "inject 1 x.pcap", "inject: traffic commands need a simulation backend" },
};

/* a shadow the engine would refuse: the driver refuses keys commit first */
static const struct {
	uint32_t coll[4];
	const char *msg;
} bad_shadows[] = {
	{ { 0, 200 | 100u << 8, 0, 0 }, "collator 1: off=200 len=100: off+len=300 above the limit 256 (COLL_SPAN)" },
	{ { 0, 0, 0, 129u << 8 }, "collator 3: len=129 above the limit 128 (KEY_BYTES)" },
	{ { 40u << 8, 40u << 8, 40u << 8, 40u << 8 },
	  "keys: collator lengths add up to 160 (len 40+40+40+40 of collators 0-3), above the limit 128 (KEY_BYTES)" },
};

static void test_file(void)
{
	char path[300], out[4096], err[512];
	struct vnr_bus *bus;
	struct vnr_dev *d;
	uint8_t *before, *after;
	unsigned i, c;

	check_ctx = "devmem";
	snprintf(path, sizeof(path), "%s/bar0", tmpdir);
	engine_file(path);
	bus = vnr_bus_devmem_new(path, err, sizeof(err));
	CHECK(bus != NULL, "%s", err);
	d = bus ? vnr_dev_open(bus, err, sizeof(err)) : NULL;
	CHECK(d != NULL, "%s", err);
	if (!d) {
		vnr_bus_free(bus);
		return;
	}
	check_ctx = "devmem refusals";
	before = read_all(path);
	for (i = 0; i < sizeof(bad_cmds) / sizeof(bad_cmds[0]); i++) {
		CHECK(run(d, bad_cmds[i].cmd, out, sizeof(out), err), "'%s' accepted", bad_cmds[i].cmd);
		CHECK_STR(err, bad_cmds[i].msg);
	}
	after = read_all(path);
	CHECK(!memcmp(before, after, WINDOW), "a refused command wrote to the device");
	free(before);
	free(after);

	for (i = 0; i < sizeof(bad_shadows) / sizeof(bad_shadows[0]); i++) {
		for (c = 0; c < 4; c++)
			file_put(path, VNR_INGRESS_COLL_SH + 4 * c, bad_shadows[i].coll[c]);
		before = read_all(path);
		CHECK(run(d, "keys commit", out, sizeof(out), err), "shadow %u committed", i);
		CHECK_STR(err, bad_shadows[i].msg);
		after = read_all(path);
		CHECK(!memcmp(before, after, WINDOW), "a refused keys commit wrote to the device");
		free(before);
		free(after);
	}

	check_ctx = "devmem writes";
	CHECK(!run(d, "collator 0 off=0x2e len=3", out, sizeof(out), err), "%s", err);
	CHECK(!run(d, "collator 1 off=0 len=0", out, sizeof(out), err), "%s", err);
	CHECK(!run(d, "collator 2 off=255 len=1", out, sizeof(out), err), "%s", err);
	CHECK(!run(d, "collator 3 off=128 len=128", out, sizeof(out), err), "%s", err);
	CHECK_EQ(file_word(path, VNR_INGRESS_COLL_SH), 0x032e);
	CHECK_EQ(file_word(path, VNR_INGRESS_COLL_SH + 8), 0x01ff);
	CHECK_EQ(file_word(path, VNR_INGRESS_COLL_SH + 12), 0x8080);
	CHECK(run(d, "keys commit", out, sizeof(out), err), "3+1+128 bytes committed");
	CHECK_STR(err, "keys: collator lengths add up to 132 (len 3+0+1+128 of collators 0-3)");
	CHECK(!run(d, "collator 3 off=0 len=0", out, sizeof(out), err), "%s", err);
	CHECK(!run(d, "mask 0xffff00ff01", out, sizeof(out), err), "%s", err);
	CHECK_EQ(file_word(path, VNR_INGRESS_MASK_SH), 0xffff00ff);
	CHECK_EQ(file_word(path, VNR_INGRESS_MASK_SH + 4), 0x01000000);
	CHECK_EQ(file_word(path, VNR_INGRESS_MASK_SH + 124), 0);
	CHECK(!run(d, "mask all", out, sizeof(out), err), "%s", err);
	CHECK_EQ(file_word(path, VNR_INGRESS_MASK_SH + 124), 0xffffffffu);
	CHECK(!run(d, "keys commit", out, sizeof(out), err), "%s", err);
	CHECK_EQ(file_word(path, VNR_INGRESS_KEY_CMD), 0x100);
	vnr_dev_close(d);
	vnr_bus_free(bus);
}

/* ---- an emulation of the ingress block ------------------------------------ */

struct emu {
	uint32_t regs[0x1000 / 4];
	uint32_t coll[4], mask[32];           /* the definition in force */
	uint32_t table[EM_RULES][WORDS];
	uint64_t cnt3[EM_RULES][2];
	uint32_t prof[4][5];
	unsigned busy, writes, refused, key_cmds, irule_cmds;
	int pending_load;
	uint32_t last_err;
};

static struct emu em;

#define R(addr) em.regs[(addr) / 4]
#define SH(i) em.regs[VNR_INGRESS_IRULE_SH / 4 + (i)]

static void emu_reset(void)
{
	unsigned i;

	memset(&em, 0, sizeof(em));
	em.pending_load = -1;
	R(0x00) = VNR_BLK_IDENT_TYPE << 16 | 1;
	R(0x04) = 0x100;
	R(0x08) = VNR_ID_MAGIC;
	R(0x0c) = VNR_HW_VERSION;
	R(0x10) = 64;
	R(0x14) = EM_VF;
	R(0x18) = EM_RULES;
	R(0x1c) = 4;
	R(0x20) = 4;
	R(0x28) = 32;
	R(0x2c) = 256u << 16 | 128;
	R(0x30) = 2048u << 16 | 16384;
	for (i = 1; i < 5; i++) {
		R(i * 0x100) = (i + 1) << 16 | 1;
		R(i * 0x100 + 4) = i < 4 ? (i + 1) * 0x100 : 0x800;
	}
	R(0x800) = VNR_BLK_INGRESS_TYPE << 16 | 1;
}

static int emu_refuse(uint32_t code)
{
	em.last_err = code;
	R(VNR_CTRL_ERR) = code;
	R(VNR_CTRL_ERR_COUNT)++;
	em.refused++;
	return 2;
}

/* every access is a cycle or more: busy counts down, a load lands at its end */
static void emu_tick(void)
{
	if (!em.busy)
		return;
	if (--em.busy == 0 && em.pending_load >= 0) {
		memcpy(&SH(0), em.table[em.pending_load], WORDS * 4);
		em.pending_load = -1;
	}
}

static int emu_read(void *ctx, uint32_t addr, uint32_t *v)
{
	(void)ctx;
	emu_tick();
	if (addr >= sizeof(em.regs))
		return 2;
	*v = addr == VNR_INGRESS_IRULE_STATUS ? !!em.busy : em.regs[addr / 4];
	return 0;
}

static int emu_key_cmd(uint32_t v)
{
	uint32_t op = VNR_FIELD_GET(v, VNR_INGRESS_KEY_CMD_OP), total = 0;
	unsigned c;

	em.key_cmds++;
	if (op == 2) {
		memcpy(&R(VNR_INGRESS_COLL_SH), em.coll, sizeof(em.coll));
		memcpy(&R(VNR_INGRESS_MASK_SH), em.mask, sizeof(em.mask));
		return 0;
	}
	if (op != 1)
		return emu_refuse(VNR_ERR_CMD_OP);
	for (c = 0; c < 4; c++) {
		uint32_t w = R(VNR_INGRESS_COLL_SH + 4 * c), off = w & 0xff, n = (w >> 8) & 0xff;

		if (n > 128 || off + n > 256)
			return emu_refuse(VNR_ERR_COLL_RANGE);
		total += n;
	}
	if (total > 128)
		return emu_refuse(VNR_ERR_COLL_TOTAL);
	memcpy(em.coll, &R(VNR_INGRESS_COLL_SH), sizeof(em.coll));
	memcpy(em.mask, &R(VNR_INGRESS_MASK_SH), sizeof(em.mask));
	return 0;
}

static int emu_irule_cmd(uint32_t v)
{
	uint32_t op = VNR_FIELD_GET(v, VNR_INGRESS_IRULE_CMD_OP);
	uint32_t idx = VNR_FIELD_GET(v, VNR_INGRESS_IRULE_CMD_INDEX);

	if (op != 1 && op != 2)
		return emu_refuse(VNR_ERR_CMD_OP);
	if (em.busy)
		return emu_refuse(VNR_ERR_IRULE_BUSY);
	if (idx >= EM_RULES)
		return emu_refuse(VNR_ERR_IRULE_INDEX);
	if (op == 1 && IR(&SH(0), ACTION) == 3)
		return emu_refuse(VNR_ERR_IRULE_ACTION);
	if (op == 1 && IR(&SH(0), VF) > EM_VF)
		return emu_refuse(VNR_ERR_IRULE_VF);
	em.irule_cmds++;
	em.busy = BUSY;
	if (op == 1)
		memcpy(em.table[idx], &SH(0), WORDS * 4);
	else
		em.pending_load = (int)idx;
	return 0;
}

static int emu_cnt_cmd(void)
{
	uint32_t sel = R(VNR_COUNTERS_CNT_SEL), idx = R(VNR_COUNTERS_CNT_IDX);
	uint64_t p = 0, b = 0;

	if (idx >= EM_RULES)
		return emu_refuse(VNR_ERR_CNT_IDX);
	if (VNR_FIELD_GET(sel, VNR_COUNTERS_CNT_SEL_BANK) == 3) {
		p = em.cnt3[idx][0];
		b = em.cnt3[idx][1];
	}
	R(VNR_COUNTERS_CNT_PKTS_LO) = (uint32_t)p;
	R(VNR_COUNTERS_CNT_PKTS_HI) = (uint32_t)(p >> 32);
	R(VNR_COUNTERS_CNT_BYTES_LO) = (uint32_t)b;
	R(VNR_COUNTERS_CNT_BYTES_HI) = (uint32_t)(b >> 32);
	return 0;
}

static int emu_write(void *ctx, uint32_t addr, uint32_t v)
{
	uint32_t sh = VNR_INGRESS_IRULE_SH;

	(void)ctx;
	emu_tick();
	em.writes++;
	if (addr >= sizeof(em.regs))
		return emu_refuse(VNR_ERR_BAD_ADDR);
	if (addr == VNR_INGRESS_KEY_CMD)
		return emu_key_cmd(v);
	if (addr == VNR_INGRESS_IRULE_CMD)
		return emu_irule_cmd(v);
	if (addr == VNR_INGRESS_IRULE_STATUS || addr < 0x100)
		return emu_refuse(VNR_ERR_READ_ONLY);
	if (addr >= sh && addr < sh + 4 * WORDS && em.busy)
		return emu_refuse(VNR_ERR_IRULE_BUSY);
	if (addr >= VNR_INGRESS_COLL_SH && addr < VNR_INGRESS_MASK_SH)
		v &= 0xffff;
	if (addr == sh + 4 * 32)
		v &= 0x00ffff3f;
	if (addr == VNR_COUNTERS_CNT_CMD)
		return emu_cnt_cmd();
	if (addr == VNR_PROFILE_PROF_CMD) {
		uint32_t idx = v & 3, op = (v >> 8) & 3, *psh = &R(VNR_PROFILE_PROF_CTRL);

		if (op == 1)
			memcpy(em.prof[idx], psh, 20);
		else if (op == 2)
			memcpy(psh, em.prof[idx], 20);
		return 0;
	}
	em.regs[addr / 4] = v;
	return 0;
}

static struct vnr_bus emu_bus = { "emu", NULL, emu_read, emu_write, NULL, NULL };

/* the engine's lookup over the emulated table: the lowest hitting way */
static int emu_lookup(unsigned profile, unsigned kshort, const uint8_t *m)
{
	unsigned b = ref_bucket(EM_RULES, profile, kshort, m), w, j;

	for (w = 0; w < 4; w++) {
		const uint32_t *e = em.table[b * 4 + w];
		int hit = IR(e, VALID) && IR(e, PROFILE) == profile &&
			  IR(e, KSHORT) == kshort;

		for (j = 0; hit && j < 128; j++)
			hit = ((e[j / 4] >> (24 - 8 * (j % 4))) & 0xff) == m[j];
		if (hit)
			return (int)(b * 4 + w);
	}
	return -1;
}

static void emu_mask(uint8_t *m)
{
	unsigned j;

	for (j = 0; j < 128; j++)
		m[j] = (uint8_t)(em.mask[j / 4] >> (24 - 8 * (j % 4)));
}

/* keys of n bytes that land in one bucket under mask all */
static unsigned same_bucket_keys(unsigned profile, unsigned n, uint8_t keys[][128], unsigned want)
{
	uint8_t k[128];
	unsigned found = 0, i, b = ~0u;

	for (i = 1; found < want && i < 100000; i++) {
		memset(k, 0, sizeof(k));
		k[0] = (uint8_t)(i >> 8);
		k[n - 1] = (uint8_t)i;
		if (b == ~0u)
			b = ref_bucket(EM_RULES, profile, 0, k);
		if (ref_bucket(EM_RULES, profile, 0, k) == b)
			memcpy(keys[found++], k, 128);
	}
	return b;
}

static int add_key(struct vnr_dev *d, unsigned profile, const uint8_t *key, unsigned n,
		   const char *extra, char *out, char *err)
{
	char line[600], h[300];

	hex(key, n, h);
	snprintf(line, sizeof(line), "irule add profile=%u key=%s vf=1 %s", profile, h, extra);
	return run(d, line, out, 4096, err);
}

static void test_keys(struct vnr_dev *d)
{
	char out[4096], err[512];
	unsigned before;

	check_ctx = "emu keys";
	CHECK(!run(d, "keys show", out, sizeof(out), err), "%s", err);
	CHECK(!strcmp(out, "collator 0 off=0 len=0\ncollator 1 off=0 len=0\ncollator 2 off=0 len=0\n"
		  "collator 3 off=0 len=0\nmask none\n"), "reset keys show:\n%s", out);
	CHECK(!run(d, "collator 0 off=46 len=3", NULL, 0, err), "%s", err);
	CHECK(!run(d, "collator 2 off=30 len=4", NULL, 0, err), "%s", err);
	CHECK(!run(d, "mask ffffff00ffffffffffffffff", NULL, 0, err), "%s", err);
	CHECK(!run(d, "keys show", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "mask none\npending in the shadow (keys commit applies it):\n"
		  "  collator 0 off=46 len=3\n  collator 2 off=30 len=4\n  mask ffffff00ffffffffffffffff\n");
	/* the definition was cached: the shadow was not loaded over */
	CHECK_EQ(R(VNR_INGRESS_COLL_SH), 0x032e);
	CHECK_EQ(R(VNR_INGRESS_MASK_SH + 4), 0xffffffffu);
	CHECK_EQ(em.coll[0], 0);
	/* after a raw write the driver loads the definition and puts the edits back */
	CHECK(!run(d, "reg write 0x10c 0", NULL, 0, err), "%s", err);
	CHECK(!run(d, "keys show", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "pending in the shadow (keys commit applies it):\n  collator 0 off=46 len=3\n");
	CHECK_EQ(R(VNR_INGRESS_COLL_SH + 8), 0x041e);
	CHECK(!run(d, "keys commit", NULL, 0, err), "%s", err);
	CHECK_EQ(em.coll[0], 0x032e);
	CHECK_EQ(em.coll[2], 0x041e);
	CHECK_EQ(em.mask[0], 0xffffff00u);
	CHECK_EQ(em.mask[2], 0xffffffffu);
	CHECK_EQ(em.mask[3], 0);
	CHECK(!run(d, "keys show", out, sizeof(out), err), "%s", err);
	CHECK(!strcmp(out, "collator 0 off=46 len=3\ncollator 1 off=0 len=0\ncollator 2 off=30 len=4\n"
		  "collator 3 off=0 len=0\nmask ffffff00ffffffffffffffff\n"), "keys show:\n%s", out);

	check_ctx = "emu hw refusals";
	before = R(VNR_CTRL_ERR_COUNT);
	CHECK(!run(d, "reg write 0x80c 0x64c8", NULL, 0, err), "%s", err);
	CHECK(run(d, "reg write 0x808 0x100", out, sizeof(out), err), "COLL_RANGE accepted");
	CHECK_STR(err, "refused: ERR COLL_RANGE (code 25, vf 0)");
	CHECK(run(d, "keys commit", NULL, 0, err), "driver let the range through");
	CHECK_STR(err, "collator 0: off=200 len=100: off+len=300 above the limit 256 (COLL_SPAN)");
	CHECK(!run(d, "reg write 0x80c 0x4000", NULL, 0, err), "%s", err);
	CHECK(!run(d, "reg write 0x810 0x4000", NULL, 0, err), "%s", err);
	CHECK(!run(d, "reg write 0x814 0x0100", NULL, 0, err), "%s", err);
	CHECK(run(d, "reg write 0x808 0x100", out, sizeof(out), err), "COLL_TOTAL accepted");
	CHECK_STR(err, "ERR COLL_TOTAL (code 26");
	CHECK(run(d, "keys commit", NULL, 0, err), "driver let the total through");
	CHECK_STR(err, "collator lengths add up to 129 (len 64+64+1+0 of collators 0-3)");
	CHECK(run(d, "reg write 0x808 0x300", out, sizeof(out), err), "KEY_CMD op 3 accepted");
	CHECK_STR(err, "ERR CMD_OP");
	CHECK_EQ(R(VNR_CTRL_ERR_COUNT), before + 3);
	CHECK_EQ(em.coll[0], 0x032e);
	/* back to the committed definition */
	CHECK(!run(d, "collator 0 off=46 len=3", NULL, 0, err), "%s", err);
	CHECK(!run(d, "collator 1 off=0 len=0", NULL, 0, err), "%s", err);
	CHECK(!run(d, "collator 2 off=30 len=4", NULL, 0, err), "%s", err);
	CHECK(!run(d, "keys commit", NULL, 0, err), "%s", err);
	CHECK(!run(d, "reg write 0x8a4 0", NULL, 0, err), "%s", err);
	CHECK(!run(d, "reg write 0x924 0x6", NULL, 0, err), "%s", err);
	CHECK(run(d, "reg write 0x89c 0x1000003", out, sizeof(out), err), "action 3 accepted");
	CHECK_STR(err, "ERR IRULE_ACTION (code 29");
	CHECK(!run(d, "reg write 0x924 0x900", NULL, 0, err), "%s", err);
	CHECK(run(d, "reg write 0x89c 0x1000003", out, sizeof(out), err), "vf 9 accepted");
	CHECK_STR(err, "ERR IRULE_VF (code 28");
	CHECK(run(d, "reg write 0x89c 0x1000020", out, sizeof(out), err), "slot 32 accepted");
	CHECK_STR(err, "ERR IRULE_INDEX (code 27");
	CHECK(!run(d, "reg write 0x924 0", NULL, 0, err), "%s", err);
}

static void test_rules_placed(struct vnr_dev *d)
{
	uint8_t keys[6][128], m[128];
	char out[4096], err[512], want[160];
	uint32_t table[EM_RULES][WORDS], *e;
	unsigned b, i, slot, refused;

	check_ctx = "emu irule add";
	b = same_bucket_keys(1, 7, keys, 6);
	em.refused = 0;
	for (i = 0; i < 4; i++) {
		CHECK(!add_key(d, 1, keys[i], 7, i == 2 ? "action=trap" : "ttl_dec=1", out, err),
		      "%s", err);
		snprintf(want, sizeof(want), "irule %u\n", b * 4 + i);
		CHECK(!strcmp(out, want), "'%s', want '%s'", out, want);
	}
	CHECK_EQ(em.refused, 0);
	/* key bytes 0-2 and 4-6: the mask clears byte 3 */
	e = em.table[b * 4];
	CHECK_EQ(IR(e, VALID), 1);
	CHECK_EQ(IR(e, PROFILE), 1);
	CHECK_EQ(IR(e, VF), 1);
	CHECK_EQ(IR(e, TTL_DEC), 1);
	CHECK_EQ(IR(em.table[b * 4 + 2], ACTION), 1);
	CHECK_EQ(e[0], (uint32_t)keys[0][0] << 24);
	CHECK_EQ(e[1], keys[0][6] << 8);
	for (i = 0; i < 4; i++) {
		memcpy(m, keys[i], 128);
		m[3] = 0;
		CHECK_EQ(emu_lookup(1, 0, m), b * 4 + i);
	}

	check_ctx = "emu fifth rule";
	memcpy(table, em.table, sizeof(table));
	CHECK(add_key(d, 1, keys[4], 7, "", out, err), "fifth rule accepted");
	snprintf(want, sizeof(want), "irule add: bucket %u is full (IRULE_WAYS 4): slot %u profile 1 key ",
		 b, b * 4);
	CHECK_STR(err, want);
	CHECK_STR(err, "short 0; slot");
	CHECK(!memcmp(table, em.table, sizeof(table)), "a refused add changed the table");
	CHECK(add_key(d, 1, keys[1], 7, "action=drop", out, err), "duplicate accepted");
	snprintf(want, sizeof(want), "irule add: already in the table: slot %u profile 1 key", b * 4 + 1);
	CHECK_STR(err, want);
	/* the same key differs by byte 3 only, which the mask clears */
	keys[1][3] = 0x55;
	CHECK(add_key(d, 1, keys[1], 7, "", out, err), "duplicate under the mask accepted");
	CHECK_STR(err, "already in the table");
	CHECK(run(d, "irule add profile=1 key=00000000000000000001 vf=1", out, sizeof(out), err),
	      "key past the collated bytes accepted");
	CHECK_STR(err, "irule add: key byte 9 is past the 7 bytes the collators fill");
	CHECK(!memcmp(table, em.table, sizeof(table)), "a refused add changed the table");
	refused = em.refused;
	CHECK_EQ(refused, 0);
	/* the same key in another profile or with short=1 is another rule */
	CHECK(!add_key(d, 2, keys[4], 7, "short=1", out, err), "%s", err);
	CHECK(sscanf(out, "irule %u", &slot) == 1, "%s", out);
	memcpy(m, keys[4], 128);
	m[3] = 0;
	CHECK_EQ(slot / 4, ref_bucket(EM_RULES, 2, 1, m));
	CHECK_EQ(emu_lookup(2, 1, m), slot);

	check_ctx = "emu irule show";
	em.cnt3[b * 4 + 2][0] = 5;
	em.cnt3[b * 4 + 2][1] = 1ull << 33;
	CHECK(!run(d, "irule show", out, sizeof(out), err), "%s", err);
	snprintf(want, sizeof(want), "irule %u bucket=%u profile=1 key=", b * 4 + 2, b);
	CHECK_STR(out, want);
	CHECK_STR(out, " short=0 action=trap vf=1 ttl_dec=0 pkts=5 bytes=8589934592\n");
	CHECK_STR(out, " short=1 action=deliver vf=1 ttl_dec=0 pkts=0 bytes=0\n");
	CHECK_EQ(VNR_FIELD_GET(R(VNR_COUNTERS_CNT_SEL), VNR_COUNTERS_CNT_SEL_BANK), 3);
	{
		unsigned lines = 0;
		const char *p;

		for (p = out; (p = strchr(p, '\n')); p++)
			lines++;
		CHECK_EQ(lines, 5);
	}
	snprintf(want, sizeof(want), "irule show slot=%u", b * 4 + 3);
	CHECK(!run(d, want, out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "action=deliver vf=1 ttl_dec=1");
	CHECK(!run(d, "irule show slot=0x1f", out, sizeof(out), err), "%s", err);
	CHECK(!strcmp(out, "irule 31: empty\n") || strstr(out, "bucket=7"), "%s", out);

	check_ctx = "emu irule del";
	snprintf(want, sizeof(want), "irule del slot=%u", b * 4 + 1);
	CHECK(!run(d, want, NULL, 0, err), "%s", err);
	CHECK_EQ(IR(em.table[b * 4 + 1], VALID), 0);
	CHECK(run(d, want, NULL, 0, err), "second del accepted");
	snprintf(want, sizeof(want), "irule del: slot %u holds no rule", b * 4 + 1);
	CHECK_STR(err, want);
	/* the freed way takes the next rule of the bucket */
	CHECK(!add_key(d, 1, keys[4], 7, "", out, err), "%s", err);
	snprintf(want, sizeof(want), "irule %u\n", b * 4 + 1);
	CHECK(!strcmp(out, want), "'%s', want '%s'", out, want);
	{
		char line[600], h[300];

		hex(keys[4], 7, h);
		snprintf(line, sizeof(line), "irule del profile=1 key=%s", h);
		CHECK(!run(d, line, NULL, 0, err), "%s", err);
		CHECK_EQ(IR(em.table[b * 4 + 1], VALID), 0);
		CHECK(run(d, line, NULL, 0, err), "second del accepted");
		CHECK_STR(err, "irule del: no rule for profile 1 key ");
		snprintf(want, sizeof(want), "(bucket %u, slots %u-%u)", b, b * 4, b * 4 + 3);
		CHECK_STR(err, want);
		snprintf(line, sizeof(line), "irule del profile=2 key=%s short=1", h);
		CHECK(!run(d, line, NULL, 0, err), "%s", err);
		CHECK_EQ(emu_lookup(2, 1, m), -1);
	}
	CHECK_EQ(em.refused, 0);
}

/* the library calls behind the commands */
static void test_api(struct vnr_dev *d)
{
	struct vnr_ig_rule r, got;
	struct vnr_ig_keydef k;
	uint32_t slot = ~0u, slots[EM_RULES], again;
	unsigned n = 0, i, want = 0;
	uint64_t p, b;
	char err[512];
	int valid = -1;

	check_ctx = "emu api";
	CHECK(!vnr_ig_key_read(d, &k, err, sizeof(err)), "%s", err);
	CHECK(k.off[0] == 46 && k.len[0] == 3 && k.off[2] == 30 && k.len[2] == 4, "key read back");
	k.len[1] = 200;
	CHECK(vnr_ig_keydef_check(&k, err, sizeof(err)), "len 200 passed");
	CHECK_STR(err, "collator 1: len=200 above the limit 128 (KEY_BYTES)");
	CHECK(vnr_ig_collator_set(d, 1, 0, 200, err, sizeof(err)), "len 200 set");
	CHECK(vnr_ig_collator_set(d, 4, 0, 1, err, sizeof(err)), "collator 4 set");
	CHECK_STR(err, "collator 4: index above the limit 3");
	memset(&r, 0, sizeof(r));
	r.profile = 3;
	r.vf = EM_VF;
	r.action = VNR_IG_DROP;
	r.key[0] = 0xab;
	r.key[6] = 0xcd;
	CHECK(!vnr_ig_rule_add(d, &r, &slot, err, sizeof(err)), "%s", err);
	CHECK(!vnr_ig_rule_read(d, slot, &got, &valid, err, sizeof(err)), "%s", err);
	CHECK(valid == 1 && got.profile == 3 && got.vf == EM_VF && got.action == VNR_IG_DROP &&
	      got.key[0] == 0xab && got.key[6] == 0xcd, "rule read back");
	r.vf = EM_VF + 1;
	CHECK(vnr_ig_rule_add(d, &r, &again, err, sizeof(err)), "vf 9 added");
	CHECK_STR(err, "irule: vf=9 above the limit 8 (NUM_VF)");
	r.vf = 0;
	r.action = 3;
	CHECK(vnr_ig_rule_add(d, &r, &again, err, sizeof(err)), "action 3 added");
	CHECK_STR(err, "irule: action=3 is not deliver (0), trap (1) or drop (2)");
	CHECK(!vnr_ig_rule_list(d, slots, EM_RULES, &n, err, sizeof(err)), "%s", err);
	for (i = 0; i < EM_RULES; i++)
		want += IR(em.table[i], VALID);
	CHECK_EQ(n, want);
	for (i = 0; i < n; i++)
		CHECK(IR(em.table[slots[i]], VALID) && (!i || slots[i] > slots[i - 1]), "list %u", i);
	em.cnt3[slot][0] = 7;
	em.cnt3[slot][1] = 700;
	CHECK(!vnr_rule_bank_counter_read(d, 3, slot, 0, &p, &b, err, sizeof(err)), "%s", err);
	CHECK(p == 7 && b == 700, "bank 3: %llu %llu", (unsigned long long)p, (unsigned long long)b);
	CHECK_EQ(R(VNR_COUNTERS_CNT_IDX), slot);
	CHECK(vnr_rule_bank_counter_read(d, 1, slot, 0, &p, &b, err, sizeof(err)), "bank 1 read");
	CHECK_STR(err, "counter: bank=1 is not a rule bank");
	CHECK(vnr_rule_bank_counter_read(d, 3, EM_RULES, 0, &p, &b, err, sizeof(err)), "slot 32 read");
	CHECK_STR(err, "counter: slot 32 above the limit RULES-1 = 31");
	CHECK(!vnr_ig_rule_del(d, 3, 0, r.key, &again, err, sizeof(err)), "%s", err);
	CHECK_EQ(again, slot);
	CHECK(!vnr_ig_rule_read(d, slot, &got, &valid, err, sizeof(err)) && !valid, "still there");
	CHECK(vnr_ig_rule_del_slot(d, slot, err, sizeof(err)), "empty slot deleted");
}

static void test_inner(struct vnr_dev *d)
{
	char out[4096], err[512];
	uint32_t *e;
	unsigned slot;

	check_ctx = "emu inner ethernet";
	CHECK(!run(d, "profile 1 preset vxlan", NULL, 0, err), "%s", err);
	CHECK(!run(d, "profile 2 preset native", NULL, 0, err), "%s", err);
	CHECK(run(d, "irule add profile=1 key=0a vf=3 inner_dmac=02:00:00:00:00:01 "
		  "inner_smac=02:00:00:00:00:02", out, sizeof(out), err), "inner MACs on vxlan accepted");
	CHECK_STR(err, "irule add: inner_dmac/inner_smac/inner_type do not apply to profile 1: it has inner_eth=1");
	CHECK(!run(d, "irule add profile=2 key=0a vf=3 inner_dmac=02:00:00:00:00:01 "
		   "inner_smac=0a:0b:0c:0d:0e:0f inner_type=0x86dd ttl_dec=2", out, sizeof(out), err),
	      "%s", err);
	CHECK(sscanf(out, "irule %u", &slot) == 1, "%s", out);
	e = em.table[slot % EM_RULES];
	CHECK_EQ(e[33], 0x86dd0200u);
	CHECK_EQ(e[34], 0x00000001u);
	CHECK_EQ(e[35], 0x0a0b);
	CHECK_EQ(e[36], 0x0c0d0e0fu);
	CHECK_EQ(e[32], 1u | 2u << 4 | 3u << 8 | 2u << 16);
	CHECK(!run(d, "irule show", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "profile=2 key=0a short=0 action=deliver vf=3 ttl_dec=2 "
		  "inner_dmac=02:00:00:00:00:01 inner_smac=0a:0b:0c:0d:0e:0f inner_type=0x86dd pkts=0");
	CHECK(!run(d, "irule del profile=2 key=0a000000", NULL, 0, err), "%s", err);
}

/* a software reference of the rules the test added */
struct ref_rule {
	unsigned profile, kshort;
	uint8_t m[128];
	int slot;
};

static unsigned check_table(const struct ref_rule *ref, unsigned n, const char *when)
{
	unsigned i, valid = 0, bad = 0;

	for (i = 0; i < EM_RULES; i++)
		valid += IR(em.table[i], VALID);
	if (valid != n && bad++ < 3)
		CHECK(0, "%s: %u valid slots, %u rules", when, valid, n);
	for (i = 0; i < n; i++) {
		int s = emu_lookup(ref[i].profile, ref[i].kshort, ref[i].m);

		if (s < 0 && bad++ < 3)
			CHECK(0, "%s: rule %u (profile %u) does not hit", when, i, ref[i].profile);
	}
	return bad;
}

static void ref_remask(struct ref_rule *ref, unsigned n)
{
	uint8_t mask[128];
	unsigned i, j;

	emu_mask(mask);
	for (i = 0; i < n; i++)
		for (j = 0; j < 128; j++)
			ref[i].m[j] &= mask[j];
}

static void test_random(struct vnr_dev *d)
{
	static struct ref_rule ref[EM_RULES];
	uint8_t key[128], mask[128];
	char out[4096], err[512], line[700], h[300];
	unsigned n = 0, op, i, bad = 0, adds = 0, full = 0, dups = 0;

	check_ctx = "emu random";
	srandom(11);
	for (i = 0; i < EM_RULES; i++) {
		snprintf(line, sizeof(line), "irule del slot=%u", i);
		if (IR(em.table[i], VALID))
			CHECK(!run(d, line, NULL, 0, err), "%s", err);
	}
	CHECK(!run(d, "collator 0 off=20 len=6", NULL, 0, err), "%s", err);
	CHECK(!run(d, "collator 1 off=0 len=0", NULL, 0, err), "%s", err);
	CHECK(!run(d, "collator 2 off=0 len=0", NULL, 0, err), "%s", err);
	CHECK(!run(d, "mask ffffffffffff", NULL, 0, err), "%s", err);
	CHECK(!run(d, "keys commit", NULL, 0, err), "%s", err);
	emu_mask(mask);
	for (op = 0; op < 300; op++) {
		if (n && (rnd() % 3 == 0 || n == EM_RULES)) {
			i = rnd() % n;
			if (rnd() % 2) {
				snprintf(line, sizeof(line), "irule del slot=%d", ref[i].slot);
			} else {
				hex(ref[i].m, 6, h);
				snprintf(line, sizeof(line), "irule del profile=%u key=%s short=%u",
					 ref[i].profile, h, ref[i].kshort);
			}
			CHECK(!run(d, line, NULL, 0, err), "%s: %s", line, err);
			ref[i] = ref[--n];
		} else {
			unsigned p = rnd() % 3, s = rnd() % 4 == 0, slot;
			int dup = -1;

			memset(key, 0, sizeof(key));
			key[0] = (uint8_t)(rnd() % 4);
			key[5] = (uint8_t)(rnd() % 4);
			for (i = 0; i < n; i++)
				if (ref[i].profile == p && ref[i].kshort == s && !memcmp(ref[i].m, key, 128))
					dup = (int)i;
			hex(key, 6, h);
			snprintf(line, sizeof(line), "irule add profile=%u key=%s vf=%u short=%u", p, h,
				 rnd() % (EM_VF + 1), s);
			if (!run(d, line, out, sizeof(out), err)) {
				CHECK(dup < 0, "%s: duplicate of rule %d accepted", line, dup);
				CHECK(sscanf(out, "irule %u", &slot) == 1, "%s", out);
				CHECK_EQ(slot / 4, ref_bucket(EM_RULES, p, s, key));
				ref[n].profile = p;
				ref[n].kshort = s;
				memcpy(ref[n].m, key, 128);
				ref[n++].slot = (int)slot;
				adds++;
			} else if (strstr(err, "already in the table")) {
				CHECK(dup >= 0, "%s: %s", line, err);
				dups++;
			} else {
				CHECK(strstr(err, "is full (IRULE_WAYS 4)") != NULL, "%s: %s", line, err);
				full++;
			}
		}
		bad += check_table(ref, n, line);
	}
	CHECK_EQ(bad, 0);
	CHECK(adds > 50 && full > 0 && dups > 0, "adds %u full %u duplicates %u", adds, full, dups);
	CHECK_EQ(em.refused, 0);

	check_ctx = "emu keys commit rewrite";
	/* narrowing the mask to bytes 0-3 merges rules: the commit is refused whole */
	{
		uint32_t table[EM_RULES][WORDS], coll0 = em.coll[0], mask0 = em.mask[1];

		memcpy(table, em.table, sizeof(table));
		CHECK(!run(d, "mask ffffffff", NULL, 0, err), "%s", err);
		CHECK(!run(d, "collator 0 off=20 len=4", NULL, 0, err), "%s", err);
		CHECK(run(d, "keys commit", NULL, 0, err), "merging commit accepted");
		CHECK(strstr(err, "hold the same rule") || strstr(err, "would need more than 4 rules"),
		      "%s", err);
		CHECK(!memcmp(table, em.table, sizeof(table)), "a refused commit changed the table");
		CHECK_EQ(em.coll[0], coll0);
		CHECK_EQ(em.mask[1], mask0);
	}
	/* keep only rules that stay distinct under bytes 0-4, then commit */
	while (n) {
		snprintf(line, sizeof(line), "irule del slot=%d", ref[--n].slot);
		CHECK(!run(d, line, NULL, 0, err), "%s", err);
	}
	CHECK(!run(d, "mask ffffffffffff", NULL, 0, err), "%s", err);
	CHECK(!run(d, "collator 0 off=20 len=6", NULL, 0, err), "%s", err);
	CHECK(!run(d, "keys commit", NULL, 0, err), "%s", err);
	for (i = 0; n < 12 && i < 200; i++) {
		unsigned slot;

		memset(key, 0, sizeof(key));
		key[0] = (uint8_t)(i / 3);
		key[4] = (uint8_t)(0x10 + i);  /* masked away by the narrower mask below */
		hex(key, 6, h);
		snprintf(line, sizeof(line), "irule add profile=%u key=%s vf=2", i % 3, h);
		if (run(d, line, out, sizeof(out), err))
			continue;
		CHECK(sscanf(out, "irule %u", &slot) == 1, "%s", out);
		ref[n].profile = i % 3;
		ref[n].kshort = 0;
		memcpy(ref[n].m, key, 128);
		ref[n++].slot = (int)slot;
	}
	CHECK_EQ(check_table(ref, n, "before the narrower mask"), 0);
	CHECK(!run(d, "mask ffffffff", NULL, 0, err), "%s", err);
	CHECK(!run(d, "keys commit", NULL, 0, err), "%s", err);
	CHECK_EQ(em.mask[1], 0);
	ref_remask(ref, n);
	CHECK_EQ(check_table(ref, n, "after the narrower mask"), 0);
	CHECK(!run(d, "irule show", out, sizeof(out), err), "%s", err);
	CHECK(!strstr(out, "misplaced"), "%s", out);
	CHECK_EQ(em.refused, 0);
	/* without the rewrite (a raw KEY_CMD commit) show points at the dead rules,
	 * and at a rule written into another bucket */
	CHECK(!run(d, "mask 00ff", NULL, 0, err), "%s", err);
	CHECK(!run(d, "reg write 0x808 0x100", NULL, 0, err), "%s", err);
	CHECK(!run(d, "irule show", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "never hits: key byte 0 has bits outside the mask\n");
	CHECK(!run(d, "mask ffffffff", NULL, 0, err), "%s", err);
	CHECK(!run(d, "keys commit", NULL, 0, err), "%s", err);
	for (i = 0; i < EM_RULES && !IR(em.table[i], VALID); i++)
		;
	if (i < EM_RULES) {
		memcpy(em.table[(i + 4) % EM_RULES], em.table[i], sizeof(em.table[i]));
		memset(em.table[i], 0, sizeof(em.table[i]));
	}
	CHECK(!run(d, "irule show", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "misplaced: its key hashes to bucket");
}

int main(void)
{
	struct vnr_dev *d;
	char err[512];

	if (!mkdtemp(tmpdir))
		return 2;
	test_crc();
	test_file();
	emu_reset();
	d = vnr_dev_open(&emu_bus, err, sizeof(err));
	check_ctx = "emu open";
	CHECK(d != NULL, "%s", err);
	if (d) {
		test_keys(d);
		test_rules_placed(d);
		test_inner(d);
		test_api(d);
		test_random(d);
		vnr_dev_close(d);
	}
	if (!check_fail) {
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd))
			fprintf(stderr, "cleanup of %s failed\n", tmpdir);
	}
	return check_report("driver ingress (devmem on a file, emulated ingress block)");
}
