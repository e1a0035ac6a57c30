/* Driver tests on the real engines: the model (runner + vnr_engine_model_new),
 * the RTL under Verilator (vnr_engine_rtl_new at 64 bits) and both in lockstep,
 * all through the runner's csr master, exactly as vnrctl -B model|rtl|cosim. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "drv_internal.h"
#include "vnr_frameio.h"
#include "vnr_core.h"

/* the RTL is Verilated with the build's NUM_VF; the model is built to match */
#ifndef VNR_TEST_NUM_VF
#define VNR_TEST_NUM_VF 64
#endif
#define NUM_VF VNR_TEST_NUM_VF
#define STR_(x) #x
#define STR(x) STR_(x)

static char tmpdir[] = "/tmp/vnrdrv-backend-XXXXXX";

struct state {
	struct vnr_prof p[4];
	uint32_t ctrl, err_count, vf_refused;
};

struct env {
	struct vnr_engine *a, *b;
	struct vnr_runner *r;
	struct vnr_bus *bus;
	struct vnr_dev *d;
};

static int cmd(struct vnr_dev *d, const char *line, char *out, size_t outlen, char *err)
{
	FILE *f = out ? fmemopen(out, outlen, "w") : NULL;
	int rc;

	err[0] = 0;
	rc = vnr_cmd_line(d, line, f, err, 512);
	if (f)
		fclose(f);
	return rc;
}

static uint32_t rd(struct vnr_dev *d, uint32_t addr)
{
	char err[512];
	uint32_t v = 0xdeadbeef;

	CHECK(!vnr_dev_read(d, addr, &v, err, sizeof(err)), "%s", err);
	return v;
}

static void state_read(struct vnr_dev *d, struct state *s)
{
	char err[512];
	unsigned i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < 4; i++)
		CHECK(!vnr_prof_read(d, i, &s->p[i], err, sizeof(err)), "%s", err);
	s->ctrl = rd(d, VNR_CTRL_CTRL);
	s->err_count = rd(d, VNR_CTRL_ERR_COUNT);
	s->vf_refused = rd(d, VNR_CTRL_VF_REFUSED);
}

static void test_ident(struct vnr_dev *d)
{
	const struct vnr_ident *id = vnr_dev_ident(d);
	static const uint32_t types[] = { 1, 2, 3, 4, 5, 6, 7 };
	static const uint32_t offsets[] = { 0, 0x100, 0x200, 0x300, 0x400, 0x500, 0x800 };
	char out[4096], err[512];
	unsigned i;

	check_ctx = "ident";
	CHECK_EQ(rd(d, VNR_IDENT_MAGIC), VNR_ID_MAGIC);
	CHECK_EQ(id->hw_version, VNR_HW_VERSION);
	CHECK_EQ(id->data_w, 64);
	CHECK_EQ(id->num_vf, NUM_VF);
	CHECK_EQ(id->rules, 4096);
	CHECK_EQ(id->profiles, 4);
	CHECK_EQ(id->collators, 4);
	CHECK_EQ(id->reasons, 32);
	CHECK_EQ(id->hdr_egress, 128);
	CHECK_EQ(id->hdr_ingress, 256);
	CHECK_EQ(id->fifo_beats, VNR_FIFO_BYTES / 8);
	CHECK_EQ(d->nblocks, 7);
	for (i = 0; i < 7 && i < d->nblocks; i++) {
		CHECK_EQ(d->blocks[i].type, types[i]);
		CHECK_EQ(d->blocks[i].offset, offsets[i]);
		CHECK_EQ(d->blocks[i].version, 1);
	}
	CHECK(!cmd(d, "ident", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "data_w 64 num_vf " STR(NUM_VF) " rules 4096 profiles 4 collators 4");
	CHECK_STR(out, "0x00300  type 4 (counters)  version 1");
	CHECK(!cmd(d, "reg write 0x118 0xa5a5f00d", out, sizeof(out), err), "%s", err);
	CHECK(!cmd(d, "reg read 0x118", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "0x00118: 0xa5a5f00d");
}

static int prof_eq(const struct vnr_prof *a, const struct vnr_prof *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static void test_presets(struct vnr_dev *d)
{
	static const char *const names[] = { "gre16", "vxlan", "native" };
	struct vnr_prof want, got;
	char line[128], out[4096], err[512], fmt[320];
	unsigned i, n;

	check_ctx = "presets";
	for (n = 0; n < 3; n++) {
		for (i = 0; i < 4; i++) {
			snprintf(line, sizeof(line), "profile %u preset %s", i, names[n]);
			CHECK(!cmd(d, line, NULL, 0, err), "%s: %s", line, err);
			vnr_prof_preset(names[n], &want);
			CHECK(!vnr_prof_read(d, i, &got, err, sizeof(err)), "%s", err);
			CHECK(prof_eq(&want, &got), "%s read back differs", line);
		}
	}
	CHECK(!cmd(d, "profile 0 preset gre16", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile 1 preset vxlan", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile 2 preset native", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile 3 disable", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile show", out, sizeof(out), err), "%s", err);
	vnr_prof_preset("vxlan", &want);
	vnr_prof_format(1, &want, fmt, sizeof(fmt));
	CHECK_STR(out, fmt);
	CHECK_STR(out, "profile 0: enable=1 proto=47 opaque=16 fmt_off=2 fmt_val=0x6558");

	check_ctx = "profile set";
	CHECK(!cmd(d, "profile 3 preset gre16", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile 3 set proto=0x32 flow_len=4 flow_off=8", NULL, 0, err), "%s", err);
	vnr_prof_preset("gre16", &want);
	want.proto = 50;
	want.flow_len = 4;
	want.flow_off = 8;
	CHECK(!vnr_prof_read(d, 3, &got, err, sizeof(err)), "%s", err);
	CHECK(prof_eq(&want, &got), "set changed other keys");
	CHECK(!cmd(d, "profile 3 disable", NULL, 0, err), "%s", err);
	want.enable = 0;
	CHECK(!vnr_prof_read(d, 3, &got, err, sizeof(err)), "%s", err);
	CHECK(prof_eq(&want, &got), "disable changed other keys");
	CHECK(!cmd(d, "profile show 3", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "profile 3: enable=0 proto=50");
}

static const struct {
	const char *cmd, *msg;
} bad[] = {
	{ "profile 1 set opaque=65", "profile 1: opaque=65 above the limit 64" },
	{ "profile 1 set opaque=8", "profile 1: flow_off=12 above the limit 5 (flow_off+flow_len <= opaque=8)" },
	{ "profile 1 set opaque=1", "profile 1: fmt_off=2 does not fit: fmt_off+2 <= opaque=1" },
	{ "profile 1 set fmt_off=15", "profile 1: fmt_off=15 above the limit 14 (fmt_off+2 <= opaque=16)" },
	{ "profile 1 set flow_len=5", "profile 1: flow_len=5 above the limit 4" },
	{ "profile 1 set flow_off=13 flow_len=4", "profile 1: flow_off=13 above the limit 12" },
	{ "profile 1 set len_off=15", "profile 1: len_off=15 above the limit 14 (len_off+2 <= opaque=16)" },
	{ "profile 1 set csum_off=200 csum_en=1", "profile 1: csum_off=200 above the limit 14" },
	{ "profile 1 set proto=256", "profile 1: proto=256 above the limit 255" },
	{ "profile 1 set fmt_val=0x10000", "profile 1: fmt_val=0x10000 above the limit 65535" },
	{ "profile 1 set fmt_mask=-1", "profile 1: fmt_mask: '-1' is not a number" },
	{ "profile 1 set inner_eth=2", "profile 1: inner_eth=2 above the limit 1" },
	{ "profile 1 set colour=red", "profile 1: unknown key 'colour'" },
	{ "profile 1 set proto", "profile 1: 'proto' is not key=value" },
	{ "profile 1 set proto=", "profile 1: proto: missing value" },
	{ "profile 1 set opaque=0x", "'0x' is not a number" },
	{ "profile 4 preset vxlan", "profile 4: index above the limit 3" },
	{ "profile 1 preset nvgre", "unknown preset 'nvgre'" },
	{ "debug sometimes", "debug: 'sometimes' is not on or off" },
	{ "stats --fast", "stats: unknown option '--fast'" },
	{ "send h2e x.pcap func=" STR(NUM_VF) "1", "send: func=" STR(NUM_VF) "1 above the limit " STR(NUM_VF) },
	{ "send x2e x.pcap", "send: port 'x2e' is not h2e or n2e" },
	{ "dump h2e x.pcap", "dump: port 'h2e' is not e2n or e2h" },
	{ "run many", "run: cycles 'many' is not a number" },
	{ "reg write 0x100000 1", "above the limit 0xffffc" },
	{ "nonsense", "unknown command 'nonsense'" },
};

static void test_refusals(struct vnr_dev *d)
{
	struct state before, after;
	char err[512];
	unsigned i;

	check_ctx = "refusals";
	CHECK(!cmd(d, "profile 1 preset vxlan", NULL, 0, err), "%s", err);
	state_read(d, &before);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(cmd(d, bad[i].cmd, NULL, 0, err), "'%s' accepted", bad[i].cmd);
		CHECK_STR(err, bad[i].msg);
	}
	state_read(d, &after);
	CHECK(!memcmp(&before, &after, sizeof(before)), "a refused command changed the engine");
	CHECK_EQ(after.err_count, before.err_count);
}

static void test_hw_refusals(struct vnr_dev *d)
{
	struct state before, after;
	char out[1024], err[512];
	uint32_t e;

	check_ctx = "hw refusals";
	state_read(d, &before);
	CHECK(cmd(d, "reg write 0x80000 1", out, sizeof(out), err), "VF write accepted");
	CHECK_STR(err, "refused: ERR VF_WRITE (code 3, vf 1)");
	CHECK_STR(out, "ERR: ");
	e = rd(d, VNR_CTRL_ERR);
	CHECK_EQ(VNR_FIELD_GET(e, VNR_CTRL_ERR_CODE), VNR_ERR_VF_WRITE);
	CHECK_EQ(VNR_FIELD_GET(e, VNR_CTRL_ERR_VF), 1);
	CHECK_EQ(rd(d, VNR_CTRL_VF_REFUSED), before.vf_refused + 1);
	CHECK(cmd(d, "reg write 0x82008 5", out, sizeof(out), err), "VF 3 write accepted");
	CHECK_STR(err, "ERR VF_WRITE (code 3, vf 3)");
	CHECK_EQ(rd(d, VNR_CTRL_VF_REFUSED), before.vf_refused + 2);
	CHECK(cmd(d, "reg write 0x8 1", out, sizeof(out), err), "MAGIC write accepted");
	CHECK_STR(err, "ERR READ_ONLY");
	/* a shadow that slips past the driver is refused by the engine at commit */
	CHECK(!cmd(d, "reg write 0x20c 0x410000", out, sizeof(out), err), "%s", err);
	CHECK(cmd(d, "reg write 0x208 0x101", out, sizeof(out), err), "opaque 65 committed");
	CHECK_STR(err, "ERR PROF_OPAQUE_LEN");
	CHECK_EQ(rd(d, VNR_CTRL_ERR_COUNT), before.err_count + 4);
	CHECK(!cmd(d, "reg write 0x10c 0", out, sizeof(out), err), "clearing ERR: %s", err);
	CHECK_EQ(rd(d, VNR_CTRL_ERR), 0);
	state_read(d, &after);
	CHECK(!memcmp(before.p, after.p, sizeof(before.p)), "a refused write changed a profile");
}

/* 3 frames of 100 bytes: Ethernet + IPv4 header + zero payload */
static void write_frames(const char *name, unsigned func, int vxlan, char *pcap, char *meta)
{
	struct vnr_frame f[3];
	uint8_t data[3][100];
	char err[512];
	unsigned i;

	memset(f, 0, sizeof(f));
	memset(data, 0, sizeof(data));
	for (i = 0; i < 3; i++) {
		uint8_t *p = data[i];

		memcpy(p, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00", 14);
		p[14] = 0x45;
		p[16] = 0;
		p[17] = 86;          /* IPv4 total length */
		p[22] = 64;
		p[23] = vxlan ? 17 : 6;
		if (vxlan) {
			p[36] = 0x12;        /* UDP destination port 4789 */
			p[37] = 0xb5;
			p[38] = 0;
			p[39] = 66;
			p[42] = 0x08;        /* VXLAN flags, VNI 0x123456 */
			p[46] = 0x12;
			p[47] = 0x34;
			p[48] = 0x56;
		}
		f[i].data = p;
		f[i].len = 100;
		VNR_META_SET(f[i].user, IN, FUNC, func);
	}
	snprintf(pcap, 256, "%s/%s.pcap", tmpdir, name);
	snprintf(meta, 256, "%s/%s.meta", tmpdir, name);
	CHECK(!vnr_pcap_write(pcap, meta, "in", f, 3, err, sizeof(err)), "%s", err);
}

static void check_counter(struct vnr_dev *d, unsigned bank, unsigned func, unsigned reason,
			  uint64_t pkts, uint64_t bytes)
{
	uint64_t p = ~0ull, b = ~0ull;
	char err[512];

	CHECK(!vnr_counter_read(d, bank, func, reason, 0, &p, &b, err, sizeof(err)), "%s", err);
	CHECK(p == pkts && b == bytes, "%s func %u %s: %llu pkts %llu bytes, want %llu %llu",
	      vnr_bank_name(bank), func, vnr_reason_names[reason], (unsigned long long)p,
	      (unsigned long long)b, (unsigned long long)pkts, (unsigned long long)bytes);
}

static void check_json(struct vnr_dev *d, const char *py_checks)
{
	char path[300], out[16384], err[512], sh[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/stats.json", tmpdir);
	CHECK(!cmd(d, "stats --json", out, sizeof(out), err), "%s", err);
	f = fopen(path, "w");
	fputs(out, f);
	fclose(f);
	snprintf(sh, sizeof(sh),
		 "python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); "
		 "p=s[\"ports\"]; c={(x[\"bank\"],x[\"func\"],x[\"reason\"]):(x[\"pkts\"],x[\"bytes\"]) "
		 "for x in s[\"counters\"]}; assert set(p)=={\"h2e_in\",\"e2n_out\",\"n2e_in\",\"e2h_out\"}; "
		 "%s' %s", py_checks, path);
	CHECK(system(sh) == 0, "stats --json check failed: %s\n%s", py_checks, out);
}

static void test_traffic(struct env *e)
{
	struct vnr_dev *d = e->d;
	char pcap[256], meta[256], line[700], out[8192], err[512];
	struct vnr_frame_list l = { 0 };
	uint64_t p, b, ports[4];
	const struct vnr_frame *fr;

	check_ctx = "traffic";
	CHECK(!cmd(d, "stats --clear", NULL, 0, err), "%s", err);
	write_frames("vf1", 1, 0, pcap, meta);
	snprintf(line, sizeof(line), "send h2e %s meta=%s", pcap, meta);
	CHECK(!cmd(d, line, out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "send h2e: 3 frames");
	CHECK(!cmd(d, "drain", NULL, 0, err), "%s", err);
	check_counter(d, 0, 1, VNR_REASON_NO_RULE, 3, 300);
	snprintf(line, sizeof(line), "send h2e %s meta=%s func=2", pcap, meta);
	CHECK(!cmd(d, line, NULL, 0, err), "%s", err);
	snprintf(line, sizeof(line), "send h2e %s func=0", pcap);
	CHECK(!cmd(d, line, NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "run 10", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "run: 10 cycles, now at cycle");
	CHECK(!cmd(d, "drain 100000", NULL, 0, err), "%s", err);
	check_counter(d, 0, 2, VNR_REASON_NO_RULE, 3, 300);
	check_counter(d, 0, 0, VNR_REASON_FORWARD, 3, 300);
	check_counter(d, 0, 1, VNR_REASON_FORWARD, 0, 0);
	CHECK(!vnr_ports_read(d, 0, ports, err, sizeof(err)), "%s", err);
	CHECK(ports[0] == 9 && ports[1] == 3 && ports[2] == 0 && ports[3] == 6,
	      "ports %llu %llu %llu %llu", (unsigned long long)ports[0],
	      (unsigned long long)ports[1], (unsigned long long)ports[2], (unsigned long long)ports[3]);
	check_json(d, "assert p[\"h2e_in\"]==9 and p[\"e2n_out\"]==3 and p[\"e2h_out\"]==6; "
		      "assert c[(\"egress\",1,\"no_rule\")]==(3,300); "
		      "assert c[(\"egress\",2,\"no_rule\")]==(3,300); "
		      "assert c[(\"egress\",0,\"forward\")]==(3,300); assert len(c)==3");
	CHECK(!cmd(d, "stats", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "ports: h2e_in=9 e2n_out=3 n2e_in=0 e2h_out=6");
	CHECK_STR(out, "no_rule");

	check_ctx = "dump";
	snprintf(line, sizeof(line), "dump e2h %s/out_e2h.pcap", tmpdir);
	CHECK(!cmd(d, line, out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "dump e2h: 6 frames");
	snprintf(pcap, sizeof(pcap), "%s/out_e2h.pcap", tmpdir);
	snprintf(meta, sizeof(meta), "%s/out_e2h.meta", tmpdir);
	CHECK(access(meta, R_OK) == 0, "no %s", meta);
	CHECK(!vnr_pcap_read(pcap, meta, "out", &l, err, sizeof(err)), "%s", err);
	CHECK_EQ(l.n, 6);
	if (l.n == 6) {
		CHECK_EQ(l.f[0].len, 100);
		CHECK_EQ(VNR_META_GET(l.f[0].user, OUT, REASON), VNR_REASON_NO_RULE);
		CHECK_EQ(VNR_META_GET(l.f[0].user, OUT, SRC_FUNC), 1);
		CHECK_EQ(VNR_META_GET(l.f[5].user, OUT, SRC_FUNC), 2);
	}
	vnr_frame_list_free(&l);

	check_ctx = "read-and-clear";
	CHECK(!vnr_counter_read(d, 0, 1, VNR_REASON_NO_RULE, 1, &p, &b, err, sizeof(err)), "%s", err);
	CHECK(p == 3 && b == 300, "clear read %llu %llu", (unsigned long long)p, (unsigned long long)b);
	check_counter(d, 0, 1, VNR_REASON_NO_RULE, 0, 0);
	check_counter(d, 0, 2, VNR_REASON_NO_RULE, 3, 300);
	CHECK(!cmd(d, "stats --clear --json", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "\"h2e_in\":9");
	check_json(d, "assert all(v==0 for v in p.values()); assert c=={}");
	{
		static char big[1 << 18];

		CHECK(!cmd(d, "stats --all", big, sizeof(big), err), "%s", err);
		char row[128];

		snprintf(row, sizeof(row), "ingress  %5u  bad_func                      0                    0",
			 NUM_VF);
		CHECK_STR(big, row);
	}

	check_ctx = "debug";
	CHECK(!cmd(d, "debug on", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "debug", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "debug on");
	write_frames("pf", 0, 0, pcap, meta);
	snprintf(line, sizeof(line), "send h2e %s meta=%s", pcap, meta);
	CHECK(!cmd(d, line, NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "drain", NULL, 0, err), "%s", err);
	check_counter(d, 0, 0, VNR_REASON_DEBUG, 3, 300);
	CHECK(!cmd(d, "debug off", NULL, 0, err), "%s", err);
	CHECK_EQ(rd(d, VNR_CTRL_CTRL), 0);

	check_ctx = "ingress";
	CHECK(!cmd(d, "profile 0 disable", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile 1 preset vxlan", NULL, 0, err), "%s", err);
	write_frames("vxlan", 0, 1, pcap, meta);
	snprintf(line, sizeof(line), "send n2e %s", pcap);
	CHECK(!cmd(d, line, NULL, 0, err), "%s", err);
	write_frames("plain", 0, 0, pcap, meta);
	snprintf(line, sizeof(line), "send n2e %s", pcap);
	CHECK(!cmd(d, line, NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "drain", NULL, 0, err), "%s", err);
	check_counter(d, 1, 0, VNR_REASON_NO_IRULE, 3, 300);
	check_counter(d, 1, 0, VNR_REASON_NOT_ENCAP, 3, 300);
	fr = vnr_runner_out(e->r, VNR_PORT_E2H, vnr_runner_out_count(e->r, VNR_PORT_E2H) - 4);
	CHECK(fr != NULL, "no e2h frame");
	if (fr) {
		CHECK_EQ(VNR_META_GET(fr->user, OUT, ENCAP), 1);
		CHECK_EQ(VNR_META_GET(fr->user, OUT, PROFILE), 1);
		CHECK_EQ(VNR_META_GET(fr->user, OUT, FLOW_ID), 0x123456);
	}
}

/* the egress commands on the engine: entries read back through the engine's
 * own load commands, both banks (rule show loads the inactive one) */
static void test_egress(struct vnr_dev *d)
{
	static char out[1 << 20];
	char err[512];

	check_ctx = "egress";
	CHECK(!cmd(d, "vf 3 mac=02:00:00:00:00:03 ip4=10.0.0.3 vlan=7", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "vf 3 show", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "vf 3: mac=02:00:00:00:00:03 ip4=10.0.0.3 vlan=7 check=mac,ip,vlan,");
	CHECK(!cmd(d, "mtu 3 2000", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "mtu 3", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "mtu 3 2000");
	CHECK(cmd(d, "mtu 3 9001", NULL, 0, err), "mtu above PF_MAX_MTU accepted");
	CHECK_STR(err, "mtu 3: 9001 above PF_MAX_MTU 9000");
	CHECK(!cmd(d, "trap arp on", NULL, 0, err), "%s", err);
	CHECK_EQ(rd(d, VNR_EGRESS_TRAP_CTRL), 1);
	CHECK(!cmd(d, "trap arp off", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile 1 preset vxlan", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "rule add 7 func=1 dmac=02:00:00:00:00:09 prefix=10.1.0.0/16 action=forward "
		   "encap=1 outer_dmac=02:00:00:00:00:aa outer_smac=02:00:00:00:00:bb "
		   "outer_src=1.1.1.1 outer_dst=2.2.2.2 vni=5", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "rule add 8 func=1 dmac=02:00:00:00:00:09 action=drop", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "rule show 7", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "entry: action=1 encap=1 profile=1 outer_vlan=0 set_smac=0 set_dmac=0 "
		  "ttl_dec=0 opaque_len=16 template=0200000000aa0200000000bb0800450000000000400040110000"
		  "0101010102020202c00012b5000000000800000000000500\n");
	CHECK(!cmd(d, "rule del 7", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "rule show 7", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "entry: action=0");
	CHECK(!cmd(d, "rules begin", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "rule add 9 func=2 dmac=02:00:00:00:00:09 action=trap", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "rules commit", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "rule show 9", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "entry: action=2");
	CHECK(!cmd(d, "stats --json", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "\"rules\":[{\"rule\":8,\"pkts\":0,\"bytes\":0},{\"rule\":9,");
	CHECK(!cmd(d, "rule del 8", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "rule del 9", NULL, 0, err), "%s", err);
	CHECK_EQ(rd(d, VNR_EGRESS_BST_STATUS) & 2, 0);
}

/* ---- ingress: key definition, rule table, decapsulation, injection ----- */

static uint32_t ref_crc32c(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	unsigned k;

	while (n--) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
	}
	return ~c;
}

/* docs/ingress.md section 2, written from the page (not the model's code) */
static unsigned ref_bucket(unsigned profile, unsigned kshort, const uint8_t m[128])
{
	uint8_t x[129];

	x[0] = (uint8_t)(profile | kshort << 2);
	memcpy(x + 1, m, 128);
	return ref_crc32c(x, sizeof(x)) % (4096 / 4);
}

static uint16_t ip_csum(const uint8_t *h, unsigned n)
{
	uint32_t sum = 0;
	unsigned i;

	for (i = 0; i < n; i += 2)
		sum += (uint32_t)h[i] << 8 | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void ip4_header(uint8_t *h, unsigned total, unsigned proto, unsigned ttl, uint8_t src4,
		       uint8_t dst4)
{
	uint16_t c;

	memset(h, 0, 20);
	h[0] = 0x45;
	h[2] = (uint8_t)(total >> 8);
	h[3] = (uint8_t)total;
	h[8] = (uint8_t)ttl;
	h[9] = (uint8_t)proto;
	h[12] = 10;
	h[15] = src4;
	h[16] = 10;
	h[19] = dst4;
	c = ip_csum(h, 20);
	h[10] = (uint8_t)(c >> 8);
	h[11] = (uint8_t)c;
}

#define VX_LEN 114      /* outer 50 bytes, inner Ethernet + IPv4 + 30 bytes */
#define VX_INNER 50

/* a VXLAN frame: VNI vni, inner destination MAC 02:00:00:00:00:<dmac5> */
static void vxlan_frame(uint8_t *p, uint32_t vni, uint8_t dmac5, unsigned ttl)
{
	memset(p, 0, VX_LEN);
	memcpy(p, "\x02\x00\x00\x00\x00\xaa\x02\x00\x00\x00\x00\xbb\x08\x00", 14);
	ip4_header(p + 14, VX_LEN - 14, 17, 64, 1, 2);
	p[36] = 0x12;                       /* UDP 4789, length */
	p[37] = 0xb5;
	p[38] = 0;
	p[39] = VX_LEN - 34;
	p[42] = 0x08;                       /* VXLAN flags, VNI */
	p[46] = (uint8_t)(vni >> 16);
	p[47] = (uint8_t)(vni >> 8);
	p[48] = (uint8_t)vni;
	memcpy(p + VX_INNER, "\x02\x00\x00\x00\x00", 5);
	p[VX_INNER + 5] = dmac5;
	memcpy(p + VX_INNER + 6, "\x02\x00\x00\x00\x00\x0c\x08\x00", 8);
	ip4_header(p + VX_INNER + 14, VX_LEN - VX_INNER - 14, 6, ttl, 3, 4);
	p[VX_LEN - 1] = 0x5a;
}

static void send_frames(struct vnr_dev *d, const char *name, uint8_t (*data)[VX_LEN], unsigned n,
			const char *how)
{
	struct vnr_frame f[8];
	char pcap[300], line[700], err[512];
	unsigned i;

	memset(f, 0, sizeof(f));
	for (i = 0; i < n; i++) {
		f[i].data = data[i];
		f[i].len = VX_LEN;
	}
	snprintf(pcap, sizeof(pcap), "%s/%s.pcap", tmpdir, name);
	CHECK(!vnr_pcap_write(pcap, NULL, "in", f, n, err, sizeof(err)), "%s", err);
	snprintf(line, sizeof(line), how, pcap);
	CHECK(!cmd(d, line, NULL, 0, err), "%s: %s", line, err);
	CHECK(!cmd(d, "drain", NULL, 0, err), "%s", err);
}

static void check_slot_counter(struct vnr_dev *d, uint32_t slot, uint64_t pkts, uint64_t bytes)
{
	uint64_t p = ~0ull, b = ~0ull;
	char err[512];

	CHECK(!vnr_rule_bank_counter_read(d, 3, slot, 0, &p, &b, err, sizeof(err)), "%s", err);
	CHECK(p == pkts && b == bytes, "slot %u: %llu pkts %llu bytes, want %llu %llu", slot,
	      (unsigned long long)p, (unsigned long long)b, (unsigned long long)pkts,
	      (unsigned long long)bytes);
}

static uint32_t add_rule(struct vnr_dev *d, const char *args)
{
	char line[600], out[256], err[512];
	unsigned slot = ~0u;

	snprintf(line, sizeof(line), "irule add %s", args);
	CHECK(!cmd(d, line, out, sizeof(out), err), "%s: %s", line, err);
	CHECK(sscanf(out, "irule %u", &slot) == 1, "%s: '%s'", line, out);
	return slot;
}

/* key = VNI (3 bytes at 46) + inner destination MAC (6 bytes at 50) */
static void ig_key(uint8_t k[128], uint32_t vni, uint8_t dmac5, const uint8_t *mask)
{
	unsigned j;

	memset(k, 0, 128);
	k[0] = (uint8_t)(vni >> 16);
	k[1] = (uint8_t)(vni >> 8);
	k[2] = (uint8_t)vni;
	k[3] = 2;
	k[8] = dmac5;
	for (j = 0; j < 128; j++)
		k[j] &= mask[j];
}

static const struct {
	const char *cmd, *msg;
} ig_bad[] = {
	{ "collator 0 off=0 len=129", "collator 0: len=129 above the limit 128 (KEY_BYTES)" },
	{ "collator 0 off=200 len=60", "collator 0: off=200 len=60: off+len=260 above the limit 256 (COLL_SPAN)" },
	{ "collator 4 off=0 len=1", "collator 4: index above the limit 3" },
	{ "mask fff", "mask: 'fff' has an odd number of hex digits" },
	{ "irule add profile=1 key=12 vf=" STR(NUM_VF) "1", "irule add: vf=" STR(NUM_VF) "1 above the limit " STR(NUM_VF) " (NUM_VF)" },
	{ "irule add profile=1 key=12 vf=1 action=forward", "action 'forward' is not deliver, trap or drop" },
	{ "irule add profile=1 key=12 vf=1 ttl_dec=256", "ttl_dec=256 above the limit 255" },
	{ "irule add profile=1 key=12 vf=1 inner_dmac=02:00:00:00:00:01 inner_smac=02:00:00:00:00:02",
	  "do not apply to profile 1: it has inner_eth=1" },
	{ "irule del slot=4096", "irule del: slot=4096 above the limit 4095 (RULES-1)" },
	{ "inject 0 x.pcap", "inject: VF=0 outside the limits 1.." STR(NUM_VF) " (NUM_VF)" },
	{ "inject " STR(NUM_VF) "1 x.pcap", "inject: VF=" STR(NUM_VF) "1 outside the limits" },
};

static void ig_refusals(struct vnr_dev *d)
{
	char out[2048], err[512], before[2048];
	uint32_t errs = rd(d, VNR_CTRL_ERR_COUNT);
	unsigned i;

	check_ctx = "ingress driver refusals";
	CHECK(!cmd(d, "keys show", before, sizeof(before), err), "%s", err);
	for (i = 0; i < sizeof(ig_bad) / sizeof(ig_bad[0]); i++) {
		CHECK(cmd(d, ig_bad[i].cmd, NULL, 0, err), "'%s' accepted", ig_bad[i].cmd);
		CHECK_STR(err, ig_bad[i].msg);
	}
	CHECK(!cmd(d, "keys show", out, sizeof(out), err), "%s", err);
	CHECK(!strcmp(out, before), "a refusal changed the key:\n%s", out);
	CHECK_EQ(rd(d, VNR_CTRL_ERR_COUNT), errs);

	check_ctx = "ingress engine refusals";
	/* the shadow written around the driver: the engine refuses the commit */
	CHECK(!cmd(d, "reg write 0x80c 0x64c8", NULL, 0, err), "%s", err);
	CHECK(cmd(d, "reg write 0x808 0x100", out, sizeof(out), err), "COLL_RANGE committed");
	CHECK_STR(err, "refused: ERR COLL_RANGE (code 25, vf 0)");
	CHECK(cmd(d, "keys commit", NULL, 0, err), "driver committed a bad range");
	CHECK_STR(err, "collator 0: off=200 len=100: off+len=300 above the limit 256 (COLL_SPAN)");
	CHECK(!cmd(d, "reg write 0x80c 0x4000", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "reg write 0x810 0x4010", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "reg write 0x814 0x0120", NULL, 0, err), "%s", err);
	CHECK(cmd(d, "reg write 0x808 0x100", out, sizeof(out), err), "COLL_TOTAL committed");
	CHECK_STR(err, "refused: ERR COLL_TOTAL (code 26, vf 0)");
	CHECK(cmd(d, "keys commit", NULL, 0, err), "driver committed a bad total");
	CHECK_STR(err, "keys: collator lengths add up to 129 (len 64+64+1+0 of collators 0-3), "
		  "above the limit 128 (KEY_BYTES)");
	CHECK(cmd(d, "reg write 0x808 0x300", out, sizeof(out), err), "KEY_CMD op 3 accepted");
	CHECK_STR(err, "ERR CMD_OP (code 16");
	CHECK(!cmd(d, "keys show", out, sizeof(out), err), "%s", err);
	CHECK(!strncmp(out, before, strlen(before)), "the definition in force changed:\n%s", out);
	CHECK_STR(out, "pending in the shadow (keys commit applies it):\n  collator 0 off=0 len=64\n");
	/* rule entries the driver would refuse */
	CHECK(!cmd(d, "reg write 0x924 0x6", NULL, 0, err), "%s", err);
	CHECK(cmd(d, "reg write 0x89c 0x1000005", out, sizeof(out), err), "action 3 committed");
	CHECK_STR(err, "ERR IRULE_ACTION (code 29");
	CHECK(!cmd(d, "reg write 0x924 0x" "ff01", NULL, 0, err), "%s", err);
	CHECK(cmd(d, "reg write 0x89c 0x1000005", out, sizeof(out), err), "vf 255 committed");
	CHECK_STR(err, "ERR IRULE_VF (code 28");
	CHECK(cmd(d, "reg write 0x89c 0x1001000", out, sizeof(out), err), "slot 4096 committed");
	CHECK_STR(err, "ERR IRULE_INDEX (code 27");
	CHECK(cmd(d, "reg write 0x89c 0x3000005", out, sizeof(out), err), "IRULE_CMD op 3 accepted");
	CHECK_STR(err, "ERR CMD_OP (code 16");
	CHECK(!cmd(d, "reg write 0x924 0", NULL, 0, err), "%s", err);
	/* two commands closer than CLS_LAT cycles: the second finds busy set */
	CHECK(!cmd(d, "reg write 0x89c 0x2000005", NULL, 0, err), "%s", err);
	CHECK(cmd(d, "reg write 0x89c 0x2000005", out, sizeof(out), err), "second load accepted");
	CHECK_STR(err, "ERR IRULE_BUSY (code 30");
	CHECK(cmd(d, "reg write 0x8a4 1", out, sizeof(out), err), "shadow write while busy accepted");
	CHECK_STR(err, "ERR IRULE_BUSY (code 30");
	CHECK_EQ(rd(d, VNR_CTRL_ERR_COUNT), errs + 9);
	CHECK_EQ(rd(d, VNR_INGRESS_IRULE_SH + 4 * 32) & 1, 0);
	out[0] = 0;
	CHECK(!cmd(d, "irule show", out, sizeof(out), err), "%s", err);
	CHECK(!strcmp(out, ""), "a refused IRULE_CMD placed a rule:\n%s", out);
}

static void ig_frames_check(struct env *e, size_t first, unsigned n, unsigned func,
			    unsigned reason, int decap, uint32_t slot, uint8_t (*sent)[VX_LEN],
			    unsigned ttl_dec)
{
	const struct vnr_frame *fr;
	unsigned i;

	CHECK_EQ(vnr_runner_out_count(e->r, VNR_PORT_E2H), first + n);
	for (i = 0; i < n && first + i < vnr_runner_out_count(e->r, VNR_PORT_E2H); i++) {
		fr = vnr_runner_out(e->r, VNR_PORT_E2H, first + i);
		CHECK_EQ(VNR_META_GET(fr->user, OUT, FUNC), func);
		CHECK_EQ(VNR_META_GET(fr->user, OUT, REASON), reason);
		CHECK_EQ(VNR_META_GET(fr->user, OUT, DECAP), decap);
		CHECK_EQ(VNR_META_GET(fr->user, OUT, ENCAP), 1);
		CHECK_EQ(VNR_META_GET(fr->user, OUT, RULE_HIT), 1);
		CHECK_EQ(VNR_META_GET(fr->user, OUT, RULE), slot);
		if (!decap) {
			CHECK(fr->len == VX_LEN && !memcmp(fr->data, sent[i], VX_LEN),
			      "frame %u changed", i);
			continue;
		}
		CHECK_EQ(fr->len, VX_LEN - VX_INNER);
		if (fr->len != VX_LEN - VX_INNER)
			continue;
		/* the inner frame, its TTL lowered and the checksum still right */
		/* bytes 22 (TTL) and 24-25 (header checksum) of the inner frame change */
		CHECK(!memcmp(fr->data, sent[i] + VX_INNER, 22) && fr->data[23] == sent[i][VX_INNER + 23] &&
		      !memcmp(fr->data + 26, sent[i] + VX_INNER + 26, VX_LEN - VX_INNER - 26),
		      "frame %u: not the inner frame", i);
		CHECK_EQ(fr->data[22], sent[i][VX_INNER + 22] - ttl_dec);
		CHECK_EQ(ip_csum(fr->data + 14, 20), 0);
	}
}

static void test_ingress(struct env *e)
{
	struct vnr_dev *d = e->d;
	uint8_t frames[4][VX_LEN], key[128], mask[128], same[5][128];
	char out[8192], err[512], line[300], want[600];
	uint32_t s_deliver, s_trap, s_drop, s, b;
	size_t first;
	unsigned i, n;

	check_ctx = "ingress";
	if (!d->base[VNR_BLK_INGRESS_TYPE]) {
		printf("driver backend %s ingress: SKIP (no ingress block)\n", d->bus->name);
		return;
	}
	CHECK(!cmd(d, "stats --clear", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile 0 disable", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile 1 preset vxlan", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile 2 disable", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "profile 3 disable", NULL, 0, err), "%s", err);
	ig_refusals(d);

	check_ctx = "ingress keys";
	CHECK(!cmd(d, "collator 0 off=46 len=3", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "collator 1 off=50 len=6", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "collator 2 off=0 len=0", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "collator 3 off=0 len=0", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "mask ffffffffffffffffff", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "keys commit", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "keys show", out, sizeof(out), err), "%s", err);
	CHECK(!strcmp(out, "collator 0 off=46 len=3\ncollator 1 off=50 len=6\ncollator 2 off=0 len=0\n"
		      "collator 3 off=0 len=0\nmask ffffffffffffffffff\n"), "keys show:\n%s", out);
	memset(mask, 0, sizeof(mask));
	memset(mask, 0xff, 9);

	check_ctx = "ingress placement";
	s_deliver = add_rule(d, "profile=1 key=123456020000000003 vf=3 ttl_dec=1");
	s_trap = add_rule(d, "profile=1 key=123456020000000004 vf=4 action=trap");
	s_drop = add_rule(d, "profile=1 key=0x123456020000000005 vf=5 action=drop");
	ig_key(key, 0x123456, 3, mask);
	CHECK_EQ(s_deliver / 4, ref_bucket(1, 0, key));
	CHECK_EQ(vnr_irule_bucket(4096, 1, 0, key), ref_bucket(1, 0, key));
	ig_key(key, 0x123456, 4, mask);
	CHECK_EQ(s_trap / 4, ref_bucket(1, 0, key));
	ig_key(key, 0x123456, 5, mask);
	CHECK_EQ(s_drop / 4, ref_bucket(1, 0, key));
	for (i = 0; i < 500; i++) {
		ig_key(key, i * 7919, (uint8_t)i, mask);
		if (vnr_irule_bucket(4096, i % 4, (int)(i & 4), key) != ref_bucket(i % 4, !!(i & 4), key))
			break;
	}
	CHECK_EQ(i, 500);

	check_ctx = "ingress fifth rule";
	ig_key(same[0], 0x777777, 9, mask);
	b = ref_bucket(1, 0, same[0]);
	for (n = 1, i = 1; n < 5 && i < 1u << 20; i++) {
		ig_key(same[n], 0x777777 + i, 9, mask);
		if (ref_bucket(1, 0, same[n]) == b)
			n++;
	}
	CHECK_EQ(n, 5);
	for (i = 0; i < 5; i++) {
		char h[40];
		unsigned j;

		for (j = 0; j < 9; j++)
			sprintf(h + 2 * j, "%02x", same[i][j]);
		snprintf(line, sizeof(line), "profile=1 key=%s vf=7", h);
		if (i < 4) {
			s = add_rule(d, line);
			CHECK_EQ(s / 4, b);
			continue;
		}
		snprintf(want, sizeof(want), "irule add %s", line);
		CHECK(cmd(d, want, NULL, 0, err), "fifth rule accepted");
		snprintf(want, sizeof(want), "irule add: bucket %u is full (IRULE_WAYS 4): slot %u profile 1 "
			 "key 777777020000000009 short 0; slot %u", b, 4 * b, 4 * b + 1);
		CHECK_STR(err, want);
	}
	CHECK(cmd(d, "irule add profile=1 key=123456020000000005 vf=6", NULL, 0, err), "duplicate accepted");
	snprintf(want, sizeof(want), "irule add: already in the table: slot %u profile 1 key 123456020000000005", s_drop);
	CHECK_STR(err, want);
	/* delete by slot and by key, the bucket empties */
	snprintf(line, sizeof(line), "irule del slot=%u", 4 * b + 2);
	CHECK(!cmd(d, line, NULL, 0, err), "%s", err);
	CHECK(cmd(d, line, NULL, 0, err), "second delete accepted");
	snprintf(want, sizeof(want), "irule del: slot %u holds no rule", 4 * b + 2);
	CHECK_STR(err, want);
	for (i = 0; i < 4; i++) {
		char h[40];
		unsigned j;

		if (i == 2)
			continue;
		for (j = 0; j < 9; j++)
			sprintf(h + 2 * j, "%02x", same[i][j]);
		snprintf(line, sizeof(line), "irule del profile=1 key=%s short=0", h);
		CHECK(!cmd(d, line, NULL, 0, err), "%s: %s", line, err);
	}
	snprintf(line, sizeof(line), "irule show slot=%u", 4 * b);
	CHECK(!cmd(d, line, out, sizeof(out), err), "%s", err);
	snprintf(want, sizeof(want), "irule %u: empty\n", 4 * b);
	CHECK(!strcmp(out, want), "%s", out);

	check_ctx = "ingress traffic";
	first = vnr_runner_out_count(e->r, VNR_PORT_E2H);
	for (i = 0; i < 3; i++)
		vxlan_frame(frames[i], 0x123456, 3, 20 + i);
	send_frames(d, "ig_deliver", frames, 3, "send n2e %s");
	ig_frames_check(e, first, 3, 3, VNR_REASON_FORWARD, 1, s_deliver, frames, 1);
	check_slot_counter(d, s_deliver, 3, 3 * VX_LEN);
	check_counter(d, 1, 3, VNR_REASON_FORWARD, 3, 3 * VX_LEN);
	first = vnr_runner_out_count(e->r, VNR_PORT_E2H);
	for (i = 0; i < 2; i++)
		vxlan_frame(frames[i], 0x123456, 4, 64);
	send_frames(d, "ig_trap", frames, 2, "send n2e %s");
	ig_frames_check(e, first, 2, 0, VNR_REASON_TRAP_RULE, 0, s_trap, frames, 0);
	check_slot_counter(d, s_trap, 2, 2 * VX_LEN);
	check_counter(d, 1, 4, VNR_REASON_TRAP_RULE, 2, 2 * VX_LEN);
	first = vnr_runner_out_count(e->r, VNR_PORT_E2H);
	vxlan_frame(frames[0], 0x123456, 5, 64);
	vxlan_frame(frames[1], 0x123457, 5, 64);   /* no rule */
	send_frames(d, "ig_drop", frames, 2, "send n2e %s");
	CHECK_EQ(vnr_runner_out_count(e->r, VNR_PORT_E2H), first + 1);
	check_slot_counter(d, s_drop, 1, VX_LEN);
	check_counter(d, 1, 5, VNR_REASON_DROP_RULE, 1, VX_LEN);
	check_counter(d, 1, 0, VNR_REASON_NO_IRULE, 1, VX_LEN);
	CHECK(!cmd(d, "irule show", out, sizeof(out), err), "%s", err);
	snprintf(want, sizeof(want), "irule %u bucket=%u profile=1 key=123456020000000003 short=0 "
		 "action=deliver vf=3 ttl_dec=1 pkts=3 bytes=%u\n", s_deliver, s_deliver / 4, 3 * VX_LEN);
	CHECK_STR(out, want);
	snprintf(want, sizeof(want), "irule %u bucket=%u profile=1 key=123456020000000004 short=0 "
		 "action=trap vf=4 ttl_dec=0 pkts=2 bytes=%u\n", s_trap, s_trap / 4, 2 * VX_LEN);
	CHECK_STR(out, want);
	snprintf(want, sizeof(want), "irule %u bucket=%u profile=1 key=123456020000000005 short=0 "
		 "action=drop vf=5 ttl_dec=0 pkts=1 bytes=%u\n", s_drop, s_drop / 4, VX_LEN);
	CHECK_STR(out, want);
	for (n = 0, i = 0; out[i]; i++)
		n += out[i] == '\n';
	CHECK_EQ(n, 3);

	check_ctx = "ingress keys commit rewrite";
	/* the key narrows to the VNI: the three rules become one, refused whole */
	CHECK(!cmd(d, "mask ffffff", NULL, 0, err), "%s", err);
	CHECK(cmd(d, "keys commit", NULL, 0, err), "merging commit accepted");
	CHECK_STR(err, "keys commit: under the new mask slots ");
	CHECK_STR(err, "hold the same rule (slot ");
	CHECK(!cmd(d, "keys show", out, sizeof(out), err), "%s", err);
	CHECK_STR(out, "mask ffffffffffffffffff\npending in the shadow (keys commit applies it):\n  mask ffffff\n");
	snprintf(line, sizeof(line), "irule del slot=%u", s_trap);
	CHECK(!cmd(d, line, NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "irule del profile=1 key=123456020000000005", NULL, 0, err), "%s", err);
	/* inner MAC byte 5 only: the rule moves to the bucket of its new key */
	CHECK(!cmd(d, "mask 000000000000000000ff", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "mask 0000000000000000ff", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "keys commit", NULL, 0, err), "%s", err);
	memset(mask, 0, sizeof(mask));
	mask[8] = 0xff;
	ig_key(key, 0x123456, 3, mask);
	CHECK(!cmd(d, "irule show", out, sizeof(out), err), "%s", err);
	s = ref_bucket(1, 0, key) * 4;
	snprintf(want, sizeof(want), "irule %u bucket=%u profile=1 key=0000000000000000", s, s / 4);
	CHECK_STR(out, want);
	CHECK_STR(out, "03 short=0 action=deliver vf=3 ttl_dec=1 pkts=");
	CHECK(!strstr(out, "misplaced") && !strstr(out, "never hits"), "%s", out);
	first = vnr_runner_out_count(e->r, VNR_PORT_E2H);
	vxlan_frame(frames[0], 0x999999, 3, 9);
	send_frames(d, "ig_moved", frames, 1, "send n2e %s");
	ig_frames_check(e, first, 1, 3, VNR_REASON_FORWARD, 1, s, frames, 1);
	snprintf(line, sizeof(line), "irule del slot=%u", s);
	CHECK(!cmd(d, line, NULL, 0, err), "%s", err);
	out[0] = 0;
	CHECK(!cmd(d, "irule show", out, sizeof(out), err), "%s", err);
	CHECK(!strcmp(out, ""), "rules left:\n%s", out);

	check_ctx = "inject";
	first = vnr_runner_out_count(e->r, VNR_PORT_E2H);
	vxlan_frame(frames[0], 1, 1, 64);
	vxlan_frame(frames[1], 2, 2, 64);
	send_frames(d, "inj", frames, 2, "inject 5 %s");
	CHECK_EQ(vnr_runner_out_count(e->r, VNR_PORT_E2H), first + 2);
	for (i = 0; i < 2 && first + i < vnr_runner_out_count(e->r, VNR_PORT_E2H); i++) {
		const struct vnr_frame *fr = vnr_runner_out(e->r, VNR_PORT_E2H, first + i);

		CHECK_EQ(VNR_META_GET(fr->user, OUT, FUNC), 5);
		CHECK_EQ(VNR_META_GET(fr->user, OUT, REASON), VNR_REASON_INJECT);
		CHECK_EQ(VNR_META_GET(fr->user, OUT, SRC_FUNC), 0);
		CHECK(fr->len == VX_LEN && !memcmp(fr->data, frames[i], VX_LEN), "injected frame changed");
	}
	check_counter(d, 0, 5, VNR_REASON_INJECT, 2, 2 * VX_LEN);
	CHECK(!cmd(d, "collator 0 off=0 len=0", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "collator 1 off=0 len=0", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "mask none", NULL, 0, err), "%s", err);
	CHECK(!cmd(d, "keys commit", NULL, 0, err), "%s", err);
}

static void test_batch(struct vnr_dev *d)
{
	char path[300], err[512];
	FILE *f;

	check_ctx = "batch";
	snprintf(path, sizeof(path), "%s/cfg.vnr", tmpdir);
	f = fopen(path, "w");
	fprintf(f, "# configuration\nprofile 2 preset native   # native\n\n"
		   "profile 2 set csum_en=0\nprofile 2 set len_off=19\nprofile 2 set proto=1\n");
	fclose(f);
	CHECK(vnr_cmd_file(d, path, NULL, err, sizeof(err)), "bad batch accepted");
	CHECK_STR(err, "cfg.vnr:5: profile 2: len_off=19 above the limit 18 (len_off+2 <= opaque=20)");
	{
		struct vnr_prof want, got;

		vnr_prof_preset("native", &want);
		want.csum_en = 0;
		CHECK(!vnr_prof_read(d, 2, &got, err, sizeof(err)), "%s", err);
		CHECK(prof_eq(&want, &got), "batch state after line 4 wrong");
	}
}

static int env_open(struct env *e, const char *kind)
{
	struct vnr_params p = { .data_w = 64, .num_vf = NUM_VF, .rules = 4096 };
	struct vnr_runner_opts o = { .seed = 1 };
	int cosim = !strcmp(kind, "cosim");
	char err[512];

	memset(e, 0, sizeof(*e));
	e->a = !strcmp(kind, "model") ? vnr_engine_model_new(&p) : vnr_engine_rtl_new(&p);
	if (cosim && e->a)
		e->b = vnr_engine_model_new(&p);
	if (!e->a || (cosim && !e->b)) {
		printf("driver backend %s: SKIP (engine not available)\n", kind);
		return -1;
	}
	e->r = vnr_runner_new(e->a, e->b, &o);
	e->bus = e->r ? vnr_bus_runner_new(e->r, kind) : NULL;
	check_ctx = kind;
	CHECK(e->bus != NULL, "no runner bus");
	if (!e->bus)
		return -1;
	e->d = vnr_dev_open(e->bus, err, sizeof(err));
	CHECK(e->d != NULL, "dev_open: %s", err);
	return e->d ? 0 : -1;
}

static void env_close(struct env *e)
{
	if (e->d)
		vnr_dev_close(e->d);
	vnr_bus_free(e->bus);
	if (e->r)
		vnr_runner_free(e->r);
	if (e->a)
		vnr_engine_free(e->a);
	if (e->b)
		vnr_engine_free(e->b);
}

static void suite(const char *kind)
{
	unsigned pass = check_pass, fail = check_fail;
	struct env e;

	if (!env_open(&e, kind)) {
		test_ident(e.d);
		test_presets(e.d);
		test_refusals(e.d);
		test_hw_refusals(e.d);
		test_traffic(&e);
		test_batch(e.d);
		test_egress(e.d);
		test_ingress(&e);
		check_ctx = kind;
		CHECK(!*vnr_runner_error(e.r), "runner: %s", vnr_runner_error(e.r));
		printf("driver backend %s: %u passed, %u failed\n", kind, check_pass - pass,
		       check_fail - fail);
	}
	env_close(&e);
}

int main(int argc, char **argv)
{
	int i;

	if (!mkdtemp(tmpdir))
		return 2;
	if (argc < 2) {
		suite("model");
	} else {
		for (i = 1; i < argc; i++)
			suite(argv[i]);
	}
	if (!check_fail) {
		char sh[300];

		snprintf(sh, sizeof(sh), "rm -rf %s", tmpdir);
		if (system(sh))
			fprintf(stderr, "cleanup of %s failed\n", tmpdir);
	}
	return check_report("driver backends");
}
