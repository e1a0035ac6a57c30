/* make bench, TSO rows (docs/tso.md, docs/timing.md 3.7).
 *
 * RTL: a VF sends 64 kB TCP super-frames (IPv4 total length 65535, TCP with
 * the timestamp option as Linux sends it, so MSS 1448 and 8948 are what a
 * 1500 and a 9000 MTU give) with tso = 1; a VXLAN encap rule forwards them,
 * so each leaves on e2n as segments of a 116-byte header (outer Ethernet,
 * IPv4, UDP, VXLAN, inner Ethernet, IPv4, TCP) and up to MSS payload bytes.
 *
 * Model against DPDK: vnr_tso_segment, the functional reference, cuts the
 * same super-frame as sent (VXLAN around it) at MSS 1448; DPDK's
 * rte_gso_segment cuts the same bytes. The two do different work: the model
 * writes every segment out whole with its TCP and IPv4 checksums; DPDK
 * copies the header and points at the payload (indirect mbufs), no checksum.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "vnr_engine.h"
#include "vnr_runner.h"
#include "vnr_regs.h"
#include "vnr_drv.h"
#include "vnr_core.h"
#include "bench.h"

const unsigned tso_mss[TSO_NMSS] = { 1448, 8948 };
const unsigned tso_widths[TSO_NW] = { 64, 512 };

#define IP_TOTAL 65535u                 /* the largest IPv4 packet */
#define INNER_LEN (14 + IP_TOTAL)       /* the super-frame on h2e */
#define OUTER_LEN 50                    /* Ethernet, IPv4, UDP, VXLAN */
#define TCP_HDR 32                      /* 20 + NOP, NOP, timestamps */
#define HOUT (OUTER_LEN + 14 + 20 + TCP_HDR)
/* drain: no e2n beat for this long means done; the segmenter reads a
 * whole MSS (up to TSO_MSS_MAX bytes, 2000 beats at 64 bits) before it
 * sends the first segment */
#define QUIET 20000

static const char tso_config[] =
	"profile 1 preset vxlan\n"
	"mtu pf-max 9000\nmtu 1 9000\nvf 1 mac=02:00:00:00:00:01 check=mac\n"
	"rule add 1 func=1 dmac=02:00:00:00:00:02 action=forward encap=1 vni=77 "
	"outer_dmac=02:00:00:00:aa:02 outer_smac=02:00:00:00:aa:01 "
	"outer_src=198.51.100.1 outer_dst=198.51.100.2\n";

static void put16(uint8_t *p, unsigned v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* RFC 1071 over an IPv4 header with its checksum field zero */
static unsigned ip_csum(const uint8_t *h, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i < n; i += 2)
		s += (uint32_t)h[i] << 8 | h[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

/* The VF's super-frame: Ethernet, IPv4 (DF, TCP), TCP with timestamps (ACK
 * and PSH as a host sends the last bytes of a write), payload. The TCP
 * checksum is left 0: the segmenter computes every segment's. */
static void fill_super(uint8_t *f, unsigned seq)
{
	static const uint8_t hdr[14 + 20 + TCP_HDR] = {
		0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
		0x45, 0, 0, 0, 0x12, 0x34, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0x9c, 0x40, 0x13, 0x89, 0, 0, 0, 0, 0, 0, 0, 1, 0x80, 0x18, 0x01, 0xf5,
		0, 0, 0, 0, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2,
	};
	uint8_t *ip = f + 14;

	memcpy(f, hdr, sizeof(hdr));
	put16(ip + 2, IP_TOTAL);
	put16(ip + 4, seq);
	put16(ip + 10, ip_csum(ip, 20));
	put16(ip + 20 + 4, (seq * 65483u) >> 16);	/* TCP sequence number */
	put16(ip + 20 + 6, seq * 65483u);
	for (size_t i = sizeof(hdr); i < INNER_LEN; i++)
		f[i] = (uint8_t)(i * 7 + seq);
}

/* The super-frame as the engine sends it: outer header as the rule above
 * builds it (no outer UDP checksum, Linux's VXLAN default) around it. */
static void fill_sent(uint8_t *o, unsigned seq)
{
	static const uint8_t outer[OUTER_LEN] = {
		0x02, 0, 0, 0, 0xaa, 0x02, 0x02, 0, 0, 0, 0xaa, 0x01, 0x08, 0x00,
		0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 17, 0, 0, 198, 51, 100, 1, 198, 51, 100, 2,
		0xc3, 0x50, 0x12, 0xb5, 0, 0, 0, 0,
		0x08, 0, 0, 0, 0, 0, 77, 0,
	};
	size_t lout = OUTER_LEN + INNER_LEN;

	memcpy(o, outer, sizeof(outer));
	put16(o + 16, lout - 14);
	put16(o + 38, lout - 34);
	fill_super(o + OUTER_LEN, seq);
}

/* The descriptor docs/tso.md section 3 gives for this frame (engine
 * encapsulated, vxlan preset: len_en at offset 4, no profile checksum) */
static void sent_desc(struct vnr_tso_desc *t, unsigned mss)
{
	memset(t, 0, sizeof(*t));
	t->en = 1;
	t->ip_o_en = 1;
	t->ip_o = 14;
	t->udp_en = 1;
	t->udp = 34;
	t->lenf_en = 1;
	t->lenf = 38;
	t->ip_i = OUTER_LEN + 14;
	t->tcp = OUTER_LEN + 14 + 20;
	t->hlen = HOUT;
	t->mss = mss;
}

static unsigned seg_len(unsigned mss, unsigned k)
{
	unsigned T = INNER_LEN - 14 - 20 - TCP_HDR, off = k * mss;

	return HOUT + (T - off < mss ? T - off : mss);
}

/* The e2n frames from index first on are super-frames cut as docs/tso.md
 * says: nseg segments each of the right length, seg = k. */
static int check_segments(struct vnr_runner *r, size_t first, unsigned frames, unsigned mss,
			  unsigned nseg)
{
	if (vnr_runner_out_count(r, VNR_PORT_E2N) != first + (size_t)frames * nseg ||
	    vnr_runner_out_count(r, VNR_PORT_E2H) != 0) {
		fprintf(stderr, "vnrbench: TSO MSS %u: %zu e2n / %zu e2h frames, expected %zu e2n\n",
			mss, vnr_runner_out_count(r, VNR_PORT_E2N),
			vnr_runner_out_count(r, VNR_PORT_E2H), first + (size_t)frames * nseg);
		bench_command(r, "stats", stderr);
		return -1;
	}
	for (unsigned i = 0; i < frames * nseg; i++) {
		const struct vnr_frame *f = vnr_runner_out(r, VNR_PORT_E2N, first + i);
		unsigned k = i % nseg;
		unsigned seg = vnr_meta_get(f->user, VNR_META_OUT_SEG_LSB, VNR_META_OUT_SEG_W);

		if (f->len != seg_len(mss, k) || seg != k) {
			fprintf(stderr, "vnrbench: TSO MSS %u: segment %u is %zu bytes, seg %u; "
				"expected %u bytes, seg %u\n", mss, k, f->len, seg, seg_len(mss, k), k);
			return -1;
		}
	}
	return 0;
}

/* Latency on an idle engine, then n super-frames back to back; e2n always
 * ready. Cycle figures from the RTL. */
static int measure_tso(unsigned w, unsigned mss, unsigned n, struct tso_tput *t)
{
	struct vnr_runner_opts o = { .seed = 1 };
	struct vnr_engine *e = bench_engine_new("rtl", w);
	struct vnr_runner *r = e ? vnr_runner_new(e, NULL, &o) : NULL;
	uint8_t *f = malloc(INNER_LEN);
	uint32_t user[4] = { 0 };
	unsigned bytes = w / 8, nseg;
	uint64_t last_in, beats = 0, span;
	struct vnr_tso_desc d;
	int rc = -1;

	if (!r || !f || bench_configure(r, tso_config))
		goto out;
	sent_desc(&d, mss);
	nseg = vnr_tso_nseg(&d, OUTER_LEN + INNER_LEN);
	vnr_meta_set(user, VNR_META_IN_FUNC_LSB, VNR_META_IN_FUNC_W, 1);
	vnr_meta_set(user, VNR_META_IN_TSO_LSB, VNR_META_IN_TSO_W, 1);
	vnr_meta_set(user, VNR_META_IN_MSS_LSB, VNR_META_IN_MSS_W, mss);
	/* latency: the cycle the last beat went in, one cycle at a time */
	fill_super(f, 0);
	vnr_runner_send(r, VNR_PORT_H2E, f, INNER_LEN, user);
	while (vnr_runner_in_count(r, VNR_PORT_H2E) == 0)
		if (vnr_runner_run(r, 1) || vnr_runner_cycles(r) > 1000000)
			goto out;
	last_in = vnr_runner_cycles(r) - 1;
	if (vnr_runner_drain(r, QUIET, 10000000) != 0 || check_segments(r, 0, 1, mss, nseg))
		goto out;
	t->latency = vnr_runner_out(r, VNR_PORT_E2N, 0)->cycle_first - last_in;
	/* throughput: the e2n span of the n frames' segments */
	for (unsigned i = 0; i < n; i++) {
		fill_super(f, i + 1);
		vnr_runner_send(r, VNR_PORT_H2E, f, INNER_LEN, user);
	}
	if (vnr_runner_drain(r, QUIET, 100000000) != 0 || check_segments(r, nseg, n, mss, nseg))
		goto out;
	for (unsigned i = 0; i < n * nseg; i++)
		beats += (vnr_runner_out(r, VNR_PORT_E2N, nseg + i)->len + bytes - 1) / bytes;
	span = vnr_runner_out(r, VNR_PORT_E2N, nseg + n * nseg - 1)->cycle_last -
	       vnr_runner_out(r, VNR_PORT_E2N, nseg)->cycle_first + 1;
	t->beats_per_cycle = (double)beats / span;
	t->gaps = span - beats;
	t->nseg = nseg;
	rc = 0;
out:
	if (r)
		vnr_runner_free(r);
	if (e)
		vnr_engine_free(e);
	free(f);
	return rc;
}

/* vnr_tso_segment over every segment of one super-frame, MB/s of its bytes,
 * median of reps runs */
static int model_rate(const uint8_t *o, size_t lout, unsigned mss, int reps, double *mbps,
		      unsigned *nseg)
{
	static uint8_t seg[VNR_TSO_HDR_MAX + VNR_TSO_MSS_MAX];
	struct vnr_tso_desc d;
	volatile size_t sink = 0;
	double v[9];

	sent_desc(&d, mss);
	*nseg = vnr_tso_nseg(&d, lout);
	for (unsigned k = 0; k < *nseg; k++)
		if (vnr_tso_segment(&d, o, lout, k, seg) != seg_len(mss, k)) {
			fprintf(stderr, "vnrbench: vnr_tso_segment: segment %u has the wrong length\n", k);
			return -1;
		}
	/* each run at least 0.2 s: the machine is shared */
	for (int j = 0; j < reps; j++) {
		double t0 = bench_now(), t;
		unsigned iters = 0;

		do {
			for (unsigned k = 0; k < *nseg; k++)
				sink += vnr_tso_segment(&d, o, lout, k, seg);
			iters++;
			t = bench_now() - t0;
		} while (t < 0.2);
		v[j] = (double)iters * lout / t / 1e6;
	}
	(void)sink;
	*mbps = bench_median(v, reps);
	return 0;
}

int bench_tso(struct tso_results *res, int quick, int reps)
{
	size_t lout = OUTER_LEN + INNER_LEN;
	uint8_t *o = malloc(lout);
	const struct gso_shape sh = {
		.outer_l2 = 14, .outer_l3 = 20, .l2 = 8 + 8 + 14, .l3 = 20, .l4 = TCP_HDR,
		.seg_size = HOUT + tso_mss[0],
	};

	memset(res, 0, sizeof(*res));
	for (unsigned m = 0; m < TSO_NMSS; m++)
		for (unsigned w = 0; w < TSO_NW; w++)
			if (measure_tso(tso_widths[w], tso_mss[m], quick ? 3 : 8, &res->t[m][w])) {
				fprintf(stderr, "vnrbench: TSO MSS %u at %u bits failed\n", tso_mss[m],
					tso_widths[w]);
				free(o);
				return -1;
			}
	if (!o)
		return -1;
	fill_sent(o, 1);
	if (model_rate(o, lout, tso_mss[0], reps, &res->model_mbps, &res->model_nseg)) {
		free(o);
		return -1;
	}
	if (dpdk_gso_rate(o, lout, &sh, reps, &res->dpdk_mbps, &res->dpdk_nseg, res->dpdk_why,
			  sizeof(res->dpdk_why)) == 0 && res->dpdk_nseg != res->model_nseg)
		snprintf(res->dpdk_why, sizeof(res->dpdk_why),
			 "rte_gso_segment made %u segments, the model %u", res->dpdk_nseg,
			 res->model_nseg);
	free(o);
	return 0;
}

void bench_tso_md(FILE *md, const struct tso_results *res, int reps)
{
	fprintf(md, "\n## TSO (VF super-frame, VXLAN encap rule; 65549 B in, %u B of header per segment)\n\n"
		"Beats per cycle on e2n over the steady state (e2n beats / cycles from the first\n"
		"segment's first beat to the last one's last beat, super-frames back to back);\n"
		"latency from the super-frame's last h2e beat to its first segment's first e2n beat.\n\n"
		"| MSS | segments | DATA_W | e2n beats/cycle | idle e2n cycles | latency (cycles) |\n"
		"| --- | --- | --- | --- | --- | --- |\n", HOUT);
	for (unsigned m = 0; m < TSO_NMSS; m++)
		for (unsigned w = 0; w < TSO_NW; w++)
			fprintf(md, "| %u | %u | %u | %.3f | %lu | %lu |\n", tso_mss[m],
				res->t[m][w].nseg, tso_widths[w], res->t[m][w].beats_per_cycle,
				res->t[m][w].gaps, res->t[m][w].latency);
	fprintf(md, "\n## TSO segmentation, model against DPDK GSO (MB/s of the %u-byte super-frame, "
		"MSS %u, median of %d runs)\n\n"
		"The model (vnr_tso_segment) writes every segment whole and computes its TCP and\n"
		"IPv4 checksums; DPDK (rte_gso_segment) copies headers, points at the payload and\n"
		"computes no checksum.\n\n"
		"| model (vnr_tso_segment) | DPDK (rte_gso_segment) | model / DPDK |\n"
		"| --- | --- | --- |\n", OUTER_LEN + INNER_LEN, tso_mss[0], reps);
	if (res->dpdk_why[0])
		fprintf(md, "| %.0f | not measured: %s | - |\n", res->model_mbps, res->dpdk_why);
	else
		fprintf(md, "| %.0f | %.0f | %.3f |\n", res->model_mbps, res->dpdk_mbps,
			res->model_mbps / res->dpdk_mbps);
}

void bench_tso_json(FILE *js, const struct tso_results *res)
{
	fprintf(js, "  \"tso\": [\n");
	for (unsigned m = 0; m < TSO_NMSS; m++)
		for (unsigned w = 0; w < TSO_NW; w++)
			fprintf(js, "    {\"path\": \"VF TSO, VXLAN encap (h2e -> e2n)\", \"mss\": %u, "
				"\"data_w\": %u, \"frame_bytes\": %u, \"segments\": %u, "
				"\"e2n_beats_per_cycle\": %.4f, \"gap_cycles\": %lu, "
				"\"latency_cycles\": %lu}%s\n",
				tso_mss[m], tso_widths[w], INNER_LEN, res->t[m][w].nseg,
				res->t[m][w].beats_per_cycle, res->t[m][w].gaps, res->t[m][w].latency,
				m == TSO_NMSS - 1 && w == TSO_NW - 1 ? "" : ",");
	fprintf(js, "  ],\n  \"tso_segment_mb_per_s\": {\"bytes\": %u, \"mss\": %u, \"model\": %.0f, ",
		OUTER_LEN + INNER_LEN, tso_mss[0], res->model_mbps);
	if (res->dpdk_why[0])
		fprintf(js, "\"dpdk\": null, \"dpdk_not_measured\": \"%s\"}", res->dpdk_why);
	else
		fprintf(js, "\"dpdk\": %.0f}", res->dpdk_mbps);
}
