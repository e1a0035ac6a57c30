/* Stand-ins for the simulation symbols the driver library references, for test
 * binaries that only use the devmem bus. Any call is a test failure. */
#include <stdio.h>
#include <stdlib.h>
#include "vnr_frameio.h"

static void stub_called(const char *fn)
{
	fprintf(stderr, "stub_sim: %s called on a non-simulation test\n", fn);
	abort();
}

int vnr_runner_csr_read(struct vnr_runner *r, uint32_t a, uint32_t *d)
{ (void)r; (void)a; (void)d; stub_called(__func__); return -1; }
int vnr_runner_csr_write(struct vnr_runner *r, uint32_t a, uint32_t d)
{ (void)r; (void)a; (void)d; stub_called(__func__); return -1; }
int vnr_runner_send(struct vnr_runner *r, enum vnr_port p, const uint8_t *d, size_t l,
		    const uint32_t u[4])
{ (void)r; (void)p; (void)d; (void)l; (void)u; stub_called(__func__); return -1; }
int vnr_runner_run(struct vnr_runner *r, uint64_t n)
{ (void)r; (void)n; stub_called(__func__); return -1; }
int vnr_runner_drain(struct vnr_runner *r, uint64_t q, uint64_t m)
{ (void)r; (void)q; (void)m; stub_called(__func__); return -1; }
size_t vnr_runner_out_count(const struct vnr_runner *r, enum vnr_port p)
{ (void)r; (void)p; stub_called(__func__); return 0; }
const struct vnr_frame *vnr_runner_out(const struct vnr_runner *r, enum vnr_port p, size_t i)
{ (void)r; (void)p; (void)i; stub_called(__func__); return NULL; }
uint64_t vnr_runner_cycles(const struct vnr_runner *r)
{ (void)r; stub_called(__func__); return 0; }
const char *vnr_runner_error(const struct vnr_runner *r)
{ (void)r; stub_called(__func__); return ""; }
int vnr_pcap_read(const char *p, const char *m, const char *k, struct vnr_frame_list *o,
		  char *e, size_t l)
{ (void)p; (void)m; (void)k; (void)o; (void)e; (void)l; stub_called(__func__); return -1; }
int vnr_pcap_write(const char *p, const char *m, const char *k, const struct vnr_frame *f,
		   size_t n, char *e, size_t l)
{ (void)p; (void)m; (void)k; (void)f; (void)n; (void)e; (void)l; stub_called(__func__); return -1; }
void vnr_frame_list_free(struct vnr_frame_list *l)
{ (void)l; stub_called(__func__); }

/* The model core's bucket function (docs/ingress.md section 2), which the
 * driver calls to place ingress rules. Not a stub: an independent bitwise
 * CRC-32C, so the binaries without the model still place rules correctly. */
unsigned vnr_irule_bucket(unsigned rules, unsigned profile, int kshort, const uint8_t key[128]);

unsigned vnr_irule_bucket(unsigned rules, unsigned profile, int kshort, const uint8_t key[128])
{
	uint32_t crc = 0xffffffffu;
	unsigned i, k;

	for (i = 0; i < 129; i++) {
		crc ^= i ? key[i - 1] : (uint8_t)(profile | (kshort ? 4u : 0u));
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0x82f63b78u : crc >> 1;
	}
	crc ^= 0xffffffffu;
	return rules >= 4 ? crc % (rules / 4) : 0;
}
