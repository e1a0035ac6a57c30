/* Tiny assertion helpers for the driver tests: each check counts, none aborts. */
#ifndef VNR_CHECK_H
#define VNR_CHECK_H

#include <stdio.h>
#include <string.h>

static unsigned check_pass, check_fail;
static const char *check_ctx = "";

#define CHECK(cond, ...) do {                                           \
	if (cond) {                                                     \
		check_pass++;                                           \
	} else {                                                        \
		check_fail++;                                           \
		fprintf(stderr, "FAIL %s%s%s:%d: %s: ", check_ctx,      \
			*check_ctx ? " " : "", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__);                           \
		fprintf(stderr, "\n");                                  \
	}                                                               \
} while (0)

#define CHECK_EQ(a, b) CHECK((unsigned long long)(a) == (unsigned long long)(b), \
			     "%llu != %llu", (unsigned long long)(a), (unsigned long long)(b))
#define CHECK_STR(hay, needle) CHECK(strstr((hay), (needle)) != NULL, \
				     "'%s' does not contain '%s'", (hay), (needle))

static int check_report(const char *name)
{
	printf("%s: %u passed, %u failed\n", name, check_pass, check_fail);
	return check_fail ? 1 : 0;
}

#endif
