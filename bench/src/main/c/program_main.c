/*
 * Turns a workload into a WASI command for whole-process timing (bench/process.sh, bench/arm-tiers.sh):
 *     NAME.wasm N [REPEAT]
 * calls run(N) REPEAT times (default 1) and prints "NAME(N) x REPEAT = CHECKSUM", the checksum of the last call.
 * Linked from a separate object file (no LTO), so the compiler cannot see that run() is pure and fold the
 * repeats; the volatile read makes every call's argument a fresh load all the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "workload.h"

#ifndef WORKLOAD_NAME
#define WORKLOAD_NAME "workload"
#endif

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s N [REPEAT]\n", argv[0]);
        return 2;
    }
    volatile uint32_t n = (uint32_t)strtoul(argv[1], NULL, 10);
    long repeat = argc > 2 ? strtol(argv[2], NULL, 10) : 1;
    if (repeat < 1) {
        fprintf(stderr, "%s: REPEAT must be at least 1, got '%s'\n", argv[0], argv[2]);
        return 2;
    }
    uint32_t checksum = 0;
    for (long i = 0; i < repeat; i++) checksum = run(n);
    printf("%s(%u) x %ld = %u\n", WORKLOAD_NAME, (unsigned)n, repeat, (unsigned)checksum);
    return 0;
}
