/* Driver unit tests that need neither model nor sim: the devmem bus on a
 * temporary regular file (writes land at their offsets, dev_open refuses what
 * is not a veneer engine), command parsing and validation that never touches
 * the bus, batch files. */
#include "check.h"
#include "engine_file.h"

static char tmpdir[] = "/tmp/vnrdrv-unit-XXXXXX";

static int run(struct vnr_dev *d, const char *line, char *out, size_t outlen, char *err)
{
	FILE *f = fmemopen(out, outlen, "w");
	int rc;

	err[0] = 0;
	rc = vnr_cmd_line(d, line, f, err, 512);
	fclose(f);
	return rc;
}

static void test_numbers(void)
{
	uint64_t v;

	check_ctx = "numbers";
	CHECK(!vnr_parse_u64("0", &v) && v == 0, "0");
	CHECK(!vnr_parse_u64("0x1F", &v) && v == 31, "hex");
	CHECK(!vnr_parse_u64("4789", &v) && v == 4789, "dec");
	CHECK(vnr_parse_u64("", &v), "empty");
	CHECK(vnr_parse_u64("0x", &v), "0x alone");
	CHECK(vnr_parse_u64("12a", &v), "trailing junk");
	CHECK(vnr_parse_u64("-1", &v), "negative");
	CHECK(vnr_parse_u64(" 1", &v), "leading space");
	CHECK(vnr_parse_u64("99999999999999999999999", &v), "overflow");
}

static struct vnr_dev *open_file(const char *path, struct vnr_bus **bus, char *err)
{
	struct vnr_dev *d;

	*bus = vnr_bus_devmem_new(path, err, 512);
	if (!*bus)
		return NULL;
	d = vnr_dev_open(*bus, err, 512);
	if (!d) {
		vnr_bus_free(*bus);
		*bus = NULL;
	}
	return d;
}

static void test_open_refusals(void)
{
	char path[256], err[512];
	struct vnr_bus *bus;
	uint8_t *img = engine_image(0);

	check_ctx = "dev_open";
	snprintf(path, sizeof(path), "%s/bad.bin", tmpdir);
	put(img, 0x08, 0);
	write_file(path, img, WINDOW);
	CHECK(!open_file(path, &bus, err), "zero MAGIC accepted");
	CHECK_STR(err, "MAGIC 0x00000000, expected 0x564e5231");

	put(img, 0x08, VNR_ID_MAGIC);
	put(img, 0x300, VNR_BLK_COUNTERS_TYPE << 16 | 2);
	write_file(path, img, WINDOW);
	CHECK(!open_file(path, &bus, err), "counters v2 accepted");
	CHECK_STR(err, "block counters at 0x00300: version 2, this driver speaks version 1");

	put(img, 0x300, VNR_BLK_COUNTERS_TYPE << 16 | 1);
	put(img, 0x304, 0);
	write_file(path, img, WINDOW);
	CHECK(!open_file(path, &bus, err), "chain without ports accepted");
	CHECK_STR(err, "no ports block");

	put(img, 0x304, 0x200);
	write_file(path, img, WINDOW);
	CHECK(!open_file(path, &bus, err), "looping chain accepted");
	CHECK_STR(err, "must grow");

	write_file(path, img, 4096);
	CHECK(!vnr_bus_devmem_new(path, err, sizeof(err)), "short file accepted");
	CHECK_STR(err, "below the csr window of 1048576 bytes");

	CHECK(!vnr_bus_devmem_new("/nonexistent/bar0", err, sizeof(err)), "missing file");
	CHECK_STR(err, "/nonexistent/bar0");
	free(img);
}

static void test_ident(struct vnr_dev *d)
{
	const struct vnr_ident *id = vnr_dev_ident(d);
	char out[4096], err[512];

	check_ctx = "ident";
	CHECK_EQ(id->hw_version, VNR_HW_VERSION);
	CHECK_EQ(id->data_w, 64);
	CHECK_EQ(id->num_vf, 8);
	CHECK_EQ(id->rules, 4096);
	CHECK_EQ(id->profiles, 4);
	CHECK_EQ(id->reasons, 32);
	CHECK_EQ(id->hdr_egress, 128);
	CHECK_EQ(id->hdr_ingress, 256);
	CHECK_EQ(id->fifo_beats, 2048);
	CHECK(!run(d, "ident", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "data_w 64 num_vf 8 rules 4096");
	CHECK_STR(out, "0x00400  type 5 (ports)  version 1");
}

static void test_writes_land(struct vnr_dev *d, const char *path)
{
	char out[4096], err[512];
	uint64_t p = 0, b = 0;

	check_ctx = "devmem writes";
	CHECK(!run(d, "reg write 0x118 0x12345678", out, sizeof(out), err), "%s", err);
	CHECK_EQ(file_word(path, 0x118), 0x12345678);
	CHECK(!run(d, "reg read 0x118", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "0x00118: 0x12345678");
	CHECK(!run(d, "debug on", out, sizeof(out), err), "%s", err);
	CHECK_EQ(file_word(path, 0x108), 1);
	CHECK(!run(d, "debug off", out, sizeof(out), err), "%s", err);
	CHECK_EQ(file_word(path, 0x108), 0);

	CHECK(!run(d, "profile 2 preset vxlan", out, sizeof(out), err), "%s", err);
	CHECK_EQ(file_word(path, 0x20c), 0x00101103); /* enable, inner_eth, 17, 16 */
	CHECK_EQ(file_word(path, 0x210), 0x12b50002); /* off 2, val 4789 */
	CHECK_EQ(file_word(path, 0x214), 0xffff);
	CHECK_EQ(file_word(path, 0x218), 0x30c);      /* off 12, len 3 */
	CHECK_EQ(file_word(path, 0x21c), 0x104);      /* len_off 4, len_en */
	CHECK_EQ(file_word(path, 0x208), 0x102);      /* commit profile 2 */

	{
		int fd = open(path, O_RDWR);
		uint32_t w[4] = { 5, 1, 600, 0 };

		CHECK(pwrite(fd, w, 16, 0x314) == 16, "pwrite");
		close(fd);
	}
	CHECK(!vnr_counter_read(d, 1, 3, VNR_REASON_NO_IRULE, 1, &p, &b, err, sizeof(err)), "%s", err);
	CHECK_EQ(p, (1ull << 32) | 5);
	CHECK_EQ(b, 600);
	CHECK_EQ(file_word(path, 0x308), 1u | 3u << 8 | 3u << 16 | 1u << 31);
	CHECK_EQ(file_word(path, 0x30c), 1);
	CHECK(!run(d, "stats --json", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "{\"ports\":{\"h2e_in\":");
	CHECK_STR(out, "{\"bank\":\"egress\",\"func\":0,\"reason\":\"forward\",\"pkts\":4294967301,\"bytes\":600}");
	{
		int fd = open(path, O_RDWR);
		uint32_t one = 1;

		CHECK(pwrite(fd, &one, 4, 0x310) == 4, "pwrite");
		close(fd);
	}
	CHECK(vnr_counter_read(d, 0, 0, 0, 0, &p, &b, err, sizeof(err)), "busy forever accepted");
	CHECK_STR(err, "busy still set after 1000 polls");
}

static const struct {
	const char *cmd, *msg;
} bad_cmds[] = {
	{ "profile 4 preset vxlan", "profile 4: index above the limit 3" },
	{ "profile 0x10 preset vxlan", "index above the limit 3" },
	{ "profile x preset vxlan", "index 'x' is not a number" },
	{ "profile 1 preset geneve", "unknown preset 'geneve'" },
	{ "profile 1 preset", "missing name" },
	{ "profile 1 set opaque=65", "profile 1: opaque=65 above the limit 64" },
	{ "profile 1 set proto=256", "profile 1: proto=256 above the limit 255" },
	{ "profile 1 set proto=0x100", "proto=0x100 above the limit 255" },
	{ "profile 1 set fmt_val=0x10000", "fmt_val=0x10000 above the limit 65535" },
	{ "profile 1 set fmt_mask=65536", "fmt_mask=65536 above the limit 65535" },
	{ "profile 1 set flow_len=5", "flow_len=5 above the limit 4" },
	{ "profile 1 set enable=2", "enable=2 above the limit 1" },
	{ "profile 1 set opaque=12x", "opaque: '12x' is not a number" },
	{ "profile 1 set opaque=", "opaque: missing value" },
	{ "profile 1 set colour=1", "unknown key 'colour'" },
	{ "profile 1 set opaque", "'opaque' is not key=value" },
	{ "profile 1 set", "missing key=value" },
	{ "profile 1 frob", "unknown action 'frob'" },
	{ "frob", "unknown command 'frob'" },
	{ "debug maybe", "'maybe' is not on or off" },
	{ "reg read 0x100000", "address=0x100000 above the limit 0xffffc" },
	{ "reg read 0x102", "not a multiple of 4" },
	{ "reg write 0x118", "usage" },
	{ "reg write 0x118 0x100000000", "above the limit 4294967295" },
	{ "stats --bogus", "unknown option '--bogus'" },
	{ "send h2e x.pcap", "need a simulation backend" },
	{ "run 10", "need a simulation backend" },
	{ "drain", "need a simulation backend" },
	{ "dump e2h x.pcap", "need a simulation backend" },
	{ "ident now", "unexpected 'now'" },
};

static void test_refusals_untouched(struct vnr_dev *d, const char *path)
{
	char out[4096], err[512];
	uint8_t *before = read_all(path), *after;
	unsigned i;

	check_ctx = "refusals";
	for (i = 0; i < sizeof(bad_cmds) / sizeof(bad_cmds[0]); i++) {
		CHECK(run(d, bad_cmds[i].cmd, out, sizeof(out), err), "'%s' accepted", bad_cmds[i].cmd);
		CHECK_STR(err, bad_cmds[i].msg);
	}
	after = read_all(path);
	CHECK(!memcmp(before, after, WINDOW), "a refused command wrote to the device");
	free(before);
	free(after);
}

static void test_checks(void)
{
	struct vnr_prof p;
	char err[512];

	check_ctx = "prof_check";
	vnr_prof_preset("gre16", &p);
	CHECK(!vnr_prof_check(0, &p, err, sizeof(err)), "%s", err);
	p.fmt_off = 15;
	CHECK(vnr_prof_check(0, &p, err, sizeof(err)), "fmt_off 15");
	CHECK_STR(err, "profile 0: fmt_off=15 above the limit 14 (fmt_off+2 <= opaque=16)");
	vnr_prof_preset("gre16", &p);
	p.flow_off = 13;
	p.flow_len = 4;
	CHECK(vnr_prof_check(0, &p, err, sizeof(err)), "flow");
	CHECK_STR(err, "flow_off=13 above the limit 12 (flow_off+flow_len <= opaque=16)");
	vnr_prof_preset("native", &p);
	p.len_off = 19;
	CHECK(vnr_prof_check(3, &p, err, sizeof(err)), "len_off");
	CHECK_STR(err, "profile 3: len_off=19 above the limit 18 (len_off+2 <= opaque=20)");
	vnr_prof_preset("native", &p);
	p.csum_off = 30;
	p.csum_en = 1;
	CHECK(vnr_prof_check(3, &p, err, sizeof(err)), "csum_off");
	CHECK_STR(err, "csum_off=30 above the limit 18");
	vnr_prof_preset("native", &p);
	p.opaque = 1;
	CHECK(vnr_prof_check(3, &p, err, sizeof(err)), "opaque 1");
	CHECK_STR(err, "fmt_off=2 does not fit: fmt_off+2 <= opaque=1");
	CHECK(!vnr_prof_preset("vxlan", &p) && !vnr_prof_check(1, &p, err, sizeof(err)), "vxlan");
	CHECK(!vnr_prof_preset("native", &p) && !vnr_prof_check(1, &p, err, sizeof(err)), "native");
}

static void test_batch(struct vnr_dev *d, const char *path)
{
	char bpath[300], err[512];
	FILE *f;

	check_ctx = "batch";
	snprintf(bpath, sizeof(bpath), "%s/cfg.vnr", tmpdir);
	f = fopen(bpath, "w");
	fprintf(f, "# a comment\n\nreg write 0x118 7   # trailing comment\n   \n"
		   "profile 0 preset gre16\nprofile 0 set opaque=99\nreg write 0x118 9\n");
	fclose(f);
	CHECK(vnr_cmd_file(d, bpath, NULL, err, sizeof(err)), "bad batch accepted");
	CHECK_STR(err, "cfg.vnr:6: profile 0: opaque=99 above the limit 64");
	CHECK_EQ(file_word(path, 0x118), 7);
	CHECK_EQ(file_word(path, 0x20c), 0x00102f03); /* gre16 committed before line 6 */
	CHECK(vnr_cmd_file(d, "/nonexistent.vnr", NULL, err, sizeof(err)), "missing file");
	CHECK_STR(err, "/nonexistent.vnr");
}

int main(void)
{
	char path[256], err[512];
	struct vnr_bus *bus;
	struct vnr_dev *d;
	uint8_t *img;

	if (!mkdtemp(tmpdir))
		return 2;
	test_numbers();
	test_checks();
	test_open_refusals();
	snprintf(path, sizeof(path), "%s/bar0", tmpdir);
	img = engine_image(0);
	write_file(path, img, WINDOW);
	free(img);
	d = open_file(path, &bus, err);
	check_ctx = "open";
	CHECK(d != NULL, "%s", err);
	if (d) {
		test_ident(d);
		test_writes_land(d, path);
		test_refusals_untouched(d, path);
		test_batch(d, path);
		vnr_dev_close(d);
		vnr_bus_free(bus);
	}
	if (!check_fail) {
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd))
			fprintf(stderr, "cleanup of %s failed\n", tmpdir);
	}
	return check_report("driver unit (devmem on a file)");
}
