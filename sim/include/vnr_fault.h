/* A deliberately broken engine, to prove the harness catches what it must.
 * Wraps any engine and spoils it in one way:
 *   "byte"    the first data byte of the 5th beat put out on e2n or e2h is flipped
 *   "latency" the first beat ever put out waits one extra cycle
 * make sim-selftest runs a scenario with each and expects a reported mismatch. */
#ifndef VNR_FAULT_H
#define VNR_FAULT_H

#include "vnr_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Takes ownership of inner; NULL for an unknown kind. */
struct vnr_engine *vnr_engine_fault_new(struct vnr_engine *inner, const char *kind);

#ifdef __cplusplus
}
#endif

#endif
