/* The runner: one engine, or two in lockstep (sim/include/vnr_runner.h).
 *
 * One cycle: eval() every engine (outputs depend on state only), compare the
 * outputs (lockstep), decide the inputs from engine a's outputs and the
 * seeded random generator, capture the output transfers, step() every engine
 * with the same inputs.
 *
 * Waveform on mismatch: while fst_path is set and one engine can trace, the
 * runner records every cycle's inputs. On the first mismatch it resets that
 * engine, opens the FST, replays the recorded inputs up to and including the
 * mismatching cycle (plus a few cycles), and closes it. The run is over after
 * a mismatch anyway, so disturbing the engine's state costs nothing, and runs
 * without a mismatch pay no tracing cost. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "vnr_frameio.h"
#include "vnr_runner.h"

struct qframe {
	uint8_t *data;
	size_t len;
	uint32_t user[4];
};

struct in_port {
	struct qframe *q;
	size_t n, cap, head; /* head: frame being sent */
	size_t off;          /* bytes of the head frame already accepted */
	size_t beat;         /* beat index within the head frame */
	int held;            /* tvalid was high and not accepted: keep it */
	size_t accepted;     /* frames fully accepted */
};

struct out_port {
	struct vnr_frame *f;
	size_t n, cap;
	/* frame being received */
	uint8_t *cur;
	size_t cur_len, cur_cap, cur_beats;
	uint32_t cur_user[4];
	uint64_t cur_first;
	int in_frame;
};

struct vnr_runner {
	struct vnr_engine *e[2];
	int ne;
	struct vnr_runner_opts o;
	char *fst_path, *fail_dir;
	uint64_t rng;
	uint64_t cycle;
	uint64_t trace_from;  /* VNR_TRACE_FROM: 0 = off */
	struct in_port in[2];   /* 0 h2e, 1 n2e */
	struct out_port out[2]; /* 0 e2n, 1 e2h */
	struct vnr_in csr;      /* csr part of the inputs, set by csr calls */
	int mismatch;
	char err[1024];
	/* recorded inputs for the replay into the traced engine */
	int record;
	struct vnr_in *rec;
	size_t nrec, caprec;
	unsigned bytes; /* beat width in bytes */
};

static uint64_t rnd(struct vnr_runner *r)
{
	/* splitmix64 */
	uint64_t z = (r->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int chance(struct vnr_runner *r, unsigned pct)
{
	if (pct == 0)
		return 0;
	if (pct >= 100)
		return 1;
	return (rnd(r) % 100) < pct;
}

struct vnr_runner *vnr_runner_new(struct vnr_engine *a, struct vnr_engine *b,
				  const struct vnr_runner_opts *o)
{
	struct vnr_runner *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->e[0] = a;
	r->e[1] = b;
	r->ne = b ? 2 : 1;
	if (o)
		r->o = *o;
	r->fst_path = r->o.fst_path ? strdup(r->o.fst_path) : NULL;
	r->fail_dir = r->o.fail_dir ? strdup(r->o.fail_dir) : NULL;
	if (getenv("VNR_TRACE_FROM"))
		r->trace_from = strtoull(getenv("VNR_TRACE_FROM"), NULL, 0);
	r->o.fst_path = r->fst_path;
	r->o.fail_dir = r->fail_dir;
	r->rng = r->o.seed ^ 0x5eed5eed12345678ull;
	r->bytes = a->params.data_w / 8;
	if (r->bytes == 0 || r->bytes > VNR_MAX_BYTES)
		r->bytes = 8;
	for (int i = 0; i < r->ne; i++)
		if (r->fst_path && r->e[i]->trace_open)
			r->record = 1;
	for (int i = 0; i < r->ne; i++)
		r->e[i]->reset(r->e[i]->ctx);
	return r;
}

void vnr_runner_free(struct vnr_runner *r)
{
	if (!r)
		return;
	for (int p = 0; p < 2; p++) {
		for (size_t i = 0; i < r->in[p].n; i++)
			free(r->in[p].q[i].data);
		free(r->in[p].q);
		for (size_t i = 0; i < r->out[p].n; i++)
			free(r->out[p].f[i].data);
		free(r->out[p].f);
		free(r->out[p].cur);
	}
	free(r->rec);
	free(r->fst_path);
	free(r->fail_dir);
	free(r);
}

int vnr_runner_send(struct vnr_runner *r, enum vnr_port port, const uint8_t *data, size_t len,
		    const uint32_t user[4])
{
	int p;
	if (port == VNR_PORT_H2E)
		p = 0;
	else if (port == VNR_PORT_N2E)
		p = 1;
	else
		return -1;
	struct in_port *ip = &r->in[p];
	if (ip->n == ip->cap) {
		size_t nc = ip->cap ? ip->cap * 2 : 64;
		struct qframe *nq = realloc(ip->q, nc * sizeof(*nq));
		if (!nq)
			return -1;
		ip->q = nq;
		ip->cap = nc;
	}
	struct qframe *f = &ip->q[ip->n];
	f->data = malloc(len ? len : 1);
	if (!f->data)
		return -1;
	if (len)
		memcpy(f->data, data, len);
	f->len = len;
	if (user)
		memcpy(f->user, user, sizeof(f->user));
	else
		memset(f->user, 0, sizeof(f->user));
	ip->n++;
	return 0;
}

static const char *port_name(int p)
{
	static const char *const n[] = { "h2e", "e2n", "n2e", "e2h" };
	return p >= 0 && p < 4 ? n[p] : "?";
}

/* the current beat of an input port */
static void in_beat(struct vnr_runner *r, int p, struct vnr_beat *b)
{
	struct in_port *ip = &r->in[p];
	memset(b, 0, sizeof(*b));
	if (ip->head >= ip->n)
		return;
	const struct qframe *f = &ip->q[ip->head];
	size_t rem = f->len - ip->off;
	size_t nb = rem < r->bytes ? rem : r->bytes;
	memcpy(b->data, f->data + ip->off, nb);
	b->keep = nb >= 64 ? ~0ull : ((1ull << nb) - 1);
	b->last = rem <= r->bytes;
	if (ip->off == 0)
		memcpy(b->user, f->user, sizeof(b->user));
}

static void out_push_frame(struct out_port *op, uint64_t last_cycle)
{
	if (op->n == op->cap) {
		size_t nc = op->cap ? op->cap * 2 : 64;
		op->f = realloc(op->f, nc * sizeof(*op->f));
		op->cap = nc;
	}
	struct vnr_frame *f = &op->f[op->n++];
	f->data = malloc(op->cur_len ? op->cur_len : 1);
	memcpy(f->data, op->cur, op->cur_len);
	f->len = op->cur_len;
	memcpy(f->user, op->cur_user, sizeof(f->user));
	f->cycle_first = op->cur_first;
	f->cycle_last = last_cycle;
	op->cur_len = 0;
	op->cur_beats = 0;
	op->in_frame = 0;
}

static void out_capture(struct vnr_runner *r, int p, const struct vnr_beat *b)
{
	struct out_port *op = &r->out[p];
	if (!op->in_frame) {
		op->in_frame = 1;
		op->cur_len = 0;
		op->cur_beats = 0;
		memcpy(op->cur_user, b->user, sizeof(op->cur_user));
		op->cur_first = r->cycle;
	}
	if (op->cur_len + VNR_MAX_BYTES > op->cur_cap) {
		op->cur_cap = op->cur_cap ? op->cur_cap * 2 : 16384;
		op->cur = realloc(op->cur, op->cur_cap);
	}
	unsigned n = (unsigned)__builtin_popcountll(b->keep);

	if (b->keep == (n == 64 ? ~0ull : (1ull << n) - 1)) {
		memcpy(op->cur + op->cur_len, b->data, n);	/* keep is contiguous */
		op->cur_len += n;
	} else {
		for (unsigned i = 0; i < r->bytes; i++)
			if ((b->keep >> i) & 1)
				op->cur[op->cur_len++] = b->data[i];
	}
	op->cur_beats++;
	if (b->last)
		out_push_frame(op, r->cycle);
}

static void write_fail_frames(struct vnr_runner *r, int port)
{
	if (!r->fail_dir)
		return;
	mkdir(r->fail_dir, 0777);
	char path[4096], err[256];
	/* inputs: the last frames started on each input port (up to 8, with the
	 * one in flight) */
	for (int p = 0; p < 2; p++) {
		struct in_port *ip = &r->in[p];
		size_t end = ip->head < ip->n ? ip->head + 1 : ip->n;
		size_t start = end > 8 ? end - 8 : 0;
		struct vnr_frame fr[8];
		size_t k = 0;
		for (size_t i = start; i < end; i++, k++) {
			memset(&fr[k], 0, sizeof(fr[k]));
			fr[k].data = ip->q[i].data;
			fr[k].len = ip->q[i].len;
			memcpy(fr[k].user, ip->q[i].user, sizeof(fr[k].user));
		}
		snprintf(path, sizeof(path), "%s/in_%s.pcap", r->fail_dir, port_name(p ? 2 : 0));
		char mpath[4200];
		snprintf(mpath, sizeof(mpath), "%s/in_%s.meta", r->fail_dir, port_name(p ? 2 : 0));
		vnr_pcap_write(path, mpath, "in", fr, k, err, sizeof(err));
	}
	/* outputs: the last frames captured on every output port and the partial
	 * frame in flight (engine a's view; both engines agreed until now) */
	for (int p = 0; p < 2; p++) {
		struct out_port *op = &r->out[p];
		size_t start = op->n > 8 ? op->n - 8 : 0;
		struct vnr_frame fr[9];
		size_t k = 0;
		for (size_t i = start; i < op->n; i++)
			fr[k++] = op->f[i];
		if (op->in_frame) {
			memset(&fr[k], 0, sizeof(fr[k]));
			fr[k].data = op->cur;
			fr[k].len = op->cur_len;
			memcpy(fr[k].user, op->cur_user, sizeof(fr[k].user));
			fr[k].cycle_first = op->cur_first;
			k++;
		}
		const char *pn = port_name(p ? 3 : 1);
		snprintf(path, sizeof(path), "%s/out_%s%s.pcap", r->fail_dir, pn,
			 (p ? 3 : 1) == port ? "_mismatch" : "");
		char mpath[4200];
		snprintf(mpath, sizeof(mpath), "%s/out_%s%s.meta", r->fail_dir, pn,
			 (p ? 3 : 1) == port ? "_mismatch" : "");
		vnr_pcap_write(path, mpath, "out", fr, k, err, sizeof(err));
	}
}

static void replay_trace(struct vnr_runner *r)
{
	struct vnr_engine *t = NULL;
	for (int i = 0; i < r->ne; i++)
		if (r->e[i]->trace_open)
			t = r->e[i];
	if (!t || !r->fst_path || !r->record)
		return;
	t->reset(t->ctx);
	if (t->trace_open(t->ctx, r->fst_path) != 0)
		return;
	struct vnr_out o;
	for (size_t i = 0; i < r->nrec; i++) {
		t->eval(t->ctx, &o);
		t->step(t->ctx, &r->rec[i]);
	}
	/* a few idle cycles after the mismatch for context */
	struct vnr_in idle;
	memset(&idle, 0, sizeof(idle));
	for (int i = 0; i < 4; i++) {
		t->eval(t->ctx, &o);
		t->step(t->ctx, &idle);
	}
	if (t->trace_close)
		t->trace_close(t->ctx);
}

#define MISMATCH(...)                                                              \
	do {                                                                       \
		snprintf(r->err, sizeof(r->err), __VA_ARGS__);                     \
		return port_id;                                                    \
	} while (0)

static void hex_bytes(char *buf, size_t len, const uint8_t *d, uint64_t keep, unsigned n)
{
	size_t pos = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < n && pos + 3 < len; i++) {
		if ((keep >> i) & 1)
			pos += (size_t)snprintf(buf + pos, len - pos, "%02x", d[i]);
		else
			pos += (size_t)snprintf(buf + pos, len - pos, "..");
	}
}

static int cmp_beat(struct vnr_runner *r, int port_id, const struct vnr_beat *a,
		    const struct vnr_beat *b)
{
	const struct out_port *op = &r->out[port_id == VNR_PORT_E2N ? 0 : 1];
	size_t beat = op->in_frame ? op->cur_beats : 0;
	const char *pn = port_name(port_id);
	unsigned long long c = (unsigned long long)r->cycle;
	if (a->valid != b->valid)
		MISMATCH("cycle %llu port %s beat %zu field tvalid: %s=%u %s=%u", c, pn, beat,
			 r->e[0]->name, a->valid, r->e[1]->name, b->valid);
	if (!a->valid)
		return -1;
	if (a->last != b->last)
		MISMATCH("cycle %llu port %s beat %zu field tlast: %s=%u %s=%u", c, pn, beat,
			 r->e[0]->name, a->last, r->e[1]->name, b->last);
	uint64_t km = r->bytes >= 64 ? ~0ull : ((1ull << r->bytes) - 1);
	if ((a->keep & km) != (b->keep & km))
		MISMATCH("cycle %llu port %s beat %zu field tkeep: %s=0x%llx %s=0x%llx", c, pn,
			 beat, r->e[0]->name, (unsigned long long)(a->keep & km), r->e[1]->name,
			 (unsigned long long)(b->keep & km));
	for (unsigned i = 0; i < r->bytes; i++)
		if (((a->keep >> i) & 1) && a->data[i] != b->data[i]) {
			char ha[200], hb[200];
			hex_bytes(ha, sizeof(ha), a->data, a->keep, r->bytes);
			hex_bytes(hb, sizeof(hb), b->data, b->keep, r->bytes);
			MISMATCH("cycle %llu port %s beat %zu field tdata byte %u: %s=0x%02x %s=0x%02x"
				 " (%s %s / %s %s)",
				 c, pn, beat, i, r->e[0]->name, a->data[i], r->e[1]->name, b->data[i],
				 r->e[0]->name, ha, r->e[1]->name, hb);
		}
	if (!op->in_frame && memcmp(a->user, b->user, sizeof(a->user)) != 0)
		MISMATCH("cycle %llu port %s beat 0 field tuser: %s=%08x_%08x_%08x_%08x "
			 "%s=%08x_%08x_%08x_%08x",
			 c, pn, r->e[0]->name, a->user[3], a->user[2], a->user[1], a->user[0],
			 r->e[1]->name, b->user[3], b->user[2], b->user[1], b->user[0]);
	return -1;
}

/* returns -1 when equal, else the port (4 = csr) and r->err set */
static int compare(struct vnr_runner *r, const struct vnr_out *a, const struct vnr_out *b)
{
	unsigned long long c = (unsigned long long)r->cycle;
	const char *na = r->e[0]->name, *nb = r->e[1]->name;
	int port_id;
	port_id = VNR_PORT_H2E;
	if (a->h2e_ready != b->h2e_ready)
		MISMATCH("cycle %llu port h2e beat %zu field tready: %s=%u %s=%u", c,
			 r->in[0].beat, na, a->h2e_ready, nb, b->h2e_ready);
	port_id = VNR_PORT_N2E;
	if (a->n2e_ready != b->n2e_ready)
		MISMATCH("cycle %llu port n2e beat %zu field tready: %s=%u %s=%u", c,
			 r->in[1].beat, na, a->n2e_ready, nb, b->n2e_ready);
	int p;
	if ((p = cmp_beat(r, VNR_PORT_E2N, &a->e2n, &b->e2n)) >= 0)
		return p;
	if ((p = cmp_beat(r, VNR_PORT_E2H, &a->e2h, &b->e2h)) >= 0)
		return p;
	port_id = 4;
#define CSR_FIELD(f)                                                                      \
	if (a->f != b->f)                                                                 \
	MISMATCH("cycle %llu port csr beat - field %s: %s=0x%x %s=0x%x", c, #f, na,       \
		 (unsigned)a->f, nb, (unsigned)b->f)
	CSR_FIELD(awready);
	CSR_FIELD(wready);
	CSR_FIELD(bvalid);
	if (a->bvalid)
		CSR_FIELD(bresp);
	CSR_FIELD(arready);
	CSR_FIELD(rvalid);
	if (a->rvalid) {
		CSR_FIELD(rresp);
		CSR_FIELD(rdata);
	}
#undef CSR_FIELD
	return -1;
}

static void rec_push(struct vnr_runner *r, const struct vnr_in *in)
{
	if (r->nrec == r->caprec) {
		size_t nc = r->caprec ? r->caprec * 2 : 65536;
		struct vnr_in *n = realloc(r->rec, nc * sizeof(*n));
		if (!n) {
			r->record = 0; /* out of memory: no waveform, the run goes on */
			return;
		}
		r->rec = n;
		r->caprec = nc;
	}
	r->rec[r->nrec++] = *in;
}

/* VNR_TRACE_FROM=N in the environment: one line per cycle from cycle N on,
 * with the stream handshakes of each engine, for chasing a mismatch. */
static void trace_port(const char *name, const struct vnr_beat *b, uint8_t ready)
{
	fprintf(stderr, " %s:%c%c%c", name, b->valid ? 'v' : '-', ready ? 'r' : '-', b->last ? 'l' : '-');
	if (b->valid)
		fprintf(stderr, "(%08x.%08x k%llx)", b->user[1], b->user[0], (unsigned long long)b->keep);
}

static void trace_cycle(const struct vnr_runner *r, const struct vnr_in *in, const struct vnr_out *a,
			const struct vnr_out *b)
{
	const struct vnr_out *o[2] = { a, b };

	fprintf(stderr, "trace %llu in h2e:%c%c n2e:%c%c |", (unsigned long long)r->cycle,
		in->h2e.valid ? 'v' : '-', in->h2e.last ? 'l' : '-', in->n2e.valid ? 'v' : '-',
		in->n2e.last ? 'l' : '-');
	for (int i = 0; i < 2 && o[i]; i++) {
		fprintf(stderr, " [%s rdy %d%d", r->e[i]->name, o[i]->h2e_ready, o[i]->n2e_ready);
		trace_port("e2n", &o[i]->e2n, in->e2n_ready);
		trace_port("e2h", &o[i]->e2h, in->e2h_ready);
		fprintf(stderr, "]");
	}
	fprintf(stderr, "\n");
}

/* one cycle; outputs of engine a (after compare) in *oa. 0 or -1 (mismatch) */
static int cycle(struct vnr_runner *r, struct vnr_out *oa, int *moved)
{
	struct vnr_out ob;
	if (r->mismatch)
		return -1;
	r->e[0]->eval(r->e[0]->ctx, oa);
	if (r->ne == 2) {
		r->e[1]->eval(r->e[1]->ctx, &ob);
		int port = compare(r, oa, &ob);
		if (port >= 0) {
			r->mismatch = 1;
			if (r->record) {
				/* the replay covers the mismatching cycle too */
				struct vnr_in idle;
				memset(&idle, 0, sizeof(idle));
				rec_push(r, &idle);
			}
			write_fail_frames(r, port);
			replay_trace(r);
			return -1;
		}
	}
	struct vnr_in in;
	memset(&in, 0, sizeof(in));
	/* inputs */
	int took[2] = { 0, 0 };
	for (int p = 0; p < 2; p++) {
		struct in_port *ip = &r->in[p];
		struct vnr_beat *b = p ? &in.n2e : &in.h2e;
		if (ip->head >= ip->n) {
			ip->held = 0;
			continue;
		}
		int v = ip->held || !chance(r, r->o.idle_pct);
		if (!v)
			continue;
		in_beat(r, p, b);
		b->valid = 1;
		uint8_t rdy = p ? oa->n2e_ready : oa->h2e_ready;
		took[p] = rdy;
		ip->held = !rdy;
	}
	/* outputs */
	in.e2n_ready = !chance(r, r->o.stall_pct);
	in.e2h_ready = !chance(r, r->o.stall_pct);
	/* csr */
	in.awvalid = r->csr.awvalid;
	in.awaddr = r->csr.awaddr;
	in.wvalid = r->csr.wvalid;
	in.wdata = r->csr.wdata;
	in.wstrb = r->csr.wvalid ? 0xf : 0;
	in.bready = r->csr.bready;
	in.arvalid = r->csr.arvalid;
	in.araddr = r->csr.araddr;
	in.rready = r->csr.rready;

	if (r->record)
		rec_push(r, &in);
	if (r->trace_from && r->cycle >= r->trace_from)
		trace_cycle(r, &in, oa, r->ne == 2 ? &ob : NULL);
	for (int i = 0; i < r->ne; i++)
		r->e[i]->step(r->e[i]->ctx, &in);

	/* bookkeeping of this cycle's transfers */
	for (int p = 0; p < 2; p++) {
		if (!took[p])
			continue;
		struct in_port *ip = &r->in[p];
		const struct vnr_beat *b = p ? &in.n2e : &in.h2e;
		struct qframe *f = &ip->q[ip->head];
		size_t nb = (f->len - ip->off) < r->bytes ? (f->len - ip->off) : r->bytes;
		ip->off += nb;
		ip->beat++;
		if (b->last) {
			ip->accepted++;
			ip->head++;
			ip->off = 0;
			ip->beat = 0;
			/* the queued copy is no longer needed unless a failure dump
			 * wants recent frames: keep the last 8 */
			if (!r->o.keep_sent && ip->head > 8) {
				free(ip->q[ip->head - 9].data);
				ip->q[ip->head - 9].data = NULL;
				ip->q[ip->head - 9].len = 0;
			}
		}
	}
	int mv = 0;
	if (oa->e2n.valid && in.e2n_ready) {
		out_capture(r, 0, &oa->e2n);
		mv = 1;
	}
	if (oa->e2h.valid && in.e2h_ready) {
		out_capture(r, 1, &oa->e2h);
		mv = 1;
	}
	if (moved)
		*moved = mv || oa->e2n.valid || oa->e2h.valid || took[0] || took[1];
	r->cycle++;
	return 0;
}

int vnr_runner_run(struct vnr_runner *r, uint64_t n)
{
	struct vnr_out o;
	for (uint64_t i = 0; i < n; i++)
		if (cycle(r, &o, NULL) < 0)
			return -1;
	return 0;
}

int vnr_runner_drain(struct vnr_runner *r, uint64_t quiet, uint64_t max_cycles)
{
	struct vnr_out o;
	uint64_t q = 0;
	for (uint64_t i = 0; i < max_cycles; i++) {
		int moved = 0;
		if (cycle(r, &o, &moved) < 0)
			return -1;
		int pending = r->in[0].head < r->in[0].n || r->in[1].head < r->in[1].n ||
			      r->out[0].in_frame || r->out[1].in_frame;
		if (moved || pending)
			q = 0;
		else if (++q >= quiet)
			return 0;
	}
	return 1;
}

#define CSR_TIMEOUT 100000

int vnr_runner_csr_write(struct vnr_runner *r, uint32_t addr, uint32_t data)
{
	struct vnr_out o;
	memset(&r->csr, 0, sizeof(r->csr));
	r->csr.awvalid = 1;
	r->csr.awaddr = addr;
	r->csr.wvalid = 1;
	r->csr.wdata = data;
	for (uint64_t i = 0; i < CSR_TIMEOUT; i++) {
		/* peek at this cycle's outputs through cycle(): the handshake happens
		 * in the cycle whose outputs show ready */
		int aw = r->csr.awvalid, w = r->csr.wvalid, bwait = !aw && !w;
		r->csr.bready = bwait;
		if (cycle(r, &o, NULL) < 0) {
			memset(&r->csr, 0, sizeof(r->csr));
			return -1;
		}
		if (aw && o.awready)
			r->csr.awvalid = 0;
		if (w && o.wready)
			r->csr.wvalid = 0;
		if (bwait && o.bvalid) {
			memset(&r->csr, 0, sizeof(r->csr));
			return o.bresp;
		}
	}
	memset(&r->csr, 0, sizeof(r->csr));
	snprintf(r->err, sizeof(r->err), "csr write 0x%05x: no response in %d cycles", addr,
		 CSR_TIMEOUT);
	r->mismatch = 1;
	return -1;
}

int vnr_runner_csr_read(struct vnr_runner *r, uint32_t addr, uint32_t *data)
{
	struct vnr_out o;
	memset(&r->csr, 0, sizeof(r->csr));
	r->csr.arvalid = 1;
	r->csr.araddr = addr;
	for (uint64_t i = 0; i < CSR_TIMEOUT; i++) {
		int ar = r->csr.arvalid;
		r->csr.rready = !ar;
		if (cycle(r, &o, NULL) < 0) {
			memset(&r->csr, 0, sizeof(r->csr));
			return -1;
		}
		if (ar && o.arready)
			r->csr.arvalid = 0;
		if (!ar && o.rvalid) {
			if (data)
				*data = o.rdata;
			memset(&r->csr, 0, sizeof(r->csr));
			return o.rresp;
		}
	}
	memset(&r->csr, 0, sizeof(r->csr));
	snprintf(r->err, sizeof(r->err), "csr read 0x%05x: no response in %d cycles", addr,
		 CSR_TIMEOUT);
	r->mismatch = 1;
	return -1;
}

static const struct in_port *in_port_of(const struct vnr_runner *r, enum vnr_port port)
{
	return port == VNR_PORT_H2E ? &r->in[0] : port == VNR_PORT_N2E ? &r->in[1] : NULL;
}

size_t vnr_runner_sent_count(const struct vnr_runner *r, enum vnr_port port)
{
	const struct in_port *ip = in_port_of(r, port);

	return ip ? ip->n : 0;
}

const uint8_t *vnr_runner_sent(const struct vnr_runner *r, enum vnr_port port, size_t i,
			       size_t *len, const uint32_t **user)
{
	const struct in_port *ip = in_port_of(r, port);

	if (!ip || i >= ip->n)
		return NULL;
	*len = ip->q[i].len;
	*user = ip->q[i].user;
	return ip->q[i].data;
}

size_t vnr_runner_out_count(const struct vnr_runner *r, enum vnr_port port)
{
	if (port == VNR_PORT_E2N)
		return r->out[0].n;
	if (port == VNR_PORT_E2H)
		return r->out[1].n;
	return 0;
}

const struct vnr_frame *vnr_runner_out(const struct vnr_runner *r, enum vnr_port port, size_t i)
{
	const struct out_port *op =
		port == VNR_PORT_E2N ? &r->out[0] : port == VNR_PORT_E2H ? &r->out[1] : NULL;
	if (!op || i >= op->n)
		return NULL;
	return &op->f[i];
}

size_t vnr_runner_in_count(const struct vnr_runner *r, enum vnr_port port)
{
	if (port == VNR_PORT_H2E)
		return r->in[0].accepted;
	if (port == VNR_PORT_N2E)
		return r->in[1].accepted;
	return 0;
}

uint64_t vnr_runner_cycles(const struct vnr_runner *r)
{
	return r->cycle;
}

const char *vnr_runner_error(const struct vnr_runner *r)
{
	return r->err;
}

/* Fallback for builds whose model library does not define it (weak: the
 * model's definition wins when it has one). */
__attribute__((weak)) void vnr_engine_free(struct vnr_engine *e)
{
	if (!e)
		return;
	if (e->destroy)
		e->destroy(e->ctx);
	free(e);
}
