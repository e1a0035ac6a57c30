/* Frames on disk: pcap through libpcap, metadata in a .meta text file beside
 * it (sim/include/vnr_frameio.h).
 *
 * .meta format: one line per frame, in pcap order. A line is "key=value ..."
 * with the field names of meta in / meta out (vnr_meta_in_fields[],
 * vnr_meta_out_fields[]); a missing key is 0; values are decimal or 0x hex;
 * reason= also takes the reason's name (case-insensitive). A line "-" or an
 * empty line is all zero. Lines starting with '#' are comments and do not
 * count as frames. A .meta with fewer lines than frames leaves the rest 0. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "vnr_frameio.h"
#include "vnr_regs.h"

#define VNR_PCAP_SNAPLEN 262144

static const struct vnr_field_desc *meta_fields(const char *kind, unsigned *n)
{
	if (kind && strcmp(kind, "out") == 0) {
		*n = VNR_META_OUT_NFIELDS;
		return vnr_meta_out_fields;
	}
	*n = VNR_META_IN_NFIELDS;
	return vnr_meta_in_fields;
}

static int list_push(struct vnr_frame_list *l, const uint8_t *data, size_t len)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		struct vnr_frame *nf = realloc(l->f, nc * sizeof(*nf));
		if (!nf)
			return -1;
		l->f = nf;
		l->cap = nc;
	}
	struct vnr_frame *f = &l->f[l->n];
	memset(f, 0, sizeof(*f));
	f->data = malloc(len ? len : 1);
	if (!f->data)
		return -1;
	if (len)
		memcpy(f->data, data, len);
	f->len = len;
	l->n++;
	return 0;
}

void vnr_frame_list_free(struct vnr_frame_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->f[i].data);
	free(l->f);
	l->f = NULL;
	l->n = l->cap = 0;
}

int vnr_meta_parse(const char *line, const char *meta_kind, uint32_t user[4], char *err,
		   size_t errlen)
{
	unsigned nf;
	const struct vnr_field_desc *fd = meta_fields(meta_kind, &nf);
	memset(user, 0, 4 * sizeof(uint32_t));
	const char *p = line;
	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			break;
		const char *tok = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		size_t tlen = (size_t)(p - tok);
		if (tlen == 1 && tok[0] == '-')
			continue;
		const char *eq = memchr(tok, '=', tlen);
		if (!eq) {
			snprintf(err, errlen, "meta: '%.*s' is not key=value", (int)tlen, tok);
			return -1;
		}
		size_t klen = (size_t)(eq - tok);
		char val[64];
		size_t vlen = tlen - klen - 1;
		if (vlen == 0 || vlen >= sizeof(val)) {
			snprintf(err, errlen, "meta: bad value in '%.*s'", (int)tlen, tok);
			return -1;
		}
		memcpy(val, eq + 1, vlen);
		val[vlen] = 0;
		const struct vnr_field_desc *f = NULL;
		for (unsigned i = 0; i < nf; i++)
			if (strlen(fd[i].name) == klen && strncmp(fd[i].name, tok, klen) == 0)
				f = &fd[i];
		if (!f) {
			snprintf(err, errlen, "meta: unknown field '%.*s' (meta %s)", (int)klen, tok,
				 meta_kind ? meta_kind : "in");
			return -1;
		}
		uint64_t v;
		char *end;
		errno = 0;
		v = strtoull(val, &end, 0);
		if (*end || errno) {
			int found = 0;
			if (strcmp(f->name, "reason") == 0) {
				for (unsigned r = 0; r < VNR_REASON_COUNT; r++)
					if (strcasecmp(vnr_reason_names[r], val) == 0) {
						v = r;
						found = 1;
					}
			}
			if (!found) {
				snprintf(err, errlen, "meta: bad value '%s' for %s", val, f->name);
				return -1;
			}
		}
		if (f->width < 64 && v >> f->width) {
			snprintf(err, errlen, "meta: %s=%s does not fit %u bits", f->name, val,
				 f->width);
			return -1;
		}
		vnr_meta_set(user, f->lsb, f->width, (uint32_t)v);
	}
	return 0;
}

void vnr_meta_format(const uint32_t user[4], const char *meta_kind, char *buf, size_t len)
{
	unsigned nf;
	const struct vnr_field_desc *fd = meta_fields(meta_kind, &nf);
	int out = meta_kind && strcmp(meta_kind, "out") == 0;
	size_t pos = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < nf; i++) {
		uint32_t v = vnr_meta_get(user, fd[i].lsb, fd[i].width);
		if (!v && !(out && strcmp(fd[i].name, "reason") == 0))
			continue;
		int n;
		if (strcmp(fd[i].name, "reason") == 0 && v < VNR_REASON_COUNT)
			n = snprintf(buf + pos, len - pos, "%s%s=%s", pos ? " " : "", fd[i].name,
				     vnr_reason_names[v]);
		else if (strcmp(fd[i].name, "flow_id") == 0)
			n = snprintf(buf + pos, len - pos, "%s%s=0x%x", pos ? " " : "", fd[i].name, v);
		else
			n = snprintf(buf + pos, len - pos, "%s%s=%u", pos ? " " : "", fd[i].name, v);
		if (n < 0 || (size_t)n >= len - pos)
			break;
		pos += (size_t)n;
	}
	/* bits outside every field would otherwise be lost: keep them visible */
	uint32_t known[4] = { 0, 0, 0, 0 };
	for (unsigned i = 0; i < nf; i++)
		vnr_meta_set(known, fd[i].lsb, fd[i].width, 0xffffffffu >> (32 - fd[i].width));
	for (int w = 0; w < 4; w++)
		if (user[w] & ~known[w]) {
			snprintf(buf + pos, len - pos, "%s#unmapped_w%d=0x%08x", pos ? " " : "", w,
				 user[w] & ~known[w]);
			pos = strlen(buf);
		}
	if (!pos)
		snprintf(buf, len, "-");
}

int vnr_pcap_read(const char *pcap_path, const char *meta_path, const char *meta_kind,
		  struct vnr_frame_list *out, char *err, size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(pcap_path, perr);
	if (!p) {
		snprintf(err, errlen, "%s: %s", pcap_path, perr);
		return -1;
	}
	size_t first = out->n;
	struct pcap_pkthdr *h;
	const u_char *d;
	int rc;
	while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
		if (list_push(out, d, h->caplen) < 0) {
			pcap_close(p);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	if (rc == -1) {
		snprintf(err, errlen, "%s: %s", pcap_path, pcap_geterr(p));
		pcap_close(p);
		return -1;
	}
	pcap_close(p);
	if (!meta_path)
		return 0;
	FILE *m = fopen(meta_path, "r");
	if (!m) {
		snprintf(err, errlen, "%s: %s", meta_path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	size_t i = first;
	unsigned lineno = 0;
	while (getline(&line, &cap, m) >= 0) {
		lineno++;
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#')
			continue;
		if (i >= out->n) {
			if (*s && *s != '\n') {
				snprintf(err, errlen, "%s:%u: more metadata lines than frames", meta_path,
					 lineno);
				free(line);
				fclose(m);
				return -1;
			}
			continue;
		}
		char e2[200];
		if (vnr_meta_parse(s, meta_kind, out->f[i].user, e2, sizeof(e2)) < 0) {
			snprintf(err, errlen, "%s:%u: %s", meta_path, lineno, e2);
			free(line);
			fclose(m);
			return -1;
		}
		i++;
	}
	free(line);
	fclose(m);
	return 0;
}

int vnr_pcap_write(const char *pcap_path, const char *meta_path, const char *meta_kind,
		   const struct vnr_frame *frames, size_t n, char *err, size_t errlen)
{
	pcap_t *p = pcap_open_dead(DLT_EN10MB, VNR_PCAP_SNAPLEN);
	if (!p) {
		snprintf(err, errlen, "pcap_open_dead failed");
		return -1;
	}
	pcap_dumper_t *dp = pcap_dump_open(p, pcap_path);
	if (!dp) {
		snprintf(err, errlen, "%s: %s", pcap_path, pcap_geterr(p));
		pcap_close(p);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct pcap_pkthdr h;
		memset(&h, 0, sizeof(h));
		/* timestamps: the cycle of the first beat, as microseconds, so that
		 * the files are deterministic */
		h.ts.tv_sec = (time_t)(frames[i].cycle_first / 1000000u);
		h.ts.tv_usec = (suseconds_t)(frames[i].cycle_first % 1000000u);
		h.caplen = h.len = (bpf_u_int32)frames[i].len;
		pcap_dump((u_char *)dp, &h, frames[i].data ? frames[i].data : (const u_char *)"");
	}
	pcap_dump_close(dp);
	pcap_close(p);
	if (!meta_path)
		return 0;
	FILE *m = fopen(meta_path, "w");
	if (!m) {
		snprintf(err, errlen, "%s: %s", meta_path, strerror(errno));
		return -1;
	}
	char buf[512];
	for (size_t i = 0; i < n; i++) {
		vnr_meta_format(frames[i].user, meta_kind, buf, sizeof(buf));
		fprintf(m, "%s\n", buf);
	}
	if (fclose(m) != 0) {
		snprintf(err, errlen, "%s: %s", meta_path, strerror(errno));
		return -1;
	}
	return 0;
}
