// SPDX-License-Identifier: MIT
/* The device bus: the csr space mapped from a file, for example a PCIe BAR
 * (/sys/bus/pci/devices/.../resource0) or, in tests, a regular file. A
 * memory-mapped write cannot report SLVERR; the device layer reads ERR_COUNT
 * around writes instead. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vnr_drv.h"

#define DEVMEM_WINDOW (1u << VNR_ADDR_W)

struct devmem {
	int fd;
	volatile uint32_t *regs;
};

static int devmem_addr_ok(uint32_t addr)
{
	return addr < DEVMEM_WINDOW && !(addr & 3);
}

static int devmem_read32(void *ctx, uint32_t addr, uint32_t *val)
{
	struct devmem *m = ctx;

	if (!devmem_addr_ok(addr))
		return -1;
	*val = m->regs[addr / 4];
	return 0;
}

static int devmem_write32(void *ctx, uint32_t addr, uint32_t val)
{
	struct devmem *m = ctx;

	if (!devmem_addr_ok(addr))
		return -1;
	m->regs[addr / 4] = val;
	__sync_synchronize();
	return 0;
}

static void devmem_close(void *ctx)
{
	struct devmem *m = ctx;

	munmap((void *)m->regs, DEVMEM_WINDOW);
	close(m->fd);
	free(m);
}

static int devmem_size_ok(int fd, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (fstat(fd, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return 0;
	}
	if (S_ISREG(st.st_mode) && st.st_size < DEVMEM_WINDOW) {
		snprintf(err, errlen, "%s: %lld bytes, below the csr window of %u bytes",
			 path, (long long)st.st_size, DEVMEM_WINDOW);
		return 0;
	}
	return 1;
}

static struct devmem *devmem_map(const char *path, char *err, size_t errlen)
{
	struct devmem *m;
	void *p;
	int fd = open(path, O_RDWR | O_SYNC);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (!devmem_size_ok(fd, path, err, errlen))
		goto fail;
	p = mmap(NULL, DEVMEM_WINDOW, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "%s: mmap: %s", path, strerror(errno));
		goto fail;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		munmap(p, DEVMEM_WINDOW);
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	m->fd = fd;
	m->regs = p;
	return m;
fail:
	close(fd);
	return NULL;
}

struct vnr_bus *vnr_bus_devmem_new(const char *path, char *err, size_t errlen)
{
	struct vnr_bus *b;
	struct devmem *m = devmem_map(path, err, errlen);

	if (!m)
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b) {
		devmem_close(m);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	b->name = "dev";
	b->ctx = m;
	b->read32 = devmem_read32;
	b->write32 = devmem_write32;
	b->close = devmem_close;
	return b;
}
