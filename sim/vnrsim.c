/* vnrsim: run scenarios through the model, the RTL, or both in lockstep.
 *
 *   vnrsim [--width 64|512] [--mode lockstep|frame|model|self] [--seed N] [--update]
 *          [--out DIR] [--summary FILE] [--quiet] SCENARIO_DIR...
 *
 * A scenario directory holds config.vnr (vnrctl batch file, applied through
 * the driver before traffic), inputs h2e.pcap/.meta and n2e.pcap/.meta or an
 * inputs.txt ("PORT PATH [META]" per line, "@shared/" = $VNR_SHARED), an
 * optional options.txt (idle_pct, stall_pct, max_cycles, seed) and expect/
 * (e2n.pcap+.meta, e2h.pcap+.meta, counters.txt). A directory without any of
 * these is a directory of scenarios and is expanded (sorted).
 *
 * lockstep: model and RTL side by side, every output compared every cycle.
 * frame:    RTL alone, compared per frame against vnr_core_process()
 *           (VNRSIM_FRAME_ENGINE=model: the model's timing layer instead).
 * model:    the model alone.
 * self:     two model instances in lockstep (a check of the harness itself:
 *           the model must be deterministic and the runner must not invent
 *           mismatches); needs no RTL.
 * --update: the model alone, writing the scenario's expect/.
 *
 * Afterwards: counters of every named reason for every function and the port
 * counters are read through the driver, frames are conserved per port, and
 * the outputs are compared with expect/ (e2h is compared as two sequences,
 * from_net=0 and from_net=1, since the arbiter interleaves them by timing).
 * Outputs go to OUT/w<W>/<scenario>/. Exit status 1 on any mismatch or
 * difference, 2 on a usage or setup error. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vnr_core.h"
#include "vnr_drv.h"
#include "vnr_engine.h"
#include "vnr_fault.h"
#include "vnr_frameio.h"
#include "vnr_regs.h"
#include "vnr_runner.h"

#ifndef VNR_NUM_VF
#define VNR_NUM_VF 64
#endif
#ifndef VNR_RULES
#define VNR_RULES 4096
#endif

enum mode { M_LOCKSTEP, M_FRAME, M_MODEL, M_SELF };
static const char *const mode_names[] = { "lockstep", "frame", "model", "self" };

struct opts {
	unsigned width;
	enum mode mode;
	uint64_t seed;
	int update, quiet;
	const char *out, *summary;
	const char *fault;  /* --fault: spoil the model on purpose (sim-selftest) */
	char shared[PATH_MAX];
	unsigned num_vf, rules;
};

struct result {
	char name[256];
	unsigned data_w;
	uint64_t frames_in, frames_out, cycles, seed;
	unsigned mismatches;
	char result[16];
	char error[1400];
	double seconds;
};

/* ---------- small helpers ---------- */

static int exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int mkdirs(const char *path)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(tmp, 0777);
			*p = '/';
		}
	if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static void addf(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	if (n + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

static int is_scenario(const char *d)
{
	static const char *const marks[] = { "config.vnr", "inputs.txt", "h2e.pcap", "n2e.pcap",
					     "expect", "options.txt" };
	char p[PATH_MAX];
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", d, marks[i]);
		if (exists(p))
			return 1;
	}
	return 0;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void expand(const char *d, char ***list, size_t *n)
{
	if (is_scenario(d) || !is_dir(d)) {
		*list = realloc(*list, (*n + 1) * sizeof(char *));
		(*list)[(*n)++] = strdup(d);
		return;
	}
	DIR *dir = opendir(d);
	if (!dir)
		return;
	char **sub = NULL;
	size_t ns = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		char p[PATH_MAX];
		snprintf(p, sizeof(p), "%s/%s", d, e->d_name);
		if (!is_dir(p))
			continue;
		sub = realloc(sub, (ns + 1) * sizeof(char *));
		sub[ns++] = strdup(p);
	}
	closedir(dir);
	qsort(sub, ns, sizeof(char *), cmpstr);
	for (size_t i = 0; i < ns; i++) {
		expand(sub[i], list, n);
		free(sub[i]);
	}
	free(sub);
}

/* the repository root: the first parent of dir holding regmap/veneer.regmap */
static void find_shared(const char *start, char *shared, size_t len)
{
	const char *env = getenv("VNR_SHARED");
	if (env && *env) {
		snprintf(shared, len, "%s", env);
		return;
	}
	char cur[PATH_MAX];
	for (int pass = 0; pass < 2; pass++) {
	/* first from the scenario's directory up, then from the working directory */
	if (pass == 0 ? !realpath(start, cur) : !getcwd(cur, sizeof(cur)))
		continue;
	for (;;) {
		char p[PATH_MAX + 32];
		snprintf(p, sizeof(p), "%s/regmap/veneer.regmap", cur);
		if (exists(p)) {
			snprintf(shared, len, "%s/../shared", cur);
			return;
		}
		char *s = strrchr(cur, '/');
		if (!s || s == cur)
			break;
		*s = 0;
	}
	}
	snprintf(shared, len, "../shared");
}

static const char *base_name(const char *p)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	static char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
	char *s = strrchr(buf, '/');
	return s ? s + 1 : buf;
}

/* ---------- inputs and options ---------- */

struct input {
	enum vnr_port port;
	struct vnr_frame_list fl;
};

struct scen_opts {
	unsigned idle_pct, stall_pct;
	uint64_t max_cycles;
	int have_seed;
	uint64_t seed;
	uint64_t during_cycles; /* when during.vnr runs: cycles of traffic before it */
	int expect_per_width;   /* outputs depend on DATA_W: expect-w<W>/ instead of expect/ */
};

static int read_options(const char *dir, struct scen_opts *so, char *err, size_t errlen)
{
	so->idle_pct = 10;
	so->stall_pct = 10;
	so->max_cycles = 20000000;
	so->have_seed = 0;
	so->during_cycles = 2000;
	so->expect_per_width = 0;
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/options.txt", dir);
	FILE *f = fopen(p, "r");
	if (!f)
		return 0;
	char line[512];
	unsigned ln = 0;
	while (fgets(line, sizeof(line), f)) {
		ln++;
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || *s == '\n' || !*s)
			continue;
		char key[64];
		unsigned long long v;
		if (sscanf(s, "%63[a-z_] = %lli", key, &v) != 2) {
			snprintf(err, errlen, "%s:%u: expected key=value", p, ln);
			fclose(f);
			return -1;
		}
		if (!strcmp(key, "idle_pct") && v <= 100)
			so->idle_pct = (unsigned)v;
		else if (!strcmp(key, "stall_pct") && v <= 100)
			so->stall_pct = (unsigned)v;
		else if (!strcmp(key, "max_cycles"))
			so->max_cycles = v;
		else if (!strcmp(key, "during_cycles"))
			so->during_cycles = v;
		else if (!strcmp(key, "expect_per_width"))
			so->expect_per_width = v != 0;
		else if (!strcmp(key, "seed")) {
			so->seed = v;
			so->have_seed = 1;
		} else {
			snprintf(err, errlen, "%s:%u: unknown option or bad value '%s'", p, ln, key);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

static int parse_port(const char *s, enum vnr_port *p)
{
	if (!strcmp(s, "h2e"))
		*p = VNR_PORT_H2E;
	else if (!strcmp(s, "n2e"))
		*p = VNR_PORT_N2E;
	else
		return -1;
	return 0;
}

static void resolve(const struct opts *o, const char *dir, const char *tok, char *out, size_t len)
{
	if (!strncmp(tok, "@shared/", 8))
		snprintf(out, len, "%s/%s", o->shared, tok + 8);
	else if (tok[0] == '/')
		snprintf(out, len, "%s", tok);
	else
		snprintf(out, len, "%s/%s", dir, tok);
}

static int read_inputs(const struct opts *o, const char *dir, struct input **ins, size_t *nin,
		       char *err, size_t errlen)
{
	char p[PATH_MAX], m[PATH_MAX];
	*ins = NULL;
	*nin = 0;
	static const char *const pn[] = { "h2e", "n2e" };
	static const enum vnr_port pp[] = { VNR_PORT_H2E, VNR_PORT_N2E };
	for (int i = 0; i < 2; i++) {
		snprintf(p, sizeof(p), "%s/%s.pcap", dir, pn[i]);
		snprintf(m, sizeof(m), "%s/%s.meta", dir, pn[i]);
		if (!exists(p))
			continue;
		*ins = realloc(*ins, (*nin + 1) * sizeof(**ins));
		struct input *in = &(*ins)[(*nin)++];
		memset(in, 0, sizeof(*in));
		in->port = pp[i];
		if (vnr_pcap_read(p, exists(m) ? m : NULL, "in", &in->fl, err, errlen) < 0)
			return -1;
	}
	snprintf(p, sizeof(p), "%s/inputs.txt", dir);
	FILE *f = fopen(p, "r");
	if (!f)
		return 0;
	char line[2048];
	unsigned ln = 0;
	while (fgets(line, sizeof(line), f)) {
		ln++;
		char a[64], b[1024], c[1024];
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || *s == '\n' || !*s)
			continue;
		int k = sscanf(s, "%63s %1023s %1023s", a, b, c);
		enum vnr_port port;
		if (k < 2 || parse_port(a, &port) < 0) {
			snprintf(err, errlen, "%s:%u: expected 'h2e|n2e PATH [META]'", p, ln);
			fclose(f);
			return -1;
		}
		char pcap[PATH_MAX], meta[PATH_MAX];
		resolve(o, dir, b, pcap, sizeof(pcap));
		meta[0] = 0;
		if (k >= 3)
			resolve(o, dir, c, meta, sizeof(meta));
		*ins = realloc(*ins, (*nin + 1) * sizeof(**ins));
		struct input *in = &(*ins)[(*nin)++];
		memset(in, 0, sizeof(*in));
		in->port = port;
		if (vnr_pcap_read(pcap, meta[0] ? meta : NULL, "in", &in->fl, err, errlen) < 0) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

/* ---------- counters ---------- */

struct counters {
	unsigned nfunc;
	uint64_t pkts[2][256][VNR_REASON_COUNT], bytes[2][256][VNR_REASON_COUNT];
	uint64_t ports[4];
	/* rule counter bank 2, for every rule some batch file of the scenario adds */
	uint8_t rule_used[VNR_RULES];
	uint64_t rpkts[VNR_RULES], rbytes[VNR_RULES];
	/* ingress rule counter bank 3, for every slot valid at the end of the
	 * run when some batch file of the scenario adds ingress rules */
	int irules;
	uint64_t ipkts[VNR_RULES], ibytes[VNR_RULES];
};

/* the rule slots a batch file adds ("rule add ID ..."): their counters are read */
static void collect_rule_ids(const char *path, struct counters *c)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	unsigned id;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " rule add %u", &id) == 1 && id < VNR_RULES)
			c->rule_used[id] = 1;
		if (!strncmp(line + strspn(line, " \t"), "irule add", 9))
			c->irules = 1;
	}
	fclose(f);
}

/* one rule counter (bank 2, CNT_IDX = id), as the driver reads bank 0/1 ones */

/* bank 3 of every valid ingress slot (the driver finds them by loading each) */
static int read_irule_counters(struct vnr_dev *d, struct counters *c, char *err, size_t errlen)
{
	static uint32_t slots[VNR_RULES];
	unsigned n;

	if (vnr_ig_rule_list(d, slots, VNR_RULES, &n, err, errlen) < 0)
		return -1;
	for (unsigned i = 0; i < n; i++)
		if (slots[i] < VNR_RULES &&
		    vnr_rule_bank_counter_read(d, 3, slots[i], 0, &c->ipkts[slots[i]],
					       &c->ibytes[slots[i]], err, errlen) < 0)
			return -1;
	return 0;
}

static int read_counters(struct vnr_dev *d, unsigned nfunc, struct counters *c, char *err,
			 size_t errlen)
{
	c->nfunc = nfunc;
	for (unsigned bank = 0; bank < 2; bank++)
		for (unsigned f = 0; f < nfunc; f++)
			for (unsigned r = 0; r < VNR_REASON_COUNT; r++)
				if (vnr_counter_read(d, bank, f, r, 0, &c->pkts[bank][f][r],
						     &c->bytes[bank][f][r], err, errlen) < 0)
					return -1;
	for (unsigned id = 0; id < VNR_RULES && id < vnr_dev_ident(d)->rules; id++)
		if (c->rule_used[id] &&
		    vnr_rule_counter_read(d, id, 0, &c->rpkts[id], &c->rbytes[id], err, errlen) < 0)
			return -1;
	if (c->irules && read_irule_counters(d, c, err, errlen) < 0)
		return -1;
	return vnr_ports_read(d, 0, c->ports, err, errlen);
}

static void format_counters(const struct counters *c, FILE *f)
{
	static const char *const bank[] = { "egress", "ingress" };
	for (unsigned b = 0; b < 2; b++)
		for (unsigned fn = 0; fn < c->nfunc; fn++)
			for (unsigned r = 0; r < VNR_REASON_COUNT; r++)
				if (c->pkts[b][fn][r] || c->bytes[b][fn][r])
					fprintf(f, "%s %u %s %llu %llu\n", bank[b], fn,
						vnr_reason_names[r],
						(unsigned long long)c->pkts[b][fn][r],
						(unsigned long long)c->bytes[b][fn][r]);
	for (unsigned id = 0; id < VNR_RULES; id++)
		if (c->rpkts[id] || c->rbytes[id])
			fprintf(f, "rule %u %llu %llu\n", id, (unsigned long long)c->rpkts[id],
				(unsigned long long)c->rbytes[id]);
	for (unsigned id = 0; id < VNR_RULES; id++)
		if (c->ipkts[id] || c->ibytes[id])
			fprintf(f, "irule %u %llu %llu\n", id, (unsigned long long)c->ipkts[id],
				(unsigned long long)c->ibytes[id]);
	fprintf(f, "ports h2e_in=%llu e2n_out=%llu n2e_in=%llu e2h_out=%llu\n",
		(unsigned long long)c->ports[0], (unsigned long long)c->ports[1],
		(unsigned long long)c->ports[2], (unsigned long long)c->ports[3]);
}

/* egress reasons whose frames leave on e2n (kind fwd; INJECT goes to a host) */
static int wire_reason(unsigned rs)
{
	return rs == VNR_REASON_FORWARD || rs == VNR_REASON_MSS_CLAMP;
}

/*
 * e2n carries TSO segments (docs/timing.md 3.7): every frame on it is a
 * segment k of its frame, k = 0, 1, ... in order, and the one with seg_more
 * = 0 ends the frame (an unsegmented frame is segment 0 alone). Returns the
 * whole frames; *bad counts segments out of sequence.
 */
static uint64_t e2n_whole_frames(struct vnr_runner *r, unsigned *bad, size_t *first_bad)
{
	uint64_t whole = 0;
	unsigned k = 0;

	*bad = 0;
	for (size_t i = 0; i < vnr_runner_out_count(r, VNR_PORT_E2N); i++) {
		const uint32_t *u = vnr_runner_out(r, VNR_PORT_E2N, i)->user;

		if (VNR_META_GET(u, OUT, SEG) != k && !(*bad)++)
			*first_bad = i;
		if (VNR_META_GET(u, OUT, SEG_MORE)) {
			k++;
		} else {
			k = 0;
			whole++;
		}
	}
	if (k && !(*bad)++)	/* the last frame's segments stop short */
		*first_bad = vnr_runner_out_count(r, VNR_PORT_E2N);
	return whole;
}

/* frames in = frames counted, per port (SPEC 6); e2n counts segments */
static unsigned check_conservation(const struct counters *c, struct vnr_runner *r, char *msg,
				   size_t len)
{
	uint64_t eg = 0, in = 0, fwd = 0, host = 0, whole;
	unsigned seq_bad;
	size_t first_bad = 0;

	for (unsigned fn = 0; fn < c->nfunc; fn++)
		for (unsigned rs = 0; rs < VNR_REASON_COUNT; rs++) {
			eg += c->pkts[0][fn][rs];
			in += c->pkts[1][fn][rs];
			int drop = !strcmp(vnr_reason_kinds[rs], "drop");
			if (wire_reason(rs))
				fwd += c->pkts[0][fn][rs];
			else if (!drop)
				host += c->pkts[0][fn][rs];
			if (!drop)
				host += c->pkts[1][fn][rs];
		}
	whole = e2n_whole_frames(r, &seq_bad, &first_bad);
	unsigned bad = 0;
#define CHK(cond, ...)                          \
	if (!(cond)) {                          \
		bad++;                          \
		addf(msg, len, __VA_ARGS__);    \
	}
	CHK(c->ports[0] == eg, "h2e_in=%llu but egress counters sum to %llu; ",
	    (unsigned long long)c->ports[0], (unsigned long long)eg);
	CHK(c->ports[2] == in, "n2e_in=%llu but ingress counters sum to %llu; ",
	    (unsigned long long)c->ports[2], (unsigned long long)in);
	CHK(whole == fwd, "e2n frames (segments with seg_more=0)=%llu but egress forward+mss_clamp=%llu; ",
	    (unsigned long long)whole, (unsigned long long)fwd);
	CHK(!seq_bad, "e2n: %u segments out of sequence, first at e2n frame %zu; ", seq_bad,
	    first_bad);
	CHK(c->ports[3] == host, "e2h_out=%llu but counted to host=%llu; ",
	    (unsigned long long)c->ports[3], (unsigned long long)host);
	CHK(c->ports[0] == vnr_runner_in_count(r, VNR_PORT_H2E),
	    "h2e_in=%llu but the harness sent %zu; ", (unsigned long long)c->ports[0],
	    vnr_runner_in_count(r, VNR_PORT_H2E));
	CHK(c->ports[2] == vnr_runner_in_count(r, VNR_PORT_N2E),
	    "n2e_in=%llu but the harness sent %zu; ", (unsigned long long)c->ports[2],
	    vnr_runner_in_count(r, VNR_PORT_N2E));
	CHK(c->ports[1] == vnr_runner_out_count(r, VNR_PORT_E2N),
	    "e2n_out=%llu segments but the harness received %zu; ", (unsigned long long)c->ports[1],
	    vnr_runner_out_count(r, VNR_PORT_E2N));
	CHK(c->ports[3] == vnr_runner_out_count(r, VNR_PORT_E2H),
	    "e2h_out=%llu but the harness received %zu; ", (unsigned long long)c->ports[3],
	    vnr_runner_out_count(r, VNR_PORT_E2H));
#undef CHK
	return bad;
}

/* ---------- comparing frame sequences ---------- */

/* sel: -1 all frames, 0/1 only frames with from_net = sel */
static size_t select_frames(const struct vnr_frame *f, size_t n, int sel,
			    const struct vnr_frame **out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (sel < 0 || (int)vnr_meta_get(f[i].user, 32, 1) == sel)
			out[k++] = &f[i];
	return k;
}

static unsigned compare_seq(const char *what, const struct vnr_frame *got, size_t ngot,
			    const struct vnr_frame *exp, size_t nexp, int sel, char *msg,
			    size_t len)
{
	const struct vnr_frame **g = malloc((ngot + 1) * sizeof(*g));
	const struct vnr_frame **e = malloc((nexp + 1) * sizeof(*e));
	size_t ng = select_frames(got, ngot, sel, g), ne = select_frames(exp, nexp, sel, e);
	unsigned bad = 0;
	char sub[32] = "";
	if (sel >= 0)
		snprintf(sub, sizeof(sub), "[from_net=%d]", sel);
	if (ng != ne) {
		bad++;
		addf(msg, len, "%s%s: %zu frames, expected %zu; ", what, sub, ng, ne);
	}
	size_t n = ng < ne ? ng : ne;
	for (size_t i = 0; i < n && bad < 4; i++) {
		if (g[i]->len != e[i]->len || memcmp(g[i]->data, e[i]->data, g[i]->len)) {
			size_t off = 0;
			while (off < g[i]->len && off < e[i]->len && g[i]->data[off] == e[i]->data[off])
				off++;
			addf(msg, len, "%s%s frame %zu: %zu bytes, expected %zu, first difference at byte %zu; ",
			     what, sub, i, g[i]->len, e[i]->len, off);
			bad++;
		} else if (memcmp(g[i]->user, e[i]->user, sizeof(g[i]->user))) {
			char a[512], b[512];
			vnr_meta_format(g[i]->user, "out", a, sizeof(a));
			vnr_meta_format(e[i]->user, "out", b, sizeof(b));
			addf(msg, len, "%s%s frame %zu: meta '%s', expected '%s'; ", what, sub, i, a, b);
			bad++;
		}
	}
	free(g);
	free(e);
	return bad;
}

static void list_add(struct vnr_frame_list *l, const uint8_t *d, size_t len, const uint32_t u[4])
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->f = realloc(l->f, l->cap * sizeof(*l->f));
	}
	struct vnr_frame *f = &l->f[l->n++];
	memset(f, 0, sizeof(*f));
	f->data = malloc(len ? len : 1);
	memcpy(f->data, d, len);
	f->len = len;
	memcpy(f->user, u, sizeof(f->user));
}

/* ---------- frame mode: the functional core as reference ---------- */

struct emit_ctx {
	struct vnr_frame_list *wire, *host;
};

static void emit_cb(void *arg, enum vnr_dest dest, const uint8_t *data, size_t len,
		    const uint32_t meta[4])
{
	struct emit_ctx *c = arg;
	if (dest == VNR_DEST_WIRE)
		list_add(c->wire, data, len, meta);
	else if (dest == VNR_DEST_HOST)
		list_add(c->host, data, len, meta);
}


/* ---------- one scenario ---------- */

/* What went in, as the engine saw it (libpcap's view of every input file,
 * concatenated per port): the independent checks compare outputs with it. */
static void write_inputs(const char *dir, const struct input *ins, size_t nin, char *err,
			 size_t errlen)
{
	static const char *const pn[] = { "h2e", "n2e" };
	static const enum vnr_port pp[] = { VNR_PORT_H2E, VNR_PORT_N2E };
	char p[PATH_MAX], m[PATH_MAX];

	mkdirs(dir);
	for (int i = 0; i < 2; i++) {
		size_t n = 0, k = 0;
		for (size_t j = 0; j < nin; j++)
			if (ins[j].port == pp[i])
				n += ins[j].fl.n;
		struct vnr_frame *f = calloc(n + 1, sizeof(*f));
		for (size_t j = 0; j < nin; j++)
			if (ins[j].port == pp[i])
				for (size_t q = 0; q < ins[j].fl.n; q++)
					f[k++] = ins[j].fl.f[q];
		snprintf(p, sizeof(p), "%s/in_%s.pcap", dir, pn[i]);
		snprintf(m, sizeof(m), "%s/in_%s.meta", dir, pn[i]);
		vnr_pcap_write(p, m, "in", f, n, err, errlen);
		free(f);
	}
}

static void write_outputs(const char *dir, struct vnr_runner *r, const struct counters *c,
			  char *err, size_t errlen)
{
	char p[PATH_MAX], m[PATH_MAX];
	static const char *const pn[] = { "e2n", "e2h" };
	static const enum vnr_port pp[] = { VNR_PORT_E2N, VNR_PORT_E2H };
	mkdirs(dir);
	for (int i = 0; i < 2; i++) {
		size_t n = vnr_runner_out_count(r, pp[i]);
		struct vnr_frame *f = calloc(n + 1, sizeof(*f));
		for (size_t k = 0; k < n; k++)
			f[k] = *vnr_runner_out(r, pp[i], k);
		snprintf(p, sizeof(p), "%s/%s.pcap", dir, pn[i]);
		snprintf(m, sizeof(m), "%s/%s.meta", dir, pn[i]);
		vnr_pcap_write(p, m, "out", f, n, err, errlen);
		free(f);
	}
	if (c) {
		snprintf(p, sizeof(p), "%s/counters.txt", dir);
		FILE *f = fopen(p, "w");
		if (f) {
			format_counters(c, f);
			fclose(f);
		}
	}
}

static unsigned compare_counters_file(const char *path, const struct counters *c, char *msg,
				      size_t len)
{
	char *got = NULL, *want = NULL;
	size_t gl = 0, wl = 0;
	FILE *g = open_memstream(&got, &gl);
	format_counters(c, g);
	fclose(g);
	FILE *w = fopen(path, "r");
	if (!w) {
		free(got);
		return 0;
	}
	FILE *wm = open_memstream(&want, &wl);
	char line[512];
	while (fgets(line, sizeof(line), w))
		if (line[0] != '#' && line[0] != '\n')
			fputs(line, wm);
	fclose(wm);
	fclose(w);
	unsigned bad = 0;
	if (strcasecmp(got, want) != 0) {
		/* name the first differing line */
		char *a = got, *b = want;
		while (*a && *b) {
			char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
			size_t la = ea ? (size_t)(ea - a) : strlen(a);
			size_t lb = eb ? (size_t)(eb - b) : strlen(b);
			if (la != lb || strncasecmp(a, b, la))
				break;
			a += la + (ea ? 1 : 0);
			b += lb + (eb ? 1 : 0);
		}
		char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		addf(msg, len, "counters: got '%.*s', expected '%.*s'; ",
		     (int)(ea ? ea - a : (long)strlen(a)), a, (int)(eb ? eb - b : (long)strlen(b)), b);
		bad++;
	}
	free(got);
	free(want);
	return bad;
}

/*
 * Frame mode checks the RTL against the functional core. The core needs the
 * configuration the registers hold, tree and rule tables included, which
 * cannot all be read back: so every register write goes to a model engine
 * too (the "shadow"), whose decoded configuration the core then uses. The
 * shadow idles between writes long enough for any settling to end, so it
 * accepts exactly what the RTL accepted.
 */
struct tee {
	struct vnr_bus *rtl, *shadow;
	struct vnr_runner *shadow_runner;
};

static int tee_read32(void *ctx, uint32_t addr, uint32_t *val)
{
	struct tee *t = ctx;

	return t->rtl->read32(t->rtl->ctx, addr, val);
}

static int tee_write32(void *ctx, uint32_t addr, uint32_t val)
{
	struct tee *t = ctx;
	int rc = t->rtl->write32(t->rtl->ctx, addr, val);

	if (rc >= 0) {
		vnr_runner_run(t->shadow_runner, 2 * (VNR_CLS_LAT_EG_BASE + 2 * 20));
		t->shadow->write32(t->shadow->ctx, addr, val);
	}
	return rc;
}

static void tee_close(void *ctx)
{
	struct tee *t = ctx;

	vnr_bus_free(t->rtl);
	vnr_bus_free(t->shadow);
	free(t);
}

static struct vnr_bus *tee_bus_new(struct vnr_bus *rtl, struct vnr_bus *shadow,
				   struct vnr_runner *shadow_runner)
{
	struct vnr_bus *b = calloc(1, sizeof(*b));
	struct tee *t = calloc(1, sizeof(*t));

	if (!b || !t) {
		free(b);
		free(t);
		return NULL;
	}
	t->rtl = rtl;
	t->shadow = shadow;
	t->shadow_runner = shadow_runner;
	b->name = "rtl";
	b->ctx = t;
	b->read32 = tee_read32;
	b->write32 = tee_write32;
	b->close = tee_close;
	b->runner = rtl->runner;	/* traffic goes to the RTL */
	return b;
}

static void run_scenario(const struct opts *o, const char *dir, struct result *res)
{
	char err[1024] = "";
	char p[PATH_MAX];
	memset(res, 0, sizeof(*res));
	snprintf(res->name, sizeof(res->name), "%s", base_name(dir));
	res->data_w = o->width;
	snprintf(res->result, sizeof(res->result), "ERROR");
	enum mode mode = o->update ? M_MODEL : o->mode;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	struct scen_opts so;
	struct input *ins = NULL;
	size_t nin = 0;
	struct vnr_engine *ea = NULL, *eb = NULL, *shadow = NULL;
	struct vnr_runner *shadow_runner = NULL;
	struct vnr_runner *r = NULL;
	struct vnr_bus *bus = NULL;
	struct vnr_dev *dev = NULL;
	struct counters *cnt = calloc(1, sizeof(*cnt));
	FILE *log = NULL;
	if (read_options(dir, &so, err, sizeof(err)) < 0 ||
	    read_inputs(o, dir, &ins, &nin, err, sizeof(err)) < 0)
		goto done;
	/* the seed: the command line's, mixed with the scenario name so that
	 * scenarios see different patterns; options.txt may fix it */
	uint64_t seed = o->seed;
	for (const char *s = res->name; *s; s++)
		seed = seed * 1099511628211ull ^ (uint8_t)*s;
	if (so.have_seed)
		seed = so.seed;
	res->seed = seed;

	struct vnr_params prm = { o->width, o->num_vf, o->rules };
	if (mode == M_SELF) {
		eb = vnr_engine_model_new(&prm);
		if (!eb) {
			snprintf(err, sizeof(err), "cannot create the model engine (width %u)", o->width);
			goto done;
		}
	}
	if (mode == M_LOCKSTEP || mode == M_MODEL || mode == M_SELF) {
		ea = vnr_engine_model_new(&prm);
		if (!ea) {
			snprintf(err, sizeof(err), "cannot create the model engine (width %u)", o->width);
			goto done;
		}
		if (o->fault && !(ea = vnr_engine_fault_new(ea, o->fault))) {
			snprintf(err, sizeof(err), "unknown --fault (byte or latency)");
			goto done;
		}
	}
	if (mode == M_FRAME && getenv("VNRSIM_FRAME_ENGINE") &&
	    !strcmp(getenv("VNRSIM_FRAME_ENGINE"), "model")) {
		/* frame mode on the model: its timing layer against its core */
		ea = vnr_engine_model_new(&prm);
		if (!ea) {
			snprintf(err, sizeof(err), "cannot create the model engine (width %u)", o->width);
			goto done;
		}
	} else if (mode == M_LOCKSTEP || mode == M_FRAME) {
		struct vnr_engine *rt = vnr_engine_rtl_new(&prm);
		if (!rt) {
			snprintf(err, sizeof(err), "cannot create the RTL engine (width %u: 64 or 512 are built)",
				 o->width);
			goto done;
		}
		if (ea)
			eb = rt;
		else
			ea = rt;
	}
	char outdir[PATH_MAX], faildir[PATH_MAX + 8], fst[PATH_MAX + 16];
	snprintf(outdir, sizeof(outdir), "%s/w%u/%s", o->out, o->width, res->name);
	snprintf(faildir, sizeof(faildir), "%s/fail", outdir);
	snprintf(fst, sizeof(fst), "%s/fail/wave.fst", outdir);
	mkdirs(outdir);
	{
		/* stale failure artefacts would mislead */
		char q[PATH_MAX + 64];
		static const char *const stale[] = { "wave.fst", "in_h2e.pcap", "in_h2e.meta", "in_n2e.pcap",
						     "in_n2e.meta", "out_e2n.pcap", "out_e2n.meta", "out_e2h.pcap",
						     "out_e2h.meta", "out_e2n_mismatch.pcap", "out_e2n_mismatch.meta",
						     "out_e2h_mismatch.pcap", "out_e2h_mismatch.meta" };
		for (size_t i = 0; i < sizeof(stale) / sizeof(stale[0]); i++) {
			snprintf(q, sizeof(q), "%s/%s", faildir, stale[i]);
			unlink(q);
		}
		rmdir(faildir);
	}
	struct vnr_runner_opts ro = { seed, so.idle_pct, so.stall_pct, fst, faildir, mode == M_FRAME };
	r = vnr_runner_new(ea, eb, &ro);
	if (!r) {
		snprintf(err, sizeof(err), "cannot create the runner");
		goto done;
	}
	bus = vnr_bus_runner_new(r, mode == M_LOCKSTEP || mode == M_SELF ? "cosim" : mode == M_FRAME ? "rtl" : "model");
	if (bus && mode == M_FRAME) {
		struct vnr_runner_opts so_idle = { .seed = 1 };
		struct vnr_bus *sb;

		shadow = vnr_engine_model_new(&prm);
		shadow_runner = shadow ? vnr_runner_new(shadow, NULL, &so_idle) : NULL;
		sb = shadow_runner ? vnr_bus_runner_new(shadow_runner, "model") : NULL;
		struct vnr_bus *tee = sb ? tee_bus_new(bus, sb, shadow_runner) : NULL;
		if (!tee) {
			snprintf(err, sizeof(err), "cannot create the shadow model of frame mode");
			goto done;
		}
		bus = tee;
	}
	if (!bus) {
		snprintf(err, sizeof(err), "vnr_bus_runner_new failed");
		goto done;
	}
	dev = vnr_dev_open(bus, err, sizeof(err));
	if (!dev)
		goto check_mismatch;
	snprintf(p, sizeof(p), "%s/config.log", outdir);
	log = fopen(p, "w");
	snprintf(p, sizeof(p), "%s/config.vnr", dir);
	if (exists(p) && vnr_cmd_file(dev, p, log ? log : stdout, err, sizeof(err)) < 0)
		goto check_mismatch;
	collect_rule_ids(p, cnt);

	/* traffic: all frames of all inputs, in order per port */
	uint64_t h2e_bytes = 0;
	for (size_t i = 0; i < nin; i++)
		for (size_t k = 0; k < ins[i].fl.n; k++) {
			vnr_runner_send(r, ins[i].port, ins[i].fl.f[k].data, ins[i].fl.f[k].len,
					ins[i].fl.f[k].user);
			res->frames_in++;
			if (ins[i].port == VNR_PORT_H2E)
				h2e_bytes += ins[i].fl.f[k].len;
		}
	/* during.vnr: commands issued while the frames flow (a table rewrite
	 * under traffic), after so.during_cycles cycles */
	snprintf(p, sizeof(p), "%s/during.vnr", dir);
	if (exists(p)) {
		if (vnr_runner_run(r, so.during_cycles) < 0 ||
		    vnr_cmd_file(dev, p, log ? log : stdout, err, sizeof(err)) < 0)
			goto check_mismatch;
		collect_rule_ids(p, cnt);
	}
	unsigned bytes = o->width / 8;
	/* the longest stretch without an output transfer: a reader discarding
	 * its whole FIFO (drops, a TOO_BIG frame). The egress FIFO never holds
	 * more than the run sent on h2e, the ingress one at most FIFO_BYTES. */
	uint64_t eg_fifo = h2e_bytes < VNR_FIFO_BYTES_EGRESS ? h2e_bytes : VNR_FIFO_BYTES_EGRESS;
	uint64_t quiet = 2ull * (eg_fifo > VNR_FIFO_BYTES ? eg_fifo : VNR_FIFO_BYTES) / bytes + 64;
	int dr = vnr_runner_drain(r, quiet, so.max_cycles);
	if (dr < 0)
		goto check_mismatch;
	if (dr > 0) {
		snprintf(err, sizeof(err), "not drained after %llu cycles",
			 (unsigned long long)so.max_cycles);
		res->mismatches++;
	}
	if (read_counters(dev, vnr_dev_ident(dev)->num_vf + 1, cnt, err, sizeof(err)) < 0)
		goto check_mismatch;
	/* what a user sees: `vnrctl stats --json`, checked against expect/ by
	 * sim/check/stats_check.py */
	snprintf(p, sizeof(p), "%s/stats.json", outdir);
	{
		FILE *sj = fopen(p, "w");

		if (!sj || vnr_cmd_line(dev, "stats --json", sj, err, sizeof(err)) < 0) {
			if (sj)
				fclose(sj);
			goto check_mismatch;
		}
		fclose(sj);
	}
	res->frames_out = vnr_runner_out_count(r, VNR_PORT_E2N) + vnr_runner_out_count(r, VNR_PORT_E2H);
	res->cycles = vnr_runner_cycles(r);

	char msg[1400] = "";
	if (err[0])
		addf(msg, sizeof(msg), "%s; ", err);
	res->mismatches += check_conservation(cnt, r, msg, sizeof(msg));

	snprintf(p, sizeof(p), "%s/during.vnr", dir);
	if (mode == M_FRAME && exists(p)) {
		/* which frames see the old table depends on cycles: lockstep only */
		addf(msg, sizeof(msg), "frame mode: not compared (table rewrite under traffic); ");
	} else if (mode == M_FRAME) {
		const struct vnr_config *cfg = vnr_engine_model_config(shadow);
		struct vnr_frame_list wire = { 0 }, host = { 0 };
		struct emit_ctx ec = { &wire, &host };
		struct vnr_core_state cst = { 0 };
		/* egress first, then ingress: e2h is compared per from_net. Every
		 * frame the runner sent counts, the scenario's inputs and those
		 * its configuration sent (vnrctl send / inject). */
		for (int pass = 0; pass < 2; pass++) {
			enum vnr_port port = pass ? VNR_PORT_N2E : VNR_PORT_H2E;

			for (size_t k = 0; k < vnr_runner_sent_count(r, port); k++) {
				const uint32_t *user;
				size_t len;
				const uint8_t *data = vnr_runner_sent(r, port, k, &len, &user);

				vnr_core_process(cfg, &cst, pass ? VNR_PATH_INGRESS : VNR_PATH_EGRESS,
						 data, len, user, emit_cb, &ec, NULL);
			}
		}
		size_t n2 = vnr_runner_out_count(r, VNR_PORT_E2N), n3 = vnr_runner_out_count(r, VNR_PORT_E2H);
		struct vnr_frame *g2 = calloc(n2 + 1, sizeof(*g2)), *g3 = calloc(n3 + 1, sizeof(*g3));
		for (size_t k = 0; k < n2; k++)
			g2[k] = *vnr_runner_out(r, VNR_PORT_E2N, k);
		for (size_t k = 0; k < n3; k++)
			g3[k] = *vnr_runner_out(r, VNR_PORT_E2H, k);
		res->mismatches += compare_seq("core e2n", g2, n2, wire.f, wire.n, -1, msg, sizeof(msg));
		res->mismatches += compare_seq("core e2h", g3, n3, host.f, host.n, 0, msg, sizeof(msg));
		res->mismatches += compare_seq("core e2h", g3, n3, host.f, host.n, 1, msg, sizeof(msg));
		free(g2);
		free(g3);
		vnr_frame_list_free(&wire);
		vnr_frame_list_free(&host);
	}

	write_outputs(outdir, r, cnt, err, sizeof(err));
	write_inputs(outdir, ins, nin, err, sizeof(err));
	/* a table rewrite after so many cycles of traffic splits the frames
	 * differently at each width: such scenarios keep one expect/ per width */
	char xdir[32];
	if (so.expect_per_width)
		snprintf(xdir, sizeof(xdir), "expect-w%u", o->width);
	else
		snprintf(xdir, sizeof(xdir), "expect");
	if (o->update) {
		snprintf(p, sizeof(p), "%s/%s", dir, xdir);
		write_outputs(p, r, cnt, err, sizeof(err));
	} else {
		/* compare with expect/ */
		static const char *const pn[] = { "e2n", "e2h" };
		static const enum vnr_port pp[] = { VNR_PORT_E2N, VNR_PORT_E2H };
		int have = 0;
		for (int i = 0; i < 2; i++) {
			char ep[PATH_MAX], em[PATH_MAX];
			snprintf(ep, sizeof(ep), "%s/%s/%s.pcap", dir, xdir, pn[i]);
			snprintf(em, sizeof(em), "%s/%s/%s.meta", dir, xdir, pn[i]);
			if (!exists(ep))
				continue;
			have = 1;
			struct vnr_frame_list ex = { 0 };
			char e2[512];
			if (vnr_pcap_read(ep, exists(em) ? em : NULL, "out", &ex, e2, sizeof(e2)) < 0) {
				addf(msg, sizeof(msg), "%s; ", e2);
				res->mismatches++;
				continue;
			}
			size_t n = vnr_runner_out_count(r, pp[i]);
			struct vnr_frame *g = calloc(n + 1, sizeof(*g));
			for (size_t k = 0; k < n; k++)
				g[k] = *vnr_runner_out(r, pp[i], k);
			char what[32];
			snprintf(what, sizeof(what), "expect %s", pn[i]);
			if (i == 0)
				res->mismatches += compare_seq(what, g, n, ex.f, ex.n, -1, msg, sizeof(msg));
			else {
				res->mismatches += compare_seq(what, g, n, ex.f, ex.n, 0, msg, sizeof(msg));
				res->mismatches += compare_seq(what, g, n, ex.f, ex.n, 1, msg, sizeof(msg));
			}
			free(g);
			vnr_frame_list_free(&ex);
		}
		snprintf(p, sizeof(p), "%s/%s/counters.txt", dir, xdir);
		if (exists(p)) {
			have = 1;
			res->mismatches += compare_counters_file(p, cnt, msg, sizeof(msg));
		}
		if (!have)
			addf(msg, sizeof(msg), "no %s/ (run --update); ", xdir);
	}
	snprintf(res->error, sizeof(res->error), "%s", msg);
	snprintf(res->result, sizeof(res->result), "%s",
		 res->mismatches ? "FAIL" : o->update ? "UPDATED" : "PASS");
	goto done_ok;

check_mismatch:
	if (r && vnr_runner_error(r)[0]) {
		res->mismatches++;
		snprintf(res->error, sizeof(res->error), "%s%s%s", vnr_runner_error(r),
			 exists(faildir) ? "; frames in " : "", exists(faildir) ? faildir : "");
		snprintf(res->result, sizeof(res->result), "MISMATCH");
		res->cycles = vnr_runner_cycles(r);
		res->frames_out = vnr_runner_out_count(r, VNR_PORT_E2N) + vnr_runner_out_count(r, VNR_PORT_E2H);
		goto done_ok;
	}
done:
	if (!res->error[0])
		snprintf(res->error, sizeof(res->error), "%s", err[0] ? err : "error");
	res->mismatches++;
done_ok:
	if (log)
		fclose(log);
	if (dev)
		vnr_dev_close(dev);
	if (bus)
		vnr_bus_free(bus);
	if (r)
		vnr_runner_free(r);
	if (ea)
		vnr_engine_free(ea);
	if (eb)
		vnr_engine_free(eb);
	if (shadow_runner)
		vnr_runner_free(shadow_runner);
	if (shadow)
		vnr_engine_free(shadow);
	for (size_t i = 0; i < nin; i++)
		vnr_frame_list_free(&ins[i].fl);
	free(ins);
	free(cnt);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
}

/* ---------- summary ---------- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static int write_summary(const struct opts *o, const struct result *rs, size_t n, const char *path)
{
	uint64_t fi = 0, fo = 0, cy = 0, mm = 0, fails = 0;
	for (size_t i = 0; i < n; i++) {
		fi += rs[i].frames_in;
		fo += rs[i].frames_out;
		cy += rs[i].cycles;
		mm += rs[i].mismatches;
		fails += rs[i].mismatches != 0;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *s = strrchr(dir, '/');
	if (s) {
		*s = 0;
		mkdirs(dir);
	}
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "{\n  \"vectors\": %zu,\n  \"frames_in\": %llu,\n  \"frames_out\": %llu,\n"
		   "  \"cycles\": %llu,\n  \"mismatches\": %llu,\n  \"failed\": %llu,\n"
		   "  \"data_w\": %u,\n  \"mode\": \"%s\",\n  \"seed\": %llu,\n  \"scenarios\": [\n",
		n, (unsigned long long)fi, (unsigned long long)fo, (unsigned long long)cy,
		(unsigned long long)mm, (unsigned long long)fails, o->width,
		o->update ? "model" : mode_names[o->mode], (unsigned long long)o->seed);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "    {\"name\": ");
		json_str(f, rs[i].name);
		fprintf(f, ", \"data_w\": %u, \"mode\": \"%s\", \"seed\": %llu, \"frames_in\": %llu, "
			   "\"frames_out\": %llu, \"cycles\": %llu, \"mismatches\": %u, \"seconds\": %.3f, "
			   "\"result\": \"%s\", \"error\": ",
			rs[i].data_w, o->update ? "model" : mode_names[o->mode],
			(unsigned long long)rs[i].seed, (unsigned long long)rs[i].frames_in,
			(unsigned long long)rs[i].frames_out, (unsigned long long)rs[i].cycles,
			rs[i].mismatches, rs[i].seconds, rs[i].result);
		json_str(f, rs[i].error);
		fprintf(f, "}%s\n", i + 1 < n ? "," : "");
	}
	fprintf(f, "  ]\n}\n");
	return fclose(f);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: vnrsim [--width 64|512] [--mode lockstep|frame|model|self] [--seed N] [--update]\n"
		"              [--out DIR] [--summary FILE] [--quiet] [--fault byte|latency] SCENARIO_DIR...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o;
	memset(&o, 0, sizeof(o));
	o.width = 64;
	o.mode = M_LOCKSTEP;
	o.seed = 1;
	o.out = "build/sim";
	o.num_vf = VNR_NUM_VF;
	o.rules = VNR_RULES;
	char **dirs = NULL;
	size_t nd = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
#define ARG() (i + 1 < argc ? argv[++i] : (usage(), ""))
		if (!strcmp(a, "--width"))
			o.width = (unsigned)strtoul(ARG(), NULL, 0);
		else if (!strcmp(a, "--mode")) {
			const char *m = ARG();
			if (!strcmp(m, "lockstep"))
				o.mode = M_LOCKSTEP;
			else if (!strcmp(m, "frame"))
				o.mode = M_FRAME;
			else if (!strcmp(m, "model"))
				o.mode = M_MODEL;
			else if (!strcmp(m, "self"))
				o.mode = M_SELF;
			else
				usage();
		} else if (!strcmp(a, "--seed"))
			o.seed = strtoull(ARG(), NULL, 0);
		else if (!strcmp(a, "--update"))
			o.update = 1;
		else if (!strcmp(a, "--out"))
			o.out = ARG();
		else if (!strcmp(a, "--summary"))
			o.summary = ARG();
		else if (!strcmp(a, "--quiet"))
			o.quiet = 1;
		else if (!strcmp(a, "--fault"))
			o.fault = ARG();
		else if (!strcmp(a, "--num-vf"))
			o.num_vf = (unsigned)strtoul(ARG(), NULL, 0);
		else if (!strcmp(a, "--rules"))
			o.rules = (unsigned)strtoul(ARG(), NULL, 0);
		else if (a[0] == '-')
			usage();
		else
			expand(a, &dirs, &nd);
#undef ARG
	}
	if (!nd)
		usage();
	if (o.width != 64 && o.width != 256 && o.width != 512) {
		fprintf(stderr, "vnrsim: --width must be 64, 256 or 512\n");
		return 2;
	}
	find_shared(dirs[0], o.shared, sizeof(o.shared));
	char sumpath[PATH_MAX];
	if (o.summary)
		snprintf(sumpath, sizeof(sumpath), "%s", o.summary);
	else
		snprintf(sumpath, sizeof(sumpath), "%s/summary.json", o.out);

	struct result *rs = calloc(nd, sizeof(*rs));
	const char *mname = o.update ? "update" : mode_names[o.mode];
	printf("%-20s %5s %-8s %9s %10s %10s %10s  %s\n", "scenario", "width", "mode", "frames_in",
	       "frames_out", "cycles", "mismatches", "result");
	fflush(stdout);
	int fail = 0;
	for (size_t i = 0; i < nd; i++) {
		run_scenario(&o, dirs[i], &rs[i]);
		printf("%-20s %5u %-8s %9llu %10llu %10llu %10u  %s\n", rs[i].name, rs[i].data_w, mname,
		       (unsigned long long)rs[i].frames_in, (unsigned long long)rs[i].frames_out,
		       (unsigned long long)rs[i].cycles, rs[i].mismatches, rs[i].result);
		if (rs[i].error[0] && (rs[i].mismatches || !o.quiet))
			printf("    %s: %s (seed %llu)\n", rs[i].mismatches ? "error" : "note", rs[i].error,
			       (unsigned long long)rs[i].seed);
		fflush(stdout);
		if (rs[i].mismatches)
			fail = 1;
	}
	if (write_summary(&o, rs, nd, sumpath) != 0)
		fprintf(stderr, "vnrsim: cannot write %s\n", sumpath);
	for (size_t i = 0; i < nd; i++)
		free(dirs[i]);
	free(dirs);
	free(rs);
	return fail;
}
