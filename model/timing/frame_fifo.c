// SPDX-License-Identifier: MIT
/* The path's frame FIFO: FIFO_BEATS beats of block RAM, a plain ring. */
#include <stdlib.h>
#include <string.h>
#include "timing.h"

int fifo_init(struct frame_fifo *f, unsigned cap)
{
	f->b = calloc(cap, sizeof(*f->b));
	f->cap = cap;
	fifo_clear(f);
	return f->b ? 0 : -1;
}

void fifo_free(struct frame_fifo *f)
{
	free(f->b);
	f->b = NULL;
}

void fifo_clear(struct frame_fifo *f)
{
	f->head = 0;
	f->used = 0;
}

/* the caller (tready) guarantees room */
void fifo_push(struct frame_fifo *f, const struct tbeat *b)
{
	f->b[(f->head + f->used) % f->cap] = *b;
	f->used++;
}

struct tbeat *fifo_head(struct frame_fifo *f)
{
	return f->used ? &f->b[f->head] : NULL;
}

void fifo_pop(struct frame_fifo *f)
{
	f->head = (f->head + 1) % f->cap;
	f->used--;
}
