// Minimal checking helpers shared by the unit testbenches.
#pragma once
#include <cstdio>
#include <cstdlib>

static unsigned long tb_pass, tb_fail;

#define CHECK(cond, ...) do { \
    if (cond) { tb_pass++; } else { \
        tb_fail++; \
        if (tb_fail <= 20) { std::printf("FAIL %s:%d: ", __FILE__, __LINE__); \
            std::printf(__VA_ARGS__); std::printf("\n"); } } } while (0)

static int tb_finish(const char *name)
{
    std::printf("%s: %lu passed, %lu failed\n", name, tb_pass, tb_fail);
    return tb_fail ? 1 : 0;
}
