/* make bench: throughput, latency and simulation speed (SPEC section 8).
 *
 * Every figure is measured here, in this run, on this machine; nothing is a
 * pass/fail threshold. Cycle figures (beats per cycle, latency) are exact and
 * repeatable; wall-clock figures are medians of several runs, because the
 * machine is shared and noisy.
 *
 *   vnrbench [--json FILE] [--md FILE] [--quick] [--tso]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "vnr_engine.h"
#include "vnr_runner.h"
#include "vnr_regs.h"
#include "vnr_drv.h"
#include "vnr_core.h"
#include <isa-l.h>
#include "bench.h"

static const unsigned widths[] = { 64, 512 };
static const size_t sizes[] = { 64, 128, 256, 1518, 9000 };
#define NW (sizeof(widths) / sizeof(widths[0]))
#define NS (sizeof(sizes) / sizeof(sizes[0]))

struct path_case {
	const char *name;      /* what the frames exercise */
	enum vnr_port in, out;
	unsigned func;         /* source function on h2e */
	int grow;              /* bytes the engine adds to (removes from) each frame */
	int vxlan_in;          /* input frames are VXLAN (VNI 77) around the usual frame */
	const char *config;    /* vnrctl commands, one per line */
};

#define ENCAP_VF "mtu pf-max 9000\nmtu 1 9000\nvf 1 mac=02:00:00:00:00:01 check=mac\n"
#define OUTER "outer_dmac=02:00:00:00:aa:02 outer_smac=02:00:00:00:aa:01 " \
	"outer_src=198.51.100.1 outer_dst=198.51.100.2"

static const struct path_case paths[] = {
	{ "egress pass (PF -> e2n)", VNR_PORT_H2E, VNR_PORT_E2N, 0, 0, 0, "" },
	{ "egress trap (VF -> e2h)", VNR_PORT_H2E, VNR_PORT_E2H, 1, 0, 0, "mtu pf-max 9000\nmtu 1 9000\n" },
	{ "egress VXLAN encap (VF -> e2n)", VNR_PORT_H2E, VNR_PORT_E2N, 1, 50, 0,
	  "profile 1 preset vxlan\n" ENCAP_VF
	  "rule add 1 func=1 dmac=02:00:00:00:00:02 action=forward encap=1 vni=77 udp_csum=1 " OUTER "\n" },
	{ "egress GRE encap (VF -> e2n)", VNR_PORT_H2E, VNR_PORT_E2N, 1, 50, 0,
	  "profile 0 preset gre16\n" ENCAP_VF
	  "rule add 1 func=1 dmac=02:00:00:00:00:02 prefix=10.0.0.0/8 action=forward encap=0 key=9 "
	  "ttl_dec=1 " OUTER "\n" },
	{ "ingress (n2e -> e2h)", VNR_PORT_N2E, VNR_PORT_E2H, 0, 0, 0, "" },
	{ "ingress VXLAN decap (n2e -> VF)", VNR_PORT_N2E, VNR_PORT_E2H, 0, -50, 1,
	  "profile 1 preset vxlan\ncollator 0 off=46 len=3\nmask all\nkeys commit\n"
	  "irule add profile=1 key=00004d vf=1 action=deliver ttl_dec=1\n" },
};

/* Program the engine as a user would: vnrctl commands through the driver;
 * what they print goes to out (may be NULL). */
int bench_command(struct vnr_runner *r, const char *config, FILE *out)
{
	char err[512], line[512];
	struct vnr_bus *bus;
	struct vnr_dev *dev;
	const char *p = config;
	int rc = 0;

	if (!*config)
		return 0;
	bus = vnr_bus_runner_new(r, "rtl");
	dev = bus ? vnr_dev_open(bus, err, sizeof(err)) : NULL;
	if (!dev) {
		fprintf(stderr, "vnrbench: %s\n", bus ? err : "no bus");
		vnr_bus_free(bus);
		return -1;
	}
	while (*p && !rc) {
		size_t n = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
		if (vnr_cmd_line(dev, line, out, err, sizeof(err)) < 0) {
			fprintf(stderr, "vnrbench: '%s': %s\n", line, err);
			rc = -1;
		}
	}
	vnr_dev_close(dev);
	vnr_bus_free(bus);
	return rc;
}
#define NP (sizeof(paths) / sizeof(paths[0]))

int bench_configure(struct vnr_runner *r, const char *config)
{
	return bench_command(r, config, NULL);
}

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* An IPv4/UDP frame of len bytes; content does not matter to these paths. */
static void fill_frame(uint8_t *f, size_t len, unsigned seq)
{
	static const uint8_t hdr[] = {
		0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
		0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	};

	memset(f, 0, len);
	memcpy(f, hdr, len < sizeof(hdr) ? len : sizeof(hdr));
	for (size_t i = sizeof(hdr); i < len; i++)
		f[i] = (uint8_t)(i + seq);
}

/* The same frame inside VXLAN (VNI 77): len bytes in all, 50 of them outer
 * Ethernet, IPv4, UDP to 4789 and the VXLAN header. */
static void fill_vxlan(uint8_t *f, size_t len, unsigned seq)
{
	static const uint8_t outer[] = {
		0x02, 0, 0, 0, 0xaa, 0x02, 0x02, 0, 0, 0, 0xaa, 0x01, 0x08, 0x00,
		0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, 198, 51, 100, 2, 198, 51, 100, 1,
		0xc3, 0x50, 0x12, 0xb5, 0, 0, 0, 0,
		0x08, 0, 0, 0, 0, 0, 77, 0,
	};
	size_t ip_len = len - 14, udp_len = len - 34;

	memcpy(f, outer, sizeof(outer));
	f[16] = ip_len >> 8;
	f[17] = ip_len & 0xff;
	f[38] = udp_len >> 8;
	f[39] = udp_len & 0xff;
	fill_frame(f + sizeof(outer), len - sizeof(outer), seq);
}

static void fill_input(const struct path_case *pc, uint8_t *f, size_t len, unsigned seq)
{
	if (pc->vxlan_in)
		fill_vxlan(f, len, seq);
	else
		fill_frame(f, len, seq);
}

struct vnr_engine *bench_engine_new(const char *kind, unsigned w)
{
	struct vnr_params p = { .data_w = w, .num_vf = 64, .rules = 4096 };

	return strcmp(kind, "rtl") == 0 ? vnr_engine_rtl_new(&p) : vnr_engine_model_new(&p);
}

struct tput {
	double beats_per_cycle;
	unsigned long gaps;      /* idle cycles on the busier port between the first frame and the last */
	unsigned long latency;   /* first beat in to first beat out, idle engine */
};

/* Throughput: n back-to-back frames, outputs always ready. Latency: one frame
 * into an idle engine. Both in cycles, from the RTL. */
static int measure_path(const struct path_case *pc, unsigned w, size_t len, unsigned n,
			struct tput *t)
{
	struct vnr_runner_opts o = { .seed = 1 };
	struct vnr_engine *e = bench_engine_new("rtl", w);
	struct vnr_runner *r;
	uint8_t *f = malloc(len);
	uint32_t user[4] = { 0 };
	unsigned bytes = w / 8;
	size_t out_len = len + pc->grow;
	/* the busier port bounds the rate: the output when frames grow, the input
	 * when decapsulation shrinks them */
	unsigned in_beats = (len + bytes - 1) / bytes, out_beats = (out_len + bytes - 1) / bytes;
	unsigned beats_per_frame = in_beats > out_beats ? in_beats : out_beats;
	uint64_t c0;

	if (!e || !f)
		return -1;
	r = vnr_runner_new(e, NULL, &o);
	if (bench_configure(r, pc->config))
		return -1;
	vnr_meta_set(user, VNR_META_IN_FUNC_LSB, VNR_META_IN_FUNC_W, pc->func);
	/* latency: one frame alone */
	fill_input(pc, f, len, 0);
	c0 = vnr_runner_cycles(r);
	vnr_runner_send(r, pc->in, f, len, user);
	if (vnr_runner_drain(r, 64, 1000000) != 0 || vnr_runner_out_count(r, pc->out) != 1) {
		fprintf(stderr, "vnrbench: %s: the frame did not come out on its port\n", pc->name);
		return -1;
	}
	if (vnr_runner_out(r, pc->out, 0)->len != out_len) {
		fprintf(stderr, "vnrbench: %s: %zu bytes out for %zu in, expected %+d\n", pc->name,
			vnr_runner_out(r, pc->out, 0)->len, len, pc->grow);
		return -1;
	}
	t->latency = vnr_runner_out(r, pc->out, 0)->cycle_first - c0;
	/* throughput: n frames back to back */
	for (unsigned i = 0; i < n; i++) {
		fill_input(pc, f, len, i + 1);
		vnr_runner_send(r, pc->in, f, len, user);
	}
	if (vnr_runner_drain(r, 64, 100000000) != 0)
		return -1;
	{
		/* steady state: the period between the first beats of the first
		 * and the last of the n frames (a decapsulated frame's output
		 * trails its input by a frame-dependent skew, so the first-to-last
		 * beat span would flatter it) */
		const struct vnr_frame *first = vnr_runner_out(r, pc->out, 1);
		const struct vnr_frame *last = vnr_runner_out(r, pc->out, n);
		uint64_t span = last->cycle_first - first->cycle_first;
		uint64_t beats = (uint64_t)(n - 1) * beats_per_frame;

		t->beats_per_cycle = (double)beats / span;
		t->gaps = span - beats;
	}
	vnr_runner_free(r);
	vnr_engine_free(e);
	free(f);
	return 0;
}

/* Simulation speed: cycles per second of one engine (or both in lockstep)
 * carrying back-to-back 1518-byte frames. Median of reps runs. */
static double sim_speed(const char *kind, unsigned w, int reps, unsigned frames)
{
	double v[9];
	uint8_t f[1518];
	uint32_t user[4] = { 0 };

	for (int k = 0; k < reps; k++) {
		struct vnr_runner_opts o = { .seed = 1 };
		int lock = strcmp(kind, "lockstep") == 0;
		struct vnr_engine *a = bench_engine_new(lock ? "model" : kind, w);
		struct vnr_engine *b = lock ? bench_engine_new("rtl", w) : NULL;
		struct vnr_runner *r = vnr_runner_new(a, b, &o);
		uint64_t c0;
		double t0;

		for (unsigned i = 0; i < frames; i++) {
			fill_frame(f, sizeof(f), i);
			vnr_runner_send(r, VNR_PORT_H2E, f, sizeof(f), user);
			vnr_runner_send(r, VNR_PORT_N2E, f, sizeof(f), user);
		}
		c0 = vnr_runner_cycles(r);
		t0 = bench_now();
		vnr_runner_drain(r, 64, 100000000);
		v[k] = (vnr_runner_cycles(r) - c0) / (bench_now() - t0);
		vnr_runner_free(r);
		vnr_engine_free(a);
		if (b)
			vnr_engine_free(b);
	}
	return bench_median(v, reps);
}

/* CRC-32C: the model's vnr_crc32c against Intel ISA-L's crc32_iscsi (the
 * standard value is ~crc32_iscsi(p, n, ~0)), in MB/s, median of reps runs
 * over the ingress lookup string (129 bytes) and a 9000-byte buffer. */
struct crc_speed {
	size_t n;
	double model, isal;
};

static double crc_rate(int isal, const uint8_t *buf, size_t n, int reps)
{
	double v[9];
	volatile uint32_t sink = 0;
	unsigned iters = (unsigned)(64u * 1024 * 1024 / n);

	for (int k = 0; k < reps; k++) {
		double t0 = bench_now();

		for (unsigned i = 0; i < iters; i++)
			sink ^= isal ? ~crc32_iscsi((unsigned char *)buf, (int)n, ~0u)
				     : vnr_crc32c(buf, n);
		v[k] = (double)iters * n / (bench_now() - t0) / 1e6;
	}
	(void)sink;
	return bench_median(v, reps);
}

static int crc_speeds(struct crc_speed *c, int reps)
{
	static uint8_t buf[9000];
	static const size_t ns[2] = { 129, 9000 };

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	for (int j = 0; j < 2; j++) {
		if (vnr_crc32c(buf, ns[j]) != ~crc32_iscsi(buf, (int)ns[j], ~0u)) {
			fprintf(stderr, "vnrbench: CRC-32C of the model and ISA-L differ\n");
			return -1;
		}
		c[j].n = ns[j];
		c[j].model = crc_rate(0, buf, ns[j], reps);
		c[j].isal = crc_rate(1, buf, ns[j], reps);
	}
	return 0;
}

/* One markdown table: a row per path and width, a column per frame size;
 * latency (cycles) or throughput (beats per cycle). */
static void table_by_size(FILE *md, const char *title, struct tput t[NP][NW][NS], int latency)
{
	fprintf(md, "## %s\n\n| path | DATA_W |", title);
	for (unsigned s = 0; s < NS; s++)
		fprintf(md, " %zu B |", sizes[s]);
	fprintf(md, "\n| --- | --- |");
	for (unsigned s = 0; s < NS; s++)
		fprintf(md, " --- |");
	fprintf(md, "\n");
	for (unsigned p = 0; p < NP; p++)
		for (unsigned w = 0; w < NW; w++) {
			fprintf(md, "| %s | %u |", paths[p].name, widths[w]);
			for (unsigned s = 0; s < NS; s++) {
				if (latency)
					fprintf(md, " %lu |", t[p][w][s].latency);
				else
					fprintf(md, " %.3f |", t[p][w][s].beats_per_cycle);
			}
			fprintf(md, "\n");
		}
	fprintf(md, "\n");
}

/* --tso: only the TSO rows (what the segmenter's authors rerun) */
static int tso_report(const char *json_path, const char *md_path, int quick, int reps)
{
	static struct tso_results tso;
	FILE *js, *md;

	if (bench_tso(&tso, quick, reps))
		return 1;
	md = fopen(md_path, "w");
	js = fopen(json_path, "w");
	if (!md || !js) {
		perror("vnrbench: output");
		return 1;
	}
	fprintf(md, "# veneer bench (TSO rows only)\n");
	bench_tso_md(md, &tso, reps);
	bench_tso_md(stdout, &tso, reps);
	fprintf(js, "{\n");
	bench_tso_json(js, &tso);
	fprintf(js, "\n}\n");
	fclose(js);
	fclose(md);
	return 0;
}

int main(int argc, char **argv)
{
	const char *json_path = "build/bench/bench.json", *md_path = "build/bench/bench.md";
	int quick = 0, tso_only = 0, reps;
	unsigned n_frames;
	FILE *js, *md;
	struct tput t[NP][NW][NS];
	double speed[3][NW];
	struct crc_speed crc[2];
	static struct tso_results tso;
	static const char *const kinds[] = { "rtl", "model", "lockstep" };

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") && i + 1 < argc)
			json_path = argv[++i];
		else if (!strcmp(argv[i], "--md") && i + 1 < argc)
			md_path = argv[++i];
		else if (!strcmp(argv[i], "--quick"))
			quick = 1;
		else if (!strcmp(argv[i], "--tso"))
			tso_only = 1;
		else {
			fprintf(stderr, "usage: vnrbench [--json FILE] [--md FILE] [--quick] [--tso]\n");
			return 2;
		}
	}
	reps = quick ? 3 : 5;
	if (tso_only)
		return tso_report(json_path, md_path, quick, reps);
	n_frames = quick ? 20 : 100;
	for (unsigned p = 0; p < NP; p++)
		for (unsigned w = 0; w < NW; w++)
			for (unsigned s = 0; s < NS; s++)
				if (measure_path(&paths[p], widths[w], sizes[s],
						 sizes[s] > 2000 ? n_frames / 4 : n_frames, &t[p][w][s])) {
					fprintf(stderr, "vnrbench: %s at %u bits, %zu B did not drain\n",
						paths[p].name, widths[w], sizes[s]);
					return 1;
				}
	for (unsigned k = 0; k < 3; k++)
		for (unsigned w = 0; w < NW; w++)
			speed[k][w] = sim_speed(kinds[k], widths[w], reps, quick ? 200 : 1000);
	if (crc_speeds(crc, reps))
		return 1;
	if (bench_tso(&tso, quick, reps))
		return 1;

	md = fopen(md_path, "w");
	js = fopen(json_path, "w");
	if (!md || !js) {
		perror("vnrbench: output");
		return 1;
	}
	fprintf(md, "# veneer bench\n\nCycle figures come from the RTL under Verilator; they are exact.\n"
		"Encapsulated frames grow by 50 bytes (outer Ethernet, IPv4, UDP+VXLAN or GRE-16); the\n"
		"egress path stores and forwards, so its latency grows with the frame. Ingress is\n"
		"cut-through: the decapsulation row's frame size is the VXLAN frame on n2e (the VF\n"
		"receives 50 bytes less); its latency counts from the first outer beat.\n\n");
	table_by_size(md, "Throughput (beats per cycle on the busier port: the output, or the input "
		      "for decapsulation; back-to-back frames, outputs always ready)",
		      t, 0);
	table_by_size(md, "Latency (cycles, first beat in to first beat out, idle engine)", t, 1);
	fprintf(md, "## Simulation speed (cycles per second, median of %d runs, both inputs busy)\n\n", reps);
	fprintf(md, "| engine | DATA_W 64 | DATA_W 512 |\n| --- | --- | --- |\n");
	for (unsigned k = 0; k < 3; k++)
		fprintf(md, "| %s | %.0f | %.0f |\n", kinds[k], speed[k][0], speed[k][1]);
	fprintf(md, "| model / rtl | %.1fx | %.1fx |\n", speed[1][0] / speed[0][0], speed[1][1] / speed[0][1]);
	fprintf(md, "\n## CRC-32C, model against Intel ISA-L (MB/s, median of %d runs)\n\n"
		"| bytes | model (vnr_crc32c) | ISA-L (crc32_iscsi) | model / ISA-L |\n"
		"| --- | --- | --- | --- |\n", reps);
	for (int j = 0; j < 2; j++)
		fprintf(md, "| %zu | %.0f | %.0f | %.3f |\n", crc[j].n, crc[j].model, crc[j].isal,
			crc[j].model / crc[j].isal);
	bench_tso_md(md, &tso, reps);

	fprintf(js, "{\n  \"throughput\": [\n");
	for (unsigned p = 0; p < NP; p++)
		for (unsigned w = 0; w < NW; w++)
			for (unsigned s = 0; s < NS; s++)
				fprintf(js, "    {\"path\": \"%s\", \"data_w\": %u, \"frame_bytes\": %zu, "
					"\"beats_per_cycle\": %.4f, \"gap_cycles\": %lu, \"latency_cycles\": %lu}%s\n",
					paths[p].name, widths[w], sizes[s], t[p][w][s].beats_per_cycle,
					t[p][w][s].gaps, t[p][w][s].latency,
					p == NP - 1 && w == NW - 1 && s == NS - 1 ? "" : ",");
	fprintf(js, "  ],\n  \"sim_cycles_per_second\": {");
	for (unsigned k = 0; k < 3; k++)
		fprintf(js, "\"%s\": {\"64\": %.0f, \"512\": %.0f}%s", kinds[k], speed[k][0], speed[k][1],
			k == 2 ? "" : ", ");
	fprintf(js, "},\n  \"model_over_rtl\": {\"64\": %.2f, \"512\": %.2f},\n",
		speed[1][0] / speed[0][0], speed[1][1] / speed[0][1]);
	fprintf(js, "  \"crc32c_mb_per_s\": [");
	for (int j = 0; j < 2; j++)
		fprintf(js, "{\"bytes\": %zu, \"model\": %.0f, \"isal\": %.0f}%s", crc[j].n,
			crc[j].model, crc[j].isal, j ? "" : ", ");
	fprintf(js, "],\n");
	bench_tso_json(js, &tso);
	fprintf(js, "\n}\n");
	fclose(js);
	fclose(md);
	if ((md = fopen(md_path, "r"))) {
		int c;

		while ((c = fgetc(md)) != EOF)
			putchar(c);
		fclose(md);
	}
	return 0;
}
