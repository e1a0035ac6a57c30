// SPDX-License-Identifier: MIT
/* The simulation bus: every access is one AXI4-Lite transaction of the
 * runner's csr master, so it takes cycles like any other input. */
#include <stdlib.h>
#include <string.h>
#include "vnr_drv.h"
#include "vnr_runner.h"

static int runner_read32(void *ctx, uint32_t addr, uint32_t *val)
{
	return vnr_runner_csr_read(ctx, addr, val);
}

static int runner_write32(void *ctx, uint32_t addr, uint32_t val)
{
	return vnr_runner_csr_write(ctx, addr, val);
}

static const char *runner_bus_name(const char *name)
{
	static const char *const names[] = { "model", "rtl", "cosim" };
	unsigned i;

	for (i = 0; i < 3; i++)
		if (name && !strcmp(name, names[i]))
			return names[i];
	return NULL;
}

struct vnr_bus *vnr_bus_runner_new(struct vnr_runner *r, const char *name)
{
	struct vnr_bus *b;
	const char *n = runner_bus_name(name);

	if (!r || !n)
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->name = n;
	b->ctx = r;
	b->runner = r;
	b->read32 = runner_read32;
	b->write32 = runner_write32;
	return b;
}

void vnr_bus_free(struct vnr_bus *b)
{
	if (!b)
		return;
	if (b->close)
		b->close(b->ctx);
	free(b);
}
