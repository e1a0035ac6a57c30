/* Frames on disk: pcap (libpcap, Ethernet link type) for the bytes, and a
 * .meta text file beside it with one line per frame for the metadata
 * ("key=value ..." using the field names of meta in / meta out in the
 * register map; a missing key is 0; reason also accepts its name). */
#ifndef VNR_FRAMEIO_H
#define VNR_FRAMEIO_H

#include <stddef.h>
#include <stdint.h>
#include "vnr_runner.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vnr_frame_list {
	struct vnr_frame *f;
	size_t n, cap;
};

/* meta_path may be NULL (all metadata 0). meta_kind: "in" or "out". */
int vnr_pcap_read(const char *pcap_path, const char *meta_path, const char *meta_kind,
		  struct vnr_frame_list *out, char *err, size_t errlen);
int vnr_pcap_write(const char *pcap_path, const char *meta_path, const char *meta_kind,
		   const struct vnr_frame *frames, size_t n, char *err, size_t errlen);
void vnr_frame_list_free(struct vnr_frame_list *l);
/* one metadata line, and back */
int vnr_meta_parse(const char *line, const char *meta_kind, uint32_t user[4], char *err, size_t errlen);
void vnr_meta_format(const uint32_t user[4], const char *meta_kind, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
