// SPDX-License-Identifier: MIT
/* The output frame of a decision (docs/timing.md 3.3):
 * O = prefix[0..P) ++ f'[S..len), f' = the frame with its first hdr bytes
 * replaced by the patched window. */
#include <string.h>
#include "vnr_core.h"

size_t vnr_edit_frame(const struct vnr_decision *d, const uint8_t *frame, size_t len,
		      unsigned hdr, uint8_t *out)
{
	size_t o = d->P, i;

	if (hdr > sizeof(d->win))
		hdr = sizeof(d->win);
	memcpy(out, d->prefix, d->P);
	for (i = d->S; i < len && i < hdr; i++)
		out[o++] = d->win[i];
	if (i < len) {
		memcpy(out + o, frame + i, len - i);
		o += len - i;
	}
	return o;
}
