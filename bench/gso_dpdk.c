/* make bench: DPDK's GSO library (rte_gso_segment) cutting a VXLAN super-
 * frame, the reference the model's vnr_tso_segment is timed against.
 * Built with DPDK's own compiler flags (pkg-config libdpdk), apart from the
 * rest of vnrbench.
 *
 * EAL runs without hugepages or PCI devices (--no-huge --no-pci
 * --no-shconf): the bench touches no NIC, only mempools in ordinary memory.
 * EAL pins the calling thread to lcore 0; the bench puts back the CPU set it
 * had, so later figures run as before.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_gso.h>
#include <rte_mbuf.h>
#include "bench.h"

#define CHUNK 8192          /* data room of an input mbuf: a 64 kB frame is a chain */
#define SEGS_OUT 128

static int eal_up(char *why, size_t why_len)
{
	static int state;   /* 0 not tried, 1 up, -1 failed */
	static char reason[160];
	/* the flags of sim/check/dpdk_gso.c */
	char *argv[] = { "vnrbench", "--no-huge", "--no-pci", "-m", "512", "--no-shconf",
			 "-l", "0", "--no-telemetry", "--log-level=lib.*:error", NULL };
	cpu_set_t cpus;

	if (!state) {
		sched_getaffinity(0, sizeof(cpus), &cpus);
		if (rte_eal_init(sizeof(argv) / sizeof(argv[0]) - 1, argv) < 0) {
			snprintf(reason, sizeof(reason), "rte_eal_init (--no-huge): %s",
				 rte_strerror(rte_errno));
			state = -1;
		} else {
			state = 1;
		}
		sched_setaffinity(0, sizeof(cpus), &cpus);
	}
	if (state < 0)
		snprintf(why, why_len, "%s", reason);
	return state > 0 ? 0 : -1;
}

/* o as a chain of CHUNK-byte mbufs with the offload flags of a VXLAN TSO
 * packet (outer and inner IPv4) */
static struct rte_mbuf *super_mbuf(struct rte_mempool *pool, const uint8_t *o, size_t len,
				   const struct gso_shape *sh)
{
	struct rte_mbuf *head = NULL;

	for (size_t off = 0; off < len; off += CHUNK) {
		size_t n = len - off < CHUNK ? len - off : CHUNK;
		struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
		char *p = m ? rte_pktmbuf_append(m, n) : NULL;

		if (!p || (head && rte_pktmbuf_chain(head, m))) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(head);
			return NULL;
		}
		memcpy(p, o + off, n);
		if (!head)
			head = m;
	}
	head->outer_l2_len = sh->outer_l2;
	head->outer_l3_len = sh->outer_l3;
	head->l2_len = sh->l2;
	head->l3_len = sh->l3;
	head->l4_len = sh->l4;
	return head;
}

static const uint64_t tso_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4 |
				  RTE_MBUF_F_TX_OUTER_IPV4 | RTE_MBUF_F_TX_TUNNEL_VXLAN;

/* One rte_gso_segment call, timed; the segments are freed outside the
 * timing (they would be after transmission). Returns segments or < 0;
 * *bytes: what the segments hold in all. */
static int gso_once(struct rte_mbuf *pkt, const struct rte_gso_ctx *ctx, double *secs,
		    size_t *bytes)
{
	struct rte_mbuf *out[SEGS_OUT];
	double t0;
	int n;

	pkt->ol_flags = tso_flags;	/* GSO clears TCP_SEG on the input */
	t0 = bench_now();
	n = rte_gso_segment(pkt, ctx, out, SEGS_OUT);
	*secs += bench_now() - t0;
	*bytes = 0;
	for (int i = 0; i < n; i++) {
		*bytes += out[i]->pkt_len;
		rte_pktmbuf_free(out[i]);
	}
	return n;
}

int dpdk_gso_rate(const uint8_t *o, size_t len, const struct gso_shape *sh, int reps,
		  double *mbps, unsigned *nseg, char *why, size_t why_len)
{
	struct rte_mempool *direct, *indirect, *in;
	struct rte_gso_ctx ctx = { 0 };
	struct rte_mbuf *pkt;
	unsigned hdr = sh->outer_l2 + sh->outer_l3 + sh->l2 + sh->l3 + sh->l4;
	size_t bytes;
	double v[9];
	int n = 0;

	if (eal_up(why, why_len))
		return -1;
	direct = rte_pktmbuf_pool_create("gso_direct", 1023, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
					 SOCKET_ID_ANY);
	indirect = rte_pktmbuf_pool_create("gso_indirect", 1023, 0, 0, 0, SOCKET_ID_ANY);
	in = rte_pktmbuf_pool_create("gso_in", 63, 0, 0, CHUNK + RTE_PKTMBUF_HEADROOM,
				     SOCKET_ID_ANY);
	if (!direct || !indirect || !in) {
		snprintf(why, why_len, "rte_pktmbuf_pool_create: %s", rte_strerror(rte_errno));
		return -1;
	}
	pkt = super_mbuf(in, o, len, sh);
	if (!pkt) {
		snprintf(why, why_len, "no mbufs for the super-frame");
		return -1;
	}
	ctx.direct_pool = direct;
	ctx.indirect_pool = indirect;
	ctx.gso_types = RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO | RTE_ETH_TX_OFFLOAD_TCP_TSO;
	ctx.gso_size = sh->seg_size;
	ctx.flag = 0;	/* IDs incremented per segment, as the engine does */
	/* each run at least 0.2 s of segmenting: the machine is shared */
	for (int k = 0; k < reps; k++) {
		double secs = 0;
		unsigned iters;

		for (iters = 0; secs < 0.2; iters++) {
			n = gso_once(pkt, &ctx, &secs, &bytes);
			/* every segment carries the header once, the payload once */
			if (n <= 0 || bytes != len + (size_t)(n - 1) * hdr) {
				snprintf(why, why_len, "rte_gso_segment returned %d (%zu bytes)", n,
					 bytes);
				rte_pktmbuf_free(pkt);
				return -1;
			}
		}
		v[k] = (double)iters * len / secs / 1e6;
	}
	*nseg = (unsigned)n;
	*mbps = bench_median(v, reps);
	rte_pktmbuf_free(pkt);
	return 0;
}
