// SPDX-License-Identifier: MIT
/* stats [--json] [--clear] [--all]: port counters and every named reason
 * counter of both banks and every function. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "drv_internal.h"

struct stats_opts {
	int json, clear, all;
};

struct stats_row {
	unsigned bank, func, reason;
	uint64_t pkts, bytes;
};

/* rule counters (bank 2) of every rule the driver holds */
struct rule_rows {
	uint32_t *id;
	uint64_t *pkts, *bytes;
	unsigned n;
};

static const char *const port_names[4] = { "h2e_in", "e2n_out", "n2e_in", "e2h_out" };

static int stats_parse(int argc, char **argv, struct stats_opts *o, char *err, size_t len)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			o->json = 1;
		else if (!strcmp(argv[i], "--clear"))
			o->clear = 1;
		else if (!strcmp(argv[i], "--all"))
			o->all = 1;
		else
			return vnr_errf(err, len, "stats: unknown option '%s' (--json --clear --all)",
					argv[i]);
	}
	return 0;
}

static unsigned num_named_reasons(struct vnr_dev *d)
{
	return d->id.reasons < VNR_REASON_COUNT ? d->id.reasons : VNR_REASON_COUNT;
}

/* reads every counter; keeps the nonzero ones unless all */
static int stats_collect(struct vnr_dev *d, const struct stats_opts *o, struct stats_row *rows,
			 unsigned *n, char *err, size_t len)
{
	unsigned bank, func, reason;
	struct stats_row r;

	*n = 0;
	for (bank = 0; bank < 2; bank++)
		for (func = 0; func <= d->id.num_vf; func++)
			for (reason = 0; reason < num_named_reasons(d); reason++) {
				r.bank = bank;
				r.func = func;
				r.reason = reason;
				if (vnr_counter_read(d, bank, func, reason, o->clear, &r.pkts,
						     &r.bytes, err, len))
					return -1;
				if (o->all || r.pkts || r.bytes)
					rows[(*n)++] = r;
			}
	return 0;
}

static int rules_collect(struct vnr_dev *d, const struct stats_opts *o, struct rule_rows *rr,
			 char *err, size_t len)
{
	unsigned i, max = d->id.rules;

	memset(rr, 0, sizeof(*rr));
	rr->id = calloc(max + 1, sizeof(*rr->id));
	rr->pkts = calloc(max + 1, sizeof(*rr->pkts));
	rr->bytes = calloc(max + 1, sizeof(*rr->bytes));
	if (!rr->id || !rr->pkts || !rr->bytes)
		return vnr_errf(err, len, "stats: out of memory");
	rr->n = vnr_rule_ids(d, rr->id, max);
	for (i = 0; i < rr->n; i++)
		if (vnr_rule_counter_read(d, rr->id[i], o->clear, &rr->pkts[i], &rr->bytes[i], err,
					  len))
			return -1;
	return 0;
}

static void rules_free(struct rule_rows *rr)
{
	free(rr->id);
	free(rr->pkts);
	free(rr->bytes);
}

static void stats_print_text(FILE *out, const uint64_t ports[4], const struct stats_row *rows,
			     unsigned n, const struct rule_rows *rr)
{
	unsigned i;

	vnr_outf(out, "ports:");
	for (i = 0; i < 4; i++)
		vnr_outf(out, " %s=%" PRIu64, port_names[i], ports[i]);
	vnr_outf(out, "\n%-8s %5s  %-10s %20s %20s\n", "bank", "func", "reason", "pkts", "bytes");
	for (i = 0; i < n; i++)
		vnr_outf(out, "%-8s %5u  %-10s %20" PRIu64 " %20" PRIu64 "\n",
			 vnr_bank_name(rows[i].bank), rows[i].func, vnr_reason_names[rows[i].reason],
			 rows[i].pkts, rows[i].bytes);
	if (rr->n)
		vnr_outf(out, "%-8s %5s  %-10s %20s %20s\n", "rules", "", "rule", "pkts", "bytes");
	for (i = 0; i < rr->n; i++)
		vnr_outf(out, "%-8s %5s  %-10u %20" PRIu64 " %20" PRIu64 "\n", "rule", "", rr->id[i],
			 rr->pkts[i], rr->bytes[i]);
}

static void stats_print_json(FILE *out, const uint64_t ports[4], const struct stats_row *rows,
			     unsigned n, const struct rule_rows *rr)
{
	unsigned i;

	vnr_outf(out, "{\"ports\":{");
	for (i = 0; i < 4; i++)
		vnr_outf(out, "%s\"%s\":%" PRIu64, i ? "," : "", port_names[i], ports[i]);
	vnr_outf(out, "},\"counters\":[");
	for (i = 0; i < n; i++)
		vnr_outf(out,
			 "%s{\"bank\":\"%s\",\"func\":%u,\"reason\":\"%s\",\"pkts\":%" PRIu64
			 ",\"bytes\":%" PRIu64 "}",
			 i ? "," : "", vnr_bank_name(rows[i].bank), rows[i].func,
			 vnr_reason_names[rows[i].reason], rows[i].pkts, rows[i].bytes);
	vnr_outf(out, "],\"rules\":[");
	for (i = 0; i < rr->n; i++)
		vnr_outf(out, "%s{\"rule\":%u,\"pkts\":%" PRIu64 ",\"bytes\":%" PRIu64 "}",
			 i ? "," : "", rr->id[i], rr->pkts[i], rr->bytes[i]);
	vnr_outf(out, "]}\n");
}

int vnr_cmd_stats(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct stats_opts o;
	struct stats_row *rows;
	struct rule_rows rr = { 0 };
	uint64_t ports[4];
	unsigned n;

	if (stats_parse(argc, argv, &o, err, len))
		return -1;
	rows = calloc(2 * (d->id.num_vf + 1) * VNR_REASON_COUNT, sizeof(*rows));
	if (!rows)
		return vnr_errf(err, len, "stats: out of memory");
	if (vnr_ports_read(d, o.clear, ports, err, len) ||
	    stats_collect(d, &o, rows, &n, err, len) || rules_collect(d, &o, &rr, err, len)) {
		free(rows);
		rules_free(&rr);
		return -1;
	}
	if (o.json)
		stats_print_json(out, ports, rows, n, &rr);
	else
		stats_print_text(out, ports, rows, n, &rr);
	free(rows);
	rules_free(&rr);
	return 0;
}
