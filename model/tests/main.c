// SPDX-License-Identifier: MIT
/* model-test: unit tests of the functional core and the timing layer. */
#include "test.h"

int t_pass, t_fail;

int main(void)
{
	test_core();
	test_egress();
	test_tso();
	test_csr();
	test_stream();
	test_counters();
	test_eg_timing();
	test_ingress();
	test_ig_timing();
	printf("model: %d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}
