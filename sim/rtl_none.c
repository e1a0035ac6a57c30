/* vnrsim-model links this instead of the Verilated RTL: the model alone
 * (--mode model, --update) needs no Verilator build. */
#include <stddef.h>
#include "vnr_engine.h"

struct vnr_engine *vnr_engine_rtl_new(const struct vnr_params *p)
{
	(void)p;
	return NULL;
}
