// SPDX-License-Identifier: MIT
/* profile N preset NAME | profile N set key=value ... | profile N disable |
 * profile show [N] */
#include <string.h>
#include "drv_internal.h"

static int prof_index_arg(struct vnr_dev *d, const char *s, unsigned *idx, char *err, size_t len)
{
	uint32_t v;
	uint64_t x;

	if (vnr_parse_u64(s, &x))
		return vnr_errf(err, len, "profile: index '%s' is not a number", s);
	if (x >= d->id.profiles)
		return vnr_errf(err, len, "profile %s: index above the limit %u", s,
				d->id.profiles - 1);
	v = (uint32_t)x;
	*idx = v;
	return 0;
}

static int prof_print(struct vnr_dev *d, unsigned idx, FILE *out, char *err, size_t len)
{
	struct vnr_prof p;
	char buf[320];

	if (vnr_prof_read(d, idx, &p, err, len))
		return -1;
	vnr_prof_format(idx, &p, buf, sizeof(buf));
	vnr_outf(out, "%s\n", buf);
	return 0;
}

static int prof_show(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	unsigned idx;

	if (argc > 3)
		return vnr_errf(err, len, "profile show: unexpected '%s'", argv[3]);
	if (argc == 3) {
		if (prof_index_arg(d, argv[2], &idx, err, len))
			return -1;
		return prof_print(d, idx, out, err, len);
	}
	for (idx = 0; idx < d->id.profiles; idx++)
		if (prof_print(d, idx, out, err, len))
			return -1;
	return 0;
}

static int prof_preset(struct vnr_dev *d, unsigned idx, int argc, char **argv, char *err,
		       size_t len)
{
	struct vnr_prof p;

	if (argc < 4)
		return vnr_errf(err, len, "profile %u preset: missing name (gre16, vxlan, native)", idx);
	if (argc > 4)
		return vnr_errf(err, len, "profile %u preset: unexpected '%s'", idx, argv[4]);
	if (vnr_prof_preset(argv[3], &p))
		return vnr_errf(err, len, "profile %u preset: unknown preset '%s' (gre16, vxlan, native)",
				idx, argv[3]);
	return vnr_prof_write(d, idx, &p, err, len);
}

static int prof_set(struct vnr_dev *d, unsigned idx, int argc, char **argv, char *err, size_t len)
{
	struct vnr_prof given = { 0 }, p;
	uint32_t seen = 0;
	int i;

	if (argc < 4)
		return vnr_errf(err, len, "profile %u set: missing key=value", idx);
	for (i = 3; i < argc; i++)
		if (vnr_prof_set_key(idx, &given, argv[i], &seen, err, len))
			return -1;
	if (vnr_prof_read(d, idx, &p, err, len))
		return -1;
	vnr_prof_merge(&p, &given, seen);
	return vnr_prof_write(d, idx, &p, err, len);
}

static int prof_disable(struct vnr_dev *d, unsigned idx, int argc, char **argv, char *err,
			size_t len)
{
	struct vnr_prof p;

	if (argc > 3)
		return vnr_errf(err, len, "profile %u disable: unexpected '%s'", idx, argv[3]);
	if (vnr_prof_read(d, idx, &p, err, len))
		return -1;
	if (!p.enable)
		return 0;
	p.enable = 0;
	return vnr_prof_write(d, idx, &p, err, len);
}

int vnr_cmd_profile(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	unsigned idx;

	if (argc < 2)
		return vnr_errf(err, len, "profile: missing index or 'show'");
	if (!strcmp(argv[1], "show"))
		return prof_show(d, argc, argv, out, err, len);
	if (prof_index_arg(d, argv[1], &idx, err, len))
		return -1;
	if (argc < 3)
		return vnr_errf(err, len, "profile %u: missing action (preset, set, disable, show)", idx);
	if (!strcmp(argv[2], "preset"))
		return prof_preset(d, idx, argc, argv, err, len);
	if (!strcmp(argv[2], "set"))
		return prof_set(d, idx, argc, argv, err, len);
	if (!strcmp(argv[2], "disable"))
		return prof_disable(d, idx, argc, argv, err, len);
	if (!strcmp(argv[2], "show") && argc == 3)
		return prof_print(d, idx, out, err, len);
	return vnr_errf(err, len, "profile %u: unknown action '%s' (preset, set, disable, show)",
			idx, argv[2]);
}
