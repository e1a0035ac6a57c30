// SPDX-License-Identifier: MIT
/* Traffic commands of the simulation backends: send, run, drain, dump. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "drv_internal.h"
#include "vnr_frameio.h"

static struct vnr_runner *sim_runner(struct vnr_dev *d, const char *cmd, char *err, size_t len)
{
	if (!d->bus->runner)
		vnr_errf(err, len,
			 "%s: traffic commands need a simulation backend (-B model|rtl|cosim); "
			 "bus '%s' has none", cmd, d->bus->name);
	return d->bus->runner;
}

static int port_arg(const char *cmd, const char *s, const char *a, enum vnr_port pa,
		    const char *b, enum vnr_port pb, enum vnr_port *port, char *err, size_t len)
{
	if (!strcmp(s, a))
		*port = pa;
	else if (!strcmp(s, b))
		*port = pb;
	else
		return vnr_errf(err, len, "%s: port '%s' is not %s or %s", cmd, s, a, b);
	return 0;
}

static int runner_failed(struct vnr_runner *r, const char *cmd, char *err, size_t len)
{
	return vnr_errf(err, len, "%s: simulation stopped: %s", cmd, vnr_runner_error(r));
}

struct send_args {
	enum vnr_port port;
	const char *pcap, *meta;
	int has_func;
	uint32_t func;
};

static int send_parse(struct vnr_dev *d, int argc, char **argv, struct send_args *a,
		      char *err, size_t len)
{
	int i;

	memset(a, 0, sizeof(*a));
	if (argc < 3)
		return vnr_errf(err, len, "send: usage: send h2e|n2e FILE.pcap [meta=FILE.meta] [func=N]");
	if (port_arg("send", argv[1], "h2e", VNR_PORT_H2E, "n2e", VNR_PORT_N2E, &a->port, err, len))
		return -1;
	a->pcap = argv[2];
	for (i = 3; i < argc; i++) {
		if (!strncmp(argv[i], "meta=", 5) && argv[i][5]) {
			a->meta = argv[i] + 5;
		} else if (!strncmp(argv[i], "func=", 5)) {
			if (vnr_parse_u32_max("send: func", argv[i] + 5, d->id.num_vf, &a->func,
					      err, len))
				return -1;
			a->has_func = 1;
		} else {
			return vnr_errf(err, len, "send: unknown argument '%s' (meta=FILE, func=N)",
					argv[i]);
		}
	}
	return 0;
}

int vnr_cmd_send(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct vnr_runner *r = sim_runner(d, "send", err, len);
	struct vnr_frame_list l = { 0 };
	struct send_args a;
	size_t i;

	if (!r || send_parse(d, argc, argv, &a, err, len))
		return -1;
	if (vnr_pcap_read(a.pcap, a.meta, "in", &l, err, len))
		return -1;
	for (i = 0; i < l.n; i++) {
		if (a.has_func)
			VNR_META_SET(l.f[i].user, IN, FUNC, a.func);
		if (vnr_runner_send(r, a.port, l.f[i].data, l.f[i].len, l.f[i].user)) {
			vnr_frame_list_free(&l);
			return vnr_errf(err, len, "send: frame %zu of %s refused by the runner",
					i + 1, a.pcap);
		}
	}
	vnr_outf(out, "send %s: %zu frames from %s\n", argv[1], l.n, a.pcap);
	vnr_frame_list_free(&l);
	return 0;
}

int vnr_cmd_run(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct vnr_runner *r = sim_runner(d, "run", err, len);
	uint64_t n;

	if (!r)
		return -1;
	if (argc != 2)
		return vnr_errf(err, len, "run: usage: run CYCLES");
	if (vnr_parse_u64(argv[1], &n))
		return vnr_errf(err, len, "run: cycles '%s' is not a number", argv[1]);
	if (vnr_runner_run(r, n))
		return runner_failed(r, "run", err, len);
	vnr_outf(out, "run: %" PRIu64 " cycles, now at cycle %" PRIu64 "\n", n, vnr_runner_cycles(r));
	return 0;
}

int vnr_cmd_drain(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct vnr_runner *r = sim_runner(d, "drain", err, len);
	uint64_t max = VNR_DRAIN_DEFAULT_MAX;
	int rc;

	if (!r)
		return -1;
	if (argc > 2)
		return vnr_errf(err, len, "drain: usage: drain [MAX_CYCLES]");
	if (argc == 2 && vnr_parse_u64(argv[1], &max))
		return vnr_errf(err, len, "drain: max cycles '%s' is not a number", argv[1]);
	rc = vnr_runner_drain(r, VNR_DRAIN_QUIET, max);
	if (rc < 0)
		return runner_failed(r, "drain", err, len);
	if (rc > 0)
		return vnr_errf(err, len, "drain: not drained within %" PRIu64 " cycles", max);
	vnr_outf(out, "drain: done at cycle %" PRIu64 "\n", vnr_runner_cycles(r));
	return 0;
}

/* FILE.pcap -> FILE.meta; any other name gets .meta appended */
static void meta_path_of(const char *pcap, char *buf, size_t len)
{
	size_t n = strlen(pcap);

	if (n > 5 && !strcmp(pcap + n - 5, ".pcap"))
		snprintf(buf, len, "%.*s.meta", (int)(n - 5), pcap);
	else
		snprintf(buf, len, "%s.meta", pcap);
}

int vnr_cmd_dump(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct vnr_runner *r = sim_runner(d, "dump", err, len);
	struct vnr_frame *frames;
	enum vnr_port port = VNR_PORT_E2N;
	char meta[4096];
	size_t i, n;
	int rc;

	if (!r)
		return -1;
	if (argc != 3)
		return vnr_errf(err, len, "dump: usage: dump e2n|e2h FILE.pcap");
	if (port_arg("dump", argv[1], "e2n", VNR_PORT_E2N, "e2h", VNR_PORT_E2H, &port, err, len))
		return -1;
	meta_path_of(argv[2], meta, sizeof(meta));
	n = vnr_runner_out_count(r, port);
	frames = calloc(n ? n : 1, sizeof(*frames));
	if (!frames)
		return vnr_errf(err, len, "dump: out of memory");
	for (i = 0; i < n; i++)
		frames[i] = *vnr_runner_out(r, port, i);
	rc = vnr_pcap_write(argv[2], meta, "out", frames, n, err, len);
	free(frames);
	if (rc)
		return -1;
	vnr_outf(out, "dump %s: %zu frames to %s and %s\n", argv[1], n, argv[2], meta);
	return 0;
}

/* inject VF FILE.pcap: every frame on h2e from the PF (func 0) with inject=1
 * and inject_vf=VF; the egress path delivers it to the VF unchanged */
int vnr_cmd_inject(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct vnr_runner *r = sim_runner(d, "inject", err, len);
	struct vnr_frame_list l = { 0 };
	uint64_t vf;
	size_t i;

	if (!r)
		return -1;
	if (argc != 3)
		return vnr_errf(err, len, "inject: usage: inject VF FILE.pcap");
	if (vnr_parse_u64(argv[1], &vf))
		return vnr_errf(err, len, "inject: VF '%s' is not a number", argv[1]);
	if (vf < 1 || vf > d->id.num_vf)
		return vnr_errf(err, len, "inject: VF=%s outside the limits 1..%u (NUM_VF)", argv[1],
				d->id.num_vf);
	if (vnr_pcap_read(argv[2], NULL, "in", &l, err, len))
		return -1;
	for (i = 0; i < l.n; i++) {
		memset(l.f[i].user, 0, sizeof(l.f[i].user));
		VNR_META_SET(l.f[i].user, IN, FUNC, 0);
		VNR_META_SET(l.f[i].user, IN, INJECT, 1);
		VNR_META_SET(l.f[i].user, IN, INJECT_VF, (uint32_t)vf);
		if (vnr_runner_send(r, VNR_PORT_H2E, l.f[i].data, l.f[i].len, l.f[i].user)) {
			vnr_frame_list_free(&l);
			return vnr_errf(err, len, "inject: frame %zu of %s refused by the runner",
					i + 1, argv[2]);
		}
	}
	vnr_outf(out, "inject %u: %zu frames from %s\n", (unsigned)vf, l.n, argv[2]);
	vnr_frame_list_free(&l);
	return 0;
}
