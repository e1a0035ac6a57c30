/* A veneer engine's register window as a regular file, for the devmem bus in
 * the driver tests that need neither model nor sim: the identification block
 * and the feature chain of an engine with ENGINE_VF VFs and 4096 rules. */
#ifndef VNR_ENGINE_FILE_H
#define VNR_ENGINE_FILE_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "drv_internal.h"

#define WINDOW (1u << 20)
#define ENGINE_VF 8

static inline void put(uint8_t *img, uint32_t off, uint32_t v)
{
	memcpy(img + off, &v, 4);
}

/* ident, ctrl, profile, counters, ports, and with ingress the ingress block
 * at 0x800 after them */
static inline uint8_t *engine_image(int ingress)
{
	uint8_t *img = calloc(1, WINDOW);
	uint32_t i;

	put(img, 0x00, VNR_BLK_IDENT_TYPE << 16 | 1);
	put(img, 0x04, 0x100);
	put(img, 0x08, VNR_ID_MAGIC);
	put(img, 0x0c, VNR_HW_VERSION);
	put(img, 0x10, 64);
	put(img, 0x14, ENGINE_VF);
	put(img, 0x18, 4096);
	put(img, 0x1c, 4);
	put(img, 0x20, 4);
	put(img, 0x28, 32);
	put(img, 0x2c, 256u << 16 | 128);
	put(img, 0x30, 2048u << 16 | 16384);
	for (i = 1; i < 5; i++) {
		put(img, i * 0x100, (i + 1) << 16 | 1);
		put(img, i * 0x100 + 4, i < 4 ? (i + 1) * 0x100 : ingress ? 0x800 : 0);
	}
	if (ingress)
		put(img, 0x800, VNR_BLK_INGRESS_TYPE << 16 | 1);
	return img;
}

static inline void write_file(const char *path, const void *img, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f) {
		fwrite(img, 1, len, f);
		fclose(f);
	}
}

/* the whole window; all 0xee when it cannot be read */
static inline uint8_t *read_all(const char *path)
{
	uint8_t *buf = malloc(WINDOW);
	FILE *f = fopen(path, "rb");

	if (!f || fread(buf, 1, WINDOW, f) != WINDOW)
		memset(buf, 0xee, WINDOW);
	if (f)
		fclose(f);
	return buf;
}

/* one word of the file, 0xdeadbeef when it cannot be read */
static inline uint32_t file_word(const char *path, uint32_t off)
{
	uint32_t v = 0xdeadbeef;
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		if (pread(fd, &v, 4, off) != 4)
			v = 0xdeadbeef;
		close(fd);
	}
	return v;
}

#endif
