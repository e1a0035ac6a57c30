// SPDX-License-Identifier: MIT
/* vnrctl: the veneer driver's command-line tool (docs/vnrctl.md).
 *
 *   vnrctl [-B model|rtl|cosim|dev:PATH] [-w 64|512] [--num-vf N] [--seed N]
 *          (-b FILE | COMMAND ARGS...)
 *
 * Exit codes: 0 success, 1 a command failed, 2 bad arguments. */
#include <stdlib.h>
#include <string.h>
#include "vnr_drv.h"
#include "vnr_engine.h"
#include "vnr_runner.h"

#define EXIT_USAGE 2
#define DEFAULT_RULES 4096

struct args {
	const char *backend;  /* model, rtl, cosim, or dev:PATH */
	unsigned width, num_vf;
	uint64_t seed;
	const char *batch;
	char line[4096];      /* the command given on the command line */
};

struct backend {
	struct vnr_engine *a, *b;
	struct vnr_runner *r;
	struct vnr_bus *bus;
	struct vnr_dev *dev;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vnrctl [-B model|rtl|cosim|dev:PATH] [-w 64|512] [--num-vf N] [--seed N]\n"
		"              (-b FILE | COMMAND ARGS...)\n"
		"commands: see 'vnrctl help' and docs/vnrctl.md\n");
}

static int bad_arg(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "vnrctl: ");
	fprintf(stderr, fmt, a, b);
	fprintf(stderr, "\n");
	usage(stderr);
	return -1;
}

static int number_arg(const char *opt, const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	char *end;
	char lim[64];

	if (!s)
		return bad_arg("%s: missing value%s", opt, "");
	if (!*s || *s == '-' || *s == '+')
		return bad_arg("%s: '%s' is not a number", opt, s);
	*v = strtoull(s, &end, 0);
	if (*end)
		return bad_arg("%s: '%s' is not a number", opt, s);
	if (*v < min || *v > max) {
		snprintf(lim, sizeof(lim), "%llu..%llu", (unsigned long long)min,
			 (unsigned long long)max);
		return bad_arg("%s: value outside %s", opt, lim);
	}
	return 0;
}

static int backend_arg(const char *s, struct args *a)
{
	if (!s)
		return bad_arg("-B: missing value%s%s", "", "");
	if (strcmp(s, "model") && strcmp(s, "rtl") && strcmp(s, "cosim") &&
	    (strncmp(s, "dev:", 4) || !s[4]))
		return bad_arg("-B: '%s' is not model, rtl, cosim or dev:PATH%s", s, "");
	a->backend = s;
	return 0;
}

static int join_command(int argc, char **argv, int i, struct args *a)
{
	size_t n = 0;

	for (; i < argc; i++) {
		size_t l = strlen(argv[i]);

		if (n + l + 2 > sizeof(a->line))
			return bad_arg("command line too long%s%s", "", "");
		if (n)
			a->line[n++] = ' ';
		memcpy(a->line + n, argv[i], l);
		n += l;
	}
	a->line[n] = 0;
	return 0;
}

static int parse_opt(int argc, char **argv, int *i, struct args *a)
{
	const char *o = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
	uint64_t x;

	(*i)++;
	if (!strcmp(o, "-B"))
		return backend_arg(v, a) ? -1 : ((*i)++, 0);
	if (!strcmp(o, "-b")) {
		if (!v)
			return bad_arg("-b: missing file%s%s", "", "");
		a->batch = v;
		(*i)++;
		return 0;
	}
	if (!strcmp(o, "-w")) {
		if (number_arg("-w", v, 64, 512, &x))
			return -1;
		if (x != 64 && x != 512)
			return bad_arg("-w: '%s' is not 64 or 512%s", v, "");
		a->width = (unsigned)x;
	} else if (!strcmp(o, "--num-vf")) {
		if (number_arg("--num-vf", v, 1, 128, &x))
			return -1;
		a->num_vf = (unsigned)x;
	} else if (!strcmp(o, "--seed")) {
		if (number_arg("--seed", v, 0, UINT64_MAX, &x))
			return -1;
		a->seed = x;
	} else {
		return bad_arg("unknown option '%s'%s", o, "");
	}
	(*i)++;
	return 0;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	int i = 1;

	memset(a, 0, sizeof(*a));
	a->backend = "model";
	a->width = 64;
	a->num_vf = 64;
	a->seed = 1;
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			exit(0);
		}
		if (parse_opt(argc, argv, &i, a))
			return -1;
	}
	if (a->batch && i < argc)
		return bad_arg("-b FILE and a command '%s' are exclusive%s", argv[i], "");
	if (!a->batch && i == argc)
		return bad_arg("no command (and no -b FILE)%s%s", "", "");
	return join_command(argc, argv, i, a);
}

static struct vnr_engine *engine_new(const char *kind, const struct args *a)
{
	struct vnr_params p = { .data_w = a->width, .num_vf = a->num_vf, .rules = DEFAULT_RULES };

	if (!strcmp(kind, "model"))
		return vnr_engine_model_new(&p);
	return vnr_engine_rtl_new(&p);
}

static int sim_open(const struct args *a, struct backend *be)
{
	struct vnr_runner_opts o = { .seed = a->seed };
	int cosim = !strcmp(a->backend, "cosim");

	be->a = engine_new(cosim ? "rtl" : a->backend, a);
	if (cosim && be->a)
		be->b = engine_new("model", a);
	if (!be->a || (cosim && !be->b)) {
		fprintf(stderr, "vnrctl: cannot create the %s engine (data_w %u, num_vf %u)\n",
			be->a ? "model" : (cosim ? "rtl" : a->backend), a->width, a->num_vf);
		return -1;
	}
	be->r = vnr_runner_new(be->a, be->b, &o);
	if (!be->r) {
		fprintf(stderr, "vnrctl: cannot create the simulation runner\n");
		return -1;
	}
	be->bus = vnr_bus_runner_new(be->r, a->backend);
	return be->bus ? 0 : -1;
}

static int backend_open(const struct args *a, struct backend *be)
{
	char err[512];

	memset(be, 0, sizeof(*be));
	if (!strncmp(a->backend, "dev:", 4)) {
		be->bus = vnr_bus_devmem_new(a->backend + 4, err, sizeof(err));
		if (!be->bus) {
			fprintf(stderr, "vnrctl: %s\n", err);
			return -1;
		}
	} else if (sim_open(a, be)) {
		return -1;
	}
	be->dev = vnr_dev_open(be->bus, err, sizeof(err));
	if (!be->dev) {
		fprintf(stderr, "vnrctl: %s\n", err);
		return -1;
	}
	if (be->r && vnr_dev_ident(be->dev)->num_vf != a->num_vf)
		fprintf(stderr, "vnrctl: note: the %s engine was built with NUM_VF %u (asked %u)\n",
			a->backend, vnr_dev_ident(be->dev)->num_vf, a->num_vf);
	return 0;
}

static void backend_close(struct backend *be)
{
	if (be->dev)
		vnr_dev_close(be->dev);
	vnr_bus_free(be->bus);
	if (be->r)
		vnr_runner_free(be->r);
	if (be->a)
		vnr_engine_free(be->a);
	if (be->b)
		vnr_engine_free(be->b);
}

int main(int argc, char **argv)
{
	struct args a;
	struct backend be;
	char err[1024];
	int rc;

	if (parse_args(argc, argv, &a))
		return EXIT_USAGE;
	if (backend_open(&a, &be)) {
		backend_close(&be);
		return 1;
	}
	if (a.batch)
		rc = vnr_cmd_file(be.dev, a.batch, stdout, err, sizeof(err));
	else
		rc = vnr_cmd_line(be.dev, a.line, stdout, err, sizeof(err));
	if (rc)
		fprintf(stderr, "vnrctl: %s\n", err);
	fflush(stdout);
	backend_close(&be);
	return rc ? 1 : 0;
}
