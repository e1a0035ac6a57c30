// SPDX-License-Identifier: MIT
/* Messages and numbers: the small helpers every command uses. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "drv_internal.h"

int vnr_errf(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void vnr_outf(FILE *out, const char *fmt, ...)
{
	va_list ap;

	if (!out)
		return;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

/* Decimal or 0x hex, the whole string, no sign, no overflow. */
int vnr_parse_u64(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (!s || !*s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!isxdigit((unsigned char)s[2]))
			return -1;
		x = strtoull(s + 2, &end, 16);
	} else {
		x = strtoull(s, &end, 10);
	}
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

int vnr_parse_u32_max(const char *what, const char *s, uint32_t max, uint32_t *v,
		      char *err, size_t len)
{
	uint64_t x;

	if (vnr_parse_u64(s, &x))
		return vnr_errf(err, len, "%s: '%s' is not a number (decimal or 0x hex)", what, s);
	if (x > max)
		return vnr_errf(err, len, "%s=%s above the limit %u", what, s, max);
	*v = (uint32_t)x;
	return 0;
}

const char *vnr_err_name(uint32_t code)
{
	static char buf[VNR_ERR_COUNT][24];
	unsigned i;

	if (code >= VNR_ERR_COUNT)
		return "UNKNOWN";
	if (!buf[code][0]) {
		for (i = 0; vnr_err_names[code][i] && i < sizeof(buf[0]) - 1; i++)
			buf[code][i] = (char)toupper((unsigned char)vnr_err_names[code][i]);
		buf[code][i] = 0;
	}
	return buf[code];
}

const char *vnr_bank_name(unsigned bank)
{
	return bank ? "ingress" : "egress";
}
