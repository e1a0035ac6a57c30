/* dpdk_gso: cut the engine's TSO super-frames again with DPDK's GSO library
 * and compare with the segments the engine put on e2n (docs/tso.md section 4).
 *
 *   dpdk_gso FRAMES.pcap FRAMES.txt E2N.pcap
 *
 * FRAMES.pcap holds each segmented frame as sent (written by
 * sim/check/tso_check.py --dpdk, which builds them from the scenario's inputs
 * and config, not from the engine); FRAMES.txt one line per frame: input
 * number, payload per segment m, index of its first segment in E2N.pcap,
 * segments, and the header offsets ip_o udp gre ip_i v6 tcp (-1 = none).
 * Frames DPDK 22.11 cannot segment (inner IPv6, tunnels without an outer
 * IPv4 header) are skipped and counted.
 *
 * rte_gso_segment gets gso_size = H + m (DPDK's gso_size is the whole
 * segment, headers included), RTE_MBUF_F_TX_TCP_SEG | _IPV4 and, for a
 * tunnel, _OUTER_IPV4 | _TUNNEL_VXLAN (any UDP tunnel: DPDK only needs the
 * lengths) or _TUNNEL_GRE. DPDK leaves checksums to the NIC and keeps CWR on
 * every segment, so both sides have their IPv4 header, TCP, UDP and GRE
 * checksums zeroed, and DPDK's segments after the first have CWR cleared;
 * every other byte must be equal.
 *
 * Exit 0: every frame equal; 1: a difference; 2: usage or file error;
 * 77: the EAL could not start here (reported as SKIP, never as a pass). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_gso.h>
#include <rte_mbuf.h>

#define EXIT_SKIP 77
#define CHUNK 16384			/* data room of an input mbuf */
#define MAX_SEGS 65535		/* nb_pkts_out is 16 bits */

struct frame {
	uint8_t *data;
	uint32_t len;
};

struct frames {
	struct frame *f;
	size_t n;
};

struct job {
	unsigned input, m, first, nseg;
	int ip_o, udp, gre, ip_i, v6, tcp;
};

static uint32_t rd32(const uint8_t *p, int swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

/* classic pcap, either byte order, records cut to the snaplen as libpcap does */
static int read_pcap(const char *path, struct frames *out)
{
	uint8_t head[24], rec[16];
	FILE *f = fopen(path, "rb");
	size_t cap = 0;
	int swap;
	uint32_t snap;

	memset(out, 0, sizeof(*out));
	if (!f || fread(head, 1, 24, f) != 24) {
		fprintf(stderr, "dpdk_gso: %s: %s\n", path, f ? "short file" : strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	swap = head[0] == 0xa1;
	snap = rd32(head + 16, swap);
	while (fread(rec, 1, 16, f) == 16) {
		uint32_t incl = rd32(rec + 8, swap);
		uint8_t *d = malloc(incl ? incl : 1);

		if (!d || fread(d, 1, incl, f) != incl) {
			free(d);
			break;
		}
		if (out->n == cap) {
			cap = cap ? 2 * cap : 1024;
			out->f = realloc(out->f, cap * sizeof(*out->f));
		}
		out->f[out->n].data = d;
		out->f[out->n].len = snap && incl > snap ? snap : incl;
		out->n++;
	}
	fclose(f);
	return 0;
}

static int read_jobs(const char *path, struct job **jobs, size_t *n)
{
	char line[512];
	size_t cap = 0;
	FILE *f = fopen(path, "r");

	*jobs = NULL;
	*n = 0;
	if (!f) {
		fprintf(stderr, "dpdk_gso: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct job j;

		if (line[0] == '#')
			continue;
		if (sscanf(line, "%u %u %u %u %d %d %d %d %d %d", &j.input, &j.m, &j.first, &j.nseg,
			   &j.ip_o, &j.udp, &j.gre, &j.ip_i, &j.v6, &j.tcp) != 10)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*jobs = realloc(*jobs, cap * sizeof(**jobs));
		}
		(*jobs)[(*n)++] = j;
	}
	fclose(f);
	return 0;
}

static void zero16(uint8_t *b, uint32_t len, int off)
{
	if (off >= 0 && (uint32_t)off + 2 <= len)
		b[off] = b[off + 1] = 0;
}

/* the fields DPDK leaves to the NIC: IPv4 header, TCP, UDP, GRE checksums */
static void zero_checksums(uint8_t *b, uint32_t len, const struct job *j)
{
	if (j->ip_o >= 0)
		zero16(b, len, j->ip_o + 10);
	if (j->udp >= 0)
		zero16(b, len, j->udp + 6);
	if (j->gre >= 0 && (b[j->gre] & 0x80))
		zero16(b, len, j->gre + 4);
	if (!j->v6)
		zero16(b, len, j->ip_i + 10);
	zero16(b, len, j->tcp + 16);
}

/* the super-frame as a chain of CHUNK-byte mbufs */
static struct rte_mbuf *load_frame(struct rte_mempool *pool, const struct frame *fr)
{
	struct rte_mbuf *head = NULL, *last = NULL;
	uint32_t off = 0;

	while (off < fr->len) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
		uint32_t n = fr->len - off < CHUNK ? fr->len - off : CHUNK;

		if (!m) {
			rte_pktmbuf_free(head);
			return NULL;
		}
		memcpy(rte_pktmbuf_append(m, n), fr->data + off, n);
		if (!head) {
			head = m;
		} else {
			last->next = m;
			head->nb_segs++;
			head->pkt_len += n;
		}
		last = m;
		off += n;
	}
	return head;
}

static void set_offload(struct rte_mbuf *m, const struct job *j)
{
	int ip_hdr_o = j->ip_o >= 0 ? 4 * (rte_pktmbuf_mtod(m, uint8_t *)[j->ip_o] & 15) : 0;
	int doff = 4 * (rte_pktmbuf_mtod(m, uint8_t *)[j->tcp + 12] >> 4);

	m->ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4;
	if (j->ip_o >= 0) {
		m->ol_flags |= RTE_MBUF_F_TX_OUTER_IPV4 |
			       (j->gre >= 0 ? RTE_MBUF_F_TX_TUNNEL_GRE : RTE_MBUF_F_TX_TUNNEL_VXLAN);
		m->outer_l2_len = j->ip_o;
		m->outer_l3_len = ip_hdr_o;
		m->l2_len = j->ip_i - j->ip_o - ip_hdr_o;
	} else {
		m->l2_len = j->ip_i;
	}
	m->l3_len = j->tcp - j->ip_i;
	m->l4_len = doff;
}

/* compare DPDK's segments with the engine's; returns the number that differ */
static unsigned compare(struct rte_mbuf **segs, int n, const struct frames *e2n, const struct job *j)
{
	static uint8_t a[65536 + 256], b[65536 + 256];
	unsigned bad = 0;

	if ((unsigned)n != j->nseg) {
		printf("FAIL input %u: DPDK made %d segments, the engine %u\n", j->input, n, j->nseg);
		return 1;
	}
	for (int k = 0; k < n; k++) {
		const struct frame *e = &e2n->f[j->first + k];
		uint32_t len = rte_pktmbuf_pkt_len(segs[k]);

		if (len != e->len) {
			printf("FAIL input %u seg %d: DPDK %u bytes, engine %u\n", j->input, k, len, e->len);
			bad++;
			continue;
		}
		const uint8_t *p = rte_pktmbuf_read(segs[k], 0, len, a);
		if (p != a)
			memcpy(a, p, len);
		memcpy(b, e->data, len);
		zero_checksums(a, len, j);
		zero_checksums(b, len, j);
		if (k > 0)
			a[j->tcp + 13] &= ~0x80;	/* DPDK keeps CWR on every segment */
		if (memcmp(a, b, len)) {
			uint32_t x = 0;

			while (a[x] == b[x])
				x++;
			printf("FAIL input %u seg %d: byte %u: DPDK %02x, engine %02x\n", j->input, k, x,
			       a[x], b[x]);
			bad++;
		}
	}
	return bad;
}

static int eal_start(void)
{
	char *argv[] = { "dpdk_gso", "--no-huge", "--no-pci", "-m", "512", "--no-shconf",
			 "-l", "0", "--no-telemetry", "--log-level=lib.*:error", NULL };
	int r = rte_eal_init(10, argv);

	if (r < 0) {
		printf("SKIP dpdk_gso: rte_eal_init failed: %s (args: --no-huge --no-pci -m 512 "
		       "--no-shconf -l 0)\n", rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct frames in, e2n;
	struct job *jobs;
	size_t nj, skipped = 0, frames = 0, nsegs = 0, bad = 0;
	static struct rte_mbuf *out[MAX_SEGS];

	if (argc != 4) {
		fprintf(stderr, "usage: dpdk_gso FRAMES.pcap FRAMES.txt E2N.pcap\n");
		return 2;
	}
	if (read_pcap(argv[1], &in) || read_jobs(argv[2], &jobs, &nj) || read_pcap(argv[3], &e2n))
		return 2;
	if (eal_start())
		return EXIT_SKIP;
	struct rte_mempool *inp = rte_pktmbuf_pool_create("in", 64, 0, 0, CHUNK + 128, 0);
	struct rte_mempool *dir = rte_pktmbuf_pool_create("direct", MAX_SEGS + 1024, 0, 0, 512, 0);
	struct rte_mempool *ind = rte_pktmbuf_pool_create("indirect", MAX_SEGS + 1024, 0, 0, 0, 0);
	if (!inp || !dir || !ind) {
		printf("SKIP dpdk_gso: mbuf pools: %s\n", rte_strerror(rte_errno));
		return EXIT_SKIP;
	}
	for (size_t i = 0; i < nj && i < in.n; i++) {
		const struct job *j = &jobs[i];
		uint32_t H = j->tcp + 4 * (in.f[i].data[j->tcp + 12] >> 4);

		if (j->v6 || (j->ip_o < 0 && (j->udp >= 0 || j->gre >= 0)) ||
		    j->first + j->nseg > e2n.n || H + j->m > UINT16_MAX) {
			skipped++;
			continue;
		}
		struct rte_gso_ctx ctx = {
			.direct_pool = dir, .indirect_pool = ind, .flag = 0,
			.gso_types = RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO |
				     RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO,
			.gso_size = (uint16_t)(H + j->m),
		};
		if (ctx.gso_size <= RTE_GSO_SEG_SIZE_MIN) {
			skipped++;	/* DPDK refuses a gso_size this small (MSS 1 plain) */
			continue;
		}
		struct rte_mbuf *m = load_frame(inp, &in.f[i]);
		if (!m) {
			printf("FAIL input %u: no mbufs for the super-frame\n", j->input);
			bad++;
			continue;
		}
		set_offload(m, j);
		int n = rte_gso_segment(m, &ctx, out, MAX_SEGS);
		if (n == 0) {		/* not cut: the frame itself is the one segment */
			out[0] = m;
			n = 1;
		}
		if (n < 0) {
			printf("FAIL input %u: rte_gso_segment: %s\n", j->input, strerror(-n));
			bad++;
			rte_pktmbuf_free(m);
			continue;
		}
		frames++;
		nsegs += (size_t)n;
		bad += compare(out, n, &e2n, j);
		if (out[0] != m)
			for (int k = 0; k < n; k++)
				rte_pktmbuf_free(out[k]);
		rte_pktmbuf_free(m);
	}
	printf("dpdk_gso: %zu frames (%zu segments) compared, %zu differ, %zu skipped "
	       "(inner IPv6 or beyond DPDK)\n", frames, nsegs, bad, skipped);
	return bad ? 1 : 0;
}
